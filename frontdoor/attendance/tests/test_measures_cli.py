"""`frontdoor attendance measures`: the contract scripts depend on."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

MARKS = """urn,upn,date,session,code
100001,A1,2025-01-06,AM,/
100001,A1,2025-01-06,PM,\\
100001,A1,2025-01-07,AM,I
100001,A1,2025-01-07,PM,O
100001,B2,2025-01-06,AM,B
100001,B2,2025-01-06,PM,/
100002,C3,2025-01-06,AM,/
100002,C3,2025-01-06,PM,#
"""
ENROLMENTS = """urn,upn,admission_date,leaving_date,nc_year
100001,A1,2024-09-01,,4
100001,B2,2024-09-01,2025-03-31,4
100002,C3,2025-01-06,,10
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


def measures(tmp_path, level, marks=MARKS, enrolments=ENROLMENTS, *extra):
    out = tmp_path / f"{level}.csv"
    stdout, stderr = StringIO(), StringIO()
    args = [
        "measures",
        "--marks", str(write(tmp_path, "marks.csv", marks)),
        "--enrolments", str(write(tmp_path, "enrolments.csv", enrolments)),
        "--from", "2025-01-01", "--to", "2025-01-31",
        "--level", level, "--out", str(out), *extra,
    ]  # fmt: skip
    try:
        call_command("attendance", *args, stdout=stdout, stderr=stderr)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    rows = list(csv.DictReader(out.open())) if out.exists() else None
    return status, rows, stderr.getvalue()


def test_enrolment_level(tmp_path):
    status, rows, _ = measures(tmp_path, "enrolment")
    assert status == 0
    by_upn = {row["upn"]: row for row in rows}
    a1 = by_upn["A1"]
    assert a1["urn"] == "100001"
    assert (a1["possible_sessions"], a1["present_sessions"], a1["overall_absence"]) == (
        "4",
        "2",
        "2",
    )
    assert (a1["attendance_rate"], a1["overall_absence_rate"]) == ("50.00", "50.00")
    assert (a1["persistent_absence"], a1["severe_absence"]) == ("true", "true")
    assert a1["penalty_threshold_date"] == ""
    assert by_upn["B2"]["aea_sessions"] == "1"
    assert by_upn["C3"]["possible_sessions"] == "1"


def test_school_and_la_levels(tmp_path):
    status, rows, _ = measures(tmp_path, "school")
    assert status == 0
    school = {row["urn"]: row for row in rows}["100001"]
    assert school["enrolments"] == "2"
    assert school["possible_sessions"] == "6"
    assert school["attendance_rate"] == "66.67"  # 4/6, half up
    assert (school["persistent_absence_count"], school["persistent_absence_rate"]) == ("1", "50.00")
    assert (school["severe_absence_count"], school["severe_absence_rate"]) == ("1", "50.00")
    status, rows, _ = measures(tmp_path, "la")
    assert status == 0 and len(rows) == 1
    assert "urn" not in rows[0]
    assert rows[0]["enrolments"] == "3"
    assert rows[0]["possible_sessions"] == "7"
    assert rows[0]["persistent_absence_rate"] == "33.33"


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (
            "100001,A1,2025-01-08,AM,J",
            "line 10: code 'J' is not valid on 2025-01-08 (in force until 18 August 2024)",
        ),
        ("100001,A1,2025-01-08,AM,QQ", "line 10: unknown code 'QQ'"),
        ("100001,A1,2025-01-08,AM,i", "line 10: unknown code 'i'"),
        ("100001,A1,2025-02-30,AM,/", "line 10: bad date '2025-02-30' (expected YYYY-MM-DD)"),
        ("100001,A1,2025-01-08,XX,/", "line 10: bad session 'XX' (expected AM or PM)"),
        ("1000x1,A1,2025-01-08,AM,/", "line 10: bad URN '1000x1' (expected six digits)"),
        (
            "100001,A1,2025-01-06,AM,I",
            "line 10: a different code for the same pupil and session as line 2",
        ),
        ("100001,C3,2025-01-08,AM,/", "line 10: mark on 2025-01-08 is outside the pupil's"),
        (
            "100003,Z9,2025-01-08,AM,/",
            "line 10: unknown school (no enrolment in enrolments.csv has URN 100003)",
        ),
        ("100001,Z9,2025-01-08,AM,/", "line 10: unknown pupil (UPN not in enrolments.csv)"),
    ],
)
def test_bad_marks_say_which_line_and_write_nothing(tmp_path, bad_line, message):
    status, rows, errors = measures(tmp_path, "school", MARKS + bad_line + "\n")
    assert status == 1
    assert message in errors
    assert rows is None
    assert bad_line.split(",")[1] not in errors  # no UPN is ever echoed


def test_bad_enrolments_and_missing_columns(tmp_path):
    status, rows, errors = measures(tmp_path, "la", MARKS, ENROLMENTS + "100001,D4,2025-13-01,,4\n")
    assert status == 1 and rows is None
    assert 'line 5: admission_date "2025-13-01" is not a date' in errors
    status, rows, errors = measures(tmp_path, "la", "urn,upn,date,code\n1,A,2025-01-06,/\n")
    assert status == 1 and rows is None
    assert "line 1: missing columns: 'session'" in errors


def test_identical_repeated_marks_are_harmless(tmp_path):
    status, rows, _ = measures(tmp_path, "la", MARKS + "100001,A1,2025-01-07,AM,I\n")
    assert status == 0
    assert rows[0]["possible_sessions"] == "7"
