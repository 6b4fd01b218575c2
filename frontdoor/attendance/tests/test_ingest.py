"""Ingest: every problem reported on its line, all or nothing, idempotent, no UPN in any message.

The register is the hand-built county of frontdoor/conftest.py: school A (URN 990001) has
pupil A on roll since 1 Sep 2022 and had pupil D from 3 Sep 2018 to 19 Jul 2024; school B
(990002) has pupil B since 2 Sep 2024."""

from datetime import date, timedelta
from io import StringIO

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import codes
from frontdoor.attendance.ingest import MAX_REPORTED, InvalidMarksFile, marks_ingest

HEADER = "urn,upn,date,session,code"
PUPIL_A, PUPIL_B, PUPIL_D = "A886000000001", "B886000000002", "D886000000004"
NOT_A_PUPIL = "Z999999999999"


@pytest.fixture
def store(tmp_path) -> MarksStore:
    return MarksStore(tmp_path / "marks")


def write_csv(tmp_path, *lines: str, header: str = HEADER, name: str = "marks.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


def refusal(path, store) -> InvalidMarksFile:
    with pytest.raises(InvalidMarksFile) as refused:
        marks_ingest(path=path, store=store)
    assert store.version == 0
    assert not list(store.root.glob("academic_year=*"))  # nothing written, not even an orphan
    return refused.value


def test_a_clean_file_becomes_version_1(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-09-02,AM,/",
        f"990001,{PUPIL_A},2024-09-02,pm,\\",  # sessions in any case
        f"990002,{PUPIL_B},2024-09-02,AM,I",
        f"990002,{PUPIL_B},2024-09-02,AM,I",  # the same mark twice is fine
    )

    result = marks_ingest(path=path, store=store)

    assert (result.marks, result.version) == (4, 1)
    assert (result.commit.added, result.commit.partitions_written) == (3, 2)
    assert store.read().to_pylist() == [
        {"urn": 990001, "upn": PUPIL_A, "date": date(2024, 9, 2), "session": "AM", "code": "/"},
        {"urn": 990001, "upn": PUPIL_A, "date": date(2024, 9, 2), "session": "PM", "code": "\\"},
        {"urn": 990002, "upn": PUPIL_B, "date": date(2024, 9, 2), "session": "AM", "code": "I"},
    ]
    assert store.manifest()["source"] == "ingest marks.csv"


def test_the_same_file_twice_changes_nothing_and_a_correction_replaces(county, tmp_path, store):
    first = write_csv(tmp_path, f"990001,{PUPIL_A},2024-09-02,AM,N")
    marks_ingest(path=first, store=store)

    again = marks_ingest(path=first, store=store)
    corrected = marks_ingest(
        path=write_csv(tmp_path, f"990001,{PUPIL_A},2024-09-02,AM,I", name="fix.csv"),
        store=store,
    )

    assert (again.commit, again.version) == (None, 1)
    assert (corrected.commit.replaced, corrected.version) == (1, 2)
    assert store.read()["code"].to_pylist() == ["I"]
    assert store.read(version=1)["code"].to_pylist() == ["N"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("99001x,{A},2024-09-02,AM,/", "bad URN '99001x' (expected six digits)"),
        ("1e5,{A},2024-09-02,AM,/", "bad URN '1e5' (expected six digits)"),
        ("12345,{A},2024-09-02,AM,/", "bad URN '12345' (expected six digits)"),
        (",{A},2024-09-02,AM,/", "missing URN (expected six digits)"),
        ("123456,{A},2024-09-02,AM,/", "unknown school (no establishment has URN 123456)"),
        ("990001,{Z},2024-09-02,AM,/", "unknown pupil (UPN not on the pupil register)"),
        ("990001,,2024-09-02,AM,/", "missing UPN"),
        ("990001,{A},2024-13-01,AM,/", "bad date '2024-13-01' (expected YYYY-MM-DD)"),
        ("990001,{A},02/09/2024,AM,/", "bad date '02/09/2024' (expected YYYY-MM-DD)"),
        ("990001,{A},2024/9/2,AM,/", "bad date '2024/9/2' (expected YYYY-MM-DD)"),
        ("990001,{A},2024-09-02,XX,/", "bad session 'XX' (expected AM or PM)"),
        ("990001,{A},2024-09-02,,/", "missing session (expected AM or PM)"),
        ("990001,{A},2024-09-02,AM,Q9", "unknown code 'Q9'"),
        ("990001,{A},2024-09-02,AM,i", "unknown code 'i'"),
        ("990001,{A},2024-09-02,AM,", "missing code (expected `-` for no mark)"),
        ("990001,{A},2024-09-02,AM,J", codes.validate("J", date(2024, 9, 2))),
        ("990001,{A},2024-08-16,AM,J1", codes.validate("J1", date(2024, 8, 16))),
        (
            "990001,{D},2024-09-02,AM,/",
            "mark on 2024-09-02 is outside the pupil's enrolment at URN 990001 "
            "(no enrolment there covers that date)",
        ),
        (
            "990002,{B},2024-08-30,AM,/",
            "mark on 2024-08-30 is outside the pupil's enrolment at URN 990002 "
            "(no enrolment there covers that date)",
        ),
    ],
)
def test_each_problem_is_reported_on_its_line(county, tmp_path, store, line, problem):
    upns = {"A": PUPIL_A, "B": PUPIL_B, "D": PUPIL_D, "Z": NOT_A_PUPIL}
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-09-03,AM,/",
        f"990001,{PUPIL_A},2024-09-03,PM,\\",
        line.format(**upns),
    )

    assert refusal(path, store).problems == [f"line 4: {problem}"]


