"""The periods attendance is measured over: a day, an ISO week, a half term, a term (the DfE's
fixed national windows or census terms), year to date, an academic year, any date range.

A period is an inclusive pair of dates; which of its days are school days is decided by the
registers themselves (a closed or non-school day has no possible sessions)."""

from dataclasses import dataclass
from datetime import date, timedelta

from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_end, academic_year_label, academic_year_start


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def day(on: date) -> Period:
    return Period(on, on, on.strftime("%-d %B %Y"))


def iso_week(year: int, week: int) -> Period:
    monday = date.fromisocalendar(year, week, 1)
    return Period(monday, monday + timedelta(days=6), f"Week {week} of {year}")


def week_of(on: date) -> Period:
    year, week, _ = on.isocalendar()
    return iso_week(year, week)


def date_range(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()} to {end.isoformat()}")


def academic_year(year: int) -> Period:
    return Period(academic_year_start(year), academic_year_end(year), academic_year_label(year))


def year_to_date(year: int, to: date) -> Period:
    return Period(academic_year_start(year), to, f"{academic_year_label(year)} to {to:%-d %B}")


def half_term(year: int, number: int) -> Period:
    """Half term 1–6 of the year, from the council's term dates."""
    first, last = term_dates.half_terms(year)[number - 1]
    return Period(first, last, f"Half term {number}, {academic_year_label(year)}")


# The DfE's fixed national term windows for the daily attendance statistics (attendance-data-
# dashboard global.R; ../shared/domain/attendance.md §2.1). They are not census terms.
DFE_TERM_WINDOWS: dict[int, dict[str, tuple[date, date]]] = {
    2022: {
        "autumn": (date(2022, 9, 12), date(2022, 12, 16)),
        "spring": (date(2023, 1, 3), date(2023, 3, 31)),
        "summer": (date(2023, 4, 1), date(2023, 7, 21)),
    },
    2023: {
        "autumn": (date(2023, 9, 11), date(2023, 12, 15)),
        "spring": (date(2024, 1, 2), date(2024, 3, 31)),
        "summer": (date(2024, 4, 1), date(2024, 7, 19)),
    },
    2024: {
        "autumn": (date(2024, 9, 9), date(2024, 12, 21)),
        "spring": (date(2025, 1, 6), date(2025, 4, 12)),
        "summer": (date(2025, 4, 14), date(2025, 7, 25)),
    },
    2025: {
        "autumn": (date(2025, 9, 8), date(2025, 12, 21)),
        "spring": (date(2026, 1, 4), date(2026, 4, 12)),
        "summer": (date(2026, 4, 13), date(2026, 7, 20)),
    },
}


def dfe_term(year: int, name: str) -> Period:
    try:
        start, end = DFE_TERM_WINDOWS[year][name]
    except KeyError:
        raise ValueError(
            f"The DfE has published no {name} term window for {academic_year_label(year)}."
        ) from None
    return Period(start, end, f"{name.capitalize()} term {academic_year_label(year)} (DfE)")


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    return date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


def census_term(year: int, name: str) -> Period:
    """School census terms: autumn 1 August–31 December, spring 1 January–Easter Sunday, summer
    Easter Monday–31 July (the accredited statistics' definition)."""
    easter = easter_sunday(year + 1)
    bounds = {
        "autumn": (date(year, 8, 1), date(year, 12, 31)),
        "spring": (date(year + 1, 1, 1), easter),
        "summer": (easter + timedelta(days=1), date(year + 1, 7, 31)),
    }
    if name not in bounds:
        raise ValueError(f"No census term called {name!r}: autumn, spring or summer.")
    start, end = bounds[name]
    return Period(start, end, f"{name.capitalize()} term {academic_year_label(year)} (census)")
