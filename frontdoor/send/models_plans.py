"""EHC plans and their versions: a plan is made final once (from its request's draft, or taken
over from another council), then amended after reviews, phase transfer or a Tribunal order; each
version keeps the whole content (plan_content.py), so any two can be compared."""

from django.conf import settings
from django.db import models


class EhcPlan(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="ehc_plans")
    request = models.OneToOneField(
        "send.EhcRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="plan"
    )
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(null=True, blank=True, help_text="When it was first made final.")
    named_setting = models.ForeignKey(
        "schools.Establishment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ceased_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["district", "ceased_on"])]

    def __str__(self) -> str:
        return self.reference


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    class Reason(models.TextChoices):
        NEW = "new", "New plan"
        REVIEW = "review", "Amended after an annual review"
        PHASE_TRANSFER = "phase_transfer", "Amended for a phase transfer"
        TRIBUNAL = "tribunal", "Amended by a Tribunal order"
        OTHER = "other", "Amended outside a review"

    plan = models.ForeignKey(EhcPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(max_length=16, choices=Reason.choices, default=Reason.NEW)
    content = models.JSONField(default=dict)
    made_on = models.DateField(null=True, blank=True, help_text="Served (draft) or issued (final).")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="send_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} version {self.number} ({self.get_status_display().lower()})"
