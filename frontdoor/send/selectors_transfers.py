"""Reads of phase transfer casework: a year's transfers in the caseworker's area summarised by
kind, cohort and district against the reg 18 deadlines, a cohort's children a page at a time,
and one transfer. Every read starts from `transfers_visible_to`, the access layer's scope.

A year holds a few thousand transfers at county scale: the summary reads four columns of each
in one query and counts in Python; the lists filter and page in the database."""

import calendar
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from frontdoor.core import access
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.schools.models import Establishment, Sector
from frontdoor.schools.selectors import open_establishments
from frontdoor.send import deadlines
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind
from frontdoor.send.transfers import (
    AT_RISK,
    KIND_DEADLINE,
    LATE,
    ON_TIME,
    OUTSTANDING,
    STANDINGS,
    deadline_of,
    review_meeting_by,
    standing,
    standing_of,
)

# The short names the pages use for each kind (the brief's EY→R, Y6→Y7, Y11→post-16, other).
KIND_SHORT = {
    TransferKind.TO_RECEPTION: "Early years to reception",
    TransferKind.PRIMARY_TO_SECONDARY: "Year 6 to Year 7",
    TransferKind.TO_POST_16: "Year 11 to post-16",
    TransferKind.INFANT_TO_JUNIOR: "Other: infant to junior",
}
# The settings each kind of move goes to (a special school or an all-through one for any).
KIND_SECTORS = {
    TransferKind.TO_RECEPTION: (Sector.PRIMARY, Sector.ALL_THROUGH, Sector.SPECIAL),
    TransferKind.INFANT_TO_JUNIOR: (Sector.PRIMARY, Sector.ALL_THROUGH, Sector.SPECIAL),
    TransferKind.PRIMARY_TO_SECONDARY: (Sector.SECONDARY, Sector.ALL_THROUGH, Sector.SPECIAL),
    TransferKind.TO_POST_16: (
        Sector.SECONDARY,
        Sector.ALL_THROUGH,
        Sector.SPECIAL,
        Sector.SIXTEEN_PLUS,
    ),
}
ALL_KINDS = "all"
# The colour of a status tag: issued in time green, late orange, overdue red, in time grey.
TAGS = {ON_TIME: "green", LATE: "orange", AT_RISK: "red", OUTSTANDING: "grey"}
# The same, short enough for a tag in a table's column.
TAG_TEXT = {
    ON_TIME: "Issued in time",
    LATE: "Issued late",
    AT_RISK: "Overdue",
    OUTSTANDING: "In time",
}


def transfers_visible_to(user) -> QuerySet[PhaseTransfer]:
    plans = access.scope_send_plans(user, EhcPlan.objects.all())
    return PhaseTransfer.objects.filter(plan__in=plans)


def years_to_choose(user, working_year: int) -> list[int]:
    """The years with transfers in the caseworker's area, and the two either side of the one
    being worked now (the next ones can be opened before their autumn)."""
    listed = transfers_visible_to(user).values_list("transfer_year", flat=True).distinct()
    return sorted({*listed, *range(working_year - 2, working_year + 3)})


# A year's progress -------------------------------------------------------------------------


@dataclass
class Tally:
    """Transfers by where their amended plan stands against the deadline."""

    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time(self) -> int:
        return self.counts[ON_TIME]

    @property
    def late(self) -> int:
        return self.counts[LATE]

    @property
    def overdue(self) -> int:
        return self.counts[AT_RISK]

    @property
    def in_time(self) -> int:
        return self.counts[OUTSTANDING]

    @property
    def issued(self) -> int:
        return self.on_time + self.late


@dataclass(frozen=True)
class TallyRow:
    key: str  # a kind, a cohort or a district's name
    label: str
    tally: Tally


