"""The Front Door's measures, hand-worked on a few records with known dates.

The period is 1 April to 31 May 2025. Its bank holidays matter: Good Friday 18 April, Easter
Monday 21 April and the early May bank holiday 5 May 2025 (core.calendar's list); each working-day
count below says which days it counts."""

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.support import measures
from frontdoor.support.levels import Route, SupportLevel
from frontdoor.support.models import (
    DistrictConversation,
    RequestChild,
    SupportRequest,
    TriageDecision,
)
from frontdoor.support.models_cases import Case, Team
from frontdoor.support.models_conversations import ConversationOutcome

START, END = date(2025, 4, 1), date(2025, 5, 31)
PERIOD = {"start": START, "end": END}
LONDON = ZoneInfo("Europe/London")
SW, EH = Team.SOCIAL_WORK_TEAM, Team.EARLY_HELP_UNIT
SOCIAL_WORK = Route.SOCIAL_WORK_TEAM.label
EARLY_HELP = Route.EARLY_HELP_UNIT.label
CONVERSATION = Route.DISTRICT_CONVERSATION.label
NFA = Route.NO_FURTHER_ACTION.label
WAITING = measures.WAITING
INDIVIDUAL = measures.ReferralSource.INDIVIDUAL.label


@pytest.fixture
def practitioner(db):
    return User.objects.create(username="fd.practitioner", role=Role.FRONT_DOOR)


def a_request(by, *, received_on, source="2A", route=None, signed_off_at=None, **fields):
    """A submitted request; with a route, a decision (signed off when signed_off_at is given)."""
    found = SupportRequest.objects.create(
        created_by=by,
        status=SupportRequest.Status.DECIDED if signed_off_at else SupportRequest.Status.SUBMITTED,
        received_on=received_on,
        source=source,
        **fields,
    )
    if route is not None:
        TriageDecision.objects.create(
            request=found,
            level=SupportLevel.SPECIALIST if route == Route.SOCIAL_WORK_TEAM else 3,
            rationale="Hand-worked.",
            route=route,
            decided_by=by,
            decided_at=datetime(2025, 4, 1, 9, tzinfo=UTC),
            signed_off_at=signed_off_at,
        )
    return found


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def requests(practitioner):
    """Seven requests received in the period and two that are not."""
    sw, eh, dc, nfa = (
        Route.SOCIAL_WORK_TEAM,
        Route.EARLY_HELP_UNIT,
        Route.DISTRICT_CONVERSATION,
        Route.NO_FURTHER_ACTION,
    )
    made = [  # received on, source, route, signed off at
        # Thu 17 Apr -> Tue 22 Apr: 1 working day (Good Friday and Easter Monday are not).
        (date(2025, 4, 17), "2A", sw, at(date(2025, 4, 22))),
        # Mon 14 Apr -> the same day: 0.
        (date(2025, 4, 14), "2B", eh, at(date(2025, 4, 14), 16)),
        # Mon 14 Apr -> Wed 16 Apr: 2.
        (date(2025, 4, 14), "6", nfa, at(date(2025, 4, 16))),
        # Tue 22 Apr: decided, waiting for a manager's sign-off.
        (date(2025, 4, 22), "2A", dc, None),
        # Wed 23 Apr -> Wed 30 Apr: 5 (24, 25, 28, 29, 30).
        (date(2025, 4, 23), "2A", dc, at(date(2025, 4, 30))),
        # Thu 1 May -> signed off 23:30 UTC on Sun 11 May, 00:30 on Mon 12 May in London: 6
        # (2, 6, 7, 8, 9, 12; the bank holiday 5 May is not). By the UTC date it would be 5.
        (date(2025, 5, 1), "1A", sw, datetime(2025, 5, 11, 23, 30, tzinfo=UTC)),
        # Sat 31 May, no source recorded, not yet triaged.
        (date(2025, 5, 31), "", None, None),
        # Outside: received the day before the period; another after it.
        (date(2025, 3, 31), "2A", sw, at(date(2025, 3, 31))),
        (date(2025, 6, 2), "2A", None, None),
    ]
    for received_on, source, route, signed_off_at in made:
        a_request(
            practitioner,
            received_on=received_on,
            source=source,
            route=route,
            signed_off_at=signed_off_at,
        )
    # A draft is not counted, whatever its dates.
    SupportRequest.objects.create(created_by=practitioner, received_on=date(2025, 4, 14))


