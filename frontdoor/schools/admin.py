from django.contrib import admin

from frontdoor.core.admin_site import AdministratorsOnly, AuditedModelAdmin
from frontdoor.schools.models import District, Establishment, OfstedInspection, Trust


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "la_code", "area"]
    search_fields = ["name", "code"]


@admin.register(Trust)
class TrustAdmin(AuditedModelAdmin):
    list_display = ["name", "uid", "kind"]
    search_fields = ["name", "uid"]


class OfstedInspectionInline(AdministratorsOnly, admin.TabularInline):
    model = OfstedInspection
    extra = 0
    fields = ["inspection_date", "framework", "kind", "overall_effectiveness"]


@admin.register(Establishment)
class EstablishmentAdmin(AuditedModelAdmin):
    list_display = ["name", "urn", "laestab", "sector", "district", "status"]
    list_filter = ["sector", "status", "district", "selective"]
    search_fields = ["name", "urn", "laestab"]
    autocomplete_fields = ["trust"]
    inlines = [OfstedInspectionInline]
