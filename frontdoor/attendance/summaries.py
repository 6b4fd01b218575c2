"""Attendance summaries: the engine's measures for the periods the dashboards show, computed once
for each version of the marks store and kept as Parquet beside it (docs/adr/0007).

A page then adds up a few thousand rows (milliseconds) instead of 85 million marks (seconds).
A summary holds, for the latest academic year in the store:
- `measures.parquet`: every enrolment's measures (`measures.enrolment_measures`, Years 1–11) for
  each period in PERIODS, with the enrolment's pupil id, school, district, phase, year group and
  cohort flags; the UPN is left out (the pupil id links to the child's page);
- `cells.parquet`: those measures summed per period, district, school and year group, and
  `cohort_cells.parquet` the same for each cohort, year to date: every dashboard figure is a
  sum of cells, so a page adds up a few thousand rows;
- `weekly.parquet`: sessions per district, school, year group and ISO week, this year and last
  (`measures.weekly_counts`), for trends;
- `pattern.parquet`: the same, year to date, per weekday and session (AM, PM), and
  `daily.parquet` per school day;
- `persistent.parquet`: persistent and severe absence as they stood at the end of each week,
  this year and last (`measures.persistent_by_week`);
- `summary.json`: the store version, the as-at date (the latest day with marks) and the periods.

Building writes a new directory and then points `CURRENT` at it, so readers never see half a
summary."""

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from frontdoor.analytics import engine
from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import data_quality, measures, penalty, periods, selectors
from frontdoor.attendance.periods import Period
from frontdoor.core.calendar import academic_year_of, years_before
from frontdoor.pupils.models import ETHNIC_GROUPS

PERIODS = ("ytd", "week", "last_year")
PERIOD_LABELS = {
    "ytd": "Year to date",
    "week": "Latest week",
    "last_year": "Same point last year",
}
CURRENT = "CURRENT"
FORMAT = 5  # summary.json's layout: a summary in another format is rebuilt, not read
WEEKLY_GROUPS = ("district", "urn", "nc_year")  # what a dashboard narrows an area by
CELL_GROUPS = WEEKLY_GROUPS
SEXES = ("F", "M")
# The counts a cohort's figures need (the reasons, per code, are shown for all pupils only).
CELL_COUNTS = (
    "enrolments",
    "possible_sessions",
    "overall_attendance",
    "authorised_absence",
    "unauthorised_absence",
    "overall_absence",
    "persistent_absence_count",
    "severe_absence_count",
    "at_risk_count",
)
ROW_GROUP = 4_096  # measures.parquet is sorted by school: a child's record reads a group or two

Progress = Callable[[str, float], None]


class OutdatedSummary(Exception):
    """A summary written in an earlier format: `summaries_build` replaces it."""


@dataclass(frozen=True, eq=False)
class Summary:
    path: Path
    store_version: int
    store_stamp: str  # the store version and when it was published: a replaced store differs
    as_at: date
    academic_year: int
    periods: dict[str, Period]

    @property
    def measures_file(self) -> Path:
        return self.path / "measures.parquet"

    @property
    def weekly_file(self) -> Path:
        return self.path / "weekly.parquet"


def default_root() -> Path:
    return Path(settings.FRONTDOOR_SUMMARIES)


def summary_periods(as_at: date) -> dict[str, Period]:
    """Year to date, the ISO week of `as_at` so far, and last year to the same date."""
    year = academic_year_of(as_at)
    monday = as_at - timedelta(days=as_at.weekday())
    last_year_end = years_before(as_at, 1)
    return {
        "ytd": periods.year_to_date(year, as_at),
        "week": Period(monday, as_at, f"Week beginning {monday:%-d %B %Y}"),
        "last_year": periods.year_to_date(year - 1, last_year_end),
    }