def test_a_line_with_several_problems_gets_each_of_them(county, tmp_path, store):
    path = write_csv(tmp_path, f"990001,{NOT_A_PUPIL},2024-02-31,am?,Q9")

    assert refusal(path, store).problems == [
        "line 2: unknown pupil (UPN not on the pupil register)",
        "line 2: bad date '2024-02-31' (expected YYYY-MM-DD)",
        "line 2: bad session 'am?' (expected AM or PM)",
        "line 2: unknown code 'Q9'",
    ]


def test_two_different_codes_for_one_session_are_refused(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-09-02,AM,/",
        f"990001,{PUPIL_A},2024-09-02,PM,\\",
        f"990001,{PUPIL_A},2024-09-02,am,I",
        f"990001,{PUPIL_A},2024-09-02,AM,/",
    )

    assert refusal(path, store).problems == [
        "line 4: a different code for the same pupil and session as line 2"
    ]


def test_contradictions_are_counted_with_the_other_problems(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-09-02,AM,/",
        f"990001,{PUPIL_A},2024-09-02,AM,I",
        f"990001,{PUPIL_A},2024-09-03,AM,Q9",
    )

    assert refusal(path, store).problems == [
        "line 3: a different code for the same pupil and session as line 2",
        "line 4: unknown code 'Q9'",
    ]


def test_blank_lines_carry_no_mark(county, tmp_path, store):
    path = write_csv(tmp_path, "", f"990001,{PUPIL_A},2024-09-02,AM,/", ",,,,", "")

    result = marks_ingest(path=path, store=store)

    assert (result.marks, result.commit.added) == (1, 1)


def test_blank_lines_are_passed_over_and_lines_stay_exact_past_malformed_ones(
    county, tmp_path, store
):
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-09-02,AM,/",
        "",
        f"990001,{PUPIL_A},2024-09-02,PM,\\,extra",
        f"990001,{PUPIL_A}",
        f"990001,{PUPIL_A},2024-09-03,AM,Q9",
    )

    assert refusal(path, store).problems == [
        "line 4: 6 values where there should be 5",
        "line 5: 2 values where there should be 5",
        "line 6: unknown code 'Q9'",
    ]


def test_only_the_first_problems_are_listed_with_the_total(county, tmp_path, store):
    days = [date(2024, 9, 2) + timedelta(days=n) for n in range(MAX_REPORTED + 10)]
    path = write_csv(tmp_path, *(f"990001,{PUPIL_A},{day},AM,Q{n}" for n, day in enumerate(days)))

    refused = refusal(path, store)

    assert (len(refused.problems), refused.total) == (MAX_REPORTED, MAX_REPORTED + 10)
    assert refused.problems[0] == "line 2: unknown code 'Q0'"


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            "urn,upn,date,session",
            "line 1: missing columns: 'code' (expected urn,upn,date,session,code)",
        ),
        (
            "urn,upn,date,session,code,note",
            "line 1: unexpected columns: 'note' (expected urn,upn,date,session,code)",
        ),
        (
            "urn,upn,date,session,Code,code",
            "line 1: unexpected columns: 'Code' (expected urn,upn,date,session,code)",
        ),
        (
            f"990001,{PUPIL_A},2024-09-02,AM,/",
            "line 1: missing columns: 'urn', 'upn', 'date', 'session', 'code'; unexpected "
            "columns: '990001', 'A886000000001', '2024-09-02', 'AM', '/' "
            "(expected urn,upn,date,session,code)",
        ),
    ],
)
def test_the_header_must_name_the_five_columns(county, tmp_path, store, header, problem):
    path = write_csv(tmp_path, f"990001,{PUPIL_A},2024-09-02,AM,/", header=header)

    assert refusal(path, store).problems == [problem]


