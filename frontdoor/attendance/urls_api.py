from django.urls import path

from frontdoor.attendance import api

urlpatterns = [
    path("openapi.json", api.api_openapi, name="api_openapi"),
    path("attendance/areas/", api.api_areas, name="api_areas"),
    path("attendance/county/", api.api_county, name="api_county"),
    path("attendance/districts/<str:code>/", api.api_district, name="api_district"),
    path("attendance/schools/<int:urn>/", api.api_school, name="api_school"),
    path(
        "attendance/schools/<int:urn>/years/<int:nc_year>/",
        api.api_year_group,
        name="api_year_group",
    ),
    path("attendance/worklists/<slug:slug>/", api.api_worklist, name="api_worklist"),
]
