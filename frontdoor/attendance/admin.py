from django.contrib import admin

from frontdoor.attendance.models import DfeAttendanceFigure, LiaisonAssignment
from frontdoor.core.admin_site import AdministratorsOnly


@admin.register(DfeAttendanceFigure)
class DfeAttendanceFigureAdmin(AdministratorsOnly, admin.ModelAdmin):
    """To look at what was imported; the figures change only by importing a DfE file
    (`frontdoor attendance import_dfe`), so that they stay as published."""

    list_display = [
        "area_name",
        "geographic_level",
        "phase",
        "academic_year",
        "period_kind",
        "time_identifier",
        "possible_sessions",
        "source_file",
    ]
    list_filter = ["academic_year", "period_kind", "geographic_level", "phase"]
    search_fields = ["area_name", "area_code", "old_la_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Each school's named School Liaison Officer, for its Targeting Support Meetings."""

    list_display = ["establishment", "officer", "since"]
    search_fields = ["establishment__name", "establishment__urn", "officer__last_name"]
    autocomplete_fields = ["establishment", "officer"]
