"""Term dates and school days.

The local authority's term dates are data (data/term_dates.csv: three terms a year, each with its
half-term holiday), following Kent's published pattern for community schools; academies may set
their own, so a school's calendar is these dates less its own closures (INSET days and other `#`
sessions in its registers). School days are the weekdays in term, outside half term, that are not
bank holidays. Add a year's row when the council publishes it."""

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from frontdoor.core.calendar import academic_year_of, bank_holidays

_TERM_DATES_FILE = Path(__file__).with_name("data") / "term_dates.csv"
TERM_NAMES = ("autumn", "spring", "summer")


@dataclass(frozen=True)
class Term:
    academic_year: int
    name: str
    start: date
    end: date
    half_term_start: date
    half_term_end: date

    @property
    def halves(self) -> tuple[tuple[date, date], tuple[date, date]]:
        """The two half terms: start to the last weekday before half term, and the first
        weekday after it to the end."""
        before, after = self.half_term_start - timedelta(days=1), self.half_term_end + timedelta(1)
        while before.weekday() > 4:
            before -= timedelta(days=1)
        while after.weekday() > 4:
            after += timedelta(days=1)
        return ((self.start, before), (after, self.end))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@cache
def _all_terms() -> dict[int, tuple[Term, ...]]:
    by_year: dict[int, list[Term]] = {}
    with _TERM_DATES_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            term = Term(
                academic_year=int(row["academic_year"]),
                name=row["term"],
                **{
                    key: date.fromisoformat(row[key])
                    for key in ("start", "end", "half_term_start", "half_term_end")
                },
            )
            by_year.setdefault(term.academic_year, []).append(term)
    return {year: tuple(sorted(terms, key=lambda t: t.start)) for year, terms in by_year.items()}


def covered_years() -> tuple[int, ...]:
    return tuple(sorted(_all_terms()))


def terms(academic_year: int) -> tuple[Term, ...]:
    try:
        return _all_terms()[academic_year]
    except KeyError:
        raise ValueError(
            f"No term dates are recorded for {academic_year}/{(academic_year + 1) % 100:02d}; "
            f"add them to {_TERM_DATES_FILE.name}."
        ) from None


def term(academic_year: int, name: str) -> Term:
    for candidate in terms(academic_year):
        if candidate.name == name:
            return candidate
    raise ValueError(f"No {name} term in {academic_year}.")


def half_terms(academic_year: int) -> tuple[tuple[date, date], ...]:
    """The six half terms of the year, in order, as (first day, last day)."""
    return tuple(half for t in terms(academic_year) for half in t.halves)


@cache
def school_days(academic_year: int) -> tuple[date, ...]:
    holidays = bank_holidays()
    days = []
    for first, last in half_terms(academic_year):
        day = first
        while day <= last:
            if day.weekday() < 5 and day not in holidays:
                days.append(day)
            day += timedelta(days=1)
    return tuple(days)


@cache
def _school_day_set(academic_year: int) -> frozenset[date]:
    return frozenset(school_days(academic_year))


def is_school_day(day: date) -> bool:
    return day in _school_day_set(academic_year_of(day))
