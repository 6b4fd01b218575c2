"""Worklists: the pupils who need someone to act, from the latest summary's year-to-date and
latest-week measures, within the reach the access layer gives the user (`access.pupil_reach`).

Each list is a rule on one enrolment's counts, exact on integers like the measures themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc
from django.urls import reverse

from frontdoor.attendance import exclusions
from frontdoor.attendance.summaries import Summary
from frontdoor.attendance.ytd_rows import SOCIAL_CARE, ytd_rows
from frontdoor.core.access import PupilReach
from frontdoor.pupils.selectors import pupil_names
from frontdoor.schools.models import Establishment

FALLING_POINTS = 5  # this week's attendance this many points below the year to date


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: str
    description: str
    rule: Callable[[pa.Table], pa.ChunkedArray]  # a boolean per row
    detail: tuple[str, str] | None = None  # (column, heading): a count the list is about
    needs_suspensions: bool = False  # the rule reads `suspensions` (from the database)


def _newly_persistent(t: pa.Table):
    """Persistently absent now, but not before this week's sessions were counted."""
    before_absence = pc.subtract(t["overall_absence"], t["week_absence"])
    before_possible = pc.subtract(t["possible_sessions"], t["week_possible"])
    was = pc.and_(
        pc.greater(before_possible, 0),
        pc.greater_equal(pc.multiply(before_absence, 10), before_possible),
    )
    return pc.and_(t["persistent_absence"], pc.invert(was))


def _falling(t: pa.Table):
    """In care or with a social worker, and this week's attendance is FALLING_POINTS or more
    below their year to date: (a/p - wa/wp) * 100 >= points, on integers."""
    social = _social_care(t)
    gap = pc.subtract(
        pc.multiply(t["overall_attendance"], t["week_possible"]),
        pc.multiply(t["week_attendance"], t["possible_sessions"]),
    )
    limit = pc.multiply(pc.multiply(t["possible_sessions"], t["week_possible"]), FALLING_POINTS)
    return pc.and_(
        pc.and_(social, pc.greater(t["week_possible"], 0)),
        pc.greater_equal(pc.multiply(gap, 100), limit),
    )


def _social_care(t: pa.Table):
    flags = [t[flag] for flag in SOCIAL_CARE]
    result = flags[0]
    for flag in flags[1:]:
        result = pc.or_(result, flag)
    return result


WORKLISTS = {
    w.slug: w
    for w in (
        Worklist(
            "persistent",
            "Persistently absent",
            "Missed 10% or more of their possible sessions this year.",
            lambda t: t["persistent_absence"],
        ),
        Worklist(
            "severe",
            "Severely absent",
            "Missed 50% or more of their possible sessions this year.",
            lambda t: t["severe_absence"],
        ),
        Worklist(
            "at-risk",
            "At risk of persistent absence",
            "Missed from 5% to under 10% of their sessions this year: support now keeps them "
            "from becoming persistently absent.",
            lambda t: t["at_risk"],
        ),
        Worklist(
            "newly-persistent",
            "Newly persistently absent this week",
            "Crossed the 10% threshold with this week's sessions.",
            _newly_persistent,
        ),
        Worklist(
            "penalty-threshold",
            "Penalty-notice threshold reached",
            "10 or more unauthorised sessions (G, N, O, U) within 10 school weeks this year: "
            "consider the support-first steps and the national framework.",
            lambda t: pc.is_valid(t["penalty_threshold_date"]),
        ),
        Worklist(
            "n-codes",
            "N codes not replaced within 5 school days",
            "The school has not yet recorded why these sessions were missed.",
            lambda t: pc.greater(t["n_codes_overdue"], 0),
        ),
        Worklist(
            "part-time",
            "On a part-time timetable",
            "Sessions coded C2 this year: part-time timetables must be temporary and reviewed.",
            lambda t: pc.greater(t["code_C2"], 0),
        ),
        Worklist(
            "repeated-suspensions",
            "Suspended more than once",
            "Two or more suspensions recorded by the school this year: a pattern to plan "
            "support around, and a risk of permanent exclusion.",
            lambda t: pc.greater(t["suspensions"], 1),
            detail=("suspensions", "Suspensions"),
            needs_suspensions=True,
        ),
        Worklist(
            "social-care-falling",
            "With a social worker or in care, attendance falling",
            f"This week's attendance is {FALLING_POINTS} points or more below their year to date.",
            _falling,
        ),
    )
}