def summaries_build(
    *, store: MarksStore, root: Path | None = None, progress: Progress | None = None
) -> Summary | None:
    """The summary of the store's current version (built unless it exists); None when the
    store holds no marks."""
    root, progress = root or default_root(), progress or (lambda stage, seconds: None)
    stamp = _store_stamp(store)
    existing = latest_summary(root)
    if existing is not None and existing.store_stamp == stamp:
        return existing
    years = sorted({p.academic_year for p in store.partitions()})
    if not years:
        return None
    con = engine.connect("duckdb")
    files = store.files(academic_years=years[-2:])
    marks = engine.parquet(con, "marks", files)
    as_at = con.to_pyarrow(marks.date.max()).as_py()
    year = academic_year_of(as_at)
    spans = summary_periods(as_at)
    staging = root / f".v{store.version:06d}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.perf_counter()
    enrolments = {
        y: engine.table(f"enrolments_{y}", selectors.enrolments_for_year(y, flags_on=as_at))
        for y in (year - 1, year)
    }
    progress("Reading the register", time.perf_counter() - started)
    per_enrolment = _per_enrolment(con, marks, enrolments, spans)
    pq.write_table(
        per_enrolment.sort_by([("urn", "ascending"), ("nc_year", "ascending")]),
        staging / "measures.parquet",
        row_group_size=ROW_GROUP,
    )
    progress("Measures per enrolment", time.perf_counter() - started)
    _write_cells(con, per_enrolment, staging)
    progress("Cells for the dashboards", time.perf_counter() - started)
    _write_weeks(con, marks, enrolments, year, staging)
    progress("Weekly trends and persistent absence by week", time.perf_counter() - started)
    pattern = measures.pattern_counts(marks, enrolments[year], spans["ytd"], by=WEEKLY_GROUPS)
    pq.write_table(con.to_pyarrow(pattern), staging / "pattern.parquet")
    progress("Weekday pattern", time.perf_counter() - started)
    daily = measures.session_counts(
        marks, enrolments[year], spans["ytd"], by=WEEKLY_GROUPS, when={"date": lambda t: t.date}
    )
    pq.write_table(con.to_pyarrow(daily), staging / "daily.parquet")
    progress("Daily rates", time.perf_counter() - started)
    meta = {
        "format": FORMAT,
        "store_version": store.version,
        "store_stamp": stamp,
        "as_at": as_at.isoformat(),
        "academic_year": year,
        "periods": {
            name: [span.start.isoformat(), span.end.isoformat(), span.label]
            for name, span in spans.items()
        },
    }
    (staging / "summary.json").write_text(json.dumps(meta, indent=2))
    final = root / f"v{store.version:06d}"
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    pointer = root / f".{CURRENT}.new"
    pointer.write_text(final.name)
    os.replace(pointer, root / CURRENT)
    _remove_older(root, keep=final.name)
    return latest_summary(root)


def _write_weeks(con, marks, enrolments: dict, year: int, folder: Path) -> None:
    """`weekly.parquet` and `persistent.parquet`, this year and last, from one pass over each
    year's marks: sessions per enrolment and week, kept in DuckDB while both are summed."""
    weekly, persistent = [], []
    for y in (year - 1, year):
        per_week = con.create_table(
            f"_enrolment_weeks_{y}",
            measures.weekly_counts(
                marks,
                enrolments[y],
                periods.academic_year(y),
                by=measures.enrolment_week_groups(WEEKLY_GROUPS),
            ),
            temp=True,  # the connection is this build's own: the name is free
        )
        this_year = ibis.literal(y, "int16")
        counts = ["possible_sessions", *measures.SESSION_COUNTS]
        weekly.append(
            per_week.group_by([*WEEKLY_GROUPS, "week"])
            .aggregate(**{c: per_week[c].sum().cast("int64") for c in counts})
            .mutate(academic_year=this_year)
        )
        persistent.append(
            measures.persistent_from_weeks(per_week, by=WEEKLY_GROUPS).mutate(
                academic_year=this_year
            )
        )
    pq.write_table(con.to_pyarrow(weekly[0].union(weekly[1])), folder / "weekly.parquet")
    pq.write_table(
        con.to_pyarrow(persistent[0].union(persistent[1])), folder / "persistent.parquet"
    )


def latest_summary(root: Path | None = None) -> Summary | None:
    root = root or default_root()
    try:
        return summary_at(root / (root / CURRENT).read_text().strip())
    except (FileNotFoundError, OutdatedSummary):
        return None


