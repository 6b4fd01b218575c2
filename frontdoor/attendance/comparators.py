"""Reading one file of the DfE's "Pupil attendance in schools" release (Explore Education
Statistics, the `EES_*_data_*.csv` files) into rows to store as `DfeAttendanceFigure`.

`parse_dfe_file(path)` checks the whole file and returns its rows, or raises `DfeFileError`
listing every problem as `FILE line N: column: reason` (the header is line 1), so that an
import is all or nothing. The write is `attendance.services.dfe_figures_import`.

What the files say, read from the 2022/23 to 2025/26 releases, and the rules taken from it:

- The period is read from each row's `time_identifier`; every file has the column (the
  year-to-date files carry it last): "Academic year" is the academic year to date, "Autumn
  term", "Spring term" and "Summer term" are terms, "Week N" is a week. A term's or a year's
  `time_period` is the academic year, "202425" for 2024/25. A week's `time_period` is the
  calendar year ("2024") and N its ISO week number, so the week starts on that ISO week's
  Monday and belongs to the academic year of its Friday (week 36 of 2026 starts on Monday
  31 August but its school days are in 2026/27). The term files' `academic_year` column
  repeats `time_period` and is not read.
- `geographic_level` is National, Regional or Local authority; the area is the country, the
  region (`region_code`, `region_name`) or the local authority (`new_la_code`, `la_name`,
  with `old_la_code` and its `region_code`).
- The phase column is `school_type` up to 2024/25 and `education_phase` from 2025/26, with
  Primary, Secondary, Special and Total (local authority totals are published from 2025/26).
- Session counts and `reason_*` counts are whole numbers or a suppression symbol of the GSS
  standard (c, z, x, :, or empty), stored as null. `num_schools` and `enrolments` are daily
  means, so decimals. The only persistent absence figure is `pa_perc` (not in the weekly
  files), a percentage: no file gives the count of persistently absent enrolments.
- Not read: the published rates (`*_perc` other than `pa_perc`; rates are computed from the
  counts) and `total_num_schools`/`total_enrolments` (the "% of schools reporting"
  denominators, which are "NA" on some 2024/25 rows).
"""

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from frontdoor.attendance.models import (
    DFE_KEY_FIELDS,
    DFE_SESSION_COUNTS,
    MEAN_PLACES,
    PUBLISHED_PERCENT_PLACES,
    DfeAttendanceFigure,
)
from frontdoor.core.calendar import academic_year_of

Kind = DfeAttendanceFigure.PeriodKind
Level = DfeAttendanceFigure.Level
Phase = DfeAttendanceFigure.Phase

SUPPRESSED = frozenset({"c", "z", "x", ":", ""})
SUPPRESSION_NOTE = "a whole number or a suppression symbol (c, z, x, :, empty)"
PHASE_COLUMNS = ("school_type", "education_phase")
MEANS = ("num_schools", "enrolments")
PA_PERC = "pa_perc"
REASON_PREFIX = "reason_"
REQUIRED_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
    "old_la_code",
    *MEANS,
    *DFE_SESSION_COUNTS,
)

ACADEMIC_YEAR_PERIODS = {
    "Academic year": Kind.YEAR_TO_DATE,
    "Autumn term": Kind.AUTUMN,
    "Spring term": Kind.SPRING,
    "Summer term": Kind.SUMMER,
}
WEEK = re.compile(r"Week (\d{1,2})")
ACADEMIC_YEAR = re.compile(r"(\d{4})(\d{2})")
# geographic_level: the level, and the columns naming its area.
LEVELS = {
    "National": (Level.NATIONAL, "country_code", "country_name"),
    "Regional": (Level.REGIONAL, "region_code", "region_name"),
    "Local authority": (Level.LOCAL_AUTHORITY, "new_la_code", "la_name"),
}
# Published labels, matched whatever their case.
PHASES = {
    "primary": Phase.PRIMARY,
    "secondary": Phase.SECONDARY,
    "special": Phase.SPECIAL,
    "total": Phase.TOTAL,
}
WHOLE_NUMBER = re.compile(r"\d+", re.ASCII)
DECIMAL = re.compile(r"\d+(\.\d+)?", re.ASCII)


class DfeFileError(ValueError):
    """The file was refused; `problems` are `FILE line N: column: reason` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class FigureRow:
    """One checked row: `values` are DfeAttendanceFigure field values by field name."""

    line: int
    values: dict

    @property
    def key(self) -> tuple:
        return tuple(self.values[name] for name in DFE_KEY_FIELDS)


def parse_dfe_file(path: Path | str) -> list[FigureRow]:
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            records = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise DfeFileError([f"{path.name}: cannot be read as UTF-8 CSV: {error}"]) from None
    problems = _Problems(path.name)
    header = records[0] if records else []
    phase_column = _check_header(header, problems)
    if problems.lines:
        raise DfeFileError(problems.lines)
    if len(records) < 2:
        problems.add(1, "(file)", "there are no rows under the header")

    rows, first_line_of = [], {}
    for line, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            problems.add(line, "(row)", f"{len(record)} fields where the header has {len(header)}")
            continue
        row = _Row(dict(zip(header, record, strict=True)), line, problems)
        values = row.values(phase_column)
        if values is None:
            continue
        figure = FigureRow(line, values)
        if figure.key in first_line_of:
            problems.add(
                line,
                LEVELS[row.text("geographic_level")][1],
                f"the same period, area and phase as line {first_line_of[figure.key]}",
            )
            continue
        first_line_of[figure.key] = line
        rows.append(figure)
    if problems.lines:
        raise DfeFileError(problems.lines)
    return rows


class _Problems:
    def __init__(self, file_name: str):
        self.file_name = file_name
        self.lines: list[str] = []

    def add(self, line: int, column: str, reason: str) -> None:
        self.lines.append(f"{self.file_name} line {line}: {column}: {reason}")


def _check_header(header: list[str], problems: _Problems) -> str | None:
    """The phase column's name; every problem with the header is added to `problems`."""
    for name in sorted({name for name in header if header.count(name) > 1}):
        problems.add(1, name, "the column appears more than once")
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.add(1, name, "missing column")
    phase_columns = [name for name in PHASE_COLUMNS if name in header]
    if len(phase_columns) != 1:
        reason = "missing column" if not phase_columns else "both are present; expected one"
        problems.add(1, " or ".join(PHASE_COLUMNS), reason)
        return None
    return phase_columns[0]


