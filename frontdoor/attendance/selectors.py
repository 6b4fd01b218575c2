"""Reads the attendance engine makes of the database: Arrow tables for DuckDB to join on, and
the DfE's published figures to compare the county with England and its region."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pyarrow as pa
from django.db.models import Count, Max, Q

from frontdoor.analytics.arrow import rows_table
from frontdoor.attendance import rates
from frontdoor.attendance.models import DFE_SESSION_COUNTS, DfeAttendanceFigure
from frontdoor.core.calendar import (
    academic_year_end,
    academic_year_label,
    academic_year_of,
    academic_year_start,
)
from frontdoor.core.rounding import round_half_up
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment, Pupil
from frontdoor.schools.models import Establishment


def school_urns() -> pa.Table:
    """Every establishment's URN: `urn int32`."""
    return pa.table(
        {"urn": pa.array(Establishment.objects.values_list("urn", flat=True), pa.int32())}
    )


def pupil_upns() -> pa.Table:
    """Every pupil's UPN: `upn string`."""
    return pa.table({"upn": pa.array(Pupil.objects.values_list("upn", flat=True), pa.string())})


def enrolment_windows() -> pa.Table:
    """Every enrolment as `urn int32, upn string, admission_date date32, leaving_date date32`,
    the leaving date null while the pupil is on roll."""
    rows = Enrolment.objects.values_list(
        "establishment__urn", "pupil__upn", "admission_date", "leaving_date"
    )
    return rows_table(
        rows,
        {
            "urn": pa.int32(),
            "upn": pa.string(),
            "admission_date": pa.date32(),
            "leaving_date": pa.date32(),
        },
    )


@dataclass(frozen=True)
class AreaFigures:
    """An area's DfE figures for one period and phase, rates computed from its counts."""

    geographic_level: str
    area_code: str
    area_name: str
    counts: dict[str, int | None]
    rates: dict[str, Decimal | None]
    # The published pa_perc rounded half up: the files give no PA count to compute it from.
    persistent_absence_rate: Decimal | None
    # True when DfE published no all-phase row and this one sums the area's phase rows.
    derived_from_phases: bool = False


@dataclass(frozen=True)
class DfeComparison:
    england: AreaFigures | None
    region: AreaFigures | None
    local_authority: AreaFigures | None


@dataclass(frozen=True)
class DfePeriod:
    academic_year: int
    period_kind: str
    time_identifier: str
    week_start: date | None

    @property
    def label(self) -> str:
        year = academic_year_label(self.academic_year)
        if self.week_start is not None:
            monday = f"{self.week_start.day} {self.week_start:%b %Y}"
            return f"{year} {self.time_identifier}, from {monday}"
        return f"{year} {DfeAttendanceFigure.PeriodKind(self.period_kind).label}"


def dfe_periods() -> list[DfePeriod]:
    """The periods imported DfE figures cover, latest academic year first."""
    rows = (
        DfeAttendanceFigure.objects.order_by("-academic_year", "period_kind", "week_start")
        .values_list("academic_year", "period_kind", "time_identifier", "week_start")
        .distinct()
    )
    return [DfePeriod(*row) for row in rows]


def dfe_comparators(
    *,
    academic_year: int,
    period_kind: str,
    time_identifier: str | None = None,
    phase: str,
    la_old_code: str = "886",
) -> DfeComparison:
    """England, the local authority's region and the local authority for one period and phase
    (`time_identifier` names the week, e.g. "Week 37"; terms and years need none). An area
    with no figure is None. Before 2025/26 the DfE published no all-phase row for a local
    authority; its total is then the sum of its phase rows' counts (never an average of
    rates), null where any part is suppressed."""
    Level = DfeAttendanceFigure.Level
    if period_kind == DfeAttendanceFigure.PeriodKind.WEEK and not time_identifier:
        raise ValueError("A week needs its time_identifier, e.g. 'Week 37'.")
    period = DfeAttendanceFigure.objects.filter(
        academic_year=academic_year, period_kind=period_kind
    )
    if time_identifier:
        period = period.filter(time_identifier=time_identifier)
    figures = list(
        period.filter(
            Q(geographic_level__in=[Level.NATIONAL, Level.REGIONAL])
            | Q(geographic_level=Level.LOCAL_AUTHORITY, old_la_code=la_old_code)
        )
    )
    by_level = defaultdict(list)
    for figure in figures:
        by_level[figure.geographic_level].append(figure)
    local_authority = by_level[Level.LOCAL_AUTHORITY]
    region_code = local_authority[0].region_code if local_authority else None
    region = [f for f in by_level[Level.REGIONAL] if f.area_code == region_code]
    return DfeComparison(
        england=_area_figures(by_level[Level.NATIONAL], phase),
        region=_area_figures(region, phase),
        local_authority=_area_figures(local_authority, phase),
    )


def dfe_figures_stamp() -> str:
    """Changes whenever DfE figures are imported: for caches of pages that show them."""
    latest = DfeAttendanceFigure.objects.aggregate(latest=Max("imported_at"), rows=Count("pk"))
    return f"{latest['rows']}@{latest['latest']}"


@dataclass(frozen=True)
class LatestComparison:
    period: DfePeriod
    comparison: DfeComparison


