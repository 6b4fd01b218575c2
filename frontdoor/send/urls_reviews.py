"""SEND pages: annual reviews."""

from django.urls import path

from frontdoor.send import views_reviews

urlpatterns: list = [
    path("reviews/", views_reviews.review_list, name="send_reviews"),
    path("reviews/termly/", views_reviews.review_termly, name="send_reviews_termly"),
    path("reviews/open/", views_reviews.review_open, name="send_review_open"),
    path("reviews/<int:review_id>/", views_reviews.review_detail, name="send_review"),
]