@dataclass(frozen=True)
class CurvePoint:
    day: date
    series: str  # "school" or "post_16": the deadline the moves are counted against
    issued: int
    total: int

    @property
    def share(self) -> float:
        return round(100 * self.issued / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class YearProgress:
    year: int
    total: Tally
    by_kind: list[TallyRow]
    by_cohort: list[TallyRow]
    by_district: list[TallyRow]
    curve: list[CurvePoint]  # each week's cumulative amended plans, toward the deadline
    by_month: list[CurvePoint]  # the same at each month's end: the chart's table

    @property
    def deadlines(self) -> dict[str, date]:
        return {
            kind: deadlines.phase_transfer_deadline(self.year, kind)
            for kind in (deadlines.TO_SCHOOL, deadlines.TO_POST_16)
        }

    @property
    def review_by(self) -> dict[str, date]:
        return {
            kind: deadlines.phase_transfer_review_by(self.year, kind)
            for kind in (deadlines.TO_SCHOOL, deadlines.TO_POST_16)
        }


def year_progress(user, year: int, *, today: date) -> YearProgress:
    rows = list(
        transfers_visible_to(user)
        .filter(transfer_year=year)
        .values_list("kind", "cohort", "plan__district__name", "amended_issued_on")
    )
    total = Tally()
    kinds = {kind: Tally() for kind in KIND_SHORT}
    cohorts = {cohort: Tally() for cohort in TransferCohort.values}
    districts: dict[str, Tally] = {}
    for kind, cohort, district, issued_on in rows:
        state = standing_of(kind=kind, transfer_year=year, issued_on=issued_on, today=today)
        for tally in (total, kinds[kind], cohorts[cohort], districts.setdefault(district, Tally())):
            tally.counts[state] += 1
    return YearProgress(
        year=year,
        total=total,
        by_kind=[TallyRow(kind, KIND_SHORT[kind], tally) for kind, tally in kinds.items()],
        by_cohort=[
            TallyRow(cohort, TransferCohort(cohort).label, tally)
            for cohort, tally in cohorts.items()
        ],
        by_district=[TallyRow(name, name, districts[name]) for name in sorted(districts)],
        curve=_curve(rows, year, _weeks(year, today)),
        by_month=_curve(rows, year, _month_ends(year, today)),
    )


def _weeks(year: int, today: date) -> list[date]:
    """Each Monday from the start of the school year before the move to the end of May (the
    post-16 deadline and the weeks after it), up to today."""
    day = date(year - 1, 9, 1)
    day += timedelta(days=(7 - day.weekday()) % 7)
    end = min(date(year, 5, 31), today)
    weeks = []
    while day <= end:
        weeks.append(day)
        day += timedelta(weeks=1)
    return weeks


def _month_ends(year: int, today: date) -> list[date]:
    """The last day of each month from September before the move to May, up to today (and
    today itself, part way through a month)."""
    ends = []
    for month_start in [date(year - 1, m, 1) for m in (9, 10, 11, 12)] + [
        date(year, m, 1) for m in (1, 2, 3, 4, 5)
    ]:
        end = month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
        if end > today:
            if month_start <= today:
                ends.append(today)
            break
        ends.append(end)
    return ends


def _curve(rows, year: int, days: list[date]) -> list[CurvePoint]:
    """The amended plans issued by each day, for moves to school and to post-16 separately."""
    issued: dict[str, list[date]] = {deadlines.TO_SCHOOL: [], deadlines.TO_POST_16: []}
    totals: Counter = Counter()
    for kind, _cohort, _district, issued_on in rows:
        series = KIND_DEADLINE[kind]
        totals[series] += 1
        if issued_on:
            issued[series].append(issued_on)
    for dates in issued.values():
        dates.sort()
    return [
        CurvePoint(day, series, bisect_right(issued[series], day), totals[series])
        for series in issued
        if totals[series]
        for day in days
    ]


# A cohort's children ------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortFilters:
    year: int
    kind: str = ALL_KINDS
    district: object | None = None  # a District
    cohort: str = ""
    status: str = ""


def cohort_transfers(user, filters: CohortFilters, *, today: date) -> QuerySet[PhaseTransfer]:
    """The year's transfers of the kind, filtered, children in name order; standing is worked
    out from each kind's deadline in the database, so the list pages there."""
    found = transfers_visible_to(user).filter(transfer_year=filters.year)
    if filters.kind != ALL_KINDS:
        found = found.filter(kind=filters.kind)
    if filters.district is not None:
        found = found.filter(plan__district=filters.district)
    if filters.cohort:
        found = found.filter(cohort=filters.cohort)
    if filters.status:
        found = found.filter(_standing_is(filters.status, filters.year, today))
    return found.select_related(
        "plan__pupil", "plan__district", "plan__named_setting", "preference", "named_setting"
    ).order_by("plan__pupil__last_name", "plan__pupil__first_name", "pk")


def _standing_is(status: str, year: int, today: date) -> Q:
    matching = Q(pk__in=[])
    for kind in TransferKind.values:
        deadline = deadlines.phase_transfer_deadline(year, KIND_DEADLINE[kind])
        condition = {
            ON_TIME: Q(amended_issued_on__lte=deadline),
            LATE: Q(amended_issued_on__gt=deadline),
            AT_RISK: Q(amended_issued_on__isnull=True) if today > deadline else None,
            OUTSTANDING: Q(amended_issued_on__isnull=True) if today <= deadline else None,
        }[status]
        if condition is not None:
            matching |= Q(kind=kind) & condition
    return matching


@dataclass(frozen=True)
class TransferRow:
    transfer: PhaseTransfer
    review_by: date
    deadline: date
    status: str

    @property
    def status_label(self) -> str:
        return STANDINGS[self.status]

    @property
    def tag_text(self) -> str:
        return TAG_TEXT[self.status]

    @property
    def kind_label(self) -> str:
        return KIND_SHORT[self.transfer.kind]

    @property
    def tag(self) -> str:
        return f"govuk-tag--{TAGS[self.status]}"


def transfer_rows(transfers, *, today: date) -> list[TransferRow]:
    return [
        TransferRow(t, review_meeting_by(t), deadline_of(t), standing(t, today)) for t in transfers
    ]


# One transfer ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferRecord:
    transfer: PhaseTransfer
    child_visible: bool
    review_by: date
    decision_by: date  # the 4-week decision after a meeting on `review_by` (reg 20, 22)
    deadline: date
    status: str
    today: date

    @property
    def status_label(self) -> str:
        return STANDINGS[self.status]

    @property
    def tag(self) -> str:
        return f"govuk-tag--{TAGS[self.status]}"

    @property
    def kind_label(self) -> str:
        return KIND_SHORT[self.transfer.kind]

    @property
    def issued(self) -> bool:
        return self.transfer.amended_issued_on is not None

    @property
    def meeting_held(self) -> bool:
        meeting = self.transfer.placement_meeting_on
        return meeting is not None and meeting <= self.today


def transfer_for(user, transfer_id: int) -> PhaseTransfer | None:
    """The transfer, if its plan is in the user's area (None otherwise: the same to them)."""
    return (
        transfers_visible_to(user)
        .select_related(
            "plan__pupil", "plan__district", "plan__named_setting", "preference", "named_setting"
        )
        .filter(pk=transfer_id)
        .first()
    )


def transfer_record(user, transfer: PhaseTransfer, *, today: date) -> TransferRecord:
    review_by = review_meeting_by(transfer)
    return TransferRecord(
        transfer=transfer,
        child_visible=pupils_visible_to(user).filter(pk=transfer.plan.pupil_id).exists(),
        review_by=review_by,
        decision_by=review_by + 4 * deadlines.WEEK,
        deadline=deadline_of(transfer),
        status=standing(transfer, today),
        today=today,
    )


def settings_for(transfer: PhaseTransfer) -> QuerySet[Establishment]:
    """The settings a transfer may prefer or name: the open ones of the sectors its kind of
    move goes to, and any it already has."""
    chosen = [pk for pk in (transfer.preference_id, transfer.named_setting_id) if pk]
    return (
        Establishment.objects.filter(
            Q(pk__in=open_establishments().filter(sector__in=KIND_SECTORS[transfer.kind]))
            | Q(pk__in=chosen)
        )
        .select_related("district")
        .order_by("name")
    )