@lru_cache(maxsize=8)
def summary_at(path: Path) -> Summary:
    """The summary in `path` (a version's directory: it never changes once written)."""
    meta = json.loads((path / "summary.json").read_text())
    if meta.get("format") != FORMAT:
        raise OutdatedSummary(path)
    return Summary(
        path=path,
        store_version=meta["store_version"],
        store_stamp=meta["store_stamp"],
        as_at=date.fromisoformat(meta["as_at"]),
        academic_year=meta["academic_year"],
        periods={
            name: Period(date.fromisoformat(start), date.fromisoformat(end), label)
            for name, (start, end, label) in meta["periods"].items()
        },
    )


def _per_enrolment(con, marks, enrolments, spans: dict[str, Period]) -> pa.Table:
    tables = []
    for name, span in spans.items():
        per_enrolment = measures.enrolment_measures(
            marks, enrolments[academic_year_of(span.start)], span
        )
        if name == "ytd":
            per_enrolment = _with_n_codes_overdue(
                penalty.with_threshold_dates(per_enrolment, marks, span), marks, span
            )
        else:
            per_enrolment = per_enrolment.mutate(
                penalty_threshold_date=ibis.null().cast("date"),
                n_codes_overdue=ibis.literal(0, "int64"),
            )
        table = con.to_pyarrow(per_enrolment.drop("upn"))
        tables.append(table.append_column("period", pa.array([name] * table.num_rows)))
    return pa.concat_tables(tables)


def _with_n_codes_overdue(per_enrolment, marks, span: Period):
    """`n_codes_overdue`: the pupil's N codes at the school still unreplaced after more than 5
    of its school days (data_quality), for the worklists."""
    overdue = data_quality.unreplaced_n_codes(marks.filter(marks.date >= span.start), span.end)
    counted = overdue.group_by(["urn", "upn"]).aggregate(n_codes_overdue=overdue.count())
    joined = per_enrolment.left_join(
        counted, [per_enrolment.urn == counted.urn, per_enrolment.upn == counted.upn]
    )
    return joined.select(
        *[per_enrolment[c] for c in per_enrolment.columns],
        n_codes_overdue=joined.n_codes_overdue.fill_null(0).cast("int64"),
    )


def _write_cells(con, per_enrolment: pa.Table, folder: Path) -> None:
    """The enrolments' counts summed per period, district, school and year group: every
    area's figures are sums of these cells (`cells.parquet`). The same, year to date, for the
    pupils in each cohort (`cohort_cells.parquet`, a `cohort` column naming it)."""
    table = engine.table("per_enrolment", per_enrolment)
    cells = measures.aggregate(table, ["period", *CELL_GROUPS])
    pq.write_table(con.to_pyarrow(cells), folder / "cells.parquet")
    ytd = table.filter(table.period == "ytd")
    by_cohort = [
        measures.aggregate(ytd.filter(condition), CELL_GROUPS)
        .select(*CELL_GROUPS, *CELL_COUNTS)
        .mutate(cohort=ibis.literal(cohort))
        for cohort, condition in _cohort_conditions(ytd).items()
    ]
    pq.write_table(con.to_pyarrow(ibis.union(*by_cohort)), folder / "cohort_cells.parquet")


def _cohort_conditions(table: ibis.Table) -> dict:
    return (
        {flag: table[flag] for flag in selectors.COHORT_FLAGS}
        | {f"sex_{code}": table.sex == code for code in SEXES}
        | {
            f"ethnicity_{group}": table.ethnicity.isin(list(codes))
            for group, codes in ETHNIC_GROUPS.items()
        }
    )


def _store_stamp(store: MarksStore) -> str:
    return f"{store.version}@{store.manifest().get('created', '')}" if store.version else "0"


def _remove_older(root: Path, *, keep: str) -> None:
    """Delete all but the new summary and the one before it (a page may still be reading it)."""
    others = sorted(path for path in root.glob("v*") if path.is_dir() and path.name != keep)
    for path in others[:-1]:
        shutil.rmtree(path, ignore_errors=True)
