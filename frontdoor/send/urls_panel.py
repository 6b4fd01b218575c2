"""SEND pages: the placement panel, and disagreements with their mediation and appeal windows."""

from django.urls import path

from frontdoor.send import views_disagreements, views_panel

urlpatterns: list = [
    path("panel/", views_panel.panel_list, name="send_panel"),
    path("panel/new/", views_panel.panel_request_new, name="send_panel_new"),
    path(
        "panel/<int:panel_request_id>/",
        views_panel.panel_request_detail,
        name="send_panel_request",
    ),
    path("disagreements/", views_disagreements.disagreement_list, name="send_disagreements"),
    path(
        "disagreements/new/",
        views_disagreements.disagreement_new,
        name="send_disagreement_new",
    ),
    path(
        "disagreements/<int:disagreement_id>/",
        views_disagreements.disagreement_detail,
        name="send_disagreement",
    ),
]
