"""The placement panel (seed 000, "SEN Plans to Address High Needs Block Pressures"): requests
for independent or non-maintained special school places and other funding, scrutinised by senior
officers from SEN, educational psychology and finance with special school headteachers. A
decision carries its conditions and a date to review it; agreed costs feed the high needs
forecast."""

from django.conf import settings
from django.db import models


class PanelKind(models.TextChoices):
    INDEPENDENT = "independent", "Independent or non-maintained special school place"
    FUNDING = "funding", "Other funding (top-up, tuition, equipment, transport)"


class PanelDecision(models.TextChoices):
    AGREED = "agreed", "Agreed"
    CONDITIONS = "conditions", "Agreed with conditions"
    DEFERRED = "deferred", "Deferred for more evidence"
    DECLINED = "declined", "Declined"


class Discipline(models.TextChoices):
    SEN = "sen", "SEN service"
    PSYCHOLOGY = "psychology", "Educational psychology"
    FINANCE = "finance", "Finance"
    HEADTEACHER = "headteacher", "Special school headteacher"


class PanelRequest(models.Model):
    plan = models.ForeignKey(
        "send.EhcPlan", on_delete=models.PROTECT, related_name="panel_requests"
    )
    kind = models.CharField(max_length=12, choices=PanelKind.choices)
    setting_name = models.CharField(max_length=200, blank=True)
    annual_cost = models.DecimalField(max_digits=10, decimal_places=2)
    starts_on = models.DateField()
    evidence = models.TextField(
        help_text="The evidence pack: why local provision cannot meet need."
    )
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    panel_on = models.DateField(null=True, blank=True)
    members = models.JSONField(default=list, help_text="The disciplines at the panel.")
    decision = models.CharField(max_length=10, choices=PanelDecision.choices, blank=True)
    conditions = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_on", "pk"]
        indexes = [models.Index(fields=["kind", "decision"])]

    def __str__(self) -> str:
        return f"Panel request {self.pk} for {self.plan}"
