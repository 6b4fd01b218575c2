"""SEND performance: the share of EHC plans issued within 20 weeks, including and excluding the
cases with an exception, as SEN2 reports it (support_and_send.md §2.1: no_exc_20week_rate = plans
issued within 20 weeks excluding exceptions ÷ all plans excluding exceptions); annual reviews
held on time; and the Tribunal appeal rate (§3: appeals registered ÷ appealable decisions)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    TextChoices,
)
from django.db.models.functions import ExtractYear

from frontdoor.core.rounding import percentage
from frontdoor.send import deadlines
from frontdoor.send.models import ClockException, EhcRequest, Requester, Stage
from frontdoor.send.models_reviews import ReviewDecision


@dataclass(frozen=True)
class TwentyWeeks:
    plans: int  # final plans issued in the period
    on_time: int
    plans_without_exceptions: int
    on_time_without_exceptions: int

    @property
    def rate(self):
        """Including exceptions: every plan, on time or not."""
        return percentage(self.on_time, self.plans)

    @property
    def rate_excluding_exceptions(self):
        return percentage(self.on_time_without_exceptions, self.plans_without_exceptions)


def twenty_weeks(requests: QuerySet[EhcRequest], start: date, end: date) -> TwentyWeeks:
    """Plans issued from `start` to `end` inclusive (SEN2 counts a calendar year)."""
    issued = requests.filter(final_issued_on__range=(start, end)).annotate(
        excepted=Exists(ClockException.objects.filter(request=OuterRef("pk")))
    )
    limit = ExpressionWrapper(F("received_on") + 20 * deadlines.WEEK, output_field=DateField())
    on_time = Q(final_issued_on__lte=limit)
    counts = {
        "plans": issued.count(),
        "on_time": issued.filter(on_time).count(),
        "plans_without_exceptions": issued.filter(excepted=False).count(),
        "on_time_without_exceptions": issued.filter(on_time, excepted=False).count(),
    }
    return TwentyWeeks(**counts)


def twenty_weeks_by_year(requests: QuerySet[EhcRequest]) -> dict[int, TwentyWeeks]:
    """The 20-week figures for each calendar year in which a final plan was issued."""
    years = requests.filter(final_issued_on__isnull=False).dates("final_issued_on", "year")
    return {
        year.year: twenty_weeks(requests, date(year.year, 1, 1), date(year.year, 12, 31))
        for year in years
    }


class Outcome(TextChoices):
    """Where a request ended up, or stands (SEN2's outcomes of initial requests)."""

    OPEN = "open", "Awaiting the decision to assess"
    ASSESSED = "assessed", "Assessed, plan decision or plan to come"
    REFUSED = "refused", "Refused an assessment"
    PLAN = "plan", "Plan issued"
    NO_PLAN = "no_plan", "Assessed, no plan"
    WITHDRAWN = "withdrawn", "Withdrawn"


OUTCOME_OF_STAGE = {
    Stage.RECEIVED: Outcome.OPEN,
    Stage.ASSESSING: Outcome.ASSESSED,
    Stage.DRAFTING: Outcome.ASSESSED,
    Stage.DRAFT_SERVED: Outcome.ASSESSED,
    Stage.REFUSED: Outcome.REFUSED,
    Stage.NOT_ISSUING: Outcome.NO_PLAN,
    Stage.ISSUED: Outcome.PLAN,
    Stage.WITHDRAWN: Outcome.WITHDRAWN,
}


@dataclass(frozen=True)
class RequestOutcomes:
    """Requests by who made them and where they ended up, and the refusal rate: refusals as a
    share of the decisions whether to assess."""

    counts: dict[str, dict[str, int]]  # requester -> outcome -> requests
    decided: int  # requests with a decision whether to assess

    def total(self, *, requester: str | None = None, outcome: str | None = None) -> int:
        return sum(
            n
            for who, by_outcome in self.counts.items()
            if requester in (None, who)
            for what, n in by_outcome.items()
            if outcome in (None, what)
        )

    def row(self, *, requester: str | None = None) -> list[int]:
        """The requests with each outcome, in Outcome's order (of one requester, or all)."""
        return [self.total(requester=requester, outcome=outcome) for outcome in Outcome.values]

    @property
    def refusal_rate(self):
        return percentage(self.total(outcome=Outcome.REFUSED), self.decided)


def request_outcomes(requests: QuerySet[EhcRequest]) -> RequestOutcomes:
    counts = {who: dict.fromkeys(Outcome.values, 0) for who in Requester.values}
    for row in requests.order_by().values("requester", "stage").annotate(n=Count("pk")):
        counts[row["requester"]][OUTCOME_OF_STAGE[row["stage"]]] += row["n"]
    decided = requests.filter(assessment_decided_on__isnull=False).count()
    return RequestOutcomes(counts=counts, decided=decided)


# Annual reviews on time and the Tribunal appeal rate, by calendar year ----------------------


@dataclass(frozen=True)
class YearShare:
    year: int
    count: int
    of: int

    @property
    def rate(self):
        return percentage(self.count, self.of)


def _by_year(queryset: QuerySet, field: str) -> Counter:
    rows = (
        queryset.order_by().annotate(year=ExtractYear(field)).values("year").annotate(n=Count("pk"))
    )
    return Counter({row["year"]: row["n"] for row in rows})


def reviews_on_time_by_year(reviews: QuerySet, *, today: date) -> list[YearShare]:
    """The annual reviews that fell due each calendar year, up to today, and how many had their
    meeting by the due date (CFA s.44: within 12 months), the latest year first."""
    due = reviews.filter(due_on__lte=today)
    held = due.filter(meeting_on__lte=F("due_on")).filter(meeting_on__lte=today)
    totals, on_time = _by_year(due, "due_on"), _by_year(held, "due_on")
    return [YearShare(year, on_time[year], totals[year]) for year in sorted(totals, reverse=True)]


# The decisions a family may appeal to the Tribunal (CFA s.51), each counted in the year it was
# made: refusals to assess, decisions not to issue a plan, plans issued (their contents), and
# reviews' decisions to amend or to cease.
_APPEALABLE_REQUESTS = (
    (Stage.REFUSED, "assessment_decided_on"),
    (Stage.NOT_ISSUING, "plan_decided_on"),
    (Stage.ISSUED, "final_issued_on"),
)


def appeal_rate_by_year(*, requests: QuerySet, reviews: QuerySet, disagreements: QuerySet):
    """Appeals registered each calendar year ÷ the appealable decisions made that year, the
    latest year first (years with no appealable decision are left out)."""
    decisions = Counter()
    for stage, field in _APPEALABLE_REQUESTS:
        decisions += _by_year(requests.filter(stage=stage), field)
    changed = reviews.filter(
        decision__in=(ReviewDecision.AMEND, ReviewDecision.CEASE), decision_on__isnull=False
    )
    decisions += _by_year(changed, "decision_on")
    appeals = _by_year(
        disagreements.filter(appeal_registered_on__isnull=False), "appeal_registered_on"
    )
    return [
        YearShare(year, appeals[year], decisions[year]) for year in sorted(decisions, reverse=True)
    ]
