"""Annual reviews of EHC plans (CFA s.44; reg 18-22): each review's meeting, its report, the
council's decision within 4 weeks (with any proposed amendments, R (L, M, P) v Devon CC [2022]),
and the amended plan within 8 weeks of the amendments."""

from django.conf import settings
from django.db import models


class ReviewDecision(models.TextChoices):
    MAINTAIN = "maintain", "Keep the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease to maintain the plan"


class AnnualReview(models.Model):
    plan = models.ForeignKey("send.EhcPlan", on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(help_text="12 months from the plan, or from the last review.")
    phase_transfer = models.BooleanField(
        default=False, help_text="The review before a move between phases (reg 18)."
    )
    meeting_on = models.DateField(null=True, blank=True)
    invitations_sent_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=8, choices=ReviewDecision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    amended_issued_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"]), models.Index(fields=["decision_on"])]

    def __str__(self) -> str:
        return f"Review of {self.plan} due {self.due_on:%-d %B %Y}"

    @property
    def is_complete(self) -> bool:
        """Done once the decision is made and, when amending, the amended plan is issued."""
        if self.decision == ReviewDecision.AMEND:
            return self.amended_issued_on is not None
        return self.decision_on is not None
