"""Every statutory SEND time limit against hand-worked dates (support_and_send.md §1), with the
working-day calendar's bank holidays and the Tribunal's August and Christmas rules."""

from datetime import date, datetime

import pytest

from frontdoor.send import deadlines as d


def steps(found):
    return {deadline.step: deadline.due for deadline in found}


# Receipt --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "how", "received"),
    [
        (datetime(2025, 1, 6, 16, 59), d.EMAIL, date(2025, 1, 6)),  # a Monday before 5pm
        (datetime(2025, 1, 6, 17, 1), d.EMAIL, date(2025, 1, 7)),  # after 5pm: the next day
        (datetime(2025, 1, 10, 18, 30), d.HAND, date(2025, 1, 13)),  # Friday evening: Monday
        (datetime(2025, 1, 11, 9, 0), d.EMAIL, date(2025, 1, 13)),  # Saturday: Monday
        (datetime(2025, 12, 24, 17, 30), d.EMAIL, date(2025, 12, 29)),  # past Christmas, Boxing Day
        (datetime(2025, 4, 17, 10, 0), d.FIRST_CLASS_POST, date(2025, 4, 22)),  # past Easter
        (datetime(2025, 4, 19, 10, 0), d.SIGNED_FOR, date(2025, 4, 19)),  # signed for: that day
    ],
)
def test_when_a_request_is_received(sent, how, received):
    assert d.received_on(sent, how) == received


def test_an_unknown_way_of_delivery_is_refused():
    with pytest.raises(ValueError, match="'pigeon' is not a way of delivery"):
        d.received_on(datetime(2025, 1, 6, 9), "pigeon")


# Assessment -----------------------------------------------------------------------------------


def test_the_assessment_clock_runs_in_calendar_weeks_from_receipt():
    assert steps(d.assessment(date(2025, 1, 6))) == {
        "decision_to_assess": date(2025, 2, 17),  # 42 days
        "decision_not_to_issue": date(2025, 4, 28),  # 112 days
        "draft_plan": date(2025, 5, 11),  # 15 days before the final plan
        "final_plan": date(2025, 5, 26),  # 140 days, a bank holiday: limits are not moved
    }


def test_the_clock_runs_through_christmas_and_august_unmoved():
    found = steps(d.assessment(date(2025, 11, 3)))
    assert found["decision_to_assess"] == date(2025, 12, 15)
    assert found["final_plan"] == date(2026, 3, 23)
    assert steps(d.assessment(date(2024, 2, 29)))["final_plan"] == date(2024, 7, 18)  # leap year


def test_advice_and_representations():
    assert d.advice_due(date(2025, 3, 3)) == date(2025, 4, 14)
    # 15 days beginning with the day served: served on 1 May, comments until 15 May.
    assert d.representations_close(date(2025, 5, 1)) == date(2025, 5, 15)


# Annual review --------------------------------------------------------------------------------


def test_a_review_is_due_a_year_on_and_a_leap_day_falls_back_to_28_february():
    assert d.review_due(date(2025, 3, 10)) == date(2026, 3, 10)
    assert d.review_due(date(2024, 2, 29)) == date(2025, 2, 28)


def test_the_steps_around_a_review_meeting():
    assert steps(d.review(date(2025, 6, 16))) == {
        "invitations": date(2025, 6, 2),
        "advice_circulated": date(2025, 6, 2),
        "report": date(2025, 6, 30),
        "decision": date(2025, 7, 14),
        "amended_plan_latest": date(2025, 9, 8),  # 12 weeks
    }
    assert d.amended_plan_due(date(2025, 7, 14)) == date(2025, 9, 8)


# Phase transfer -------------------------------------------------------------------------------


def test_phase_transfer_deadlines_and_the_latest_review_that_meets_them():
    assert d.phase_transfer_deadline(2026) == date(2026, 2, 15)
    assert d.phase_transfer_deadline(2026, d.TO_POST_16) == date(2026, 3, 31)
    assert d.phase_transfer_review_by(2026) == date(2025, 11, 23)  # "by 22/23 November"
    assert d.phase_transfer_review_by(2026, d.TO_POST_16) == date(2026, 1, 6)  # "early January"
    with pytest.raises(ValueError):
        d.phase_transfer_deadline(2026, "university")


# Disagreement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "certificate", "deadline"),
    [
        (date(2025, 3, 10), None, date(2025, 5, 10)),  # 2 months
        (date(2024, 12, 31), None, date(2025, 2, 28)),  # no 31 February: the month's last day
        (date(2025, 3, 10), date(2025, 4, 25), date(2025, 5, 25)),  # certificate + 1 month later
        (date(2025, 3, 10), date(2025, 3, 20), date(2025, 5, 10)),  # the letter's 2 months later
        (date(2025, 6, 2), None, date(2025, 9, 1)),  # 2 August → first working day of September
        (date(2025, 6, 30), None, date(2025, 9, 1)),  # 30 August, too
        (date(2026, 6, 30), None, date(2026, 9, 1)),
        (date(2020, 6, 30), None, date(2020, 9, 1)),  # 31 August 2020 was a bank holiday anyway
        (date(2025, 10, 25), None, date(2026, 1, 2)),  # 25 December → first working day after 1 Jan
        (date(2025, 10, 31), None, date(2026, 1, 2)),  # 31 December
        (date(2025, 11, 1), None, date(2026, 1, 2)),  # 1 January itself
        (date(2026, 10, 26), None, date(2027, 1, 4)),  # 26 December 2026; 2 and 3 Jan a weekend
        (date(2025, 10, 24), None, date(2025, 12, 24)),  # Christmas Eve stays
        (date(2021, 7, 1), None, date(2021, 9, 1)),
    ],
)
def test_appeal_deadlines_with_the_august_and_christmas_rules(letter, certificate, deadline):
    assert d.appeal_deadline(letter, certificate) == deadline


def test_august_deadline_moves_past_a_weekend_to_the_first_working_day_of_september():
    # 1 September 2024 was a Sunday.
    assert d.appeal_deadline(date(2024, 6, 15)) == date(2024, 9, 2)


def test_mediation_steps():
    assert d.mediation_adviser_deadline(date(2025, 1, 31)) == date(2025, 3, 31)
    assert d.certificate_due(date(2025, 4, 17)) == date(2025, 4, 24)  # past Easter: 3 working days
    assert d.mediation_due(date(2025, 1, 6)) == date(2025, 2, 5)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("assess", {"notify": 14, "decision_not_to_issue": 70, "final_plan": 98}),
        ("make_and_maintain", {"draft_plan": 35, "final_plan": 77}),
        ("amend", {"amended_plan": 35}),
        ("name_school", {"amended_plan": 14}),
    ],
)
def test_tribunal_orders(order, expected):
    made = date(2025, 5, 1)
    assert {s: (due - made).days for s, due in steps(d.tribunal_order(order, made)).items()} == (
        expected
    )


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert d.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert d.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert d.add_months(date(2025, 3, 31), 1) == date(2025, 4, 30)
    assert d.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert d.add_months(date(2025, 5, 15), -6) == date(2024, 11, 15)
