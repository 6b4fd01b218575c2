from django.contrib import admin
from django.urls import include, path

from frontdoor.core import views as core_views

urlpatterns = [
    path("", include("frontdoor.web.urls")),
    path("accounts/", include("frontdoor.core.urls_accounts")),
    path("audit/", include("frontdoor.core.urls")),
    path("schools/", include("frontdoor.schools.urls")),
    path("pupils/", include("frontdoor.pupils.urls")),
    path("attendance/", include("frontdoor.attendance.urls")),
    path("requests/", include("frontdoor.support.urls")),
    path("pathways/", include("frontdoor.support.urls_pathways")),
    path("funding/", include("frontdoor.funding.urls")),
    path("send/", include("frontdoor.send.urls")),
    path("api/", include("frontdoor.attendance.urls_api")),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
