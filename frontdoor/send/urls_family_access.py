"""SEND pages: which families follow a child's EHC case, managed by the caseworker."""

from django.urls import path

from frontdoor.send import views_family_access

urlpatterns = [
    path(
        "children/<int:pupil_id>/family-access/",
        views_family_access.family_access,
        name="send_family_access",
    ),
]
