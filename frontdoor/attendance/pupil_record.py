"""A child's attendance for their record page: this year's measures per enrolment (from the
latest summary) and their register marks as a calendar (from the marks store).

The caller has already decided the user may see the child (`pupils.selectors.pupil_profile`)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from frontdoor.analytics.lookup import rows_where
from frontdoor.analytics.store import default_store
from frontdoor.attendance import codes, rates
from frontdoor.attendance.codes import Category
from frontdoor.attendance.summaries import latest_summary
from frontdoor.attendance.ytd_rows import pupil_rows
from frontdoor.core.calendar import academic_year_start

# How a mark is shown: its category's style in the calendar (app-mark--<style>).
STYLES = {
    Category.PRESENT: "present",
    Category.AEA: "activity",
    Category.AUTHORISED: "authorised",
    Category.UNAUTHORISED: "unauthorised",
    Category.NOT_COUNTED: "not-counted",
}
LEGEND = [  # (style, a code in it, what it means)
    ("present", "/", "Present (/ \\ L)"),
    ("activity", "V", "Approved educational activity"),
    ("authorised", "I", "Authorised absence"),
    ("unauthorised", "O", "Unauthorised absence"),
    ("not-counted", "#", "Not a possible session (closures, X, Y, Z)"),
    ("missing", "-", "No mark"),
]


@dataclass(frozen=True)
class Mark:
    code: str
    style: str
    meaning: str


@dataclass(frozen=True)
class Day:
    day: date
    am: Mark | None
    pm: Mark | None

    @property
    def sessions(self) -> list[tuple[str, Mark | None]]:
        return [("Morning", self.am), ("Afternoon", self.pm)]


@dataclass(frozen=True)
class Month:
    name: str
    weeks: list[list[Day | None]]  # Monday to Friday; None outside the month


@dataclass(frozen=True)
class PupilAttendance:
    as_at: date
    period_label: str
    measures: list[dict]  # one per enrolment this year: urn, school, counts, rates, flags
    months: list[Month]


def pupil_attendance(*, pupil_id: int, upn: str, enrolments) -> PupilAttendance | None:
    """This academic year's attendance for the child at the schools of their `enrolments`
    (those open at some point this year), the latest first; None before any marks have been
    summarised."""
    summary = latest_summary()
    if summary is None:
        return None
    year_start = academic_year_start(summary.academic_year)
    schools = {
        e.establishment.urn: e.establishment.name
        for e in enrolments
        if e.leaving_date is None or e.leaving_date >= year_start
    }
    urns = list(schools)
    ytd = pupil_rows(summary, pupil_id)
    measures = [
        row | rates.session_rates(row) | {"school": schools[row["urn"]]}
        for row in sorted(ytd, key=lambda row: row["admission_date"], reverse=True)
        if row["urn"] in schools
    ]
    span = summary.periods["ytd"]
    marks = _marks(upn, urns, summary.academic_year)
    return PupilAttendance(
        as_at=summary.as_at,
        period_label=span.label,
        measures=measures,
        months=_months(marks, span.start, span.end),
    )


def _marks(upn: str, urns: list[int], academic_year: int) -> dict[tuple[date, str], str]:
    store = default_store()
    wanted = set(urns)
    found = {}
    for partition in store.manifest()["partitions"]:  # cached: no file listing per page
        if partition["academic_year"] != academic_year or partition["urn"] not in wanted:
            continue
        rows = rows_where(store.root / partition["path"], "upn", [upn], ["date", "session", "code"])
        days = zip(rows["date"].to_pylist(), rows["session"].to_pylist(), strict=True)
        found.update(zip(days, rows["code"].to_pylist(), strict=True))
    return found


def _months(marks: dict, start: date, end: date) -> list[Month]:
    months = []
    first = date(start.year, start.month, 1)
    while first <= end:
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
            days = [
                Day(day, _mark(marks, day, "AM"), _mark(marks, day, "PM"))
                if day.month == first.month and start <= day <= end
                else None
                for day in week[:5]
            ]
            if any(days):
                weeks.append(days)
        months.append(Month(f"{first:%B %Y}", weeks))
        first = (first + timedelta(days=32)).replace(day=1)
    return months


def _mark(marks: dict, day: date, session: str) -> Mark | None:
    code = marks.get((day, session))
    if code is None:
        return None
    if code == codes.NO_MARK:
        return Mark(code, "missing", "No mark")
    known = codes.CODES[code]
    return Mark(code, STYLES[known.category], known.meaning)
