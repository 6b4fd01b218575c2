from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core import two_factor
from frontdoor.core.admin_site import AuditedModelAdmin
from frontdoor.core.models import User

# Roles, not Django groups, decide access. Authenticator secrets are never shown to anyone:
# an administrator can only reset a user's authenticator (the action below).
admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)


@admin.register(User)
class FrontDoorUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "county_wide"]
    search_fields = ["username", "first_name", "last_name", "email"]
    filter_horizontal = ["districts", "schools"]
    autocomplete_fields = ["trust"]
    # A county's pupils are too many for a select box (and pupils have no admin of their own to
    # search): a parent's children are entered by their record numbers.
    raw_id_fields = ["children"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title"]}),
        (
            "Role and scope",
            {
                "fields": [
                    "role",
                    "county_wide",
                    "districts",
                    "schools",
                    "trust",
                    "agency",
                    "children",
                ]
            },
        ),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Role and scope", {"fields": ["role", "county_wide", "districts", "schools", "trust"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (lost or new phone)")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.totp_devices_reset(user=user, by=request.user, request=request)
        messages.success(request, f"Reset two-factor sign-in for {queryset.count()} user(s).")
