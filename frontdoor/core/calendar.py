"""Academic years and working days.

An academic year runs 1 September to 31 August and is named by the calendar year it starts in
(2026 means 2026/27). Working days are Monday to Friday other than bank holidays in England
and Wales; statutory clocks count them. Bank holidays are data (data/bank_holidays_*.csv),
published by GOV.UK; add a year's dates there when they are announced."""

import csv
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import cache
from pathlib import Path

_BANK_HOLIDAYS_FILE = Path(__file__).with_name("data") / "bank_holidays_england_wales.csv"


def academic_year_of(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def academic_year_start(year: int) -> date:
    return date(year, 9, 1)


def academic_year_end(year: int) -> date:
    return date(year + 1, 8, 31)


def academic_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def age_on(date_of_birth: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def nc_year_for_birth(date_of_birth: date, academic_year: int) -> int:
    """The national curriculum year a child born on `date_of_birth` is in, by age: Year 1 is
    for children who turn 6 during the academic year (reception, 0, for those who turn 5)."""
    return age_on(date_of_birth, academic_year_start(academic_year) - timedelta(days=1)) - 4


@cache
def bank_holidays() -> frozenset[date]:
    with _BANK_HOLIDAYS_FILE.open(newline="") as handle:
        return frozenset(date.fromisoformat(row["date"]) for row in csv.DictReader(handle))


@cache
def _covered_years() -> frozenset[int]:
    return frozenset(holiday.year for holiday in bank_holidays())


def _check_covered(*days: date) -> None:
    """Every year from the first day's to the last's must have its bank holidays recorded."""
    for year in range(min(days).year, max(days).year + 1):
        if year not in _covered_years():
            raise ValueError(
                f"No bank holidays are recorded for {year}; add them to {_BANK_HOLIDAYS_FILE.name}."
            )


@cache
def _working_days() -> tuple[int, ...]:
    """The ordinals of every working day in the years with bank holidays recorded, in order:
    counting and stepping working days become a binary search, whatever the span."""
    holidays = bank_holidays()
    days = []
    for year in sorted(_covered_years()):
        day = date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5 and day not in holidays:
                days.append(day.toordinal())
            day += timedelta(days=1)
    return tuple(days)


def is_working_day(day: date) -> bool:
    _check_covered(day)
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is not counted);
    before it for negative `days`."""
    _check_covered(start)
    if days == 0:
        return start
    working = _working_days()
    if days > 0:
        index = bisect_right(working, start.toordinal()) + days - 1
    else:
        index = bisect_left(working, start.toordinal()) + days
    if not 0 <= index < len(working):
        beyond = start.year + (1 if days > 0 else -1)
        _check_covered(start, date(beyond, 1, 1))  # raises: the years run out
    found = date.fromordinal(working[index])
    _check_covered(start, found)
    return found


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    if end < start:
        return -working_days_between(end, start)
    _check_covered(start, end)
    working = _working_days()
    return bisect_right(working, end.toordinal()) - bisect_right(working, start.toordinal())


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 28 February for a 29 February that year lacks."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
