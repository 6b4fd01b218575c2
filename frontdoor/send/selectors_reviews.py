"""Reads for the annual review pages: where every plan in a caseworker's area stands, the
area's figures, each school's list for a term and one review's record.

At county scale (about 17,000 plans and 62,000 reviews) a plan's standing comes from two
queries, not one a plan: the plans in force, each with the meeting of its last completed
review (a grouped join), and the reviews still under way. Only the page being shown loads
its plans, children and schools."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Max, Q, QuerySet

from frontdoor.core import access
from frontdoor.core.term_dates import Term
from frontdoor.schools.models import District, Establishment
from frontdoor.send import deadlines, plan_content, reviews
from frontdoor.send.clock import ClockStep
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.models_transfers import PhaseTransfer
from frontdoor.send.reviews import Lateness, ReviewDates, ReviewFigures


def _complete(prefix: str = "") -> Q:
    """A review is done once decided and, when amending, once the amended plan is issued
    (`AnnualReview.is_complete`, in SQL)."""
    return (
        Q(**{f"{prefix}decision_on__isnull": False})
        & Q(**{f"{prefix}meeting_on__isnull": False})
        & (
            ~Q(**{f"{prefix}decision": ReviewDecision.AMEND})
            | Q(**{f"{prefix}amended_issued_on__isnull": False})
        )
    )


def plans_visible_to(user) -> QuerySet[EhcPlan]:
    return access.scope_send_plans(user, EhcPlan.objects.all())


def plans_in_force(user) -> QuerySet[EhcPlan]:
    return plans_visible_to(user).filter(issued_on__isnull=False, ceased_on__isnull=True)


def review_schools(user) -> QuerySet[Establishment]:
    """The schools and colleges named in the plans in force in the caseworker's area."""
    named = plans_in_force(user).exclude(named_setting=None).values("named_setting")
    return Establishment.objects.filter(pk__in=named).order_by("name")


# Where each plan stands --------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    plan_id: int
    school_id: int | None  # the setting named in the plan
    due: date  # when its next review is due: 12 months from the last one, or from the plan
    under_way: AnnualReview | None
    late: list[Lateness]

    @property
    def days_late(self) -> int:
        return max((lateness.days for lateness in self.late), default=0)


@dataclass(frozen=True)
class Scope:
    """What the lists are narrowed to (None: everything in the caseworker's area)."""

    district: District | None = None
    school: Establishment | None = None


def standings(user, scope: Scope, *, today: date) -> list[Standing]:
    plans = _plans(user, scope)
    last_meetings = plans.annotate(
        last_meeting=Max("reviews__meeting_on", filter=_complete("reviews__"))
    ).values_list("pk", "named_setting_id", "issued_on", "last_meeting")
    under_way: dict[int, AnnualReview] = {}
    for review in AnnualReview.objects.filter(plan__in=plans).exclude(_complete()):
        earliest = under_way.get(review.plan_id)
        if earliest is None or (review.due_on, review.pk) < (earliest.due_on, earliest.pk):
            under_way[review.plan_id] = review
    found = []
    for plan_id, school_id, issued_on, last_meeting in last_meetings:
        due = deadlines.review_due(last_meeting or issued_on)
        review = under_way.get(plan_id)
        late = reviews.late_steps(due, review, today)
        found.append(Standing(plan_id, school_id, due, review, late))
    return found


def _plans(user, scope: Scope) -> QuerySet[EhcPlan]:
    return _narrowed(plans_in_force(user), scope)


def _narrowed(plans: QuerySet[EhcPlan], scope: Scope) -> QuerySet[EhcPlan]:
    if scope.district is not None:
        plans = plans.filter(district=scope.district)
    if scope.school is not None:
        plans = plans.filter(named_setting=scope.school)
    return plans


def worklist(found: list[Standing], *, term: Term, overdue_only: bool) -> list[Standing]:
    """The overdue reviews, the latest first, then (unless `overdue_only`) those due in the
    term and those under way from before it, the soonest first."""
    overdue = sorted((s for s in found if s.late), key=lambda s: (-s.days_late, s.plan_id))
    if overdue_only:
        return overdue
    coming = [
        s
        for s in found
        if not s.late
        and (term.start <= s.due <= term.end or (s.under_way is not None and s.due < term.start))
    ]
    return overdue + sorted(coming, key=lambda s: (s.due, s.plan_id))


def plans_by_id(plan_ids) -> dict[int, EhcPlan]:
    """The plans a page shows, with their child, district and named setting."""
    found = EhcPlan.objects.filter(pk__in=list(plan_ids)).select_related(
        "pupil", "district", "named_setting"
    )
    return {plan.pk: plan for plan in found}


# The area's figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    start: date
    end: date
    figures: ReviewFigures
    months: list[tuple[date, ReviewFigures]]
    overdue_now: int
    overdue_by_step: list[tuple[str, int]]


def summary(user, scope: Scope, found: list[Standing], *, term: Term, today: date) -> Summary:
    """The figures for the school year of `term`: reviews due, meetings held by the due date,
    decisions within 4 weeks, month by month; and the reviews overdue now. A plan whose review
    has not been opened counts as a review due, not held."""
    start, end = date(term.academic_year, 9, 1), date(term.academic_year + 1, 8, 31)
    in_year = Q(due_on__range=(start, end)) | Q(meeting_on__range=(start, end))
    dates = [
        ReviewDates(*row)
        for row in AnnualReview.objects.filter(plan__in=_all_plans(user, scope))
        .filter(in_year)
        .values_list("due_on", "meeting_on", "decision_on")
    ]
    dates += [ReviewDates(s.due) for s in found if s.under_way is None and start <= s.due <= end]
    figures, months = reviews.figures_by_month(dates, start=start, end=end, today=today)
    by_step = defaultdict(int)
    for standing in found:
        for lateness in standing.late:
            by_step[lateness.step] += 1
    return Summary(
        start,
        end,
        figures,
        months,
        overdue_now=sum(1 for s in found if s.late),
        overdue_by_step=[(label, by_step[step]) for step, label in reviews.LATE_STEPS.items()],
    )


