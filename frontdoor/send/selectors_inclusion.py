"""Reads for the inclusion dashboard: each school's pupils with SEN support and EHC plans
against what its intake predicts (`send.inclusion`), its attendance and part-time timetables
(the attendance engine's latest summary), suspensions, permanent exclusions and moves out.

Every count is summed by the database or the engine (per school and cell, never per pupil in
Python); a district's or the county's figures are the sums of its schools' counts, and every
rate is a sum of numerators over a sum of denominators, rounded half up. The figures are the
same for every member of council staff, so they are worked out once a day (and again when a
new attendance summary arrives) and kept in the "shared" cache, which every process of the
deployment reads; `frontdoor send inclusion` works them out ahead of the first visitor.

The window: pupils on roll and their needs as at the attendance summary's date (the latest
day with register marks; today when there is no summary), and suspensions, permanent
exclusions and moves out from 1 September of that academic year up to that date."""

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pyarrow.compute as pc
from django.core.cache import caches
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from frontdoor.attendance import dashboards, summaries
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.summaries import Summary
from frontdoor.attendance.ytd_rows import ytd_rows
from frontdoor.core.calendar import academic_year_of, academic_year_start
from frontdoor.core.rounding import percentage
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment
from frontdoor.schools.models import Establishment, Sector
from frontdoor.send import inclusion
from frontdoor.send.inclusion import Cell, Standardised

# Schools compared with the county's rates: special schools and AP exist for high needs.
MAINSTREAM = frozenset(
    {Sector.NURSERY, Sector.PRIMARY, Sector.SECONDARY, Sector.ALL_THROUGH, Sector.SIXTEEN_PLUS}
)
# Year groups after which pupils normally change school whatever the school's age range.
TRANSFER_YEARS = (6, 11)
SUMMER_FROM = (7, 1)  # leaving from 1 July is leaving at the end of the year
MAX_YEARS_ON_ROLL = 20  # N1 to Year 14 is 17 academic years
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Counts:
    """Counts that add up across schools; the rates shown are worked out from them."""

    pupils: int = 0  # enrolments on roll on the day, every registration
    sen_support: int = 0  # SEN support and no EHC plan
    ehcp: int = 0
    # Mainstream schools only: those compared with the county's rates.
    compared_sen_support: int = 0
    compared_ehcp: int = 0
    expected_sen_support: Fraction = Fraction(0)
    expected_ehcp: Fraction = Fraction(0)
    possible_sessions: int = 0
    overall_attendance: int = 0
    part_time: int = 0  # pupils with C2 (part-time timetable) sessions this year
    suspensions: int = 0
    permanent_exclusions: int = 0
    moves_out: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)}
        )

    @property
    def sen_support_rate(self) -> Decimal | None:
        return percentage(self.sen_support, self.pupils, 1)

    @property
    def ehcp_rate(self) -> Decimal | None:
        return percentage(self.ehcp, self.pupils, 1)

    @property
    def attendance_rate(self) -> Decimal | None:
        return percentage(self.overall_attendance, self.possible_sessions, 2)

    @property
    def suspensions_per_100(self) -> Decimal | None:
        return percentage(self.suspensions, self.pupils, 2)

    @property
    def permanent_per_100(self) -> Decimal | None:
        return percentage(self.permanent_exclusions, self.pupils, 2)

    @property
    def part_time_per_100(self) -> Decimal | None:
        return percentage(self.part_time, self.pupils, 2)

    @property
    def moves_out_per_100(self) -> Decimal | None:
        return percentage(self.moves_out, self.pupils, 2)

    @property
    def standardised_sen_support(self) -> Standardised | None:
        return self.standardised("sen_support")

    @property
    def standardised_ehcp(self) -> Standardised | None:
        return self.standardised("ehcp")

    def standardised(self, measure: str) -> Standardised | None:
        """Observed against expected for `measure` (an inclusion.MEASURES key); None when no
        compared school is in these counts."""
        expected = getattr(self, f"expected_{measure}")
        if not expected:
            return None
        return inclusion.standardise(getattr(self, f"compared_{measure}"), expected)


