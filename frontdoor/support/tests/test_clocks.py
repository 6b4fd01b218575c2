from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from frontdoor.support.clocks import (
    assessment_due,
    decision_due,
    district_conversation_reply_due,
    is_late,
    received_on,
    working_days_taken,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("at", "received"),
    [
        # Wednesday 13 March 2024, naive times are London times.
        (datetime(2024, 3, 13, 9, 0), date(2024, 3, 13)),
        (datetime(2024, 3, 13, 17, 0), date(2024, 3, 13)),  # 17:00 itself is not after 17:00
        (datetime(2024, 3, 13, 17, 1), date(2024, 3, 14)),  # after 5pm: next working day
        # Friday after 5pm, and Saturday and Sunday at any time: Monday 18 March.
        (datetime(2024, 3, 15, 18, 30), date(2024, 3, 18)),
        (datetime(2024, 3, 16, 10, 0), date(2024, 3, 18)),
        (datetime(2024, 3, 17, 8, 0), date(2024, 3, 18)),
        # Good Friday 29 March 2024 and Easter Monday 1 April are bank holidays.
        (datetime(2024, 3, 29, 11, 0), date(2024, 4, 2)),
        (datetime(2024, 3, 28, 19, 0), date(2024, 4, 2)),
    ],
)
def test_received_on(at, received):
    assert received_on(at) == received


@pytest.mark.parametrize(
    ("at", "received"),
    [
        # 16:30 UTC is 17:30 in London in summer (BST): after 5pm, so Monday 17 June.
        (datetime(2024, 6, 14, 16, 30, tzinfo=UTC), date(2024, 6, 17)),
        # ... but 16:30 in London in winter (GMT): that Friday.
        (datetime(2024, 1, 12, 16, 30, tzinfo=UTC), date(2024, 1, 12)),
        # 23:30 UTC on Tuesday 11 June is 00:30 on Wednesday 12 June in London.
        (datetime(2024, 6, 11, 23, 30, tzinfo=UTC), date(2024, 6, 12)),
        (datetime(2024, 6, 14, 16, 59, tzinfo=LONDON), date(2024, 6, 14)),
    ],
)
def test_received_on_takes_an_aware_time_in_london(at, received):
    assert received_on(at) == received


def test_received_on_ignores_the_activated_time_zone():
    with timezone.override(ZoneInfo("America/New_York")):
        assert received_on(datetime(2024, 6, 14, 16, 30, tzinfo=UTC)) == date(2024, 6, 17)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2024, 3, 13), date(2024, 3, 14)),  # Wednesday → Thursday
        (date(2024, 3, 15), date(2024, 3, 18)),  # Friday → Monday
        # Friday 22 Dec 2023: Mon 25 (Christmas) and Tue 26 (Boxing Day) are bank holidays.
        (date(2023, 12, 22), date(2023, 12, 27)),
        (date(2024, 3, 28), date(2024, 4, 2)),  # Maundy Thursday → after Easter Monday
    ],
)
def test_decision_due_in_1_working_day(received, due):
    assert decision_due(received) == due


@pytest.mark.parametrize(
    ("asked_on", "due"),
    [
        (date(2024, 3, 13), date(2024, 3, 15)),  # Wednesday → Friday
        (date(2024, 3, 14), date(2024, 3, 18)),  # Thursday → Fri (1), Mon (2)
        # Thu 21 Dec 2023: Fri 22 (1), Mon 25 and Tue 26 bank holidays, Wed 27 (2).
        (date(2023, 12, 21), date(2023, 12, 27)),
    ],
)
def test_district_conversation_reply_due_in_2_working_days(asked_on, due):
    assert district_conversation_reply_due(asked_on) == due


def test_assessment_due_in_45_working_days_across_easter():
    # Referral Friday 1 March 2024; the referral day is day 0. Counting weekdays after it:
    # March 4-8, 11-15, 18-22 (15), 25-28 (19; Good Friday 29th is a bank holiday);
    # April: Easter Monday 1st is a bank holiday, 2-5 (23), 8-12 (28), 15-19 (33), 22-26 (38),
    # 29-30 (40); May 1-3 (43), Monday 6th is the Early May bank holiday, Tue 7th (44),
    # Wed 8th (45).
    assert assessment_due(date(2024, 3, 1)) == date(2024, 5, 8)
    assert working_days_taken(date(2024, 3, 1), date(2024, 5, 8)) == 45


def test_assessment_due_without_holidays_is_nine_weeks():
    # 45 working days with no bank holiday on the way is exactly 9 weeks: Mon 2 Sep 2024 →
    # Mon 4 Nov 2024.
    assert assessment_due(date(2024, 9, 2)) == date(2024, 11, 4)


def test_a_clock_into_a_year_without_recorded_bank_holidays_refuses_to_guess():
    with pytest.raises(ValueError, match="No bank holidays are recorded"):
        decision_due(date(2035, 3, 1))
    with pytest.raises(ValueError, match="No bank holidays are recorded"):
        received_on(datetime(2035, 3, 1, 9, 0))


@pytest.mark.parametrize(
    ("due", "done", "today", "late"),
    [
        (date(2024, 3, 14), date(2024, 3, 14), date(2024, 3, 20), False),  # done on the day
        (date(2024, 3, 14), date(2024, 3, 13), date(2024, 3, 20), False),  # done early
        (date(2024, 3, 14), date(2024, 3, 15), date(2024, 3, 20), True),  # done a day late
        (date(2024, 3, 14), None, date(2024, 3, 14), False),  # due today, the day is not over
        (date(2024, 3, 14), None, date(2024, 3, 15), True),  # still not done, past due
        (date(2024, 3, 14), None, date(2024, 3, 1), False),
        # Done late stays late whatever day it is looked at.
        (date(2024, 3, 14), date(2024, 3, 15), date(2024, 3, 10), True),
    ],
)
def test_is_late(due, done, today, late):
    assert is_late(due, done, today) is late
    assert is_late(due=due, done=done, today=today) is late


@pytest.mark.parametrize(
    ("start", "end", "taken"),
    [
        (date(2024, 3, 13), date(2024, 3, 13), 0),  # same day: the start is not counted
        (date(2024, 3, 13), date(2024, 3, 14), 1),
        (date(2024, 3, 15), date(2024, 3, 18), 1),  # Friday → Monday
        (date(2023, 12, 22), date(2023, 12, 27), 1),  # over Christmas
        (date(2024, 3, 15), date(2024, 3, 16), 0),  # ends on a Saturday
    ],
)
def test_working_days_taken(start, end, taken):
    assert working_days_taken(start, end) == taken


def test_a_decision_on_its_due_day_took_1_working_day():
    received = date(2023, 12, 22)
    assert working_days_taken(received, decision_due(received)) == 1
