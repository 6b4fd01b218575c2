"""The penalty-notice national threshold: 10 sessions of unauthorised absence (G, N, O, U) within
a rolling 10 school weeks, crossing terms and academic years (WTtISA 2024).

A school week is an ISO week in which the pupil's school had at least one session open (any mark
there other than `#`). The window at a date is that date's school week and the nine school weeks
before it. The threshold is reached at the first unauthorised session that brings the count in
its window to 10; we report that session's date."""

import ibis
from ibis import _

from frontdoor.attendance import codes
from frontdoor.attendance.periods import Period

THRESHOLD_SESSIONS = 10
WINDOW_SCHOOL_WEEKS = 10


def school_weeks(marks: ibis.Table, until) -> ibis.Table:
    """(urn, week, week_number): each school's open weeks numbered 1, 2, … in date order."""
    open_marks = marks.filter(_.date <= until, _.code != codes.CLOSED)
    weeks = open_marks.select(_.urn, week=_.date.truncate("W")).distinct()
    return weeks.mutate(week_number=ibis.row_number().over(group_by=weeks.urn, order_by=weeks.week))


def threshold_dates(marks: ibis.Table, period: Period) -> ibis.Table:
    """(urn, upn, penalty_threshold_date): the first date within the period on which a pupil's
    unauthorised sessions at a school reach the threshold. Marks before the period are the
    look-back, so pass every mark there is (the whole store), not just the period's."""
    unauthorised = marks.filter(_.date <= period.end, _.code.isin(codes.PENALTY_CODES)).mutate(
        week=_.date.truncate("W")
    )
    weeks = school_weeks(marks, period.end)
    numbered = unauthorised.join(weeks, ["urn", "week"])
    pupil = [numbered.urn, numbered.upn]
    ordered = numbered.mutate(
        sequence=ibis.row_number().over(group_by=pupil, order_by=[numbered.date, numbered.session])
    )
    window = ibis.range_window(
        preceding=WINDOW_SCHOOL_WEEKS - 1,
        following=0,
        group_by=[ordered.urn, ordered.upn],
        order_by=ordered.week_number,
    )
    # Sequence numbers rise with date, so the window's first unauthorised session has the
    # smallest; the count up to and including this session is the difference plus one.
    counted = ordered.mutate(in_window=ordered.sequence - ordered.sequence.min().over(window) + 1)
    reached = counted.filter(
        _.in_window >= THRESHOLD_SESSIONS, _.date >= period.start, _.date <= period.end
    )
    return reached.group_by(["urn", "upn"]).aggregate(penalty_threshold_date=_.date.min())


def with_threshold_dates(measures: ibis.Table, marks: ibis.Table, period: Period) -> ibis.Table:
    """Enrolment measures with `penalty_threshold_date` (null when not reached), matched to the
    enrolment that was open on that date."""
    dates = threshold_dates(marks, period)
    joined = measures.left_join(
        dates,
        [
            measures.urn == dates.urn,
            measures.upn == dates.upn,
            dates.penalty_threshold_date >= measures.admission_date,
            measures.leaving_date.isnull()
            | (dates.penalty_threshold_date <= measures.leaving_date),
        ],
    )
    return joined.select(*[measures[c] for c in measures.columns], dates.penalty_threshold_date)
