"""An EHC needs assessment step by step: each service's order, dates and area rules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.send import services
from frontdoor.send.models import Delivery, ExceptionKind, Requester, Stage
from frontdoor.send.services import SendRefused

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def request_(county, caseworker):
    return services.ehc_request_receive(
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="Parent of B",
        delivery=Delivery.EMAIL,
        sent_at=datetime(2025, 1, 6, 18, 0, tzinfo=LONDON),  # after 5pm: received Tuesday
        by=caseworker,
    )


def test_receiving_starts_the_clock_from_the_day_it_counts_as_received(request_):
    assert request_.reference == f"EHC-{request_.pk:06d}"
    assert request_.received_on == date(2025, 1, 7)
    assert request_.stage == Stage.RECEIVED
    assert AuditEvent.objects.filter(action="ehc_request.receive").count() == 1


def test_a_caseworker_cannot_open_a_case_outside_their_area(county, caseworker):
    with pytest.raises(SendRefused, match="North is not in your area"):
        services.ehc_request_receive(
            pupil=county.pupil_a,
            district=county.north,
            requester=Requester.SCHOOL,
            requester_name="",
            delivery=Delivery.HAND,
            sent_at=datetime(2025, 1, 6, 9, tzinfo=LONDON),
            by=caseworker,
        )


def test_other_roles_cannot_open_one(county, persona):
    with pytest.raises(PermissionDenied):
        services.ehc_request_receive(
            pupil=county.pupil_a,
            district=county.north,
            requester=Requester.SCHOOL,
            requester_name="",
            delivery=Delivery.HAND,
            sent_at=datetime(2025, 1, 6, 9, tzinfo=LONDON),
            by=persona("head_a"),
        )


def test_the_whole_way_to_a_final_plan(county, request_, caseworker):
    by = caseworker
    services.assessment_decide(request=request_, assess=True, on=date(2025, 2, 10), by=by)
    advice = services.advice_ask(
        request=request_, kind="psychological", from_whom="EP service", on=date(2025, 2, 11), by=by
    )
    services.advice_receive(advice=advice, on=date(2025, 3, 20), by=by)
    services.plan_decide(request=request_, issue=True, on=date(2025, 4, 10), by=by)
    consultation = services.setting_consult(
        request=request_,
        establishment=county.school_b,
        requested_by_family=True,
        on=date(2025, 4, 14),
        by=by,
    )
    services.draft_serve(request=request_, on=date(2025, 4, 14), by=by)
    services.consultation_answer(
        consultation=consultation, agreed=True, ground="", reasons="", on=date(2025, 4, 25), by=by
    )
    # 15 days beginning 14 April run to 28 April: not before, unless the family replied.
    with pytest.raises(SendRefused, match="until 28 April 2025 to comment"):
        services.final_plan_issue(
            request=request_, named_setting=county.school_b, on=date(2025, 4, 28), by=by
        )
    issued = services.final_plan_issue(
        request=request_, named_setting=county.school_b, on=date(2025, 4, 29), by=by
    )
    assert issued.stage == Stage.ISSUED and issued.final_issued_on == date(2025, 4, 29)


def test_family_comments_allow_an_earlier_final_plan(county, request_, caseworker):
    by = caseworker
    services.assessment_decide(request=request_, assess=True, on=date(2025, 2, 10), by=by)
    services.plan_decide(request=request_, issue=True, on=date(2025, 4, 10), by=by)
    services.draft_serve(request=request_, on=date(2025, 4, 14), by=by)
    services.representations_record(request=request_, on=date(2025, 4, 18), by=by)
    issued = services.final_plan_issue(
        request=request_, named_setting=None, on=date(2025, 4, 22), by=by
    )
    assert issued.final_issued_on == date(2025, 4, 22)


def test_steps_out_of_order_are_refused_with_the_stage(request_, caseworker):
    with pytest.raises(SendRefused, match="cannot serve the draft plan now"):
        services.draft_serve(request=request_, on=date(2025, 2, 1), by=caseworker)
    with pytest.raises(SendRefused, match="before the request was received"):
        services.assessment_decide(
            request=request_, assess=True, on=date(2025, 1, 6), by=caseworker
        )
    with pytest.raises(SendRefused, match="cannot be in the future"):
        services.assessment_decide(
            request=request_, assess=True, on=date(2099, 9, 2), by=caseworker
        )


def test_refusing_to_assess_closes_the_request(request_, caseworker):
    refused = services.assessment_decide(
        request=request_, assess=False, on=date(2025, 2, 10), by=caseworker
    )
    assert refused.stage == Stage.REFUSED and not refused.is_open
    with pytest.raises(SendRefused, match="This request is closed"):
        services.ehc_request_withdraw(request=request_, on=date(2025, 2, 11), by=caseworker)


def test_a_setting_refusing_must_give_a_ground_and_reasons(county, request_, caseworker):
    by = caseworker
    services.assessment_decide(request=request_, assess=True, on=date(2025, 2, 10), by=by)
    services.plan_decide(request=request_, issue=True, on=date(2025, 4, 10), by=by)
    consultation = services.setting_consult(
        request=request_,
        establishment=county.school_b,
        requested_by_family=True,
        on=date(2025, 4, 14),
        by=by,
    )
    with pytest.raises(SendRefused, match="Choose the ground"):
        services.consultation_answer(
            consultation=consultation,
            agreed=False,
            ground="",
            reasons="x",
            on=date(2025, 4, 20),
            by=by,
        )
    with pytest.raises(SendRefused, match="Give the setting's reasons"):
        services.consultation_answer(
            consultation=consultation,
            agreed=False,
            ground="resources",
            reasons=" ",
            on=date(2025, 4, 20),
            by=by,
        )


def test_an_exception_needs_evidence(request_, caseworker):
    with pytest.raises(SendRefused, match="what shows the exception applies"):
        services.exception_record(
            request=request_,
            kind=ExceptionKind.ABSENT,
            evidence="  ",
            starts_on=date(2025, 2, 1),
            by=caseworker,
        )


def test_another_areas_caseworker_cannot_touch_the_request(request_, county):
    other = User.objects.create_user(username="send.north", role=Role.SEND_CASEWORKER)
    other.districts.set([county.north])
    with pytest.raises(SendRefused, match="not in your area"):
        services.assessment_decide(request=request_, assess=True, on=date(2025, 2, 10), by=other)
