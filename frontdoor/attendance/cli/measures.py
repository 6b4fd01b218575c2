"""`frontdoor attendance measures`: the measures straight from CSV files, no database.

    frontdoor attendance measures --marks MARKS.csv --enrolments ENROLMENTS.csv \\
        --from 2025-09-01 --to 2026-07-31 --level enrolment|school|la --out OUT.csv \\
        [--engine duckdb|spark] [--nc-years 1-11]

Both files are checked line by line before anything is computed, the marks as ingest checks them
(`marks_check`) against the enrolments file; on any problem the command prints `line N: …`,
exits 1 and writes no output."""

import time
from datetime import date
from pathlib import Path

from frontdoor.analytics import engine as engines
from frontdoor.attendance import measures, penalty, periods, rates
from frontdoor.attendance.enrolments_file import BadFile, check_enrolments
from frontdoor.attendance.marks_check import InvalidMarksFile, enrolments_register, marks_check
from frontdoor.core.csv_files import csv_write_whole

LEVELS = ("enrolment", "school", "la")


def add_arguments(parser) -> None:
    parser.add_argument("--marks", required=True, type=Path, help="CSV: urn,upn,date,session,code")
    parser.add_argument(
        "--enrolments",
        required=True,
        type=Path,
        help="CSV: urn,upn,admission_date,leaving_date,nc_year (empty leaving date: on roll)",
    )
    parser.add_argument("--from", dest="start", required=True, type=_date, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, type=_date, help="YYYY-MM-DD")
    parser.add_argument("--level", required=True, choices=LEVELS)
    parser.add_argument("--out", required=True, type=Path, help="the CSV to write")
    parser.add_argument("--engine", default="duckdb", choices=engines.ENGINES)
    parser.add_argument(
        "--nc-years",
        default="1-11",
        type=_nc_years,
        help="year groups measured, e.g. 1-11 (compulsory school age, the default), 0-13, all",
    )


def handle(options, stdout, stderr) -> int:
    started = time.monotonic()
    try:
        period = periods.date_range(options["start"], options["end"])
    except ValueError as error:
        stderr.write(f"--from/--to: {error}")
        return 2
    try:
        enrolment_rows = check_enrolments(options["enrolments"])
        register = enrolments_register(enrolment_rows, options["enrolments"].name)
        checked = marks_check(options["marks"], register=register)
    except BadFile as bad:
        return _refused(stderr, options["enrolments"], bad.report().splitlines())
    except InvalidMarksFile as refused:
        return _refused(stderr, options["marks"], refused.report())

    con = engines.connect(options["engine"])
    # The same mark twice in the file counts once.
    marks = engines.table("marks", checked.marks).distinct()
    enrolments = engines.table("enrolments", enrolment_rows.drop_columns(["_line"]))
    result = measures.enrolment_measures(marks, enrolments, period, nc_years=options["nc_years"])
    if options["level"] == "enrolment":
        result = penalty.with_threshold_dates(result, marks, period)
        rows = [_enrolment_row(row) for row in _rows(con, result.order_by(["urn", "upn"]))]
    else:
        by = ["urn"] if options["level"] == "school" else []
        summary = measures.aggregate(result, by)
        rows = [_aggregate_row(row) for row in _rows(con, summary.order_by(by) if by else summary)]
        if not by and not rows[0]["enrolments"] and rows[0]["possible_sessions"] is None:
            rows = []
    columns = _columns(options["level"])
    csv_write_whole(
        options["out"],
        columns,
        [["" if row.get(c) is None else _text(row[c]) for c in columns] for row in rows],
    )
    stdout.write(
        f"Wrote {len(rows):,} {options['level']} rows to {options['out']} "
        f"({period.label}, {options['engine']}, {time.monotonic() - started:.1f} s)."
    )
    return 0


def _refused(stderr, path: Path, problems: list[str]) -> int:
    stderr.write(f"{path}:")
    for problem in problems:
        stderr.write(problem)
    stderr.write("Nothing was written.")
    return 1


def _rows(con, expression) -> list[dict]:
    return con.to_pyarrow(expression).to_pylist()


def _enrolment_row(row: dict) -> dict:
    row |= rates.session_rates(row)
    for flag in ("persistent_absence", "severe_absence", "at_risk"):
        row[flag] = "true" if row[flag] else "false"
    return row


def _aggregate_row(row: dict) -> dict:
    row = {key: (0 if value is None else value) for key, value in row.items()}
    return row | rates.session_rates(row) | rates.enrolment_rates(row)


def _columns(level: str) -> list[str]:
    counts = list(measures.COUNT_COLUMNS)
    session_rates = list(rates.SESSION_RATES)
    if level == "enrolment":
        return [
            "urn",
            "upn",
            "admission_date",
            "leaving_date",
            "nc_year",
            *counts,
            *session_rates,
            "persistent_absence",
            "severe_absence",
            "at_risk",
            "penalty_threshold_date",
        ]
    enrolment_counts = [
        "enrolments",
        "persistent_absence_count",
        "severe_absence_count",
        "at_risk_count",
    ]
    return [
        *(["urn"] if level == "school" else []),
        *enrolment_counts,
        *counts,
        *session_rates,
        *rates.ENROLMENT_RATES,
    ]


def _text(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _date(text: str) -> date:
    from argparse import ArgumentTypeError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _nc_years(text: str):
    from argparse import ArgumentTypeError

    if text == "all":
        return None
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ArgumentTypeError(f"{text!r}: give a range such as 1-11, or all") from None
    return tuple(range(low, high + 1))
