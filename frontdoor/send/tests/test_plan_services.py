"""Drafting, issuing and amending EHC plans."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.send import plan_services, services
from frontdoor.send.models import Delivery, Requester
from frontdoor.send.models_plans import PlanVersion
from frontdoor.send.services import SendRefused
from frontdoor.send.tests.plans import complete


@pytest.fixture
def caseworker(persona):
    return persona("send_caseworker_south")


@pytest.fixture
def deciding(county, caseworker):
    request = services.ehc_request_receive(
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="",
        delivery=Delivery.EMAIL,
        sent_at=datetime(2025, 1, 6, 9, tzinfo=ZoneInfo("Europe/London")),
        by=caseworker,
    )
    services.assessment_decide(request=request, assess=True, on=date(2025, 2, 10), by=caseworker)
    return request


def test_a_draft_can_be_saved_incomplete_but_not_issued(deciding, caseworker):
    with pytest.raises(SendRefused, match="decided to issue one"):
        plan_services.plan_draft_save(request=deciding, content={}, by=caseworker)
    services.plan_decide(request=deciding, issue=True, on=date(2025, 4, 10), by=caseworker)
    version = plan_services.plan_draft_save(
        request=deciding, content={"A": "Likes trains"}, by=caseworker
    )
    plan = version.plan
    assert plan.reference == f"PLAN-{deciding.pk:06d}" and plan.issued_on is None
    with pytest.raises(SendRefused, match="Section B: a plan describes at least one"):
        plan_services.plan_version_finalise(plan=plan, on=date(2025, 5, 1), by=caseworker)
    again = plan_services.plan_draft_save(request=deciding, content=complete(), by=caseworker)
    assert again.pk == version.pk  # the same draft, saved again
    final = plan_services.plan_version_finalise(plan=plan, on=date(2025, 5, 1), by=caseworker)
    assert final.status == PlanVersion.Status.FINAL
    plan.refresh_from_db()
    assert plan.issued_on == date(2025, 5, 1)


def test_an_amendment_starts_from_the_final_plan(deciding, caseworker):
    services.plan_decide(request=deciding, issue=True, on=date(2025, 4, 10), by=caseworker)
    plan = plan_services.plan_draft_save(request=deciding, content=complete(), by=caseworker).plan
    plan_services.plan_version_finalise(plan=plan, on=date(2025, 5, 1), by=caseworker)
    amendment = plan_services.plan_amendment_start(
        plan=plan, reason=PlanVersion.Reason.REVIEW, by=caseworker
    )
    assert (amendment.number, amendment.status) == (2, PlanVersion.Status.DRAFT)
    assert amendment.content == complete()
    plan.refresh_from_db()
    assert plan.issued_on == date(2025, 5, 1)  # the first issue date stays
