"""Academic years and working days.

An academic year runs 1 September to 31 August and is named by the calendar year it starts in
(2026 means 2026/27). Working days are Monday to Friday other than bank holidays in England
and Wales; statutory clocks count them. Bank holidays are data (data/bank_holidays_*.csv),
published by GOV.UK; add a year's dates there when they are announced."""

import csv
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


def _check_covered(day: date) -> None:
    years = {holiday.year for holiday in bank_holidays()}
    if day.year not in years:
        raise ValueError(
            f"No bank holidays are recorded for {day.year}; add them to {_BANK_HOLIDAYS_FILE.name}."
        )


def is_working_day(day: date) -> bool:
    _check_covered(day)
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    step = 1 if days >= 0 else -1
    day, remaining = start, abs(days)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(offset))
    )


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 28 February for a 29 February that year lacks."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
