"""SEND pages: the inclusion dashboard (CATIE), for council staff."""

from django.urls import path

from frontdoor.send import views_inclusion

urlpatterns: list = [
    path("inclusion/", views_inclusion.inclusion_dashboard, name="send_inclusion"),
    path(
        "inclusion/<int:urn>/",
        views_inclusion.inclusion_school,
        name="send_inclusion_school",
    ),
]
