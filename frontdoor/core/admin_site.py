"""The Django admin, for LA administrators only: users and roles, reference data. Every change
made through it goes into the audit trail (AuditedModelAdmin)."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from frontdoor.core import access, audit
from frontdoor.core.access import Permission


class FrontDoorAdminSite(admin.AdminSite):
    site_header = "Front Door administration"
    site_title = "Front Door administration"
    index_title = "Users and reference data"

    def has_permission(self, request):
        return access.can(request.user, Permission.ADMINISTER)

    def admin_view(self, view, cacheable=False):
        """Signed-in users without the role get a plain 403, not the admin's own sign-in
        page (sign-in is Front Door's, with throttling and two-factor)."""
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)

    def login(self, request, extra_context=None):
        """There is one sign-in page, Front Door's own."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next", reverse("admin:index")))
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect("admin:index")


def _changed_fields(message) -> list[str]:
    """Field names from the admin's change message: which fields, never their values."""
    fields: list[str] = []
    for entry in message if isinstance(message, list) else []:
        for change in entry.values():
            fields.extend(change.get("fields", []) if isinstance(change, dict) else [])
    return fields


class AdministratorsOnly:
    """Model-level admin permissions follow the role, not Django's per-model permissions."""

    def _administers(self, request, *args, **kwargs) -> bool:
        return access.can(request.user, Permission.ADMINISTER)

    has_module_permission = _administers
    has_view_permission = _administers
    has_add_permission = _administers
    has_change_permission = _administers
    has_delete_permission = _administers


class AuditedModelAdmin(AdministratorsOnly, admin.ModelAdmin):
    def log_addition(self, request, obj, message):
        audit.record(request.user, "admin.add", obj, request=request)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        detail = {"fields": _changed_fields(message)}
        audit.record(request.user, "admin.change", obj, request=request, detail=detail)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record(request.user, "admin.delete", obj, request=request)
        return super().log_deletions(request, queryset)
