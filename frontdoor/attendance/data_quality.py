"""Data-quality measures on the register marks, as Ibis expressions (DuckDB or PySpark).

Three questions an attendance team asks before trusting a figure (attendance.md §4, §8):
- missing marks: in a session a school was open, how many pupils on roll have no mark, or `-`;
- N codes not replaced: `N` (reason not yet established) must be replaced within 5 school days;
  one still there after more school days than that is overdue;
- schools not submitting: whose latest mark is older than the latest school day.

A school's open sessions and school days are read from its own marks (any mark other than `#`),
as the penalty threshold reads school weeks: term dates and INSET days differ between schools."""

from collections.abc import Sequence
from datetime import date

import ibis
import pyarrow as pa
from ibis import _

from frontdoor.analytics import engine
from frontdoor.attendance import codes
from frontdoor.attendance.measures import within_enrolments
from frontdoor.attendance.periods import Period

N_CODE = "N"
N_REPLACE_WITHIN = 5  # school days


def open_sessions(marks: ibis.Table, period: Period) -> ibis.Table:
    """(urn, date, session): the sessions in the period each school was open."""
    return (
        marks.filter(_.date >= period.start, _.date <= period.end, _.code != codes.CLOSED)
        .select("urn", "date", "session")
        .distinct()
    )


def missing_marks(marks: ibis.Table, enrolments: ibis.Table, period: Period) -> ibis.Table:
    """(urn, date, session, on_roll, marked, missing) for every session a school was open:
    pupils on roll that day, those with a real mark, and the difference (no row, or `-`).
    Every year group counts: the register covers the whole roll."""
    sessions = open_sessions(marks, period)
    roll = sessions.join(
        enrolments,
        [
            sessions.urn == enrolments.urn,
            sessions.date >= enrolments.admission_date,
            enrolments.leaving_date.isnull() | (sessions.date <= enrolments.leaving_date),
        ],
    )
    on_roll = roll.group_by([roll.urn, roll.date, roll.session]).aggregate(on_roll=roll.count())
    real = marks.filter(_.date >= period.start, _.date <= period.end, _.code != codes.NO_MARK)
    windows = enrolments.select("urn", "upn", "admission_date", "leaving_date")
    enrolled = within_enrolments(real, windows)
    marked = enrolled.group_by([enrolled.urn, enrolled.date, enrolled.session]).aggregate(
        marked=enrolled.count()
    )
    joined = on_roll.left_join(
        marked,
        [on_roll.urn == marked.urn, on_roll.date == marked.date, on_roll.session == marked.session],
    )
    return joined.select(
        on_roll.urn,
        on_roll.date,
        on_roll.session,
        on_roll.on_roll,
        marked=joined.marked.fill_null(0),
    ).mutate(missing=_.on_roll - _.marked)


def missing_marks_by_school(missing: ibis.Table) -> ibis.Table:
    """(urn, open_sessions, sessions_with_gaps, expected_marks, missing_marks) from
    `missing_marks`; a rate is computed from these counts, never averaged."""
    return missing.group_by("urn").aggregate(
        open_sessions=_.count(),
        sessions_with_gaps=(_.missing > 0).cast("int64").sum(),
        expected_marks=_.on_roll.sum().cast("int64"),
        missing_marks=_.missing.sum().cast("int64"),
    )


def school_days(marks: ibis.Table, until: date) -> ibis.Table:
    """(urn, date, day_number): each school's open days up to `until`, numbered 1, 2, …"""
    days = marks.filter(_.date <= until, _.code != codes.CLOSED).select("urn", "date").distinct()
    return days.mutate(day_number=ibis.row_number().over(group_by=days.urn, order_by=days.date))


def unreplaced_n_codes(
    marks: ibis.Table, as_at: date, *, within: int = N_REPLACE_WITHIN
) -> ibis.Table:
    """(urn, upn, date, session, school_days_since): `N` marks on or before `as_at` with more
    than `within` of the school's own school days after them, so overdue for a reason."""
    days = school_days(marks, as_at)
    latest = days.group_by("urn").aggregate(latest=_.day_number.max())
    n_marks = marks.filter(_.code == N_CODE, _.date <= as_at)
    dated = n_marks.join(days, ["urn", "date"]).join(latest, "urn")
    return dated.select(
        "urn", "upn", "date", "session", school_days_since=_.latest - _.day_number
    ).filter(_.school_days_since > within)


def submissions(
    marks: ibis.Table, schools: Sequence[int], expected_days: Sequence[date], as_at: date
) -> ibis.Table:
    """(urn, last_mark_date, school_days_missed) for every school expected to submit:
    `school_days_missed` counts the expected school days (the county's calendar) after the
    school's latest mark up to `as_at`; every one of them when it has no mark at all."""
    days = engine.table(
        "expected_days", pa.table({"day": pa.array(sorted(expected_days), pa.date32())})
    ).filter(_.day <= as_at)
    expected = engine.table("schools", pa.table({"urn": pa.array(sorted(schools), pa.int32())}))
    latest = marks.filter(_.date <= as_at).group_by("urn").aggregate(last_mark_date=_.date.max())
    per_school = expected.left_join(latest, expected.urn == latest.urn).select(
        expected.urn, latest.last_mark_date
    )
    behind = per_school.cross_join(days).filter(
        _.last_mark_date.isnull() | (_.day > _.last_mark_date)
    )
    missed = behind.group_by("urn").aggregate(school_days_missed=_.count())
    joined = per_school.left_join(missed, per_school.urn == missed.urn)
    return joined.select(
        per_school.urn,
        per_school.last_mark_date,
        school_days_missed=joined.school_days_missed.fill_null(0).cast("int64"),
    )


def not_submitting(submitted: ibis.Table, *, tolerance: int = 1) -> ibis.Table:
    """Schools that have missed at least `tolerance` school days (daily data: one)."""
    return submitted.filter(_.school_days_missed >= tolerance)


def school_report(
    marks: ibis.Table,
    enrolments: ibis.Table,
    schools: Sequence[int],
    expected_days: Sequence[date],
    period: Period,
) -> ibis.Table:
    """One row per school expected to submit, at the period's end: its submission lag, its
    missing marks over the period and its N codes overdue (the three checks together)."""
    as_at = period.end
    submitted = submissions(marks, schools, expected_days, as_at)
    gaps = missing_marks_by_school(missing_marks(marks, enrolments, period))
    unreplaced = unreplaced_n_codes(marks.filter(_.date >= period.start), as_at)
    overdue = unreplaced.group_by("urn").aggregate(n_codes_overdue=_.count())
    joined = submitted.left_join(gaps, submitted.urn == gaps.urn)
    joined = joined.left_join(overdue, joined.urn == overdue.urn)
    counts = ("open_sessions", "sessions_with_gaps", "expected_marks", "missing_marks")
    return joined.select(
        joined.urn,
        joined.last_mark_date,
        joined.school_days_missed,
        *[joined[c].fill_null(0).cast("int64").name(c) for c in counts],
        n_codes_overdue=joined.n_codes_overdue.fill_null(0).cast("int64"),
    ).order_by("urn")
