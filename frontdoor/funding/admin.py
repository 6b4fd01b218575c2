from django.contrib import admin

from frontdoor.core.admin_site import AuditedModelAdmin
from frontdoor.funding.models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(AuditedModelAdmin):
    """Finance officers keep their scenarios in the Funding pages; this is for administrators
    to tidy up (a scenario left by someone who has gone)."""

    list_display = ["name", "kind", "created_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    # The body changes only through the pages, which check it by running the model.
    readonly_fields = ["kind", "body", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
