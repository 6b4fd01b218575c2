"""District Conversations: a professional worried about a family below support levels 3-4 asks
the district's Early Help team for advice on open access and community support, and an Early
Help manager replies within 2 working days (support_and_send.md §3.1). Many follow a Request for
Support the Front Door routed to one; the rest come straight to the district."""

from datetime import date

from django.conf import settings
from django.db import models

from frontdoor.support import clocks


class ConversationOutcome(models.TextChoices):
    OPEN_ACCESS = "open_access", "Open access (universal) services"
    ADDITIONAL_SUPPORT = "additional_support", "Additional support"
    OTHER = "other", "Other"


# What the 2018 briefing counts together: "168 resulted in Open Access/Additional Support".
SUPPORT_OUTCOMES = frozenset(
    {ConversationOutcome.OPEN_ACCESS, ConversationOutcome.ADDITIONAL_SUPPORT}
)


class DistrictConversation(models.Model):
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, related_name="conversations"
    )
    asked_on = models.DateField()  # the day the district received the request: starts the clock
    asked_by_name = models.CharField(max_length=200)
    asked_by_role = models.CharField(max_length=200, blank=True)
    asked_by_organisation = models.CharField(max_length=200)
    about = models.TextField()  # the child's or family's situation; no names needed
    advice = models.TextField(blank=True)  # blank until the reply
    outcome = models.CharField(max_length=20, choices=ConversationOutcome.choices, blank=True)
    followed_referral = models.BooleanField(default=False)  # after a Request for Support
    request = models.ForeignKey(
        "support.SupportRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replied_on = models.DateField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_on", "-pk"]
        indexes = [models.Index(fields=["district", "asked_on"])]

    def __str__(self) -> str:
        return f"District Conversation {self.pk} ({self.district}, {self.asked_on:%-d %B %Y})"

    @property
    def reply_due(self) -> date:
        return clocks.district_conversation_reply_due(self.asked_on)

    def is_late(self, today: date) -> bool:
        return clocks.is_late(self.reply_due, self.replied_on, today)

    @property
    def replied_in_time(self) -> bool:
        return self.replied_on is not None and not clocks.is_late(
            self.reply_due, self.replied_on, self.replied_on
        )
