"""SEND pages: EHC plans, their versions and the editor for a plan's draft."""

from django.urls import path

from frontdoor.send import views_plans

urlpatterns: list = [
    path("plans/", views_plans.plans_view, name="send_plans"),
    path("plans/<int:plan_id>/", views_plans.plan_view, name="send_plan"),
    path("plans/<int:plan_id>/edit/", views_plans.plan_edit, name="send_plan_edit"),
    path(
        "plans/<int:plan_id>/versions/<int:number>/",
        views_plans.plan_version_view,
        name="send_plan_version",
    ),
    path(
        "requests/<int:ehc_request_id>/plan/",
        views_plans.request_plan,
        name="send_request_plan",
    ),
]
