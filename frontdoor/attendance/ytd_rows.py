"""The summary's year-to-date rows, one per enrolment with a possible session, with its latest
week's counts: read once per process and summary, and kept as an Arrow table. The worklists
filter them by their rules, and a child's record picks its own rows out of them through an
index from pupil to row numbers (built once, like the table: cheaper than comparing every row
of the county on each request, and than reading the child's school's row groups)."""

from collections import defaultdict
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from frontdoor.attendance.summaries import Summary

SOCIAL_CARE = ("cla", "cin", "cpp", "plac")

COLUMNS = [
    "pupil_id",
    "urn",
    "district",
    "nc_year",
    "admission_date",
    "possible_sessions",
    "overall_attendance",
    "overall_absence",
    "authorised_absence",
    "unauthorised_absence",
    "persistent_absence",
    "severe_absence",
    "at_risk",
    "penalty_threshold_date",
    "n_codes_overdue",
    "code_C2",
    *SOCIAL_CARE,
]


@lru_cache(maxsize=2)
def ytd_rows(summary: Summary) -> pa.Table:
    """Year-to-date rows with a possible session, each with its latest week's counts."""
    table = pq.read_table(summary.measures_file, columns=[*COLUMNS, "period"])
    key = ["pupil_id", "urn", "admission_date"]
    ytd = table.filter(
        pc.and_(pc.equal(table["period"], "ytd"), pc.greater(table["possible_sessions"], 0))
    ).drop(["period"])
    week = table.filter(pc.equal(table["period"], "week")).select(
        [*key, "possible_sessions", "overall_attendance", "overall_absence"]
    )
    week = week.rename_columns([*key, "week_possible", "week_attendance", "week_absence"])
    joined = ytd.join(week, key, join_type="left outer")
    for name in ("week_possible", "week_attendance", "week_absence"):
        index = joined.column_names.index(name)
        joined = joined.set_column(index, name, pc.fill_null(joined[name], 0))
    return joined


def pupil_rows(summary: Summary, pupil_id: int) -> list[dict]:
    """The pupil's year-to-date rows (one per enrolment), as dicts."""
    table = ytd_rows(summary)
    # Zero-copy slices: `take` would gather every column's chunks, ten times the cost.
    return [table.slice(row, 1).to_pylist()[0] for row in _row_numbers(summary).get(pupil_id, ())]


@lru_cache(maxsize=2)
def _row_numbers(summary: Summary) -> dict[int, list[int]]:
    rows: dict[int, list[int]] = defaultdict(list)
    for number, pupil_id in enumerate(ytd_rows(summary)["pupil_id"].to_pylist()):
        rows[pupil_id].append(number)
    return dict(rows)
