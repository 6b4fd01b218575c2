"""Reads for the attendance dashboards: an area's figures (the county, a district, a school, a
year group) from the latest summary (`attendance.summaries`).

Every figure is a sum of the summary's cells (counts per period, district, school and year
group, made by the engine's `measures.aggregate`), and every rate is computed from the summed
counts by `rates` (half up): sums of numerators over sums of denominators, never an average of
rates. The cells of a summary are read once per process and kept in memory (a few MB).

Everything here is an aggregate; the pupils behind a year group are listed only through
`year_group_pupils`, which takes the ids the access layer lets the user see."""

import calendar
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from frontdoor.attendance import rates
from frontdoor.attendance.summaries import CELL_GROUPS, PERIODS, Summary
from frontdoor.pupils.models import ETHNIC_GROUPS, nc_year_label

COHORTS = {
    "sen_support": "SEN support",
    "ehcp": "EHC plan",
    "fsm": "Free school meals",
    "fsm6": "FSM in the last six years",
    "eal": "English as an additional language",
    "cla": "Child in care",
    "plac": "Previously looked after",
    "cin": "Child in need",
    "cpp": "Child protection plan",
    "medical": "Medical condition",
    "sex_F": "Girls",
    "sex_M": "Boys",
} | {f"ethnicity_{group}": f"Ethnicity: {group}" for group in ETHNIC_GROUPS}
PUPIL_COLUMNS = [
    "pupil_id",
    "urn",
    "nc_year",
    "admission_date",
    "leaving_date",
    "possible_sessions",
    "overall_attendance",
    "authorised_absence",
    "unauthorised_absence",
    "overall_absence",
    "persistent_absence",
    "severe_absence",
    "at_risk",
    "penalty_threshold_date",
]
DAILY_DAYS = 30  # school days shown day by day
TIME_KEYS = ("period", "cohort", "week", "academic_year", "weekday", "session", "date")
NEXT_LEVEL = {"county": "district", "district": "urn", "school": "nc_year"}


@dataclass(frozen=True)
class Area:
    """Where the figures are for: the county, or narrowed by district, school and year group,
    or a set of schools (`urns`, e.g. a school's similar schools)."""

    name: str
    district: str | None = None  # district code
    urn: int | None = None
    nc_year: int | None = None
    urns: frozenset[int] | None = None

    @property
    def level(self) -> str:
        if self.nc_year is not None:
            return "year"
        if self.urn is not None:
            return "school"
        if self.urns is not None:
            return "schools"
        return "district" if self.district else "county"

    def filters(self) -> list[tuple]:
        """The same narrowing as filters for reading the summary's Parquet files."""
        equal = [
            (column, "=", getattr(self, column))
            for column in ("district", "urn", "nc_year")
            if getattr(self, column) is not None
        ]
        return equal + ([("urn", "in", sorted(self.urns))] if self.urns is not None else [])

    def rows(self, table: pa.Table) -> pa.Table:
        conditions = [
            pc.equal(table[column], value)
            for column, value in (
                ("district", self.district),
                ("urn", self.urn),
                ("nc_year", self.nc_year),
            )
            if value is not None
        ]
        if self.urns is not None:
            urns = pa.array(sorted(self.urns), table["urn"].type)
            conditions.append(pc.is_in(table["urn"], value_set=urns))
        if not conditions:
            return table
        mask = conditions[0]
        for condition in conditions[1:]:
            mask = pc.and_(mask, condition)
        return table.filter(mask)


@dataclass(frozen=True)
class Figures:
    """One group's summed counts, and the rates shown from them."""

    label: str
    counts: dict
    key: object = None

    @property
    def rates(self) -> dict:
        return rates.session_rates(self.counts) | rates.enrolment_rates(self.counts)

    @property
    def enrolments(self) -> int:
        return self.counts["enrolments"]


