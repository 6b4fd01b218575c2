"""Phase transfer: each child with a plan who moves between phases in a September, the cohort
their case is in (the 2022 briefing's three: full agreement; a difference of opinion taken to a
District Placement Meeting; a late application or late plan in a mop-up), and the amended plan
naming the new setting, due by 15 February (31 March for post-16) (reg 18)."""

from django.conf import settings
from django.db import models


class TransferKind(models.TextChoices):
    TO_RECEPTION = "reception", "Early years to reception"
    INFANT_TO_JUNIOR = "junior", "Infant to junior (Year 2 to 3)"
    PRIMARY_TO_SECONDARY = "secondary", "Primary to secondary (Year 6 to 7)"
    TO_POST_16 = "post_16", "Secondary to post-16 (Year 11)"


class TransferCohort(models.TextChoices):
    AGREED = "agreed", "1: full agreement"
    PLACEMENT_MEETING = "placement_meeting", "2: District Placement Meeting"
    MOP_UP = "mop_up", "3: late application or plan (mop-up)"


class MopUpReason(models.TextChoices):
    LATE_APPLICATION = "late_application", "The application for a school or college place was late"
    LATE_PLAN = (
        "late_plan",
        "The EHC plan itself was late (made or amended too close to the deadline)",
    )


class PhaseTransfer(models.Model):
    plan = models.ForeignKey("send.EhcPlan", on_delete=models.CASCADE, related_name="transfers")
    transfer_year = models.PositiveSmallIntegerField(help_text="The calendar year of the move.")
    kind = models.CharField(max_length=10, choices=TransferKind.choices)
    cohort = models.CharField(
        max_length=18, choices=TransferCohort.choices, default=TransferCohort.AGREED
    )
    preference = models.ForeignKey(
        "schools.Establishment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the family and the school said about the council's proposal (cohort 1 when both
    # agree), what a District Placement Meeting concluded, and why a case is in the mop-up.
    parents_agree = models.BooleanField(null=True, blank=True)
    school_agrees = models.BooleanField(null=True, blank=True)
    placement_meeting_on = models.DateField(null=True, blank=True)
    placement_meeting_outcome = models.TextField(blank=True)
    mop_up_reason = models.CharField(max_length=16, choices=MopUpReason.choices, blank=True)
    named_setting = models.ForeignKey(
        "schools.Establishment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amended_issued_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["transfer_year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "transfer_year"], name="send_one_transfer_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_kind_display()} in {self.transfer_year}"
