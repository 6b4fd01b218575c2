from django.urls import path

from frontdoor.send import views, views_performance, views_request

urlpatterns = [
    path("requests/", views.caseload_view, name="send_caseload"),
    path("requests/new/", views.ehc_request_new, name="send_request_new"),
    path("requests/<int:ehc_request_id>/", views_request.ehc_request_detail, name="send_request"),
    path("performance/", views_performance.performance, name="send_performance"),
]
