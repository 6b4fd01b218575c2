"""A school's notification or request through one of the inclusion and attendance pathways
(`pathways.PATHWAYS`): its typed answers, the team that owns it and when that team must respond,
and the response, which closes it."""

from django.conf import settings
from django.db import models


class PathwayNotification(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the team"
        CLOSED = "closed", "Responded"

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    pathway = models.CharField(max_length=40)  # a pathways.BY_SLUG key
    team = models.CharField(max_length=20)  # pathways.Team, kept as it was when submitted
    school = models.ForeignKey(
        "schools.Establishment", on_delete=models.PROTECT, related_name="pathway_notifications"
    )
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    received_on = models.DateField()  # clocks.received_on(submitted_at)
    due_on = models.DateField()  # received_on plus the pathway's response time in working days
    outcome = models.CharField(max_length=40, blank=True)  # a pathways.Outcome code
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_on = models.DateField(null=True, blank=True)
    # The records the pathway changed, so the notification and its effect can be traced.
    exclusion = models.ForeignKey(
        "attendance.Exclusion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    support_step = models.ForeignKey(
        "attendance.SupportStep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["school", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.reference or f"Pathway notification {self.pk}"
