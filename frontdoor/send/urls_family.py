"""SEND pages: the family's own case pages and the school's list of its pupils' EHC cases."""

from django.urls import path

from frontdoor.send import views_family

urlpatterns = [
    path("my-case/", views_family.family_home, name="send_family"),
    path("my-case/<int:ehc_request_id>/", views_family.family_case, name="send_family_case"),
    path("school/", views_family.school_send_cases, name="send_school_cases"),
]
