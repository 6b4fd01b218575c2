"""The work a signed-off decision starts: a case for each child at the team the Front Door routed
the request to, an Early Help unit (level 3) or a Children's Social Work Team (level 4).

A case at a Social Work Team is a *referral* in the children in need census's sense: it opens on
the day the decision is signed off, its child and family assessment is due within 45 working days
(`clocks.assessment_due`), and while it is open the child is a child in need."""

from datetime import date

from django.conf import settings
from django.db import models

from frontdoor.support import clocks


class Team(models.TextChoices):
    EARLY_HELP_UNIT = "early_help_unit", "Early Help unit"
    SOCIAL_WORK_TEAM = "social_work_team", "Children’s Social Work Team"


class AssessmentOutcome(models.TextChoices):
    CHILD_IN_NEED = "child_in_need", "Child in need: a plan of services"
    CHILD_PROTECTION = "child_protection", "Child protection: a conference called"
    EARLY_HELP = "early_help", "Stepped down to Early Help"
    NOT_IN_NEED = "not_in_need", "Assessed, not in need: no further action"


class CaseClosure(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    STEPPED_DOWN = "stepped_down", "Stepped down to universal or additional services"
    NOT_IN_NEED = "not_in_need", "Assessed, not in need"
    DISENGAGED = "disengaged", "Family did not engage"
    MOVED_AWAY = "moved_away", "Moved out of the county"
    TRANSFERRED = "transferred", "Transferred to another team"


class Case(models.Model):
    request = models.ForeignKey(
        "support.SupportRequest", on_delete=models.PROTECT, related_name="cases"
    )
    child = models.ForeignKey(
        "support.RequestChild", on_delete=models.PROTECT, related_name="cases"
    )
    team = models.CharField(max_length=20, choices=Team.choices)
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()  # the day the decision was signed off: the referral date
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    assessment_outcome = models.CharField(
        max_length=20, choices=AssessmentOutcome.choices, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=CaseClosure.choices, blank=True)

    class Meta:
        ordering = ["-opened_on", "pk"]
        indexes = [
            models.Index(fields=["team", "district", "closed_on"]),
            models.Index(fields=["worker", "closed_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["child", "team"], name="one_case_per_child_and_team")
        ]

    def __str__(self) -> str:
        return f"{self.get_team_display()} case {self.pk}"

    @property
    def reference(self) -> str:
        return f"CASE-{self.pk:06d}"

    @property
    def status(self) -> str:
        """Where the case has got to, for lists and its page."""
        if self.closed_on is not None:
            return "Closed"
        if self.assessment_completed_on is not None:
            return "Assessed"
        return "Allocated" if self.worker_id else "Not allocated"

    @property
    def awaiting_assessment(self) -> bool:
        """A social work case cannot close until its assessment is recorded."""
        return self.team == Team.SOCIAL_WORK_TEAM and self.assessment_completed_on is None

    @property
    def assessment_due(self) -> date:
        return clocks.assessment_due(self.opened_on)

    def assessment_is_late(self, today: date) -> bool:
        return clocks.is_late(self.assessment_due, self.assessment_completed_on, today)
