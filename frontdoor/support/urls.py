from django.urls import path

from frontdoor.support import views, views_triage

urlpatterns = [
    path("", views.request_list, name="support_request_list"),
    path("new/", views.request_start, name="support_request_start"),
    path("<int:request_id>/", views.request_detail, name="support_request_detail"),
    path("<int:request_id>/children/", views.request_children, name="support_request_children"),
    path(
        "<int:request_id>/children/<int:child_id>/remove/",
        views.request_child_remove_view,
        name="support_request_child_remove",
    ),
    path("<int:request_id>/answers/<slug:page>/", views.request_page, name="support_request_page"),
    path("<int:request_id>/check/", views.request_check, name="support_request_check"),
    path("triage/", views_triage.triage_queue_view, name="support_triage_queue"),
    path("<int:request_id>/triage/", views_triage.triage_request, name="support_triage"),
    path("<int:request_id>/sign-off/", views_triage.triage_sign_off, name="support_sign_off"),
]
