"""`frontdoor attendance quality [--as-at DATE] [--from DATE] [--out FILE.csv]`: the register
data-quality checks on the marks store, one row per school.

A school is expected to submit when it has a pupil on roll at the as-at date; its expected
school days are the county's (core/term_dates). Missing marks count from `--from` (default: the
start of the academic year) to the as-at date. Prints the county summary and the schools with a
problem; `--out` writes every school's row as CSV."""

import csv
from datetime import date
from pathlib import Path

from frontdoor.analytics import engine
from frontdoor.analytics.store import MarksStore, default_store
from frontdoor.attendance import data_quality, periods, selectors
from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of
from frontdoor.core.rounding import percentage

COLUMNS = (
    "urn",
    "last_mark_date",
    "school_days_missed",
    "open_sessions",
    "sessions_with_gaps",
    "expected_marks",
    "missing_marks",
    "n_codes_overdue",
)


def add_arguments(parser) -> None:
    parser.add_argument("--as-at", type=date.fromisoformat, default=None, help="default: today")
    parser.add_argument(
        "--from",
        dest="start",
        type=date.fromisoformat,
        default=None,
        help="count missing marks from this date (default: the academic year's start)",
    )
    parser.add_argument("--out", type=Path, default=None, help="write every school's row here")
    parser.add_argument("--store", type=Path, default=None, help="the marks store's directory")


def handle(options, stdout, stderr) -> int:
    as_at = options["as_at"] or date.today()
    year = academic_year_of(as_at)
    period = periods.date_range(options["start"] or periods.academic_year(year).start, as_at)
    store = MarksStore(options["store"]) if options["store"] else default_store()
    files = store.files(academic_years=sorted({academic_year_of(period.start), year}))
    if not files:
        stderr.write(f"The marks store holds no marks for {periods.academic_year(year).label}.")
        return 1
    con = engine.connect("duckdb")
    marks = engine.parquet(con, "marks", files)
    windows = selectors.enrolment_windows()
    enrolments = engine.table("enrolments", windows)
    on_roll = enrolments.filter(
        enrolments.admission_date <= as_at,
        enrolments.leaving_date.isnull() | (enrolments.leaving_date >= as_at),
    )
    schools = con.to_pyarrow(on_roll.select("urn").distinct()).column("urn").to_pylist()
    report = data_quality.school_report(marks, enrolments, schools, _county_days(period), period)
    rows = con.to_pyarrow(report).to_pylist()
    _summary(rows, period, stdout)
    if options["out"]:
        _write(rows, options["out"])
        stdout.write(f"Every school's row written to {options['out']}.")
    return 0


def _county_days(period) -> list[date]:
    years = range(academic_year_of(period.start), academic_year_of(period.end) + 1)
    return [d for y in years for d in term_dates.school_days(y) if period.start <= d <= period.end]


def _summary(rows: list[dict], period, out) -> None:
    expected = sum(r["expected_marks"] for r in rows)
    missing = sum(r["missing_marks"] for r in rows)
    lagging = [r for r in rows if r["school_days_missed"] > 0]
    overdue = [r for r in rows if r["n_codes_overdue"] > 0]
    out.write(f"Register data quality, {period.label}: {len(rows):,} schools with pupils on roll.")
    out.write(f"  Not submitting (missed at least one school day): {len(lagging):,} schools.")
    out.write(
        f"  Missing marks: {missing:,} of {expected:,} expected "
        f"({percentage(missing, expected, 2) or '0.00'}%)."
    )
    out.write(
        f"  N codes not replaced within 5 school days: "
        f"{sum(r['n_codes_overdue'] for r in overdue):,} in {len(overdue):,} schools."
    )
    problems = [r for r in rows if r["school_days_missed"] or r["missing_marks"]]
    problems += [r for r in overdue if r not in problems]
    if problems:
        out.write("  urn     last mark    days missed  missing marks  N overdue")
    for r in sorted(problems, key=lambda r: (-r["school_days_missed"], -r["missing_marks"])):
        last = r["last_mark_date"].isoformat() if r["last_mark_date"] else "never"
        out.write(
            f"  {r['urn']:<8}{last:<13}{r['school_days_missed']:>11}"
            f"{r['missing_marks']:>15,}{r['n_codes_overdue']:>11,}"
        )


def _write(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
