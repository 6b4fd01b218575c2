"""Where a request stands on its clock, and SEN2's 20-week rate with and without exceptions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.send import clock, measures
from frontdoor.send.models import ClockException, EhcRequest, ExceptionKind, Stage

LONDON = ZoneInfo("Europe/London")


def a_request(county, received, **dates):
    number = EhcRequest.objects.count() + 1
    return EhcRequest.objects.create(
        reference=f"EHC-T{number}",
        pupil=county.pupil_b,
        district=county.south,
        requester="parent",
        delivery="email",
        sent_at=datetime(received.year, received.month, received.day, 9, tzinfo=LONDON),
        received_on=received,
        **dates,
    )


def test_the_clock_of_an_open_request(county):
    request = a_request(county, date(2025, 1, 6))
    steps = {s.step: s for s in clock.request_clock(request)}
    assert [*steps] == ["decision_to_assess", "draft_plan", "final_plan"]
    assert steps["decision_to_assess"].status(date(2025, 2, 3)) == clock.SOON  # 14 days
    assert steps["decision_to_assess"].status(date(2025, 2, 2)) == clock.WAITING  # 15 days
    assert steps["decision_to_assess"].status(date(2025, 2, 18)) == clock.OVERDUE
    assert clock.next_step(request).step == "decision_to_assess"


def test_while_assessing_the_16_week_limit_shows(county):
    request = a_request(
        county, date(2025, 1, 6), stage=Stage.ASSESSING, assessment_decided_on=date(2025, 2, 20)
    )
    steps = clock.request_clock(request)
    assert [s.step for s in steps] == [
        "decision_to_assess",
        "decision_not_to_issue",
        "draft_plan",
        "final_plan",
    ]
    assert steps[0].status(date(2025, 3, 1)) == clock.LATE  # 20 Feb is after 17 Feb


def test_a_plan_not_issued_ends_at_the_16_week_decision(county):
    request = a_request(
        county,
        date(2025, 1, 6),
        stage=Stage.NOT_ISSUING,
        assessment_decided_on=date(2025, 2, 10),
        plan_decided_on=date(2025, 4, 20),
    )
    steps = clock.request_clock(request)
    assert [s.step for s in steps] == ["decision_to_assess", "decision_not_to_issue"]
    assert steps[1].status(date(2025, 5, 1)) == clock.DONE
    assert clock.next_step(request) is None


def test_twenty_week_rate_with_and_without_exceptions(county):
    # Worked by hand: four plans issued in 2025.
    on_time = a_request(county, date(2025, 1, 6), final_issued_on=date(2025, 5, 26))  # day 140
    a_request(county, date(2025, 1, 6), final_issued_on=date(2025, 5, 27))  # day 141: late
    late_excepted = a_request(county, date(2025, 2, 3), final_issued_on=date(2025, 8, 1))
    ClockException.objects.create(
        request=late_excepted,
        kind=ExceptionKind.ABSENT,
        evidence="away",
        starts_on=date(2025, 3, 1),
    )
    a_request(county, date(2025, 3, 3), final_issued_on=date(2025, 6, 30))  # on time
    a_request(county, date(2024, 6, 3), final_issued_on=date(2024, 10, 1))  # 2024: not counted
    a_request(county, date(2025, 3, 3))  # no plan yet
    figures = measures.twenty_weeks(EhcRequest.objects.all(), date(2025, 1, 1), date(2025, 12, 31))
    assert (figures.plans, figures.on_time) == (4, 2)
    assert (figures.plans_without_exceptions, figures.on_time_without_exceptions) == (3, 2)
    assert figures.rate == 50  # 2 of 4
    assert str(figures.rate_excluding_exceptions) == "66.7"  # 2 of 3, half up
    assert clock.within_20_weeks(on_time) is True


@pytest.mark.parametrize("issued", [date(2025, 5, 26), date(2025, 5, 27)])
def test_within_20_weeks_is_the_140th_day_inclusive(county, issued):
    request = a_request(county, date(2025, 1, 6), final_issued_on=issued)
    assert clock.within_20_weeks(request) is (issued == date(2025, 5, 26))
