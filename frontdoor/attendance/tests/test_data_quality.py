"""Data-quality measures worked by hand: missing marks, N codes not replaced within 5 school
days, schools not submitting."""

import csv
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from frontdoor.analytics import engine
from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import data_quality, periods
from frontdoor.attendance.tests.marks_builder import enrolments_table, marks_table

MONDAY = date(2025, 1, 6)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]
TWO_WEEKS = periods.date_range(MONDAY, MONDAY + timedelta(days=11))


@pytest.fixture(scope="module")
def con():
    return engine.connect("duckdb")


def rows(con, table, key):
    return {key(r): r for r in con.to_pyarrow(table).to_pylist()}


def test_missing_marks_count_no_row_and_dash_against_the_roll(con):
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "//")],
            (1, "B"): [(MONDAY, "-/")],
            # C has no marks at all; D is marked but not on roll here.
            (1, "D"): [(MONDAY, "//")],
        }
    )
    enrolments = enrolments_table([{"urn": 1, "upn": upn} for upn in "ABC"])
    missing = data_quality.missing_marks(marks, enrolments, TWO_WEEKS)
    found = rows(con, missing, lambda r: (r["date"], r["session"]))
    assert set(found) == {(MONDAY, "AM"), (MONDAY, "PM")}  # only the sessions it was open
    assert (found[MONDAY, "AM"]["on_roll"], found[MONDAY, "AM"]["marked"]) == (3, 1)
    assert found[MONDAY, "AM"]["missing"] == 2
    assert found[MONDAY, "PM"]["missing"] == 1


def test_closed_sessions_are_not_expected_and_joiners_count_from_admission(con):
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "####//")],
            (1, "B"): [(MONDAY, "####//")],
        }
    )
    enrolments = enrolments_table(
        [
            {"urn": 1, "upn": "A"},
            {"urn": 1, "upn": "B", "admission_date": WEEK[2]},
            {"urn": 1, "upn": "C", "admission_date": WEEK[2]},
            {"urn": 1, "upn": "E", "leaving_date": WEEK[1]},
        ]
    )
    missing = data_quality.missing_marks(marks, enrolments, TWO_WEEKS)
    found = rows(con, missing, lambda r: (r["date"], r["session"]))
    assert set(found) == {(WEEK[2], "AM"), (WEEK[2], "PM")}
    assert found[WEEK[2], "AM"]["on_roll"] == 3  # A, B and C; E had left
    assert found[WEEK[2], "AM"]["missing"] == 1  # C
    summary = con.to_pyarrow(data_quality.missing_marks_by_school(missing)).to_pylist()
    assert summary == [
        {
            "urn": 1,
            "open_sessions": 2,
            "sessions_with_gaps": 2,
            "expected_marks": 6,
            "missing_marks": 2,
        }
    ]


def overdue(con, marks, as_at):
    table = data_quality.unreplaced_n_codes(marks, as_at)
    return sorted(
        (r["upn"], r["date"], r["school_days_since"]) for r in con.to_pyarrow(table).to_pylist()
    )


def test_an_n_code_is_overdue_after_more_than_five_of_the_schools_days(con):
    # Two weeks of marks; A has N on Monday, B on Tuesday.
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "N/" + "//" * 9)],
            (1, "B"): [(MONDAY, "//N/" + "//" * 8)],
        }
    )
    next_monday, next_tuesday = WEEK[0] + timedelta(7), WEEK[1] + timedelta(7)
    assert overdue(con, marks, next_monday) == []  # 5 school days since: still in time
    assert overdue(con, marks, next_tuesday) == [("A", MONDAY, 6)]
    assert [r[0] for r in overdue(con, marks, next_tuesday + timedelta(1))] == ["A", "B"]