@dataclass(frozen=True)
class SchoolFigures:
    urn: int
    name: str
    sector: str
    district_code: str
    district_name: str
    counts: Counts
    cells: tuple[Cell, ...] = field(repr=False)

    @property
    def compared(self) -> bool:
        return self.sector in MAINSTREAM

    @property
    def sector_label(self) -> str:
        return Sector(self.sector).label if self.sector in Sector.values else self.sector


@dataclass(frozen=True)
class InclusionFigures:
    on: date  # pupils on roll and their needs on this day
    since: date  # suspensions, exclusions and moves out from this day to `on`
    attendance_as_at: date | None  # None: no attendance summary yet
    schools: dict[int, SchoolFigures]  # by URN
    rates: dict[str, dict[tuple, Fraction]]  # measure -> the county's rate per cell
    key: str = ""  # names this version of the figures, for caches of what is made from them

    def chosen(self, *, district: str = "", phase: str = "") -> list[SchoolFigures]:
        """The schools in a district (code) and phase (sector), by name."""
        return sorted(
            (
                school
                for school in self.schools.values()
                if (not district or school.district_code == district)
                and (not phase or school.sector == phase)
            ),
            key=lambda school: (school.name, school.urn),
        )

    def by_district(self, *, phase: str = "") -> list[tuple[str, str, Counts]]:
        """(code, name, counts) for each district with schools in the phase, by name."""
        totals: dict[tuple[str, str], Counts] = defaultdict(Counts)
        for school in self.chosen(phase=phase):
            key = (school.district_name, school.district_code)
            totals[key] = totals[key] + school.counts
        return [(code, name, counts) for (name, code), counts in sorted(totals.items())]

    def district_counts(self, code: str) -> Counts:
        return total(self.chosen(district=code))

    def county_counts(self) -> Counts:
        return total(self.schools.values())

    @property
    def phases(self) -> list[tuple[str, str]]:
        present = {school.sector for school in self.schools.values()}
        return [(value, label) for value, label in Sector.choices if value in present]


def total(schools) -> Counts:
    return sum((school.counts for school in schools), Counts())


def beyond_limits(schools: list[SchoolFigures], measure: str) -> tuple[list, list]:
    """(above, below): the compared schools beyond their 95% limits for `measure`, each as
    (school, standardised), furthest from expected first."""
    above, below = [], []
    for school in schools:
        found = school.counts.standardised(measure) if school.compared else None
        if found is None or found.position is None or not found.position.beyond:
            continue
        (above if found.position.name.startswith("ABOVE") else below).append((school, found))
    above.sort(key=lambda pair: (-pair[1].ratio, pair[0].name))
    below.sort(key=lambda pair: (pair[1].ratio, pair[0].name))
    return above, below


# --- the figures, once a day --------------------------------------------------------------------


def latest_figures() -> InclusionFigures:
    """The figures as at the latest attendance summary, from the cache when they have been
    worked out today for the same summary. Records added during the day show the next day:
    working the figures out takes a few seconds for a county, too long for every record."""
    summary = summaries.latest_summary()
    today = timezone.localdate()
    parts = [today.isoformat()]
    if summary is not None:
        parts += [summary.store_stamp, str(summary.path)]
    key = "send-inclusion:" + "|".join(parts)
    shared = caches["shared"]  # one working out a day for every process, not one each
    figures = shared.get(key)
    if figures is None:
        figures = replace(
            inclusion_figures(on=summary.as_at if summary else today, summary=summary), key=key
        )
        shared.set(key, figures, timeout=CACHE_SECONDS)
    return figures


