"""Support first, then enforcement (Working Together to Improve School Attendance, 2024): each
step taken for a pupil, with its date and evidence, in the order the guidance sets."""

from django.conf import settings
from django.db import models


class SupportStep(models.Model):
    class Kind(models.TextChoices):
        SUPPORT_PLAN = "support_plan", "Support plan"
        ATTENDANCE_CONTRACT = "attendance_contract", "Attendance contract"
        PARENTING_CONTRACT = "parenting_contract", "Parenting contract"
        FORMAL_MEETING = "formal_meeting", "Formal attendance meeting"
        NOTICE_TO_IMPROVE = "notice_to_improve", "Notice to improve"
        PENALTY_NOTICE = "penalty_notice", "Penalty notice"
        SUPERVISION_ORDER = "supervision_order", "Education supervision order"
        PROSECUTION = "prosecution", "Prosecution"
        ATTENDANCE_ORDER = "attendance_order", "School attendance order"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    taken_on = models.DateField()
    parent_name = models.CharField(
        max_length=200, blank=True, help_text="The parent a notice or contract is with."
    )
    evidence = models.TextField(help_text="What was done or offered, and why.")
    amount = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Penalty notices: the amount if paid within 21 days (£80 or £160).",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.taken_on}"
