from django.urls import path

from frontdoor.support import (
    views,
    views_cases,
    views_conversations,
    views_documents,
    views_measures,
    views_triage,
)

urlpatterns = [
    path("", views.request_list, name="support_request_list"),
    path("new/", views.request_start, name="support_request_start"),
    path("measures/", views_measures.measures_page, name="support_measures"),
    path("<int:request_id>/", views.request_detail, name="support_request_detail"),
    path("<int:request_id>/children/", views.request_children, name="support_request_children"),
    path(
        "<int:request_id>/children/<int:child_id>/remove/",
        views.request_child_remove_view,
        name="support_request_child_remove",
    ),
    path("<int:request_id>/answers/<slug:page>/", views.request_page, name="support_request_page"),
    path("<int:request_id>/check/", views.request_check, name="support_request_check"),
    path(
        "<int:request_id>/documents/",
        views_documents.request_documents,
        name="support_request_documents",
    ),
    path(
        "<int:request_id>/documents/<int:document_id>/",
        views_documents.request_document_download,
        name="support_request_document",
    ),
    path(
        "<int:request_id>/documents/<int:document_id>/remove/",
        views_documents.request_document_remove_view,
        name="support_request_document_remove",
    ),
    path("triage/", views_triage.triage_queue_view, name="support_triage_queue"),
    path("<int:request_id>/triage/", views_triage.triage_request, name="support_triage"),
    path("<int:request_id>/sign-off/", views_triage.triage_sign_off, name="support_sign_off"),
    path("cases/", views_cases.case_list, name="support_cases"),
    path("cases/<int:case_id>/", views_cases.case_detail, name="support_case"),
    path("conversations/", views_conversations.conversation_list, name="support_conversations"),
    path(
        "conversations/new/",
        views_conversations.conversation_new,
        name="support_conversation_new",
    ),
    path(
        "conversations/<int:conversation_id>/",
        views_conversations.conversation_detail,
        name="support_conversation",
    ),
]