@dataclass(frozen=True)
class Dashboard:
    area: Area
    summary: Summary
    headline: dict[str, Figures]  # by period, in PERIODS order
    breakdown: list[Figures]  # the next level down, year to date
    cohorts: list[tuple[Figures, Figures]]  # (with, without) a characteristic, year to date
    weekly: list[dict]  # academic_year, week, counts and rates
    pattern: list[dict]  # weekday (0 = Monday), session, counts and rates, year to date
    daily: list[dict]  # date, counts and rates, the last DAILY_DAYS school days
    bands: list[dict]  # nc_year, band (0 = under 5% absence, …, 10 = 50% or more), pupils, share
    persistent: list[dict]  # academic_year, week, enrolments, PA and SA counts and shares


def dashboard(summary: Summary, area: Area, *, names: dict | None = None) -> Dashboard:
    """Everything an area's page shows. `names` labels the breakdown's keys (district codes
    or URNs)."""
    cells = _cells(summary)
    in_area = area.rows(cells.all)
    headline = {
        row["period"]: Figures(summary.periods[row["period"]].label, row)
        for row in _sums(in_area, ["period"])
    }
    ytd = in_area.filter(pc.equal(in_area["period"], "ytd"))
    return Dashboard(
        area=area,
        summary=summary,
        headline={name: headline[name] for name in PERIODS if name in headline},
        breakdown=_breakdown(ytd, area, names or {}),
        cohorts=_cohorts(area.rows(cells.cohorts), headline.get("ytd")),
        weekly=_series(area.rows(cells.weekly), ["academic_year", "week"], rates.session_rates),
        pattern=_series(
            area.rows(cells.pattern),
            ["weekday", "session"],
            lambda row: rates.session_rates(row) | {"day": calendar.day_name[row["weekday"]]},
        ),
        bands=_bands(summary, area),
        persistent=_series(
            area.rows(cells.persistent),
            ["academic_year", "week"],
            rates.enrolment_rates,
            counted="enrolments",
        ),
        daily=_series(area.rows(cells.daily), ["date"], rates.session_rates)[-DAILY_DAYS:],
    )


def _series(table: pa.Table, by: list[str], with_rates, *, counted="possible_sessions"):
    """The cells summed per `by`, in that order, each with its rates, leaving out groups with
    nothing counted: a chart's points."""
    rows = sorted(_sums(table, by), key=lambda row: tuple(row[key] for key in by))
    return [row | with_rates(row) for row in rows if row[counted]]


def year_group_pupils(summary: Summary, area: Area, pupil_ids: set[int] | None) -> list[dict]:
    """Year to date, one row per enrolment in the area with a possible session whose pupil is
    in `pupil_ids` (the access layer's choice; None: every one, to ask it about), lowest
    attendance first; counts only (`rates.with_session_rates` adds the rates)."""
    rows = _year_group_rows(summary, area)
    return list(rows) if pupil_ids is None else [r for r in rows if r["pupil_id"] in pupil_ids]


@lru_cache(maxsize=256)
def _year_group_rows(summary: Summary, area: Area) -> tuple[dict, ...]:
    filters = [("period", "=", "ytd"), *area.filters()]
    table = pq.read_table(summary.measures_file, columns=PUPIL_COLUMNS, filters=filters)
    rows = [row for row in table.to_pylist() if row["possible_sessions"]]
    # Exact order without rounding: attendance is overall_attendance / possible_sessions.
    rows.sort(
        key=lambda row: (
            Fraction(row["overall_attendance"], row["possible_sessions"]),
            row["pupil_id"],
        )
    )
    return tuple(rows)


@dataclass(frozen=True)
class _Cells:
    all: pa.Table
    cohorts: pa.Table
    weekly: pa.Table
    pattern: pa.Table
    daily: pa.Table
    persistent: pa.Table


@lru_cache(maxsize=2)
def _cells(summary: Summary) -> _Cells:
    folder = summary.path
    return _Cells(
        all=pq.read_table(folder / "cells.parquet"),
        cohorts=pq.read_table(folder / "cohort_cells.parquet"),
        weekly=pq.read_table(summary.weekly_file),
        pattern=pq.read_table(folder / "pattern.parquet"),
        daily=pq.read_table(folder / "daily.parquet"),
        persistent=pq.read_table(folder / "persistent.parquet"),
    )


