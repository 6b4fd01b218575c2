"""District Conversations: logging one, an Early Help manager's reply, who may see which, and
the monthly measures the 2018 briefing reported (382 conversations in October 2018, 38%
following a Front Door referral, 168 resulting in open access or additional support)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.rounding import percentage
from frontdoor.schools.models import District
from frontdoor.schools.selectors import districts
from frontdoor.support import clocks
from frontdoor.support.models import SupportRequest
from frontdoor.support.models_conversations import (
    SUPPORT_OUTCOMES,
    ConversationOutcome,
    DistrictConversation,
)

SHARE_PLACES = 2


class ConversationRefused(Exception):
    """A step the rules do not allow, with a message the person can act on; `field` is the
    answer it is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def conversation_districts(user) -> QuerySet[District]:
    """The districts the user may log District Conversations for."""
    return access.scope_conversation_districts(user, districts())


def district_conversations_visible_to(user) -> QuerySet[DistrictConversation]:
    return access.scope_district_conversations(user, DistrictConversation.objects.all())


def district_conversations_in(
    user, *, month: date, district: District | None = None
) -> QuerySet[DistrictConversation]:
    """The conversations asked for in the calendar month of `month` that the user may see,
    in one district or all of theirs, the oldest first."""
    start = month.replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    found = district_conversations_visible_to(user).filter(asked_on__gte=start, asked_on__lt=end)
    if district is not None:
        found = found.filter(district=district)
    return found.select_related("district", "request").order_by("asked_on", "pk")


def district_conversation_for(user, pk: int) -> DistrictConversation:
    """The conversation, if the user may see it; otherwise 404 (whether it exists is not said)."""
    found = (
        district_conversations_visible_to(user)
        .select_related("district", "request", "recorded_by", "replied_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such conversation.")
    return found


@transaction.atomic
def district_conversation_log(*, by, answers: dict) -> DistrictConversation:
    """Log a request for a District Conversation (the form has validated the answers). A
    Request for Support's reference, when the caller gives one, links the conversation to it."""
    access.require(by, Permission.HOLD_DISTRICT_CONVERSATIONS)
    answers = dict(answers)
    if not conversation_districts(by).filter(pk=answers["district"].pk).exists():
        raise PermissionDenied("You cannot log conversations for that district.")
    asked_on = answers["asked_on"]
    if asked_on > timezone.localdate():
        raise ConversationRefused("The date asked cannot be in the future", "asked_on")
    _check_reply_due_known(asked_on)
    reference = answers.pop("request_reference", "").strip().upper()
    if reference and not answers["followed_referral"]:
        raise ConversationRefused(
            "Answer yes if the conversation follows a Request for Support, or remove its reference",
            "followed_referral",
        )
    answers["request"] = _submitted_request(reference) if reference else None
    conversation = DistrictConversation.objects.create(recorded_by=by, **answers)
    audit.record(by, "district_conversation.log", conversation)
    return conversation


@transaction.atomic
def district_conversation_reply(
    *, conversation: DistrictConversation, by, advice: str, outcome: str, replied_on: date
) -> DistrictConversation:
    """Record the manager's reply: the advice given and what the conversation led to. A
    conversation is answered once; its reply is not rewritten afterwards."""
    access.require(by, Permission.HOLD_DISTRICT_CONVERSATIONS)
    conversation = (
        district_conversations_visible_to(by).select_for_update().filter(pk=conversation.pk).first()
    )
    if conversation is None:
        raise PermissionDenied("That conversation is not in your districts.")
    if conversation.replied_on is not None:
        raise ConversationRefused(
            f"This conversation was answered on {conversation.replied_on:%-d %B %Y}: its advice "
            "and outcome cannot be changed"
        )
    if not advice.strip():
        raise ConversationRefused("Enter the advice given", "advice")
    if outcome not in ConversationOutcome.values:
        raise ConversationRefused("Select what the conversation led to", "outcome")
    if replied_on < conversation.asked_on:
        raise ConversationRefused(
            f"The reply cannot be before the conversation was asked for, on "
            f"{conversation.asked_on:%-d %B %Y}",
            "replied_on",
        )
    if replied_on > timezone.localdate():
        raise ConversationRefused("The date of the reply cannot be in the future", "replied_on")
    conversation.advice, conversation.outcome = advice, outcome
    conversation.replied_on, conversation.replied_by = replied_on, by
    conversation.save(update_fields=["advice", "outcome", "replied_on", "replied_by"])
    audit.record(
        by,
        "district_conversation.reply",
        conversation,
        detail={"outcome": outcome, "in_time": conversation.replied_in_time},
    )
    return conversation


def _check_reply_due_known(asked_on: date) -> None:
    try:
        clocks.district_conversation_reply_due(asked_on)
    except ValueError as unknown:
        raise ConversationRefused(
            f"The working-day calendar does not cover {asked_on.year}, so the reply's due date "
            "cannot be worked out: check the date asked",
            "asked_on",
        ) from unknown


def _submitted_request(reference: str) -> SupportRequest:
    found = (
        SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT)
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise ConversationRefused(
            f"No Request for Support has the reference {reference}: check it, or leave it blank",
            "request_reference",
        )
    return found


@dataclass(frozen=True)
class MonthMeasure:
    """One calendar month's District Conversations, counted by the day each was asked for.
    Every share is of all the month's conversations: one not yet answered counts as neither
    leading to support nor answered in time (so a recent month's figures can still rise)."""

    month: date  # the first day of the month
    conversations: int
    followed_referral: int
    led_to_support: int  # open access (universal) services or additional support
    replied_in_time: int  # within 2 working days (clocks.district_conversation_reply_due)
    awaiting_reply: int

    @property
    def followed_referral_share(self) -> Decimal | None:
        return percentage(self.followed_referral, self.conversations, SHARE_PLACES)

    @property
    def led_to_support_share(self) -> Decimal | None:
        return percentage(self.led_to_support, self.conversations, SHARE_PLACES)

    @property
    def replied_in_time_share(self) -> Decimal | None:
        return percentage(self.replied_in_time, self.conversations, SHARE_PLACES)


def monthly_measures(conversations) -> list[MonthMeasure]:
    """The measures for each calendar month the conversations were asked for in, the earliest
    month first."""
    by_month: dict[date, list[DistrictConversation]] = defaultdict(list)
    for conversation in conversations:
        by_month[conversation.asked_on.replace(day=1)].append(conversation)
    return [
        MonthMeasure(
            month=month,
            conversations=len(held),
            followed_referral=sum(c.followed_referral for c in held),
            led_to_support=sum(c.outcome in SUPPORT_OUTCOMES for c in held),
            replied_in_time=sum(c.replied_in_time for c in held),
            awaiting_reply=sum(c.replied_on is None for c in held),
        )
        for month, held in sorted(by_month.items())
    ]
