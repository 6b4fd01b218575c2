from django.urls import path

from frontdoor.funding import (
    views,
    views_ap,
    views_datasets,
    views_high_needs,
    views_lff,
    views_lff_compare,
    views_my_school,
)

urlpatterns = [
    path("", views.home, name="funding_home"),
    path("examples/", views.examples_load, name="funding_examples_load"),
    path("scenarios/<int:scenario_id>/toml/", views.scenario_toml, name="funding_scenario_toml"),
    path("scenarios/<int:scenario_id>/copy/", views.scenario_copy, name="funding_scenario_copy"),
    path(
        "scenarios/<int:scenario_id>/delete/",
        views.scenario_delete,
        name="funding_scenario_delete",
    ),
    path("high-needs/", views_high_needs.scenario_list, name="funding_high_needs"),
    path("high-needs/new/", views_high_needs.scenario_new, name="funding_high_needs_new"),
    path("high-needs/compare/", views_high_needs.compare, name="funding_high_needs_compare"),
    path(
        "high-needs/<int:scenario_id>/",
        views_high_needs.scenario_detail,
        name="funding_high_needs_scenario",
    ),
    path(
        "high-needs/<int:scenario_id>/edit/",
        views_high_needs.scenario_edit,
        name="funding_high_needs_edit",
    ),
    path("ap/", views_ap.scenario_list, name="funding_ap"),
    path("ap/new/", views_ap.scenario_new, name="funding_ap_new"),
    path("ap/<int:ap_scenario_id>/", views_ap.scenario_detail, name="funding_ap_scenario"),
    path("ap/<int:ap_scenario_id>/edit/", views_ap.scenario_edit, name="funding_ap_edit"),
    path("schools-block/", views_lff.scenario_list, name="funding_lff"),
    path("schools-block/new/", views_lff.scenario_new, name="funding_lff_new"),
    path("schools-block/compare/", views_lff_compare.compare, name="funding_lff_compare"),
    path(
        "schools-block/<int:lff_scenario_id>/",
        views_lff.scenario_detail,
        name="funding_lff_scenario",
    ),
    path(
        "schools-block/<int:lff_scenario_id>/edit/",
        views_lff.scenario_edit,
        name="funding_lff_edit",
    ),
    path(
        "schools-block/<int:lff_scenario_id>/publish/",
        views_lff.scenario_publish,
        name="funding_lff_publish",
    ),
    path("schools-block/datasets/", views_datasets.dataset_list, name="funding_datasets"),
    path(
        "schools-block/datasets/upload/",
        views_datasets.dataset_upload,
        name="funding_dataset_upload",
    ),
    path(
        "schools-block/datasets/<int:dataset_id>/",
        views_datasets.dataset_detail,
        name="funding_dataset",
    ),
    path(
        "schools-block/datasets/<int:dataset_id>/delete/",
        views_datasets.dataset_delete,
        name="funding_dataset_delete",
    ),
    path("my-school/", views_my_school.my_school, name="funding_my_school"),
]
