"""Where annual reviews stand: a review's own clock, the reviews due in a term for each school,
and the plans whose review is overdue across a caseload (the systemic delays the Local
Government and Social Care Ombudsman finds)."""

from dataclasses import dataclass
from datetime import date

from frontdoor.send import deadlines
from frontdoor.send.clock import ClockStep
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision


def review_clock(review: AnnualReview) -> list[ClockStep]:
    """The review's steps once its meeting is set: notice, report, decision, amended plan."""
    if review.meeting_on is None:
        return [ClockStep("review_meeting", review.due_on, "CFA s.44(1): within 12 months", None)]
    limits = {d.step: d for d in deadlines.review(review.meeting_on)}
    steps = [
        ClockStep(
            "invitations",
            limits["invitations"].due,
            limits["invitations"].rule,
            review.invitations_sent_on,
        ),
        ClockStep("report", limits["report"].due, limits["report"].rule, review.report_received_on),
        ClockStep("decision", limits["decision"].due, limits["decision"].rule, review.decision_on),
    ]
    if review.decision == ReviewDecision.AMEND:
        steps.append(
            ClockStep(
                "amended_plan",
                deadlines.amended_plan_due(review.decision_on),
                "reg 22(3): 8 weeks after the amendments were proposed",
                review.amended_issued_on,
            )
        )
    return steps


@dataclass(frozen=True)
class ReviewStanding:
    plan: EhcPlan
    due: date  # the date the next review must be completed by
    under_way: AnnualReview | None

    def overdue(self, today: date) -> bool:
        return today > self.due


def standings(plans) -> list[ReviewStanding]:
    """Each plan in force with the date its next review is due. Pass plans with their reviews
    prefetched (`prefetch_related("reviews")`): no query per plan."""
    found = []
    for plan in plans:
        if plan.issued_on is None or plan.ceased_on is not None:
            continue
        reviews = sorted(plan.reviews.all(), key=lambda r: (r.due_on, r.pk))
        done = [r for r in reviews if r.is_complete and r.meeting_on]
        start = max((r.meeting_on for r in done), default=plan.issued_on)
        under_way = next((r for r in reviews if not r.is_complete), None)
        found.append(ReviewStanding(plan, deadlines.review_due(start), under_way))
    return found


def overdue(plans, today: date) -> list[ReviewStanding]:
    return sorted((s for s in standings(plans) if s.overdue(today)), key=lambda s: s.due)


def due_between(plans, start: date, end: date) -> list[ReviewStanding]:
    """Reviews falling due from `start` to `end`: a school's list for the coming term."""
    return sorted((s for s in standings(plans) if start <= s.due <= end), key=lambda s: s.due)
