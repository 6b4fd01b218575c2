"""SEND pages: phase transfers."""

from django.urls import path

from frontdoor.send import views_transfers

urlpatterns: list = [
    path("transfers/", views_transfers.transfers_progress, name="send_transfers"),
    path(
        "transfers/<int:year>/<str:kind>/",
        views_transfers.transfer_cohort,
        name="send_transfer_cohort",
    ),
    path("transfers/<int:transfer_id>/", views_transfers.transfer_detail, name="send_transfer"),
]
