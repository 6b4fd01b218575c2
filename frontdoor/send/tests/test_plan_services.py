"""Drafting, issuing and amending EHC plans."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.core.models import AuditEvent
from frontdoor.send import plan_services, review_services, services
from frontdoor.send.models import Delivery, Requester, Stage
from frontdoor.send.models_plans import PlanVersion
from frontdoor.send.models_reviews import ReviewDecision
from frontdoor.send.services import SendRefused
from frontdoor.send.tests.plans import complete


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
    assert plan.reference == f"PLAN-R{deciding.pk:06d}" and plan.issued_on is None
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


# The plan pages' services: editing the open draft and issuing it by its statutory route --------


def _drafted(request, caseworker, content=None):
    services.plan_decide(request=request, issue=True, on=date(2025, 4, 10), by=caseworker)
    return plan_services.plan_draft_save(
        request=request, content=content if content is not None else complete(), by=caseworker
    ).plan


def _in_force(request, caseworker):
    plan = _drafted(request, caseworker)
    plan_services.plan_version_finalise(plan=plan, on=date(2025, 5, 1), by=caseworker)
    return plan


def test_editing_a_new_plans_draft_goes_through_its_request(deciding, caseworker):
    plan = _drafted(deciding, caseworker, content={})
    version = plan_services.plan_draft_edit(plan=plan, content={"A": "Likes buses"}, by=caseworker)
    assert (version.number, version.content) == (1, {"A": "Likes buses"})
    assert AuditEvent.objects.filter(action="ehc_plan.draft_save").count() == 2


def test_an_amendment_is_edited_only_once_started(deciding, caseworker):
    plan = _in_force(deciding, caseworker)
    with pytest.raises(SendRefused, match="Start an amendment first"):
        plan_services.plan_draft_edit(plan=plan, content={}, by=caseworker)
    plan_services.plan_amendment_start(plan=plan, reason=PlanVersion.Reason.OTHER, by=caseworker)
    changed = complete() | {"A": "Sam wants to drive trains."}
    draft = plan_services.plan_draft_edit(plan=plan, content=changed, by=caseworker)
    assert (draft.number, draft.status, draft.content["A"]) == (
        2,
        PlanVersion.Status.DRAFT,
        "Sam wants to drive trains.",
    )
    assert plan.versions.get(number=1).content == complete()  # the plan in force is untouched


def test_a_ceased_plan_and_a_plan_outside_the_area_are_not_edited(deciding, caseworker, persona):
    plan = _drafted(deciding, caseworker)
    with pytest.raises(SendRefused, match="not in your area"):
        plan_services.plan_draft_edit(plan=plan, content={}, by=persona("la_admin"))
    plan.ceased_on = date(2025, 6, 1)
    plan.save()
    with pytest.raises(SendRefused, match="ceased on 1 June 2025"):
        plan_services.plan_draft_edit(plan=plan, content={}, by=caseworker)
    with pytest.raises(SendRefused, match="ceased on 1 June 2025"):
        plan_services.plan_draft_issue(plan=plan, on=date(2025, 6, 2), by=caseworker)


def test_a_new_plan_is_issued_through_its_request_after_the_familys_15_days(
    deciding, caseworker, county
):
    plan = _drafted(deciding, caseworker)
    with pytest.raises(SendRefused, match="Serve the draft on the family first"):
        plan_services.plan_draft_issue(plan=plan, on=date(2025, 5, 1), by=caseworker)
    services.draft_serve(request=deciding, on=date(2025, 4, 14), by=caseworker)
    # 15 days beginning with Monday 14 April 2025 run to Monday 28 April (reg 13(1)).
    with pytest.raises(SendRefused, match="until 28 April 2025") as refused:
        plan_services.plan_draft_issue(plan=plan, on=date(2025, 4, 28), by=caseworker)
    assert refused.value.field == "on"
    issued = plan_services.plan_draft_issue(plan=plan, on=date(2025, 4, 29), by=caseworker)
    deciding.refresh_from_db()
    plan.refresh_from_db()
    assert (issued.status, issued.made_on) == (PlanVersion.Status.FINAL, date(2025, 4, 29))
    assert (deciding.stage, deciding.final_issued_on) == (Stage.ISSUED, date(2025, 4, 29))
    # Section I gives URN 990002: Beech Academy becomes the named setting on both.
    assert deciding.named_setting == county.school_b == plan.named_setting
    assert plan.issued_on == date(2025, 4, 29)


def test_an_incomplete_draft_is_not_issued_and_nothing_moves(deciding, caseworker):
    plan = _drafted(deciding, caseworker, content={"A": "Likes trains"})
    services.draft_serve(request=deciding, on=date(2025, 4, 14), by=caseworker)
    with pytest.raises(SendRefused, match="Section B"):
        plan_services.plan_draft_issue(plan=plan, on=date(2025, 5, 2), by=caseworker)
    deciding.refresh_from_db()
    assert deciding.stage == Stage.DRAFT_SERVED


def test_an_amendment_is_not_issued_before_the_version_it_amends(deciding, caseworker):
    plan = _in_force(deciding, caseworker)
    plan_services.plan_amendment_start(plan=plan, reason=PlanVersion.Reason.OTHER, by=caseworker)
    with pytest.raises(SendRefused, match="before the plan in force was issued"):
        plan_services.plan_draft_issue(plan=plan, on=date(2025, 4, 30), by=caseworker)
    issued = plan_services.plan_draft_issue(plan=plan, on=date(2025, 5, 1), by=caseworker)
    assert (issued.number, issued.status) == (2, PlanVersion.Status.FINAL)


def test_an_amendment_a_review_proposed_is_issued_by_that_review(deciding, caseworker):
    plan = _in_force(deciding, caseworker)
    review = review_services.review_open(plan=plan, by=caseworker)
    review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2026, 3, 2),
        invitations_sent_on=date(2026, 2, 2),
        by=caseworker,
    )
    amended = complete() | {"A": "Sam wants to drive trains."}
    review_services.review_decide(
        review=review,
        decision=ReviewDecision.AMEND,
        on=date(2026, 3, 16),
        amendments=amended,
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="to comment on the amendments"):
        plan_services.plan_draft_issue(plan=plan, on=date(2026, 3, 20), by=caseworker)
    issued = plan_services.plan_draft_issue(plan=plan, on=date(2026, 4, 13), by=caseworker)
    review.refresh_from_db()
    assert review.amended_issued_on == date(2026, 4, 13)
    assert (issued.number, issued.status, issued.content) == (2, "final", amended)
