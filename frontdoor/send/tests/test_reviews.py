"""Annual reviews: the meeting's notice, the decision with its amendments, the amended plan, and
which plans are due or overdue."""

from datetime import date

import pytest

from frontdoor.send import review_services, reviews
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.services import SendRefused
from frontdoor.send.tests.plans import complete


@pytest.fixture
def caseworker(persona):
    return persona("send_caseworker_south")


def a_plan(county, issued_on=date(2024, 5, 1), number=1) -> EhcPlan:
    plan = EhcPlan.objects.create(
        reference=f"PLAN-T{number}",
        pupil=county.pupil_b,
        district=county.south,
        issued_on=issued_on,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=PlanVersion.Status.FINAL,
        content=complete(),
        made_on=issued_on,
    )
    return plan


def test_a_review_is_due_a_year_after_the_plan(county, caseworker):
    review = review_services.review_open(plan=a_plan(county), by=caseworker)
    assert review.due_on == date(2025, 5, 1)
    with pytest.raises(SendRefused, match="already has a review under way"):
        review_services.review_open(plan=review.plan, by=caseworker)


def test_invitations_need_two_weeks_notice(county, caseworker):
    review = review_services.review_open(plan=a_plan(county), by=caseworker)
    with pytest.raises(SendRefused, match="by 17 March 2025 for a meeting on 31 March 2025"):
        review_services.review_meeting_arrange(
            review=review,
            meeting_on=date(2025, 3, 31),
            invitations_sent_on=date(2025, 3, 18),
            by=caseworker,
        )
    arranged = review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2025, 3, 31),
        invitations_sent_on=date(2025, 3, 17),
        by=caseworker,
    )
    assert arranged.meeting_on == date(2025, 3, 31)


def test_amending_needs_the_amendments_with_the_decision_then_the_amended_plan(county, caseworker):
    plan = a_plan(county)
    review = review_services.review_open(plan=plan, by=caseworker)
    review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2025, 3, 31),
        invitations_sent_on=date(2025, 3, 10),
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="Set out the proposed amendments"):
        review_services.review_decide(
            review=review, decision=ReviewDecision.AMEND, on=date(2025, 4, 20), by=caseworker
        )
    amended = complete()
    amended["F"][0]["hours_a_week"] = 5
    review_services.review_decide(
        review=review,
        decision=ReviewDecision.AMEND,
        on=date(2025, 4, 20),
        amendments=amended,
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="until 4 May 2025 to comment"):
        review_services.review_amended_plan_issue(review=review, on=date(2025, 5, 4), by=caseworker)
    review_services.review_amended_plan_issue(review=review, on=date(2025, 6, 2), by=caseworker)
    versions = list(plan.versions.values_list("number", "status", "reason"))
    assert versions == [(1, "final", "new"), (2, "final", "review")]
    steps = {s.step: s for s in reviews.review_clock(AnnualReview.objects.get(pk=review.pk))}
    assert steps["decision"].status(date(2025, 7, 1)) == "done"  # 20 April, within 4 weeks
    assert steps["amended_plan"].due == date(2025, 6, 15)  # 8 weeks after 20 April


def test_overdue_and_termly_lists(county, caseworker):
    overdue = a_plan(county, issued_on=date(2024, 1, 10), number=1)
    reviewed = a_plan(county, issued_on=date(2024, 1, 10), number=2)
    AnnualReview.objects.create(
        plan=reviewed,
        due_on=date(2025, 1, 10),
        meeting_on=date(2024, 12, 2),
        decision=ReviewDecision.MAINTAIN,
        decision_on=date(2024, 12, 20),
    )
    due_in_spring = a_plan(county, issued_on=date(2024, 3, 15), number=3)
    plans = EhcPlan.objects.prefetch_related("reviews")
    today = date(2025, 2, 1)
    assert [s.plan for s in reviews.overdue(plans, today)] == [overdue]
    spring = reviews.due_between(plans, date(2025, 1, 6), date(2025, 4, 4))
    assert [s.plan for s in spring] == [overdue, due_in_spring]  # reviewed is due Dec 2025