def inclusion_figures(*, on: date, summary: Summary | None) -> InclusionFigures:
    """Every school's figures on `on`, standardised against the county's mainstream rates."""
    since = academic_year_start(academic_year_of(on))
    cells = intake_cells(on)
    by_school: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_school[cell.urn].append(cell)
    info = {
        row["urn"]: row
        for row in Establishment.objects.filter(urn__in=list(by_school)).values(
            "urn", "name", "sector", "district__code", "district__name"
        )
    }
    reference = [cell for cell in cells if info[cell.urn]["sector"] in MAINSTREAM]
    rates = {measure: inclusion.county_rates(reference, measure) for measure in inclusion.MEASURES}
    attendance = dashboards.school_counts(summary) if summary is not None else {}
    part_time = part_time_counts(summary) if summary is not None else {}
    exclusions = exclusion_counts(since, on)
    moves = moves_out_counts(since, on)
    schools = {}
    for urn, own in by_school.items():
        school = info[urn]
        compared = school["sector"] in MAINSTREAM
        counts = Counts(
            pupils=sum(cell.pupils for cell in own),
            sen_support=sum(cell.sen_support for cell in own),
            ehcp=sum(cell.ehcp for cell in own),
            compared_sen_support=sum(cell.sen_support for cell in own) if compared else 0,
            compared_ehcp=sum(cell.ehcp for cell in own) if compared else 0,
            expected_sen_support=inclusion.expected(own, rates["sen_support"])
            if compared
            else Fraction(0),
            expected_ehcp=inclusion.expected(own, rates["ehcp"]) if compared else Fraction(0),
            possible_sessions=attendance.get(urn, {}).get("possible_sessions", 0),
            overall_attendance=attendance.get(urn, {}).get("overall_attendance", 0),
            part_time=part_time.get(urn, 0),
            suspensions=exclusions.get(urn, (0, 0))[0],
            permanent_exclusions=exclusions.get(urn, (0, 0))[1],
            moves_out=moves.get(urn, 0),
        )
        schools[urn] = SchoolFigures(
            urn=urn,
            name=school["name"],
            sector=school["sector"],
            district_code=school["district__code"] or "",
            district_name=school["district__name"] or "No district",
            counts=counts,
            cells=tuple(sorted(own, key=lambda cell: (cell.nc_year, cell.sex, cell.fsm))),
        )
    return InclusionFigures(
        on=on,
        since=since,
        attendance_as_at=summary.as_at if summary is not None else None,
        schools=schools,
        rates=rates,
    )


# --- counts from the database and the engine ------------------------------------------------------


# Bits of a pupil's needs on the day, found by one subquery per enrolment rather than three.
FSM_BIT, SEN_SUPPORT_BIT, EHCP_BIT = 1, 2, 4
NEED_BITS = {
    Characteristic.FSM: FSM_BIT,
    Characteristic.SEN_SUPPORT: SEN_SUPPORT_BIT,
    Characteristic.EHC_PLAN: EHCP_BIT,
}


def _needs_on(on: date) -> Coalesce:
    """SQL for the enrolment's pupil's needs on the day, as the sum of NEED_BITS (0: none); a
    need recorded twice over the same day counts once (a maximum per need)."""
    current = CharacteristicPeriod.objects.filter(
        pupil=OuterRef("pupil_id"), characteristic__in=list(NEED_BITS), start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    bits = [
        Max(Case(When(characteristic=need, then=Value(bit)), default=Value(0)))
        for need, bit in NEED_BITS.items()
    ]
    mask = current.values("pupil").annotate(mask=bits[0] + bits[1] + bits[2]).values("mask")
    return Coalesce(Subquery(mask), Value(0))


def _years_since_admission(academic_year: int):
    """SQL for the academic years from the enrolment's admission to `academic_year` (0 when
    admitted that year): date comparisons only, so the database needs no date functions."""
    return Case(
        *[
            When(admission_date__gte=academic_year_start(academic_year - years), then=Value(years))
            for years in range(MAX_YEARS_ON_ROLL)
        ],
        default=Value(MAX_YEARS_ON_ROLL),
    )


def _year_group(academic_year: int):
    """SQL for pupils.selectors.nc_year_on: the year group in `academic_year`."""
    return F("nc_year_on_admission") + _years_since_admission(academic_year)


def intake_cells(on: date) -> list[Cell]:
    """Pupils on roll on `on` per school, year group, sex and FSM, with how many had SEN
    support (and no EHC plan) and how many an EHC plan: summed by the database per school, year
    group, sex and needs, then the needs' groups (a few per cell) added into cells."""
    rows = (
        Enrolment.objects.filter(admission_date__lte=on)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))
        .annotate(year_group=_year_group(academic_year_of(on)), needs=_needs_on(on))
        .values_list("establishment__urn", "year_group", "pupil__sex", "needs")
        .annotate(pupils=Count("pk"))
        .order_by()
    )
    cells: dict[tuple, list[int]] = {}
    for urn, year_group, sex, needs, pupils in rows:
        counts = cells.setdefault((urn, year_group, sex, bool(needs & FSM_BIT)), [0, 0, 0])
        counts[0] += pupils
        if needs & EHCP_BIT:
            counts[2] += pupils
        elif needs & SEN_SUPPORT_BIT:
            counts[1] += pupils
    return [
        Cell(urn, year_group, sex, fsm, pupils, sen_support, ehcp)
        for (urn, year_group, sex, fsm), (pupils, sen_support, ehcp) in cells.items()
    ]


