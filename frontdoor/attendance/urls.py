from django.urls import path

from frontdoor.attendance import (
    views,
    views_checklist,
    views_exclusions,
    views_support,
    views_tsm,
)

urlpatterns = [
    path("", views.attendance_home, name="attendance_home"),
    path("county/", views.attendance_county, name="attendance_county"),
    path("exclusions/", views_exclusions.exclusions_county, name="exclusions_county"),
    path(
        "schools/<int:urn>/exclusions/",
        views_exclusions.exclusions_school,
        name="exclusions_school",
    ),
    path(
        "schools/<int:urn>/responsibilities/",
        views_checklist.responsibilities,
        name="responsibilities",
    ),
    path("meetings/", views_tsm.tsm_coverage, name="tsm_coverage"),
    path("schools/<int:urn>/meetings/", views_tsm.tsm_school, name="tsm_school"),
    path("schools/<int:urn>/meetings/<int:number>/pack/", views_tsm.tsm_pack, name="tsm_pack"),
    path("pupils/<int:pupil_id>/support/", views_support.support_ladder, name="support_ladder"),
    path("worklists/", views.worklist_index, name="worklist_index"),
    path("worklists/<slug:slug>/", views.worklist_pupils, name="worklist_pupils"),
    path("districts/<str:code>/", views.attendance_district, name="attendance_district"),
    path("schools/<int:urn>/", views.attendance_school, name="attendance_school"),
    path(
        "schools/<int:urn>/years/<int:nc_year>/",
        views.attendance_year_group,
        name="attendance_year_group",
    ),
]
