"""What a family is told when their child's EHC case moves on: one line in plain words per
change, kept for the family's page (read or not) and emailed to them as well."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="send_notifications"
    )
    # The case it is about: a request (the assessment) or a plan (issues and reviews).
    ehc_request = models.ForeignKey(
        "send.EhcRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    plan = models.ForeignKey(
        "send.EhcPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ehc_request__isnull=False) | models.Q(plan__isnull=False),
                name="send_notification_about_a_case",
            )
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} ({self.created_at:%Y-%m-%d})"

    @property
    def case(self):
        """The request or plan it is about."""
        return self.ehc_request or self.plan

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
