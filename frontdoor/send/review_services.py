"""The steps of an annual review, each checked against reg 20-22: the meeting with 2 weeks'
notice, the report, the council's decision (an amendment proposed with the decision, as the
Devon judgment requires) and the amended plan."""

from datetime import date

from django.db import transaction

from frontdoor.core import audit
from frontdoor.send import deadlines, notifications, plan_content, plan_services, reviews
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.plan_services import plan_locked
from frontdoor.send.services import SendRefused, date_checked


def next_review_due(plan: EhcPlan) -> date | None:
    """12 months from the last review's meeting, or from the plan when there has been none."""
    last = plan.reviews.filter(meeting_on__isnull=False).order_by("meeting_on").last()
    start = last.meeting_on if last else plan.issued_on
    return deadlines.review_due(start) if start else None


@transaction.atomic
def review_open(*, plan: EhcPlan, phase_transfer: bool | None = None, by) -> AnnualReview:
    """The plan's next review, due 12 months from the last. `phase_transfer`: whether it is the
    review before a move between phases; by default, whether the plan has a move recorded for
    the September after the review falls due (reg 18)."""
    plan = plan_locked(plan, by)
    if plan.issued_on is None or plan.ceased_on:
        raise SendRefused("Only a plan in force is reviewed.")
    if plan.reviews.filter(decision_on__isnull=True).exists():
        raise SendRefused("This plan already has a review under way.")
    due = next_review_due(plan)
    if phase_transfer is None:
        moves = plan.transfers.values_list("transfer_year", flat=True)
        phase_transfer = reviews.phase_transfer_review(due, moves)
    review = AnnualReview.objects.create(
        plan=plan, due_on=due, phase_transfer=phase_transfer, recorded_by=by
    )
    audit.record(by, "annual_review.open", plan)
    return review


@transaction.atomic
def review_meeting_arrange(
    *, review: AnnualReview, meeting_on: date, invitations_sent_on: date, by
) -> AnnualReview:
    review = _review_locked(review, by)
    if review.decision_on:
        raise SendRefused("This review has been decided.")
    if review.report_received_on:
        raise SendRefused(
            f"The meeting was held on {review.meeting_on:%-d %B %Y} and its report received."
        )
    date_checked(invitations_sent_on, review.plan.issued_on, "the plan was issued", "sent_on")
    latest = meeting_on - deadlines.NOTICE
    if invitations_sent_on > latest:
        raise SendRefused(
            f"Invitations must go at least 2 weeks before the meeting (reg 20(3)): by "
            f"{latest:%-d %B %Y} for a meeting on {meeting_on:%-d %B %Y}, or hold it on "
            f"{invitations_sent_on + deadlines.NOTICE:%-d %B %Y} or later.",
            "meeting_on",
        )
    review.meeting_on, review.invitations_sent_on = meeting_on, invitations_sent_on
    review.save(update_fields=["meeting_on", "invitations_sent_on"])
    audit.record(by, "annual_review.arrange", review.plan)
    return review


@transaction.atomic
def review_report_record(*, review: AnnualReview, on: date, by) -> AnnualReview:
    review = _review_locked(review, by)
    if review.meeting_on is None:
        raise SendRefused("Arrange the meeting first: the report follows it.")
    if review.report_received_on:
        raise SendRefused(
            f"The report was recorded as received on {review.report_received_on:%-d %B %Y}."
        )
    date_checked(on, review.meeting_on, "the meeting", "on")
    review.report_received_on = on
    review.save(update_fields=["report_received_on"])
    audit.record(by, "annual_review.report", review.plan)
    return review


@transaction.atomic
def review_decide(
    *, review: AnnualReview, decision: str, on: date, amendments: dict | None = None, by
) -> AnnualReview:
    """The council's decision, due 4 weeks after the meeting. To amend, the proposed amendments
    go with the decision (R (L, M, P) v Devon CC [2022] EWHC 493): the plan's new content, which
    must differ from the plan in force and have no problems."""
    review = _review_locked(review, by)
    if review.decision_on:
        raise SendRefused(f"This review was decided on {review.decision_on:%-d %B %Y}.")
    if review.meeting_on is None:
        raise SendRefused("The decision follows the review meeting: arrange it first.")
    date_checked(on, review.meeting_on, "the meeting", "on")
    if decision not in ReviewDecision.values:
        raise SendRefused("Choose what the council decided.", "decision")
    if decision == ReviewDecision.AMEND:
        _propose(review.plan, amendments or {}, by)
    review.decision, review.decision_on = decision, on
    review.save(update_fields=["decision", "decision_on"])
    audit.record(by, "annual_review.decide", review.plan, detail={"decision": decision})
    notifications.family_notify(
        plan=review.plan, what_changed=notifications.review_decision_news(review)
    )
    return review


@transaction.atomic
def review_amended_plan_issue(*, review: AnnualReview, on: date, by) -> AnnualReview:
    """The amended plan, due 8 weeks after the amendments were proposed (reg 22(3))."""
    review = _review_locked(review, by)
    if review.decision != ReviewDecision.AMEND:
        raise SendRefused("Only a review that decided to amend the plan issues an amended plan.")
    if review.amended_issued_on:
        raise SendRefused(f"The amended plan was issued on {review.amended_issued_on}.")
    close = deadlines.representations_close(review.decision_on)
    if on <= close:
        raise SendRefused(
            f"The family has until {close:%-d %B %Y} to comment on the amendments (reg 22(2)).",
            "on",
        )
    plan_services.plan_version_finalise(plan=review.plan, on=on, by=by)
    review.amended_issued_on = on
    review.save(update_fields=["amended_issued_on"])
    audit.record(by, "annual_review.amended_issue", review.plan)
    return review


def _propose(plan: EhcPlan, amendments: dict, by) -> None:
    current = plan.versions.filter(status=PlanVersion.Status.FINAL).last()
    if current is None:
        raise SendRefused("The plan has no final version to amend.")
    if not amendments or not plan_content.differences(current.content, amendments):
        raise SendRefused("Set out the proposed amendments: they go with the decision.", "amend")
    found = plan_content.problems(amendments)
    if found:
        raise SendRefused("; ".join(map(str, found)) + ".", "amend")
    draft = plan_services.plan_amendment_start(plan=plan, reason=PlanVersion.Reason.REVIEW, by=by)
    draft.content = amendments
    draft.save(update_fields=["content", "updated_at"])


def _review_locked(review: AnnualReview, by) -> AnnualReview:
    plan_locked(review.plan, by)
    return AnnualReview.objects.select_for_update().get(pk=review.pk)