def test_requests_by_week_and_outcome(requests):
    found = measures.requests_by_week(**PERIOD, by="outcome")
    assert found.rows == [
        {"week": date(2025, 4, 14), "outcome": EARLY_HELP, "requests": 1},
        {"week": date(2025, 4, 14), "outcome": SOCIAL_WORK, "requests": 1},
        {"week": date(2025, 4, 14), "outcome": NFA, "requests": 1},
        {"week": date(2025, 4, 21), "outcome": CONVERSATION, "requests": 1},
        {"week": date(2025, 4, 21), "outcome": WAITING, "requests": 1},
        {"week": date(2025, 4, 28), "outcome": SOCIAL_WORK, "requests": 1},
        {"week": date(2025, 5, 26), "outcome": WAITING, "requests": 1},
    ]
    assert found.headline == {"requests": 7, "waiting": 2}


def test_requests_by_week_and_source(requests):
    found = measures.requests_by_week(**PERIOD, by="source")
    assert found.rows == [
        {"week": date(2025, 4, 14), "source": "Schools", "requests": 1},
        {"week": date(2025, 4, 14), "source": "Education services", "requests": 1},
        {"week": date(2025, 4, 14), "source": "Police", "requests": 1},
        {"week": date(2025, 4, 21), "source": "Schools", "requests": 2},
        {"week": date(2025, 4, 28), "source": INDIVIDUAL, "requests": 1},
        {"week": date(2025, 5, 26), "source": "Not recorded", "requests": 1},
    ]


def test_requests_are_split_by_source_or_outcome_only(db):
    with pytest.raises(ValueError, match="district"):
        measures.requests_by_week(**PERIOD, by="district")


def test_requests_from_education_by_outcome(requests):
    """Schools (2A) made 3 of the period's requests and education services (2B) 1."""
    found = measures.education_requests_by_outcome(**PERIOD)
    assert found.rows == [
        {"outcome": CONVERSATION, "requests": 1, "share": Decimal("25.0")},
        {"outcome": EARLY_HELP, "requests": 1, "share": Decimal("25.0")},
        {"outcome": SOCIAL_WORK, "requests": 1, "share": Decimal("25.0")},
        {"outcome": NFA, "requests": 0, "share": Decimal("0.0")},
        {"outcome": WAITING, "requests": 1, "share": Decimal("25.0")},
    ]
    # 4 of 7: 57.142...% rounds half up to 57.1%.
    assert found.headline == {"requests": 4, "all_requests": 7, "share_of_all": Decimal("57.1")}


def test_time_to_decision(requests):
    """Decided: 1, 0, 2, 5 and 6 working days; 2 of the 5 within 1 working day."""
    found = measures.time_to_decision(**PERIOD)
    assert [(row["band"], row["requests"], row["share"]) for row in found.rows] == [
        ("Same day (0 working days)", 1, Decimal("20.0")),
        ("1 working day", 1, Decimal("20.0")),
        ("2 working days", 1, Decimal("20.0")),
        ("3 to 5 working days", 1, Decimal("20.0")),
        ("6 or more working days", 1, Decimal("20.0")),
    ]
    assert found.headline == {
        "decided": 5,
        "within_one_day": 2,
        "within_one_day_share": Decimal("40.0"),
        "waiting": 2,
    }


def test_an_empty_period_has_no_shares(db):
    found = measures.time_to_decision(**PERIOD)
    assert {row["share"] for row in found.rows} == {None}
    assert found.headline["within_one_day_share"] is None


def conversation(by, district, asked_on, **fields):
    return DistrictConversation.objects.create(
        district=district,
        asked_on=asked_on,
        asked_by_name="Hana Head",
        asked_by_organisation="Alder Primary School",
        about="A family who would like a parenting group.",
        recorded_by=by,
        **fields,
    )