def school_counts(summary: Summary, cohort: str | None = None) -> dict[int, dict]:
    """Year to date, each school's summed counts by URN: all its pupils, or those in a cohort
    (a COHORTS key; a school with none of them has no entry)."""
    cells = _cells(summary)
    if cohort is None:
        table = cells.all.filter(pc.equal(cells.all["period"], "ytd"))
    else:
        table = cells.cohorts.filter(pc.equal(cells.cohorts["cohort"], cohort))
    return {row["urn"]: row for row in _sums(table, ["urn"])}


def _sums(table: pa.Table, by: list[str]) -> list[dict]:
    """Every count column summed per group of `by`."""
    counts = [
        name
        for name in table.column_names
        if name
        not in (
            *CELL_GROUPS,
            *by,
            "period",
            "cohort",
            "week",
            "academic_year",
            "weekday",
            "session",
        )
    ]
    summed = table.group_by(by).aggregate([(name, "sum") for name in counts])
    return summed.rename_columns(
        [name.removesuffix("_sum") for name in summed.column_names]
    ).to_pylist()


BAND_WIDTH = 5  # percentage points of overall absence, as the DfE's distributions
LAST_BAND = 10  # 50% or more


def band_label(band: int) -> str:
    low = band * BAND_WIDTH
    return f"{low}% or more" if band == LAST_BAND else f"{low}% to under {low + BAND_WIDTH}%"


def _bands(summary: Summary, area: Area) -> list[dict]:
    """Pupils per year group in 5% bands of overall absence this year: exact on integers,
    band = floor(20 x absence / possible), capped at 50% or more."""
    filters = [("period", "=", "ytd"), *area.filters()]
    table = pq.read_table(
        summary.measures_file,
        columns=["nc_year", "possible_sessions", "overall_absence"],
        filters=filters,
    )
    counts: dict[tuple[int, int], int] = {}
    totals: dict[int, int] = {}
    for year, possible, absence in zip(
        *(table[c].to_pylist() for c in ("nc_year", "possible_sessions", "overall_absence")),
        strict=True,
    ):
        if not possible:
            continue
        band = min(absence * 100 // (possible * BAND_WIDTH), LAST_BAND)
        counts[year, band] = counts.get((year, band), 0) + 1
        totals[year] = totals.get(year, 0) + 1
    return [
        {
            "nc_year": year,
            "band": band,
            "pupils": pupils,
            "share": rates.percentage_of(pupils, totals[year]),
            "label": band_label(band),
        }
        for (year, band), pupils in sorted(counts.items())
    ]


def _breakdown(ytd: pa.Table, area: Area, names: dict) -> list[Figures]:
    by = NEXT_LEVEL.get(area.level)
    if by is None:
        return []
    rows = [
        Figures(
            nc_year_label(row[by]) if by == "nc_year" else str(names.get(row[by], row[by])),
            row,
            key=row[by],
        )
        for row in _sums(ytd, [by])
    ]
    if by == "nc_year":
        return sorted(rows, key=lambda figures: figures.key)
    return sorted(rows, key=lambda figures: figures.label)


def _cohorts(cohort_cells: pa.Table, everyone: Figures | None) -> list[tuple[Figures, Figures]]:
    """Each cohort against the other pupils in the area (everyone less the cohort)."""
    if everyone is None:
        return []
    by_cohort = {row["cohort"]: row for row in _sums(cohort_cells, ["cohort"])}
    pairs = []
    for cohort, label in COHORTS.items():
        inside = by_cohort.get(cohort)
        if not inside or not inside["enrolments"]:
            continue
        others = {name: everyone.counts[name] - inside[name] for name in inside if name != "cohort"}
        pairs.append((Figures(label, inside), Figures("Other pupils", others)))
    return pairs
