"""The Front Door's clocks, one function each, counted in working days on core.calendar.

Each clock counts from a day, not an instant, and the day it starts from is not counted
(`add_working_days`): a request received on Monday and due within 1 working day is due Tuesday.
Every function raises ValueError, from core.calendar, for a day in a year whose bank holidays
are not yet recorded, rather than guess a deadline."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from frontdoor.core.calendar import add_working_days, is_working_day, working_days_between

_OFFICE = ZoneInfo("Europe/London")
_CLOSE_OF_BUSINESS = time(17)


def received_on(at: datetime) -> date:
    """The day a request counts as received: the day it arrived, or the next working day if it
    arrived after 17:00 or on a weekend or bank holiday, as IPSEA reads "received"
    (../shared/domain/support_and_send.md §1.1); 17:00 is also when the Front Door's day teams
    hand over to out of hours (§3.2). A naive `at` is taken as London time; an aware one is
    converted, so the answer does not depend on the time zone a user has activated."""
    local = timezone.localtime(at, _OFFICE) if timezone.is_aware(at) else at
    day = local.date()
    if local.time() > _CLOSE_OF_BUSINESS or not is_working_day(day):
        return add_working_days(day, 1)
    return day


def decision_due(received: date) -> date:
    """The Front Door decides on a request within 1 working day of receiving it (Working
    Together 2023; support_and_send.md §1.6, §3.2)."""
    return add_working_days(received, 1)


def district_conversation_reply_due(asked_on: date) -> date:
    """An Early Help Manager replies to a request for a District Conversation within 2 working
    days (KSCMP, Kent Support Level Guidance; support_and_send.md §3.1). `asked_on` is the day
    the request counts as received (`received_on`)."""
    return add_working_days(asked_on, 2)


def assessment_due(referral_on: date) -> date:
    """A child and family assessment completes within 45 working days of the referral (Working
    Together to Safeguard Children 2023; support_and_send.md §1.6)."""
    return add_working_days(referral_on, 45)


def assessment_overdue_if_opened_before(today: date) -> date:
    """The referral day before which an assessment not yet completed is overdue today:
    `assessment_due(day) < today` exactly when `day` is before the 45th working day before
    `today`, so a list can filter on the referral date instead of working out each due date."""
    return add_working_days(today, -45)


def is_late(due: date, done: date | None, today: date) -> bool:
    """Whether a step missed its due day: done after it, or still not done once it has passed.
    A step due today is not late until today is over."""
    if done is not None:
        return done > due
    return today > due


def working_days_taken(start: date, end: date) -> int:
    """Working days from `start` to `end`, counted as the clocks count them: `start` itself is
    not counted and `end` is, so a decision made the day after receipt took 1 working day and
    one made the same day took 0."""
    return working_days_between(start, end)