def latest_dfe_comparison(*, phase: str, la_old_code: str = "886") -> LatestComparison | None:
    """England, the region and the LA for the latest academic year imported (its year-to-date
    figures), or None when no DfE figures have been imported."""
    latest = (
        DfeAttendanceFigure.objects.filter(period_kind=DfeAttendanceFigure.PeriodKind.YEAR_TO_DATE)
        .order_by("-academic_year")
        .values_list("academic_year", "time_identifier")
        .first()
    )
    if latest is None:
        return None
    year, identifier = latest
    period = DfePeriod(year, DfeAttendanceFigure.PeriodKind.YEAR_TO_DATE, identifier, None)
    comparison = dfe_comparators(
        academic_year=year,
        period_kind=DfeAttendanceFigure.PeriodKind.YEAR_TO_DATE,
        phase=phase,
        la_old_code=la_old_code,
    )
    return LatestComparison(period, comparison)


def _area_figures(rows: list[DfeAttendanceFigure], phase: str) -> AreaFigures | None:
    """The area's row for the phase; for all phases without a published row, its phase rows
    summed."""
    published = [row for row in rows if row.phase == phase]
    derived = not published and phase == DfeAttendanceFigure.Phase.TOTAL
    # Without an all-phase row, every row of the area is a phase row.
    parts = rows if derived else published
    if not parts:
        return None
    counts = {
        name: None
        if any(getattr(row, name) is None for row in parts)
        else sum(getattr(row, name) for row in parts)
        for name in DFE_SESSION_COUNTS
    }
    pa = published[0].pa_perc_published if published else None
    return AreaFigures(
        geographic_level=parts[0].geographic_level,
        area_code=parts[0].area_code,
        area_name=parts[0].area_name,
        counts=counts,
        rates=_session_rates(counts),
        persistent_absence_rate=None if pa is None else round_half_up(pa, rates.PLACES),
        derived_from_phases=derived,
    )


def _session_rates(counts: dict[str, int | None]) -> dict[str, Decimal | None]:
    if any(counts[name] is None for name in ("possible_sessions", *rates.SESSION_RATES.values())):
        return dict.fromkeys(rates.SESSION_RATES)
    return rates.session_rates(counts)


# Cohort flags the dashboards break figures down by: a characteristic current on the as-at day.
COHORT_FLAGS = {
    "sen_support": Characteristic.SEN_SUPPORT,
    "ehcp": Characteristic.EHC_PLAN,
    "fsm": Characteristic.FSM,
    "fsm6": Characteristic.FSM6,
    "eal": Characteristic.EAL,
    "cla": Characteristic.LOOKED_AFTER,
    "plac": Characteristic.PREVIOUSLY_LOOKED_AFTER,
    "cin": Characteristic.CHILD_IN_NEED,
    "cpp": Characteristic.CHILD_PROTECTION_PLAN,
    "medical": Characteristic.MEDICAL_CONDITION,
}


def enrolments_for_year(academic_year: int, *, flags_on: date) -> pa.Table:
    """Every enrolment open during the academic year, as the measures take them: `pupil_id,
    urn, upn, admission_date, leaving_date, nc_year` (the year group in that academic year),
    `district` (code), `phase` (the school's sector), `sex`, `ethnicity`, and a boolean column
    per COHORT_FLAGS, true when the pupil had the characteristic on `flags_on`."""
    start, end = academic_year_start(academic_year), academic_year_end(academic_year)
    rows = list(
        Enrolment.objects.filter(admission_date__lte=end)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=start))
        .values_list(
            "pupil_id",
            "establishment__urn",
            "pupil__upn",
            "admission_date",
            "leaving_date",
            "nc_year_on_admission",
            "establishment__district__code",
            "establishment__sector",
            "pupil__sex",
            "pupil__ethnicity",
        )
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 10
    pupil_ids, urns, upns, admitted, left, on_admission, districts, phases, sexes, ethnicities = (
        columns
    )
    nc_years = [
        year + academic_year - academic_year_of(day)
        for year, day in zip(on_admission, admitted, strict=True)
    ]
    flagged = _flagged_pupils(flags_on)
    return pa.table(
        {
            "pupil_id": pa.array(pupil_ids, pa.int64()),
            "urn": pa.array(urns, pa.int32()),
            "upn": pa.array(upns, pa.string()),
            "admission_date": pa.array(admitted, pa.date32()),
            "leaving_date": pa.array(left, pa.date32()),
            "nc_year": pa.array(nc_years, pa.int16()),
            "district": pa.array(districts, pa.string()),
            "phase": pa.array(phases, pa.string()),
            "sex": pa.array(sexes, pa.string()),
            "ethnicity": pa.array(ethnicities, pa.string()),
            **{
                flag: pa.array([pupil in flagged[flag] for pupil in pupil_ids], pa.bool_())
                for flag in COHORT_FLAGS
            },
        }
    )


def _flagged_pupils(on: date) -> dict[str, set[int]]:
    by_characteristic = {value: flag for flag, value in COHORT_FLAGS.items()}
    flagged = {flag: set() for flag in COHORT_FLAGS}
    current = (
        CharacteristicPeriod.objects.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("pupil_id", "characteristic")
    )
    for pupil_id, characteristic in current:
        if characteristic in by_characteristic:
            flagged[by_characteristic[characteristic]].add(pupil_id)
    return flagged