def test_an_excel_export_with_a_byte_order_mark_and_crlf_lines_is_read(county, tmp_path, store):
    path = tmp_path / "excel.csv"
    lines = [HEADER, f"990001,{PUPIL_A},2024-09-02,AM,/", f"990001,{PUPIL_A},2024-09-02,PM,Q9"]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())

    assert refusal(path, store).problems == ["line 3: unknown code 'Q9'"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (HEADER.encode() + b"\n990001,\xff\xfe,2024-09-02,AM,/\n", "cannot be read as CSV"),
        (b"PAR1 and then nothing Parquet", "cannot be read as Parquet"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(county, tmp_path, store, content, problem):
    path = tmp_path / "upload"
    path.write_bytes(content)

    assert problem in refusal(path, store).problems[0]


def test_an_empty_file_is_refused(county, tmp_path, store):
    path = tmp_path / "empty.csv"
    path.write_text("")

    assert refusal(path, store).problems == [
        "line 1: no header; the file must start with urn,upn,date,session,code"
    ]


def test_a_header_alone_changes_nothing(county, tmp_path, store):
    result = marks_ingest(path=write_csv(tmp_path), store=store)

    assert (result.marks, result.commit, result.version) == (0, None, 0)


def test_both_code_sets_either_side_of_the_change_over(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        f"990001,{PUPIL_A},2024-07-15,AM,J",  # interview (AEA) until 18 August 2024
        f"990001,{PUPIL_A},2024-08-18,AM,H",
        f"990001,{PUPIL_A},2024-08-19,AM,C2",  # the 2024 set from 19 August
        f"990001,{PUPIL_A},2024-09-02,AM,J1",
        f"990001,{PUPIL_A},2024-09-02,PM,-",  # no mark, valid on any day
    )

    result = marks_ingest(path=path, store=store)

    assert result.commit.added == 5
    assert [p.academic_year for p in store.partitions()] == [2023, 2024]


def test_parquet_rows_are_counted_from_1(county, tmp_path, store):
    path = tmp_path / "marks.parquet"
    pq.write_table(
        pa.table(
            {
                "urn": pa.array([990001, 990001], pa.int64()),
                "upn": [PUPIL_A, PUPIL_A],
                "date": pa.array([date(2024, 9, 2), date(2024, 9, 2)], pa.date32()),
                "session": ["AM", "PM"],
                "code": ["/", "Q9"],
            }
        ),
        path,
    )

    assert refusal(path, store).problems == ["row 2: unknown code 'Q9'"]


def test_parquet_of_text_columns_is_checked_the_same(county, tmp_path, store):
    path = tmp_path / "marks.parquet"
    pq.write_table(
        pa.table(
            {
                "code": ["/", "\\"],
                "session": ["AM", "PM"],
                "date": ["2024-09-02", "2024-09-02"],
                "upn": [PUPIL_A, PUPIL_A],
                "urn": ["990001", "990001"],
            }
        ),
        path,
    )

    result = marks_ingest(path=path, store=store)

    assert result.commit.added == 2
    assert store.read()["urn"].to_pylist() == [990001, 990001]


def test_no_message_repeats_a_upn(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        f"990001,{NOT_A_PUPIL},2024-09-02,AM,/",
        f"990001,{PUPIL_D},2024-09-02,AM,/",
        f"990001,{PUPIL_A},2024-09-02,AM,/",
        f"990001,{PUPIL_A},2024-09-02,AM,I",
    )

    problems = "\n".join(refusal(path, store).problems)

    assert len(problems.splitlines()) == 3
    assert not any(upn in problems for upn in (NOT_A_PUPIL, PUPIL_D, PUPIL_A))


def run_command(*args) -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("attendance", "ingest", *map(str, args), stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        return exit_.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def test_the_command_reports_the_new_version_then_that_nothing_changed(county, tmp_path, store):
    path = write_csv(tmp_path, f"990001,{PUPIL_A},2024-09-02,AM,/")

    first = run_command(path, "--store", store.root)
    second = run_command(path, "--store", store.root)

    assert first[0] == 0
    assert (
        "Marks store version 1: 1 marks added, 0 replaced, 0 unchanged, 1 school-year" in (first[1])
    )
    assert "Reading the file" in first[2] and "Writing the store" in first[2]
    assert second[0] == 0
    assert "Nothing changed: the marks store already holds every mark in marks.csv" in second[1]


def test_the_command_exits_1_with_the_problems(county, tmp_path, store):
    path = write_csv(
        tmp_path,
        *(f"990001,{NOT_A_PUPIL},2024-09-02,AM,/" for _ in range(MAX_REPORTED + 2)),
    )

    status, stdout, stderr = run_command(path, "--store", store.root)

    assert (status, stdout) == (1, "")
    assert "line 2: unknown pupil (UPN not on the pupil register)" in stderr
    assert f"line {MAX_REPORTED + 1}: unknown pupil" in stderr
    assert f"line {MAX_REPORTED + 2}: unknown pupil" not in stderr
    assert f"… and 2 more ({MAX_REPORTED + 2} problems in all)." in stderr
    assert "marks.csv was refused: nothing was added to the marks store." in stderr
    assert NOT_A_PUPIL not in stderr
    assert store.version == 0


def test_the_command_uses_the_configured_store_by_default(county, tmp_path, settings):
    settings.FRONTDOOR_MARKS_STORE = tmp_path / "default"
    path = write_csv(tmp_path, f"990001,{PUPIL_A},2024-09-02,AM,/")

    status, _, _ = run_command(path)

    assert status == 0
    assert MarksStore(tmp_path / "default").version == 1


def test_the_command_refuses_a_missing_file(county, tmp_path, store):
    status, _, stderr = run_command(tmp_path / "absent.csv", "--store", store.root)

    assert status == 1
    assert "absent.csv: no such file" in stderr
