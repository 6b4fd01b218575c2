"""Where annual reviews stand: a review's own clock, the reviews due in a term for each school,
and the plans whose review is overdue across a caseload (the systemic delays the Local
Government and Social Care Ombudsman finds)."""

from dataclasses import dataclass
from datetime import date, timedelta

from frontdoor.core import term_dates
from frontdoor.send import deadlines
from frontdoor.send.clock import ClockStep
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision


def review_clock(review: AnnualReview, today: date | None = None) -> list[ClockStep]:
    """The review's steps: the meeting by the due date, then, once it is set, the notice and
    advice, the report, the decision and any amended plan. A meeting arranged for a day after
    `today` is not yet held (with no `today`, an arranged meeting counts as held)."""
    held = review.meeting_on if _held(review, today) else None
    meeting = ClockStep("review_meeting", review.due_on, "CFA s.44(1): within 12 months", held)
    if review.meeting_on is None:
        return [meeting]
    limits = {d.step: d for d in deadlines.review(review.meeting_on)}
    steps = [
        meeting,
        ClockStep(
            "invitations",
            limits["invitations"].due,
            "reg 20(3)-(4): invitations, and the advice, at least 2 weeks before the meeting",
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


def _held(review: AnnualReview, today: date | None) -> bool:
    return review.meeting_on is not None and (today is None or review.meeting_on <= today)


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


# Which step is late ------------------------------------------------------------------------

LATE_STEPS = {
    "review_meeting": "Meeting not held by the due date",
    "report": "Report late",
    "decision": "Decision late",
    "amended_plan": "Amended plan late",
}


@dataclass(frozen=True)
class Lateness:
    step: str  # a clock step: review_meeting, report, decision or amended_plan
    due: date
    days: int  # days past `due`

    @property
    def label(self) -> str:
        return LATE_STEPS[self.step]

    @property
    def how_late(self) -> str:
        """ "3 days", or "5 weeks" once it is a fortnight or more."""
        if self.days < 14:
            return f"{self.days} day{'s' if self.days != 1 else ''}"
        return f"{self.days // 7} weeks"


def late_steps(due: date, review: AnnualReview | None, today: date) -> list[Lateness]:
    """The statutory steps missed as things stand, earliest limit first: the meeting not held
    by the date the review is due (`due`), or, once it is held, the report (2 weeks), the
    decision (4 weeks) and the amended plan (8 weeks after the amendments)."""
    if review is None or not _held(review, today):
        return [Lateness("review_meeting", due, (today - due).days)] if today > due else []
    return [
        Lateness(step.step, step.due, (today - step.due).days)
        for step in review_clock(review, today)
        if step.step in LATE_STEPS and step.done_on is None and today > step.due
    ]


# Terms and phase transfer ------------------------------------------------------------------


def term_for(day: date) -> term_dates.Term | None:
    """The term `day` falls in, or the next one when it falls in a holiday (None past the
    last term the council has published)."""
    for year in term_dates.covered_years():
        for candidate in term_dates.terms(year):
            if day <= candidate.end:
                return candidate
    return None


def phase_transfer_review(due: date, transfer_years) -> bool:
    """Whether a review due on `due` is the one in the school year before a September move
    (reg 18): the plan must be amended, naming the new setting, before 15 February."""
    return any(date(year - 1, 9, 1) <= due < date(year, 9, 1) for year in transfer_years)


# The caseload's figures --------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDates:
    due_on: date
    meeting_on: date | None = None
    decision_on: date | None = None


@dataclass
class ReviewFigures:
    """Reviews due in a period and how they went, as SEN2 counts them: meetings held by the
    due date, and decisions within 4 weeks of the meeting (reg 20)."""

    due: int = 0  # reviews falling due in the period
    due_so_far: int = 0  # of them, due by today
    held_on_time: int = 0  # of those, the meeting held by the due date
    decisions_due: int = 0  # meetings in the period decided, or past their 4 weeks
    decided_in_4_weeks: int = 0

    @property
    def held_on_time_rate(self) -> float | None:
        return _percent(self.held_on_time, self.due_so_far)

    @property
    def decided_in_4_weeks_rate(self) -> float | None:
        return _percent(self.decided_in_4_weeks, self.decisions_due)

    def add(self, review: ReviewDates, start: date, end: date, today: date) -> None:
        if start <= review.due_on <= end:
            self.due += 1
            if review.due_on <= today:
                self.due_so_far += 1
                held = review.meeting_on
                self.held_on_time += held is not None and held <= min(review.due_on, today)
        meeting = review.meeting_on
        if meeting is None or not start <= meeting <= min(end, today):
            return
        limit = meeting + 4 * deadlines.WEEK
        if review.decision_on is not None or today > limit:
            self.decisions_due += 1
            self.decided_in_4_weeks += (
                review.decision_on is not None and review.decision_on <= limit
            )


def figures_by_month(
    found, *, start: date, end: date, today: date
) -> tuple[ReviewFigures, list[tuple[date, ReviewFigures]]]:
    """The period's figures and each month's (reviews due counted in the month they fall due,
    decisions in the month of their meeting), from `found`: ReviewDates."""
    months: dict[date, ReviewFigures] = {}
    month = start.replace(day=1)
    while month <= end:
        months[month] = ReviewFigures()
        month = deadlines.add_months(month, 1)
    whole = ReviewFigures()
    for review in found:
        whole.add(review, start, end, today)
        days = [review.due_on] + ([review.meeting_on] if review.meeting_on else [])
        for first in {day.replace(day=1) for day in days}:
            if first in months:
                next_month = deadlines.add_months(first, 1) - timedelta(days=1)
                months[first].add(review, max(first, start), min(next_month, end), today)
    return whole, list(months.items())


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None