def test_closures_are_not_school_days_for_the_n_clock(con):
    # The school is closed Tuesday to Thursday of the second week.
    second = "//" + "######" + "//"
    marks = marks_table({(1, "A"): [(MONDAY, "N/" + "//" * 4 + second)]})
    # Days after Monday: Tue–Fri (4) + Mon, Fri of week two (2) = 6.
    assert overdue(con, marks, WEEK[4] + timedelta(7)) == [("A", MONDAY, 6)]
    assert overdue(con, marks, WEEK[3] + timedelta(7)) == []


def test_a_replaced_n_is_not_reported(con):
    marks = marks_table({(1, "A"): [(MONDAY, "I/" + "//" * 9)]})
    assert overdue(con, marks, WEEK[4] + timedelta(7)) == []


def test_schools_not_submitting(con):
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "//" * 5)],  # up to Friday
            (2, "B"): [(MONDAY, "//" * 3)],  # stopped after Wednesday
        }
    )
    submitted = data_quality.submissions(marks, [1, 2, 3], WEEK, as_at=WEEK[4])
    found = rows(con, submitted, lambda r: r["urn"])
    assert found[1] == {"urn": 1, "last_mark_date": WEEK[4], "school_days_missed": 0}
    assert found[2] == {"urn": 2, "last_mark_date": WEEK[2], "school_days_missed": 2}
    assert found[3] == {"urn": 3, "last_mark_date": None, "school_days_missed": 5}
    lagging = con.to_pyarrow(data_quality.not_submitting(submitted)).column("urn").to_pylist()
    assert sorted(lagging) == [2, 3]
    assert data_quality.not_submitting(submitted, tolerance=3).count().execute() == 1
    # Marks after the as-at date are ignored, and so are days after it.
    on_wednesday = rows(
        con, data_quality.submissions(marks, [1, 2, 3], WEEK, as_at=WEEK[2]), lambda r: r["urn"]
    )
    assert [on_wednesday[u]["school_days_missed"] for u in (1, 2, 3)] == [0, 0, 3]


@pytest.mark.django_db
def test_the_quality_command_on_the_store(county, tmp_path):
    """County of frontdoor/conftest.py: pupil A at 990001, pupil B at 990002, both on roll.
    990001 submits the whole week with A's Monday N unreplaced; 990002 stops on Tuesday;
    990003 (pupil C) submits nothing."""
    from frontdoor.attendance.ingest import marks_ingest

    monday = date(2024, 11, 4)
    days = [monday + timedelta(n) for n in range(5)]
    lines = ["urn,upn,date,session,code"]
    for day in days:
        for session in ("AM", "PM"):
            code = "N" if (day, session) == (monday, "AM") else "/"
            lines.append(f"990001,A886000000001,{day},{session},{code}")
    lines += [f"990002,B886000000002,{d},{s},/" for d in days[:2] for s in ("AM", "PM")]
    source = tmp_path / "week.csv"
    source.write_text("\n".join(lines) + "\n")
    store = MarksStore(tmp_path / "marks")
    marks_ingest(path=source, store=store)

    out, err, report = StringIO(), StringIO(), tmp_path / "quality.csv"
    call_command(
        "attendance",
        "quality",
        "--as-at=2024-11-11",
        "--from=2024-11-04",
        f"--store={store.root}",
        f"--out={report}",
        stdout=out,
        stderr=err,
    )

    text = out.getvalue()
    assert "3 schools with pupils on roll" in text
    assert "Not submitting (missed at least one school day): 3 schools" in text
    assert "Missing marks: 0 of 14 expected (0.00%)" in text
    rows = {r["urn"]: r for r in csv.DictReader(report.open())}
    assert rows["990001"]["school_days_missed"] == "1"  # Monday 11 November
    assert rows["990002"]["school_days_missed"] == "4"  # Wednesday to Monday
    assert (rows["990003"]["last_mark_date"], rows["990003"]["school_days_missed"]) == ("", "6")
    # Four of 990001's own school days since Monday's N: not yet overdue.
    assert rows["990001"]["n_codes_overdue"] == "0"
    assert "A886000000001" not in text + report.read_text()
