"""District Conversations: logging, the manager's reply, who sees which, the monthly measures
(hand-worked) and the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.support.conversations import (
    ConversationRefused,
    MonthMeasure,
    district_conversation_for,
    district_conversation_log,
    district_conversation_reply,
    district_conversations_visible_to,
    monthly_measures,
)
from frontdoor.support.models import DistrictConversation, SupportRequest
from frontdoor.support.models_conversations import ConversationOutcome

OPEN, ADDITIONAL, OTHER = (
    ConversationOutcome.OPEN_ACCESS,
    ConversationOutcome.ADDITIONAL_SUPPORT,
    ConversationOutcome.OTHER,
)


def answers(district, **changes) -> dict:
    return {
        "district": district,
        "asked_on": date(2018, 10, 1),
        "asked_by_name": "Hana Head",
        "asked_by_role": "Headteacher",
        "asked_by_organisation": "Alder Primary School",
        "about": "A parent struggling with a toddler's sleep and a Year 2 child's behaviour.",
        "followed_referral": False,
        "request_reference": "",
    } | changes


@pytest.fixture
def early_help(persona):
    return persona("early_help_north")


@pytest.fixture
def referral(persona):
    return SupportRequest.objects.create(
        created_by=persona("head_a"),
        status=SupportRequest.Status.DECIDED,
        reference="RFS-000042",
        submitted_at=timezone.now(),
    )


def held(county, by, district=None, **fields) -> DistrictConversation:
    return DistrictConversation.objects.create(
        district=district or county.north,
        asked_on=fields.pop("asked_on", date(2018, 10, 1)),
        asked_by_name="Sam Nurse",
        asked_by_organisation="Health visiting",
        about="Support for a new parent.",
        recorded_by=by,
        **fields,
    )


# Services


def test_early_help_logs_a_conversation_following_a_referral(county, early_help, referral):
    logged = district_conversation_log(
        by=early_help,
        answers=answers(county.north, followed_referral=True, request_reference="rfs-000042 "),
    )
    assert logged.request == referral and logged.followed_referral
    assert logged.recorded_by == early_help
    assert logged.reply_due == date(2018, 10, 3)  # Monday + 2 working days
    assert AuditEvent.objects.filter(
        action="district_conversation.log", object_id=str(logged.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"request_reference": "RFS-999999", "followed_referral": True},
            "request_reference",
            "No Request for Support has the reference RFS-999999",
        ),
        ({"request_reference": "RFS-000042"}, "followed_referral", "Answer yes"),
        ({"asked_on": date(2099, 1, 5)}, "asked_on", "cannot be in the future"),
        ({"asked_on": date(2017, 12, 1)}, "asked_on", "does not cover 2017"),
    ],
)
def test_logging_refuses_answers_that_do_not_fit(
    county, early_help, referral, changes, field, message
):
    with pytest.raises(ConversationRefused, match=message) as refused:
        district_conversation_log(by=early_help, answers=answers(county.north, **changes))
    assert refused.value.field == field
    assert not DistrictConversation.objects.exists()


def test_a_draft_request_cannot_be_linked(county, early_help, persona):
    SupportRequest.objects.create(created_by=persona("head_a"), reference="RFS-000007")
    with pytest.raises(ConversationRefused, match="RFS-000007"):
        district_conversation_log(
            by=early_help,
            answers=answers(county.north, followed_referral=True, request_reference="RFS-000007"),
        )


def test_early_help_logs_only_for_its_own_districts(county, early_help):
    with pytest.raises(PermissionDenied):
        district_conversation_log(by=early_help, answers=answers(county.south))


@pytest.mark.parametrize("name", ["head_a", "attendance_officer_north", "partner_police"])
def test_only_early_help_and_the_front_door_hold_conversations(county, persona, name):
    with pytest.raises(PermissionDenied):
        district_conversation_log(by=persona(name), answers=answers(county.north))


def test_the_front_door_logs_for_any_district(county, persona):
    logged = district_conversation_log(by=persona("front_door"), answers=answers(county.south))
    assert logged.district == county.south


def test_a_manager_replies_once(county, early_help, persona):
    conversation = held(county, persona("front_door"))
    replied = district_conversation_reply(
        conversation=conversation,
        by=early_help,
        advice="The children's centre's sleep clinic; the school's nurture group.",
        outcome=OPEN,
        replied_on=date(2018, 10, 3),
    )
    assert (replied.outcome, replied.replied_on, replied.replied_by) == (
        OPEN,
        date(2018, 10, 3),
        early_help,
    )
    assert replied.replied_in_time
    event = AuditEvent.objects.get(action="district_conversation.reply")
    assert event.detail == {"outcome": "open_access", "in_time": True}
    with pytest.raises(ConversationRefused, match="answered on 3 October 2018"):
        district_conversation_reply(
            conversation=conversation,
            by=early_help,
            advice="Something else.",
            outcome=OTHER,
            replied_on=date(2018, 10, 4),
        )
    conversation.refresh_from_db()
    assert conversation.outcome == OPEN and conversation.replied_on == date(2018, 10, 3)


@pytest.mark.parametrize(
    ("advice", "outcome", "replied_on", "field", "message"),
    [
        ("", OPEN, date(2018, 10, 2), "advice", "Enter the advice given"),
        ("Advice.", "closed", date(2018, 10, 2), "outcome", "Select what the conversation led to"),
        ("Advice.", OPEN, date(2018, 9, 28), "replied_on", "before .* on 1 October 2018"),
        ("Advice.", OPEN, date(2099, 1, 5), "replied_on", "cannot be in the future"),
    ],
)  # fmt: skip
def test_a_reply_is_refused_when_it_does_not_fit(
    county, early_help, advice, outcome, replied_on, field, message
):
    conversation = held(county, early_help)
    with pytest.raises(ConversationRefused, match=message) as refused:
        district_conversation_reply(
            conversation=conversation,
            by=early_help,
            advice=advice,
            outcome=outcome,
            replied_on=replied_on,
        )
    assert refused.value.field == field


def test_early_help_cannot_reply_for_another_district(county, early_help, persona):
    south = held(county, persona("front_door"), county.south)
    with pytest.raises(PermissionDenied):
        district_conversation_reply(
            conversation=south,
            by=early_help,
            advice="Advice.",
            outcome=OPEN,
            replied_on=date(2018, 10, 2),
        )


# Who sees which


def test_early_help_sees_its_districts_and_the_front_door_sees_all(county, persona):
    front_door = persona("front_door")
    north, south = held(county, front_door), held(county, front_door, county.south)
    early_help = persona("early_help_north")
    assert list(district_conversations_visible_to(early_help)) == [north]
    assert set(district_conversations_visible_to(front_door)) == {north, south}
    with pytest.raises(Http404):
        district_conversation_for(early_help, south.pk)
    county_wide = User.objects.create(username="eh.county", role=Role.EARLY_HELP, county_wide=True)
    assert set(district_conversations_visible_to(county_wide)) == {north, south}


@pytest.mark.parametrize("name", ["attendance_officer_north", "head_a", "la_admin", "analyst"])
def test_nobody_else_sees_conversations(county, persona, name):
    held(county, persona("front_door"))
    assert not district_conversations_visible_to(persona(name)).exists()


def test_a_district_role_without_the_permission_sees_none_even_county_wide(county, persona):
    held(county, persona("front_door"))
    manager = persona("attendance_manager")
    assert manager.county_wide and manager.role == Role.ATTENDANCE_OFFICER
    assert not district_conversations_visible_to(manager).exists()


# The monthly measures, hand-worked


def conversation(asked_on, *, referral=False, outcome="", replied_on=None):
    return DistrictConversation(
        asked_on=asked_on, followed_referral=referral, outcome=outcome, replied_on=replied_on
    )


# October 2018 (no bank holidays). Each reply is due 2 working days after the day asked.
OCTOBER_2018 = [
    # Monday 1st, due Wednesday 3rd: answered that day, in time.
    conversation(date(2018, 10, 1), referral=True, outcome=OPEN, replied_on=date(2018, 10, 3)),
    # Thursday 4th, due Monday 8th over the weekend: in time.
    conversation(
        date(2018, 10, 4), referral=True, outcome=ADDITIONAL, replied_on=date(2018, 10, 8)
    ),
    # Friday 12th, due Tuesday 16th: answered Wednesday 17th, late.
    conversation(date(2018, 10, 12), outcome=OPEN, replied_on=date(2018, 10, 17)),
    # Monday 22nd, due Wednesday 24th: answered the next day, in time; other support.
    conversation(date(2018, 10, 22), outcome=OTHER, replied_on=date(2018, 10, 23)),
    # Wednesday 31st: not yet answered.
    conversation(date(2018, 10, 31)),
]  # fmt: skip
# December 2018: Christmas Day (Tuesday 25th) and Boxing Day (Wednesday 26th) are bank holidays.
DECEMBER_2018 = [
    # Monday 24th: 27th and 28th are the 2 working days, so due Friday 28th: in time.
    conversation(date(2018, 12, 24), outcome=OPEN, replied_on=date(2018, 12, 28)),
    # Friday 21st: due Thursday 27th (24th, 27th); answered Friday 28th, late.
    conversation(date(2018, 12, 21), referral=True, outcome=OTHER, replied_on=date(2018, 12, 28)),
]  # fmt: skip


def test_monthly_measures_hand_worked():
    # Given out of order: months come back earliest first.
    october, december = monthly_measures([*DECEMBER_2018, *OCTOBER_2018])
    assert october == MonthMeasure(
        month=date(2018, 10, 1),
        conversations=5,
        followed_referral=2,  # 2 / 5 = 40.00%
        led_to_support=3,  # open access twice, additional support once: 60.00%
        replied_in_time=3,  # 1st, 4th and 22nd: 60.00%
        awaiting_reply=1,
    )
    assert october.followed_referral_share == Decimal("40.00")
    assert october.led_to_support_share == Decimal("60.00")
    assert october.replied_in_time_share == Decimal("60.00")
    assert (december.conversations, december.replied_in_time) == (2, 1)
    assert december.replied_in_time_share == Decimal("50.00")
    assert december.followed_referral_share == Decimal("50.00")


def test_shares_are_exact_fractions_rounded_half_up():
    # 1 of 32 is exactly 3.125%: half up gives 3.13 (banker's rounding would give 3.12).
    month = [conversation(date(2018, 11, 1), referral=True)] + [
        conversation(date(2018, 11, 1)) for _ in range(31)
    ]
    [measure] = monthly_measures(month)
    assert measure.followed_referral_share == Decimal("3.13")
    # 2 of 3 is 66.666…%: 66.67.
    [measure] = monthly_measures(
        [conversation(date(2019, 1, 7), outcome=OPEN) for _ in range(2)]
        + [conversation(date(2019, 1, 7), outcome=OTHER)]
    )
    assert measure.led_to_support_share == Decimal("66.67")


def test_the_2018_briefing_reproduced():
    """382 conversations in October 2018, 168 resulting in open access or additional support:
    43.98% (168 / 382 = 0.439790…)."""
    month = [conversation(date(2018, 10, 1), outcome=OPEN) for _ in range(168)] + [
        conversation(date(2018, 10, 1), outcome=OTHER) for _ in range(382 - 168)
    ]
    [measure] = monthly_measures(month)
    assert (measure.conversations, measure.led_to_support) == (382, 168)
    assert measure.led_to_support_share == Decimal("43.98")


def test_no_conversations_no_months():
    assert monthly_measures([]) == []


# The pages


def test_early_help_logs_one_correcting_an_error_then_replies(signed_in, county, referral):
    client = signed_in("early_help_north")
    page = client.get("/requests/conversations/new/")
    assert "South" not in page.text  # only its own district to choose from

    form = {
        "district": county.north.code,
        "asked_on": "2018-10-04",
        "asked_by_name": "Hana Head",
        "asked_by_role": "Headteacher",
        "asked_by_organisation": "Alder Primary School",
        "about": "",
        "followed_referral": "yes",
        "request_reference": "RFS-000099",
    }
    page = client.post("/requests/conversations/new/", form)
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Describe what the conversation is about" in page.text
    assert 'value="Hana Head"' in page.text  # answers kept
    page = client.post(
        "/requests/conversations/new/", form | {"about": "A family new to the area."}
    )
    assert "No Request for Support has the reference RFS-000099" in page.text
    logged = client.post(
        "/requests/conversations/new/",
        form | {"about": "A family new to the area.", "request_reference": "RFS-000042"},
    )
    conversation = DistrictConversation.objects.get()
    assert logged.url == f"/requests/conversations/{conversation.pk}/"
    assert conversation.request == referral

    detail = client.get(logged.url)
    assert "Monday 8 October 2018" in detail.text  # Thursday 4th + 2 working days
    assert "govuk-tag--red" in detail.text  # long past due and not answered: Late
    assert "RFS-000042" in detail.text
    assert f"/requests/{referral.pk}/" not in detail.text  # Early Help cannot open it

    page = client.post(logged.url, {"advice": "", "outcome": "open_access", "replied_on": ""})
    assert "Enter the advice given" in page.text and "Enter the date of the reply" in page.text
    replied = client.post(
        logged.url,
        {
            "advice": "The local parenting group.",
            "outcome": "open_access",
            "replied_on": "2018-10-08",
        },
    )
    assert replied.url == logged.url
    detail = client.get(logged.url)
    assert "The local parenting group." in detail.text
    assert "govuk-tag--red" not in detail.text  # answered on its due day
    again = client.post(
        logged.url, {"advice": "More.", "outcome": "other", "replied_on": "2018-10-09"}
    )
    assert "answered on 8 October 2018" in again.text

    listed = client.get("/requests/conversations/", {"month": "2018-10"})
    assert "October 2018" in listed.text
    assert "100.00%" in listed.text  # followed a referral, led to support, answered in time
    assert logged.url in listed.text


def test_the_list_filters_by_district_and_month(signed_in, county, early_help):
    north = held(county, early_help, asked_on=date(2018, 10, 3))
    south = held(county, early_help, county.south, asked_on=date(2018, 10, 5))
    november = held(county, early_help, asked_on=date(2018, 11, 5))
    client = signed_in("front_door")
    page = client.get("/requests/conversations/", {"month": "2018-10"})
    urls = [f"/requests/conversations/{c.pk}/" for c in (north, south, november)]
    assert [url in page.text for url in urls] == [True, True, False]
    assert "Late" in page.text
    page = client.get(
        "/requests/conversations/", {"month": "2018-10", "district": county.south.code}
    )
    assert [url in page.text for url in urls] == [False, True, False]
    page = client.get("/requests/conversations/", {"month": "October"})
    assert "Enter the month as year-month, for example 2018-10" in page.text
    this_month = client.get("/requests/conversations/")
    assert timezone.localdate().strftime("%B %Y") in this_month.text


def test_early_help_cannot_open_another_districts_conversation(signed_in, county, persona):
    south = held(county, persona("front_door"), county.south)
    client = signed_in("early_help_north")
    assert client.get(f"/requests/conversations/{south.pk}/").status_code == 404
    page = client.get(
        "/requests/conversations/", {"month": "2018-10", "district": county.south.code}
    )
    assert "Select one of your districts" in page.text


def test_a_conversation_asked_for_today_is_not_late(signed_in, county, persona):
    fresh = held(county, persona("front_door"), asked_on=timezone.localdate())
    page = signed_in("early_help_north").get(f"/requests/conversations/{fresh.pk}/")
    assert "govuk-tag--red" not in page.text