def _all_plans(user, scope: Scope) -> QuerySet[EhcPlan]:
    """The plans whose reviews count in the year's figures: those since ceased too."""
    return _narrowed(plans_visible_to(user), scope)


# Each school's list for a term -------------------------------------------------------------


@dataclass(frozen=True)
class TermlyEntry:
    plan_id: int
    school_id: int | None
    due: date
    review: AnnualReview | None  # None: not yet opened


@dataclass(frozen=True)
class TermlyRow:
    plan: EhcPlan
    due: date
    review: AnnualReview | None
    phase_transfer: bool

    @property
    def meeting_on(self) -> date | None:
        return self.review.meeting_on if self.review else None


def termly_entries(user, scope: Scope, *, term: Term, today: date) -> list[TermlyEntry]:
    """The reviews due in the term, held or not: those opened, and the plans in force whose
    review falls due then but has not been opened."""
    opened = (
        AnnualReview.objects.filter(
            plan__in=_plans(user, scope), due_on__range=(term.start, term.end)
        )
        .annotate(school_id=F("plan__named_setting_id"))
        .order_by("due_on", "pk")
    )
    entries = [TermlyEntry(r.plan_id, r.school_id, r.due_on, r) for r in opened]
    seen = {entry.plan_id for entry in entries}
    entries += [
        TermlyEntry(s.plan_id, s.school_id, s.due, None)
        for s in standings(user, scope, today=today)
        if s.under_way is None and term.start <= s.due <= term.end and s.plan_id not in seen
    ]
    return entries


def by_school(entries: list[TermlyEntry]) -> list[tuple[Establishment | None, list[TermlyEntry]]]:
    """The entries school by school, in the schools' order by name (plans naming no school
    last), each school's by due date."""
    grouped: dict[int | None, list[TermlyEntry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.school_id].append(entry)
    schools = Establishment.objects.in_bulk([pk for pk in grouped if pk is not None])
    order = sorted(grouped, key=lambda pk: (pk is None, schools[pk].name if pk else ""))
    return [
        (schools.get(pk), sorted(grouped[pk], key=lambda e: (e.due, e.plan_id))) for pk in order
    ]


def termly_rows(entries: list[TermlyEntry]) -> list[TermlyRow]:
    """The entries with their plans and children, and whether each is the review before a
    phase transfer (as recorded on the review, or from the plan's move when not yet opened)."""
    plans = plans_by_id(e.plan_id for e in entries)
    moves: dict[int, list[int]] = defaultdict(list)
    transfers = PhaseTransfer.objects.filter(plan_id__in=[e.plan_id for e in entries])
    for plan_id, year in transfers.values_list("plan_id", "transfer_year"):
        moves[plan_id].append(year)
    return [
        TermlyRow(
            plans[e.plan_id],
            e.due,
            e.review,
            e.review.phase_transfer
            if e.review
            else reviews.phase_transfer_review(e.due, moves[e.plan_id]),
        )
        for e in entries
    ]


# One review --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRecord:
    """Everything a review's page shows."""

    review: AnnualReview
    clock: list[ClockStep]
    late: list[Lateness]
    history: list[AnnualReview]  # the plan's reviews, the latest first
    amendments: list[plan_content.Change]  # proposed with an amend decision
    comments_close: date | None  # the family's 15 days on the proposed amendments
    can_open_next: bool  # the plan is in force and has no review under way

    @property
    def plan(self) -> EhcPlan:
        return self.review.plan


def review_for(user, review_id: int) -> AnnualReview | None:
    """The review, if its plan is in the user's area (None otherwise)."""
    return (
        AnnualReview.objects.filter(plan__in=plans_visible_to(user), pk=review_id)
        .select_related("plan__pupil", "plan__district", "plan__named_setting")
        .first()
    )


def review_record(review: AnnualReview, *, today: date) -> ReviewRecord:
    plan = review.plan
    history = list(plan.reviews.order_by("-due_on", "-pk"))
    in_force = plan.issued_on is not None and plan.ceased_on is None
    proposed = review.decision == ReviewDecision.AMEND
    return ReviewRecord(
        review=review,
        clock=reviews.review_clock(review, today),
        late=[] if review.is_complete else reviews.late_steps(review.due_on, review, today),
        history=history,
        amendments=_amendments(plan) if proposed else [],
        comments_close=deadlines.representations_close(review.decision_on) if proposed else None,
        can_open_next=in_force and all(r.decision_on for r in history),
    )


def _amendments(plan: EhcPlan) -> list[plan_content.Change]:
    """The latest version against the final one before it: the amendments proposed (still a
    draft) or made (issued)."""
    versions = list(plan.versions.order_by("number"))
    if len(versions) < 2:
        return []
    latest = versions[-1]
    before = [v for v in versions[:-1] if v.status == PlanVersion.Status.FINAL]
    return plan_content.differences(before[-1].content, latest.content) if before else []


def content_to_amend(plan: EhcPlan) -> dict:
    """What the amendments start from: a draft already begun (on the plan's pages), or the
    plan in force."""
    latest = plan.versions.order_by("number").last()
    return dict(latest.content) if latest else {}
