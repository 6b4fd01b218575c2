from django.urls import path

from frontdoor.send import (
    urls_family,
    urls_family_access,
    urls_inclusion,
    urls_panel,
    urls_plans,
    urls_reviews,
    urls_transfers,
    urls_virtual_school,
    views,
    views_performance,
    views_request,
)

urlpatterns = [
    path("requests/", views.caseload_view, name="send_caseload"),
    path("requests/new/", views.ehc_request_new, name="send_request_new"),
    path("requests/<int:ehc_request_id>/", views_request.ehc_request_detail, name="send_request"),
    path("performance/", views_performance.performance, name="send_performance"),
    *urls_plans.urlpatterns,
    *urls_reviews.urlpatterns,
    *urls_transfers.urlpatterns,
    *urls_panel.urlpatterns,
    *urls_virtual_school.urlpatterns,
    *urls_inclusion.urlpatterns,
    *urls_family.urlpatterns,
    *urls_family_access.urlpatterns,
]