class _Row:
    """One record being checked: each reader returns the value, or None after adding a
    problem (so that every problem on the line is reported, not just the first)."""

    def __init__(self, record: dict[str, str], line: int, problems: _Problems):
        self.record = record
        self.line = line
        self.problems = problems
        self.found_problem = False

    def problem(self, column: str, reason: str) -> None:
        self.found_problem = True
        self.problems.add(self.line, column, reason)

    def text(self, column: str) -> str:
        return self.record[column].strip()

    def values(self, phase_column: str) -> dict | None:
        period = self.period()
        area = self.area()
        values = {
            **(period or {}),
            **(area or {}),
            "phase": self.phase(phase_column),
            **{name: self.mean(name) for name in MEANS},
            **{name: self.count(name) for name in DFE_SESSION_COUNTS},
            "pa_perc_published": self.percentage(PA_PERC) if PA_PERC in self.record else None,
            "reason_counts": {
                name: self.count(name) for name in self.record if name.startswith(REASON_PREFIX)
            },
        }
        return None if self.found_problem else values

    def period(self) -> dict | None:
        identifier, period = self.text("time_identifier"), self.text("time_period")
        values = {"time_period": period, "time_identifier": identifier, "week_start": None}
        if identifier in ACADEMIC_YEAR_PERIODS:
            years = ACADEMIC_YEAR.fullmatch(period)
            if years is None or (int(years[1]) + 1) % 100 != int(years[2]):
                self.problem("time_period", f"{period!r} is not an academic year such as 202425")
                return None
            return values | {
                "period_kind": ACADEMIC_YEAR_PERIODS[identifier],
                "academic_year": int(years[1]),
            }
        week = WEEK.fullmatch(identifier)
        if week is None:
            self.problem(
                "time_identifier",
                f"{identifier!r} is not 'Academic year', 'Autumn term', 'Spring term', "
                "'Summer term' or 'Week N'",
            )
            return None
        if not WHOLE_NUMBER.fullmatch(period) or len(period) != 4:
            self.problem("time_period", f"{period!r} is not the calendar year of a week")
            return None
        try:
            monday = date.fromisocalendar(int(period), int(week[1]), 1)
        except ValueError:
            self.problem("time_identifier", f"{period} has no ISO week {int(week[1])}")
            return None
        return values | {
            "period_kind": Kind.WEEK,
            "academic_year": academic_year_of(monday + timedelta(days=4)),
            "week_start": monday,
        }

    def area(self) -> dict | None:
        level_text = self.text("geographic_level")
        if level_text not in LEVELS:
            known = ", ".join(repr(name) for name in LEVELS)
            self.problem("geographic_level", f"{level_text!r} is not one of {known}")
            return None
        level, code_column, name_column = LEVELS[level_text]
        values = {
            "geographic_level": level,
            "area_code": self.required(code_column),
            "area_name": self.required(name_column),
            "region_code": "" if level == Level.NATIONAL else self.required("region_code"),
            "old_la_code": "",
        }
        if level == Level.LOCAL_AUTHORITY:
            old_code = self.text("old_la_code")
            if not WHOLE_NUMBER.fullmatch(old_code) or len(old_code) != 3:
                self.problem("old_la_code", f"{old_code!r} is not a three-digit LA code")
            values["old_la_code"] = old_code
        return values

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, "empty, but the row's geographic level needs it")
        return value

    def phase(self, column: str) -> str | None:
        label = self.text(column)
        phase = PHASES.get(label.lower())
        if phase is None:
            self.problem(column, f"{label!r} is not Primary, Secondary, Special or Total")
        return phase

    def count(self, column: str) -> int | None:
        text = self.text(column)
        if text in SUPPRESSED:
            return None
        if WHOLE_NUMBER.fullmatch(text):
            return int(text)
        self.problem(column, f"{text!r} is not {SUPPRESSION_NOTE}")
        return None

    def mean(self, column: str) -> Decimal | None:
        return self._decimal(column, MEAN_PLACES, upper=None)

    def percentage(self, column: str) -> Decimal | None:
        return self._decimal(column, PUBLISHED_PERCENT_PLACES, upper=Decimal(100))

    def _decimal(self, column: str, places: int, upper: Decimal | None) -> Decimal | None:
        text = self.text(column)
        if text in SUPPRESSED:
            return None
        try:
            value = Decimal(text) if DECIMAL.fullmatch(text) else None
        except InvalidOperation:
            value = None
        if value is None or (upper is not None and value > upper):
            limit = f" from 0 to {upper}" if upper is not None else ""
            self.problem(column, f"{text!r} is not a number{limit} or a suppression symbol")
            return None
        # Stored to the field's places; rounding here keeps a re-import equal to what the
        # database gives back, so an unchanged file is seen as unchanged.
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
