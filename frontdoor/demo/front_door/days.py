"""Working days, London times and the year's rhythm for the demo's Front Door.

`WorkingDays` holds core.calendar's working days around the year once, so that the many
"n working days later" of a year's activity are list lookups; it agrees with
`core.calendar.add_working_days`, which the clocks use. Past the bank holidays recorded, any
weekday counts (only days after the as-at date can be there, and they only mean "not yet")."""

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from frontdoor.core import term_dates
from frontdoor.core.calendar import is_working_day
from frontdoor.demo import calibration as cal

LONDON = ZoneInfo("Europe/London")


def _working(day: date) -> bool:
    try:
        return is_working_day(day)
    except ValueError:
        return day.weekday() < 5


class WorkingDays:
    def __init__(self, first: date, last: date):
        self.days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if _working(first + timedelta(days=n))
        ]

    def after(self, day: date, count: int) -> date | None:
        """`add_working_days(day, count)`, or None when that is past the last day held."""
        if not self.days or day > self.days[-1]:
            return None
        position = bisect_right(self.days, day) - 1 + count
        return self.days[position] if 0 <= position < len(self.days) else None

    def between(self, first: date, last: date) -> list[date]:
        """The working days from `first` to `last`, both included."""
        start = bisect_right(self.days, first - timedelta(days=1))
        return self.days[start : bisect_right(self.days, last)]


def season(day: date) -> float:
    """How busy a working day is against a term-time one (calibration: fewer requests in the
    school holidays, fewest in August and over Christmas)."""
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 1):
        return cal.CHRISTMAS_REQUESTS
    if day.month == 8:
        return cal.AUGUST_REQUESTS
    try:
        in_term = term_dates.is_school_day(day)
    except ValueError:  # no term dates recorded for that year: the summer holiday only
        in_term = not (day.month == 7 and day.day > 21)
    return 1.0 if in_term else cal.HOLIDAY_REQUESTS


def term_day_rate(total: int, days: tuple[int, int]) -> float:
    """Kent's count a term-time working day, from `total` over (term days, holiday days)."""
    term, holiday = days
    return total / (term + holiday * cal.HOLIDAY_REQUESTS)


@cache
def _london_offset(day: date) -> timedelta:
    return datetime.combine(day, time(12), tzinfo=LONDON).utcoffset()


def at(day: date, minutes: int) -> datetime:
    """`minutes` after midnight on `day`, London time, as a UTC time (which the database
    takes as it is). The clocks change at night, on a Sunday: no time made here is then."""
    midnight = datetime.combine(day, time(), tzinfo=UTC) - _london_offset(day)
    return midnight + timedelta(minutes=minutes)


def day_of(instant: datetime) -> date:
    """The London date of `instant`."""
    return (instant + _london_offset(instant.date())).date()