def test_conversations_by_month(county, practitioner):
    north = county.north
    # Thu 17 Apr, due Wed 23 Apr (Good Friday and Easter Monday are not working days).
    conversation(
        practitioner,
        north,
        date(2025, 4, 17),
        followed_referral=True,
        outcome=ConversationOutcome.OPEN_ACCESS,
        replied_on=date(2025, 4, 23),
    )
    # Mon 28 Apr, due Wed 30 Apr, answered Thu 1 May: late.
    conversation(
        practitioner,
        north,
        date(2025, 4, 28),
        outcome=ConversationOutcome.OTHER,
        replied_on=date(2025, 5, 1),
    )
    conversation(practitioner, county.south, date(2025, 4, 30))  # not yet answered
    # Fri 2 May, due Wed 7 May (the bank holiday 5 May is not a working day): in time.
    conversation(
        practitioner,
        north,
        date(2025, 5, 2),
        outcome=ConversationOutcome.ADDITIONAL_SUPPORT,
        replied_on=date(2025, 5, 7),
    )
    conversation(practitioner, north, date(2025, 3, 31))  # before the period
    found = measures.conversations_by_month(**PERIOD)
    third = Decimal("33.33")
    assert found.rows == [
        {
            "month": date(2025, 4, 1),
            "conversations": 3,
            "followed_referral": 1,
            "followed_referral_share": third,
            "led_to_support": 1,
            "led_to_support_share": third,
            "replied_in_time": 1,
            "replied_in_time_share": third,
            "awaiting_reply": 1,
        },
        {
            "month": date(2025, 5, 1),
            "conversations": 1,
            "followed_referral": 0,
            "followed_referral_share": Decimal("0.00"),
            "led_to_support": 1,
            "led_to_support_share": Decimal("100.00"),
            "replied_in_time": 1,
            "replied_in_time_share": Decimal("100.00"),
            "awaiting_reply": 0,
        },
    ]
    assert found.headline == {
        "conversations": 4,
        "followed_referral_share": Decimal("25.0"),
        "led_to_support": 2,
        "led_to_support_share": Decimal("50.0"),
    }


def a_case(by, district, team, opened_on, *, child=None, request=None, **fields):
    """A case for a new child (or `child`) from a new request (or `request`)."""
    request = request or SupportRequest.objects.create(
        created_by=by, status=SupportRequest.Status.DECIDED
    )
    child = child or {}
    made = RequestChild.objects.create(
        request=request,
        first_name=child.get("first_name", "Child"),
        last_name=child.get("last_name", f"{opened_on:%Y%m%d}-{RequestChild.objects.count()}"),
        date_of_birth=child.get("date_of_birth"),
        pupil=child.get("pupil"),
    )
    return Case.objects.create(
        request=request, child=made, team=team, district=district, opened_on=opened_on, **fields
    )


@pytest.fixture
def case(county, practitioner):
    """case(team, opened_on, **fields): a case at North for a new child."""
    return partial(a_case, practitioner, county.north)


def household(by, postcode, address):
    return SupportRequest.objects.create(
        created_by=by, status=SupportRequest.Status.DECIDED, postcode=postcode, address=address
    )


def test_re_referrals_by_child_and_by_household(case, practitioner, county):
    """Five referrals in the period:
    - Amelia (matched to her pupil record) again on 22 Apr 2025 after 10 Jun 2024: within 12
      months, not 2; an Early Help case for her in between is not a referral;
    - Ben Cole (unmatched) on 1 Apr and again as "ben COLE" on 12 May: within 2 months;
    - Dan on 12 May, whose brother Carl at the same address (postcode and first line written
      differently) was referred on 20 Mar: the household measure counts him, the child's not;
    - Eve on 2 May, no earlier referral and no postcode."""
    amelia = {"first_name": "Amy", "last_name": "Hart", "pupil": county.pupil_a}
    case(
        SW,
        date(2024, 6, 10),
        child=amelia,
        request=household(practitioner, "ME1 1AA", "3 Elm Road"),
    )
    case(EH, date(2025, 1, 6), child=amelia)
    case(
        SW,
        date(2025, 4, 22),
        child=amelia | {"first_name": "Amelia"},
        request=household(practitioner, "ME2 2BB", "9 Oak Close"),
    )
    ben = {"first_name": "Ben", "last_name": "Cole", "date_of_birth": date(2015, 2, 1)}
    case(SW, date(2025, 4, 1), child=ben)
    case(SW, date(2025, 5, 12), child=ben | {"first_name": "ben", "last_name": "COLE"})
    case(
        SW,
        date(2025, 3, 20),
        child={"first_name": "Carl", "last_name": "Moss"},
        request=household(practitioner, "ct1 2ab", "1 Mill Lane\nCanterbury"),
    )
    case(
        SW,
        date(2025, 5, 12),
        child={"first_name": "Dan", "last_name": "Moss"},
        request=household(practitioner, "CT12AB", "1  mill lane, Canterbury"),
    )
    case(SW, date(2025, 5, 2), child={"first_name": "Eve", "last_name": "Ash"})
    case(SW, date(2025, 6, 2), child=ben)  # after the period

    found = measures.re_referral_rates(**PERIOD)
    assert [(row["window"], row["by"], row["referrals"], row["re_referrals"], row["rate"])
            for row in found.rows] == [
        ("Within 2 months", "Child", 5, 1, Decimal("20.0")),  # Ben
        ("Within 2 months", "Child or household", 5, 2, Decimal("40.0")),  # Ben, Dan
        ("Within 12 months", "Child", 5, 2, Decimal("40.0")),  # Amelia, Ben
        ("Within 12 months", "Child or household", 5, 3, Decimal("60.0")),  # and Dan
    ]  # fmt: skip
    assert found.headline == {"referrals": 5}


