"""School days: terms, weekdays, a weekday drawn between two dates, whole years apart."""

import random
from datetime import date, timedelta
from functools import cache


def weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def weekday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


@cache
def term_start(academic_year: int) -> date:
    """First day of the autumn term (the first weekday from 3 September)."""
    return weekday_on_or_after(date(academic_year, 9, 3))


@cache
def term_end(academic_year: int) -> date:
    """Last day of the summer term (the last weekday up to 21 July)."""
    return weekday_on_or_before(date(academic_year + 1, 7, 21))


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A weekday between `first` and `last` (inclusive), or `first` when there is no room."""
    if last <= first:
        return first
    day = first + timedelta(days=int(rng.random() * ((last - first).days + 1)))
    if day.weekday() >= 5:
        later = weekday_on_or_after(day)
        day = later if later <= last else weekday_on_or_before(day)
    return max(day, first)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)
