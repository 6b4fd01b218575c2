"""Targeting Support Meetings (Working Together to Improve School Attendance, 2024): each school
has a named School Liaison Officer and three meetings a year with the council, one a term,
with actions agreed per pupil or cohort and followed up at the next meeting."""

from django.conf import settings
from django.db import models

TSMS_A_YEAR = 3


class LiaisonAssignment(models.Model):
    """A school's named School Liaison Officer (an LA attendance officer)."""

    establishment = models.OneToOneField(
        "schools.Establishment", on_delete=models.CASCADE, related_name="liaison"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="liaison_schools"
    )
    since = models.DateField()

    def __str__(self) -> str:
        return f"Liaison for {self.establishment_id}"


class TargetingSupportMeeting(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        HELD = "held", "Held"

    establishment = models.ForeignKey(
        "schools.Establishment", on_delete=models.CASCADE, related_name="tsms"
    )
    academic_year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField(help_text="1, 2 or 3: the term it belongs to.")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.BOOKED)
    meeting_date = models.DateField(help_text="When it is booked for, or was held.")
    notes = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["academic_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "academic_year", "number"], name="one_tsm_per_term"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=TSMS_A_YEAR), name="tsm_number_1_3"
            ),
        ]

    def __str__(self) -> str:
        return f"TSM {self.number} {self.academic_year}"


class TsmAction(models.Model):
    """An action agreed at a meeting, for a pupil or a cohort, followed up at the next one."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    meeting = models.ForeignKey(
        TargetingSupportMeeting, on_delete=models.CASCADE, related_name="actions"
    )
    pupil = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cohort = models.CharField(max_length=100, blank=True, help_text="When not for one pupil.")
    action = models.TextField()
    owner = models.CharField(max_length=100)
    due_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=False) | ~models.Q(cohort=""),
                name="tsm_action_for_pupil_or_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"TSM action {self.pk}"