@pytest.mark.parametrize(
    "postcode, address, key",
    [
        ("ct1 2ab", "1 Mill Lane\nCanterbury", ("CT12AB", "1 mill lane")),
        (" CT1  2AB ", "1 Mill  Lane, Canterbury", ("CT12AB", "1 mill lane")),
        ("CT1 2AB", "", ("CT12AB", "")),
        ("", "1 Mill Lane", None),
    ],
)
def test_household_key(postcode, address, key):
    assert measures.household_key(postcode, address) == key


def test_assessment_durations(case, practitioner, county):
    # Completed in the period, opened Tue 1 Apr 2025: 10 working days to Tue 15 Apr, 11 to
    # Wed 16 Apr, 30 to Fri 16 May (Good Friday, Easter Monday and 5 May are not counted).
    case(SW, date(2025, 4, 1), assessment_completed_on=date(2025, 4, 15))
    case(SW, date(2025, 4, 1), assessment_completed_on=date(2025, 4, 16))
    case(SW, date(2025, 4, 1), assessment_completed_on=date(2025, 5, 16))
    # Opened Mon 3 Feb 2025: 45 working days to Mon 7 Apr (in time), 46 to Tue 8 Apr (late).
    case(SW, date(2025, 2, 3), assessment_completed_on=date(2025, 4, 7))
    case(SW, date(2025, 2, 3), assessment_completed_on=date(2025, 4, 8), closed_on=date(2025, 5, 1))
    case(SW, date(2025, 2, 3), assessment_completed_on=date(2025, 3, 20))  # before the period
    case(EH, date(2025, 4, 1), assessment_completed_on=date(2025, 4, 2))  # not social work
    # Open at 31 May without an assessment by then: opened 3 Mar, due 8 May (overdue); opened
    # 14 Mar, due 21 May, done only on 10 Jun (overdue at 31 May); opened 31 Mar, due 6 Jun
    # (not yet); opened 3 Mar and closed 1 May (not open); opened after the period.
    case(SW, date(2025, 3, 3))
    case(SW, date(2025, 3, 14), assessment_completed_on=date(2025, 6, 10))
    case(SW, date(2025, 3, 31))
    case(SW, date(2025, 3, 3), closed_on=date(2025, 5, 1))
    case(SW, date(2025, 6, 2))
    case(EH, date(2025, 1, 6))

    found = measures.assessment_durations(**PERIOD)
    assert [(row["band"], row["assessments"], row["share"]) for row in found.rows] == [
        ("0 to 10 working days", 1, Decimal("20.0")),
        ("11 to 20 working days", 1, Decimal("20.0")),
        ("21 to 30 working days", 1, Decimal("20.0")),
        ("31 to 45 working days", 1, Decimal("20.0")),
        ("46 or more working days", 1, Decimal("20.0")),
    ]
    assert found.headline == {
        "completed": 5,
        "within_limit": 4,
        "within_limit_share": Decimal("80.0"),
        "overdue_open": 2,
    }


