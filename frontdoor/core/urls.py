from django.urls import path

from frontdoor.core import views

urlpatterns = [
    path("", views.audit_search, name="audit_search"),
]
