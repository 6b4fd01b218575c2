"""SEND performance: the share of EHC plans issued within 20 weeks, including and excluding the
cases with an exception, as SEN2 reports it (support_and_send.md §2.1: no_exc_20week_rate = plans
issued within 20 weeks excluding exceptions ÷ all plans excluding exceptions)."""

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

from frontdoor.core.rounding import percentage
from frontdoor.send import deadlines
from frontdoor.send.models import ClockException, EhcRequest, Requester, Stage


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