def test_child_in_need_durations_at_the_period_end(case, practitioner, county):
    """At 31 May 2025: 3 months back is 28 Feb (the month's last day), 6 months 30 Nov, 1 year
    31 May 2024, 2 years 31 May 2023."""
    case(SW, date(2025, 5, 1))  # under 3 months
    case(SW, date(2025, 3, 1), closed_on=date(2025, 6, 5))  # under 3 months, closed after
    case(SW, date(2025, 2, 28))  # exactly 3 months: 3 to 6
    case(SW, date(2024, 12, 1))  # 3 to 6
    case(SW, date(2024, 11, 30))  # exactly 6 months: 6 to 12
    case(SW, date(2024, 5, 31))  # exactly a year: 1 to 2 years
    case(SW, date(2023, 6, 1))  # 1 to 2 years
    case(SW, date(2023, 5, 31))  # 2 years or more
    case(SW, date(2025, 1, 6), closed_on=date(2025, 5, 31))  # closed by the end
    case(SW, date(2025, 6, 2))  # opened after the end
    case(EH, date(2025, 5, 1))  # not social work
    found = measures.child_in_need_durations(**PERIOD)
    assert [(row["band"], row["cases"], row["share"]) for row in found.rows] == [
        ("Under 3 months", 2, Decimal("25.0")),
        ("3 to 6 months", 2, Decimal("25.0")),
        ("6 to 12 months", 1, Decimal("12.5")),
        ("1 to 2 years", 2, Decimal("25.0")),
        ("2 years or more", 1, Decimal("12.5")),
    ]
    assert found.headline == {"cases": 8, "as_at": END}


def test_caseloads_at_the_period_end(case, practitioner, county):
    sam = User.objects.create(username="sam", first_name="Sam", last_name="Social")
    ola = User.objects.create(username="ola", first_name="Ola", last_name="Okafor")
    ella = User.objects.create(username="ella.help")  # no name: her username is shown
    for opened in (date(2025, 1, 6), date(2025, 2, 3), date(2025, 5, 1)):
        case(SW, opened, worker=sam, allocated_on=opened)
    case(EH, date(2025, 1, 6), worker=sam)  # Sam holds an Early Help case too
    case(SW, date(2025, 3, 3), worker=ola)
    case(SW, date(2025, 3, 3), worker=ola, closed_on=date(2025, 5, 30))  # closed by then
    case(SW, date(2025, 4, 1), worker=ola, allocated_on=date(2025, 6, 3))  # unallocated then
    case(SW, date(2025, 4, 2))  # unallocated
    case(EH, date(2025, 4, 1), worker=ella)
    case(EH, date(2025, 4, 2), worker=ella)
    case(EH, date(2025, 6, 2), worker=ella)  # opened after the end
    found = measures.caseloads(**PERIOD)
    assert [(row["team"], row["worker"], row["cases"]) for row in found.rows] == [
        (Team.EARLY_HELP_UNIT.label, "ella.help", 2),
        (Team.EARLY_HELP_UNIT.label, "Sam Social", 1),
        (Team.SOCIAL_WORK_TEAM.label, "Sam Social", 3),
        (Team.SOCIAL_WORK_TEAM.label, "Ola Okafor", 1),
    ]
    assert found.headline["teams"] == [
        {"team": Team.EARLY_HELP_UNIT.label, "workers": 2, "allocated": 3, "unallocated": 0,
         "mean": Decimal("1.5")},
        {"team": Team.SOCIAL_WORK_TEAM.label, "workers": 2, "allocated": 4, "unallocated": 2,
         "mean": Decimal("2.0")},
        # 7 cases held by 3 workers: 2.333... rounds to 2.3.
        {"team": "Both teams", "workers": 3, "allocated": 7, "unallocated": 2,
         "mean": Decimal("2.3")},
    ]  # fmt: skip
    assert found.headline["mean"] == Decimal("2.3")
    assert found.headline["unallocated"] == 2
    # Sam 4 (3 + 1), Ella 2, Ola 1: all in the first band.
    assert [(row["band"], row["workers"]) for row in found.headline["bands"]] == [
        ("1 to 5 cases", 3),
        ("6 to 10 cases", 0),
        ("11 to 15 cases", 0),
        ("16 to 20 cases", 0),
        ("21 to 25 cases", 0),
        ("26 or more cases", 0),
    ]


MEASURES = [
    partial(measures.requests_by_week, by="outcome"),
    partial(measures.requests_by_week, by="source"),
    measures.education_requests_by_outcome,
    measures.time_to_decision,
    measures.conversations_by_month,
    measures.re_referral_rates,
    measures.assessment_durations,
    measures.child_in_need_durations,
    measures.caseloads,
]


@pytest.mark.parametrize("measure", MEASURES)
def test_each_measure_reads_the_database_a_fixed_number_of_times(
    measure, requests, case, django_assert_max_num_queries
):
    """However many rows there are: no query a row."""
    worker = User.objects.create(username="sam")
    for day in range(1, 29):
        case(SW, date(2025, 4, day), worker=worker, assessment_completed_on=date(2025, 5, day))
    with django_assert_max_num_queries(2):
        measure(**PERIOD)