def counts(summary: Summary, reach: PupilReach) -> dict[str, int]:
    table = _in_reach(summary, reach)
    return {
        slug: pc.sum(pc.cast(w.rule(table), pa.int64())).as_py() or 0
        for slug, w in WORKLISTS.items()
    }


def pupils(summary: Summary, reach: PupilReach, slug: str) -> pa.Table:
    """The worklist's rows within reach, lowest attendance first (counts only: see
    `with_rates`)."""
    worklist = WORKLISTS[slug]
    table = _in_reach(summary, reach, suspensions=worklist.needs_suspensions)
    chosen = table.filter(worklist.rule(table))
    ratio = pc.divide(
        pc.cast(chosen["overall_attendance"], pa.float64()), chosen["possible_sessions"]
    )
    chosen = chosen.append_column("_ratio", ratio)
    return chosen.sort_by([("_ratio", "ascending"), ("pupil_id", "ascending")]).drop(["_ratio"])


def with_detail(slug: str, rows: list[dict]) -> list[dict]:
    """Each row with `detail`, the count its list is about (when the list has one)."""
    detail = WORKLISTS[slug].detail
    return rows if detail is None else [row | {"detail": row[detail[0]]} for row in rows]


def named_rows(user, rows: list[dict]) -> list[dict]:
    """The rows whose pupils the user may see, with their names and schools."""
    names = pupil_names(user, {row["pupil_id"] for row in rows})
    schools_named = dict(
        Establishment.objects.filter(urn__in={row["urn"] for row in rows}).values_list(
            "urn", "name"
        )
    )
    href = reverse("pupil_detail", kwargs={"pupil_id": 0})
    return [
        row
        | {
            "name": names[row["pupil_id"]],
            "school": schools_named.get(row["urn"], row["urn"]),
            "href": href.replace("/0/", f"/{row['pupil_id']}/"),
        }
        for row in rows
        if row["pupil_id"] in names
    ]


def rows_in_reach(summary: Summary, reach: PupilReach) -> pa.Table:
    """Every year-to-date row within reach, with its suspensions: what other apps' lists of
    pupils (the Virtual School's) start from."""
    return _in_reach(summary, reach)


def _in_reach(summary: Summary, reach: PupilReach, *, suspensions: bool = True) -> pa.Table:
    rows = _reach_rows(summary, reach)
    return _with_suspensions(rows, summary) if suspensions else rows


@lru_cache(maxsize=64)
def _reach_rows(summary: Summary, reach: PupilReach) -> pa.Table:
    """The summary's rows within reach: the same for every request until the next summary."""
    table = ytd_rows(summary)
    if reach.urns is not None:
        table = table.filter(pc.is_in(table["urn"], pa.array(sorted(reach.urns), pa.int32())))
    if reach.districts is not None:
        table = table.filter(pc.is_in(table["district"], pa.array(sorted(reach.districts))))
    if reach.social_care_only:
        table = table.filter(_social_care(table))
    return table


def _with_suspensions(table: pa.Table, summary: Summary) -> pa.Table:
    """`suspensions`: those the pupil's school recorded this year to date (from the database,
    so a suspension recorded today counts at once)."""
    counted = exclusions.suspensions_per_enrolment(summary.periods["ytd"])
    joined = table.join(counted, ["pupil_id", "urn"], join_type="left outer")
    index = joined.column_names.index("suspensions")
    return joined.set_column(index, "suspensions", pc.fill_null(joined["suspensions"], 0))