def exclusion_counts(since: date, on: date) -> dict[int, tuple[int, int]]:
    """URN -> (suspensions, permanent exclusions) starting from `since` to `on`."""
    rows = (
        Exclusion.objects.filter(start_date__range=(since, on))
        .values("establishment__urn")
        .annotate(
            suspensions=Count("pk", filter=Q(kind=Exclusion.Kind.SUSPENSION)),
            permanent=Count("pk", filter=Q(kind=Exclusion.Kind.PERMANENT)),
        )
        .order_by()
    )
    return {row["establishment__urn"]: (row["suspensions"], row["permanent"]) for row in rows}


def moves_out_counts(since: date, on: date) -> dict[int, int]:
    """URN -> pupils whose enrolment ended from `since` to `on` (within one academic year),
    other than at the normal end of a phase (leaving from 1 July from the school's last year
    group, Year 6 or Year 11).
    A dual subsidiary registration ending is the end of a placement, not a move."""
    year = academic_year_of(on)  # the whole window is in this academic year
    # The school's last year group: statutory high age 11 is Year 6, 16 is Year 11.
    end_of_phase = Q(leaving_date__gte=date(year + 1, *SUMMER_FROM)) & (
        Q(leaving_year__in=TRANSFER_YEARS)
        | Q(leaving_year__gte=F("establishment__statutory_high_age") - 5)
    )
    rows = (
        Enrolment.objects.filter(leaving_date__range=(since, on))
        .exclude(registration=Enrolment.Registration.DUAL_SUBSIDIARY)
        .annotate(leaving_year=_year_group(year))
        # A Case, not exclude(): an unknown age range (NULL) must count as a move.
        .annotate(
            normal_leaver=Case(
                When(end_of_phase, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .filter(normal_leaver=False)
        .values("establishment__urn")
        .annotate(moves=Count("pk"))
        .order_by()
    )
    return {row["establishment__urn"]: row["moves"] for row in rows}


def part_time_counts(summary: Summary) -> dict[int, int]:
    """URN -> enrolments with C2 (part-time timetable) sessions this year to date: the
    attendance worklist's part-time timetables, counted by school."""
    rows = ytd_rows(summary)
    chosen = rows.filter(pc.greater(rows["code_C2"], 0))
    counted = chosen.group_by("urn").aggregate([("pupil_id", "count")])
    return dict(
        zip(
            counted["urn"].to_pylist(),
            counted["pupil_id_count"].to_pylist(),
            strict=True,
        )
    )


# --- what the pages and the download show ----------------------------------------------------


def funnel_points(schools: list[SchoolFigures], measure: str) -> list[dict]:
    """The compared schools with an expected count for `measure`: the funnel chart's points and
    the rows of its table, by name."""
    points = []
    for school in schools:
        found = school.counts.standardised(measure) if school.compared else None
        if found is None:
            continue
        points.append(
            {
                "school": school,
                "observed": found.observed,
                "expected": float(found.expected),
                "standardised": found,
                "ratio": found.ratio,
                "position": found.position,
            }
        )
    return points


def year_groups(figures: InclusionFigures, school: SchoolFigures) -> list[dict]:
    """The school's pupils by year group, with SEN support and EHC plans observed and expected
    (expected only for a compared school)."""
    by_year: dict[int, list[Cell]] = defaultdict(list)
    for cell in school.cells:
        by_year[cell.nc_year].append(cell)
    rows = []
    for year, cells in sorted(by_year.items()):
        row = {
            "nc_year": year,
            "pupils": sum(cell.pupils for cell in cells),
            "sen_support": sum(cell.sen_support for cell in cells),
            "ehcp": sum(cell.ehcp for cell in cells),
        }
        for measure in inclusion.MEASURES:
            expected = inclusion.expected(cells, figures.rates[measure])
            row[f"expected_{measure}"] = (
                inclusion.Standardised(row[measure], expected, None).expected_shown
                if school.compared
                else None
            )
        rows.append(row)
    return rows


def comparison_rows(columns: list[Counts]) -> list[dict]:
    """Each measure across the columns (a school, its district, the county): `kind` says how
    to show the values (count, percent, per_100 or ratio)."""

    def row(label: str, kind: str, value) -> dict:
        return {"label": label, "kind": kind, "values": [value(counts) for counts in columns]}

    return [
        row("Pupils on roll", "count", lambda c: c.pupils),
        row("Pupils with SEN support", "count", lambda c: c.sen_support),
        row("SEN support, share of pupils", "percent", lambda c: c.sen_support_rate),
        row(
            "SEN support against the intake (observed ÷ expected)",
            "ratio",
            lambda c: c.standardised("sen_support"),
        ),
        row("Pupils with an EHC plan", "count", lambda c: c.ehcp),
        row("EHC plans, share of pupils", "percent", lambda c: c.ehcp_rate),
        row(
            "EHC plans against the intake (observed ÷ expected)",
            "ratio",
            lambda c: c.standardised("ehcp"),
        ),
        row("Attendance", "percent", lambda c: c.attendance_rate),
        row("Suspensions", "count", lambda c: c.suspensions),
        row("Suspensions per 100 pupils", "per_100", lambda c: c.suspensions_per_100),
        row("Permanent exclusions", "count", lambda c: c.permanent_exclusions),
        row("Permanent exclusions per 100 pupils", "per_100", lambda c: c.permanent_per_100),
        row("Pupils on a part-time timetable (C2)", "count", lambda c: c.part_time),
        row("Part-time timetables per 100 pupils", "per_100", lambda c: c.part_time_per_100),
        row("Moves out during the year", "count", lambda c: c.moves_out),
        row("Moves out per 100 pupils", "per_100", lambda c: c.moves_out_per_100),
    ]


CSV_HEADER = [
    "urn",
    "school",
    "district",
    "phase",
    "pupils",
    "sen support",
    "sen support %",
    "sen support expected",
    "sen support observed/expected",
    "sen support against limits",
    "ehc plans",
    "ehc plans %",
    "ehc plans expected",
    "ehc plans observed/expected",
    "ehc plans against limits",
    "possible sessions",
    "attendance %",
    "suspensions",
    "suspensions per 100",
    "permanent exclusions",
    "permanent exclusions per 100",
    "part-time timetables",
    "moves out",
    "moves out per 100",
]


def csv_rows(schools: list[SchoolFigures]) -> list[list]:
    """The school table as the download has it, one row a school (CSV_HEADER's columns)."""
    rows = []
    for school in schools:
        c = school.counts
        standardised = []
        for measure in ("sen_support", "ehcp"):
            found = c.standardised(measure) if school.compared else None
            standardised.append(
                [
                    found.expected_shown if found else "",
                    found.ratio if found and found.ratio is not None else "",
                    found.position.label if found and found.position else "",
                ]
            )
        rows.append(
            [
                school.urn,
                school.name,
                school.district_name,
                school.sector_label,
                c.pupils,
                c.sen_support,
                c.sen_support_rate,
                *standardised[0],
                c.ehcp,
                c.ehcp_rate,
                *standardised[1],
                c.possible_sessions,
                c.attendance_rate,
                c.suspensions,
                c.suspensions_per_100,
                c.permanent_exclusions,
                c.permanent_per_100,
                c.part_time,
                c.moves_out,
                c.moves_out_per_100,
            ]
        )
    return rows
