"""Hand-worked cases for the measures (../shared/domain/attendance.md §3–4). Each register is
written out as a string of codes, one per session, so the expected figures can be counted by
eye."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdoor.analytics import engine
from frontdoor.attendance import codes, measures, periods
from frontdoor.attendance.tests.marks_builder import enrolments_table, marks_table

MONDAY = date(2025, 1, 6)
JANUARY = periods.date_range(date(2025, 1, 1), date(2025, 1, 31))


@pytest.fixture(scope="module")
def con():
    return engine.connect("duckdb")


def run(con, marks, enrolments, period=JANUARY, **options):
    table = measures.enrolment_measures(marks, enrolments, period, **options)
    return {(r["urn"], r["upn"]): r for r in con.to_pyarrow(table).to_pylist()}


def one(con, codes_string, period=JANUARY, start=MONDAY, **enrolment):
    marks = marks_table({(1, "A"): [(start, codes_string)]})
    enrolments = enrolments_table([{"urn": 1, "upn": "A", **enrolment}])
    return run(con, marks, enrolments, period)[(1, "A")]


@pytest.mark.parametrize(
    ("code", "category"),
    [(code.code, code.category) for code in codes.CODES.values() if code.valid_on(MONDAY)],
)
def test_every_current_code_counts_in_its_category(con, code, category):
    row = one(con, [code])
    expected_possible = 0 if category == codes.Category.NOT_COUNTED else 1
    assert row["possible_sessions"] == expected_possible
    assert row[codes.CODE_COLUMNS[code]] == 1
    column = {
        codes.Category.PRESENT: "present_sessions",
        codes.Category.AEA: "aea_sessions",
        codes.Category.AUTHORISED: "authorised_absence",
        codes.Category.UNAUTHORISED: "unauthorised_absence",
    }.get(category)
    if column:
        assert row[column] == 1
    assert row["late_sessions"] == (1 if code in ("L", "U") else 0)


def test_a_week_worked_by_hand(con):
    # Mon / \  Tue / I  Wed L O  Thu # #  Fri B M
    row = one(con, ["/", "\\", "/", "I", "L", "O", "#", "#", "B", "M"])
    assert row["possible_sessions"] == 8
    assert row["present_sessions"] == 4  # / \ / L
    assert row["aea_sessions"] == 1
    assert row["overall_attendance"] == 5
    assert row["authorised_absence"] == 2  # I M
    assert row["unauthorised_absence"] == 1
    assert row["overall_absence"] == 3
    assert row["late_sessions"] == 1
    assert row["code_closed"] == 2
    assert row["persistent_absence"] and not row["severe_absence"]  # 37.5%


def test_no_mark_is_missing_not_possible(con):
    row = one(con, ["/", "-", "\\", "\\"])
    assert row["possible_sessions"] == 3
    assert row["no_mark"] == 1


@pytest.mark.parametrize(
    ("absent", "present", "persistent", "severe", "at_risk"),
    [
        (1, 9, True, False, False),  # exactly 10.00%: persistent
        (1, 10, False, False, True),  # 9.09%: at risk
        (1, 19, False, False, True),  # exactly 5.00%: at risk from 5%
        (1, 20, False, False, False),  # 4.76%
        (5, 5, True, True, False),  # exactly 50%: severe
        (4, 5, True, False, False),  # 44.4%
        (0, 0, False, False, False),  # no possible sessions: not counted at all
    ],
)
def test_thresholds_are_exact(con, absent, present, persistent, severe, at_risk):
    row = one(con, ["I"] * absent + ["/"] * present + ["#"])
    assert row["persistent_absence"] is persistent
    assert row["severe_absence"] is severe
    assert row["at_risk"] is at_risk


def test_joiner_and_leaver_count_only_sessions_on_roll(con):
    marks = marks_table(
        {
            (1, "J"): [(date(2025, 1, 13), "//////////")],  # joined the second week
            (1, "L"): [(MONDAY, "////IIII//")],  # left on the Friday
            (2, "L"): [(date(2025, 1, 13), "OO")],  # and joined another school
        }
    )
    enrolments = enrolments_table(
        [
            {"urn": 1, "upn": "J", "admission_date": date(2025, 1, 13)},
            {"urn": 1, "upn": "L", "leaving_date": date(2025, 1, 10)},
            {"urn": 2, "upn": "L", "admission_date": date(2025, 1, 13)},
            {"urn": 1, "upn": "X", "leaving_date": date(2024, 12, 20)},  # left before January
        ]
    )
    rows = run(con, marks, enrolments)
    assert set(rows) == {(1, "J"), (1, "L"), (2, "L")}
    assert rows[(1, "J")]["possible_sessions"] == 10
    assert rows[(1, "L")]["overall_absence"] == 4
    assert rows[(2, "L")]["unauthorised_absence"] == 2  # each registration its own enrolment


def test_marks_outside_the_enrolment_are_not_counted(con):
    marks = marks_table({(1, "A"): [(MONDAY, "IIII//////")]})
    enrolments = enrolments_table([{"urn": 1, "upn": "A", "admission_date": date(2025, 1, 8)}])
    assert run(con, marks, enrolments)[(1, "A")]["possible_sessions"] == 6


def test_dual_registration_d_is_not_a_possible_session_at_the_main_school(con):
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "//DDDD////")],  # main school: at the PRU Tue–Wed
            (2, "A"): [(date(2025, 1, 7), "//O/")],  # the PRU
        }
    )
    enrolments = enrolments_table([{"urn": 1, "upn": "A"}, {"urn": 2, "upn": "A"}])
    rows = run(con, marks, enrolments)
    assert rows[(1, "A")]["possible_sessions"] == 6
    assert rows[(1, "A")]["code_D"] == 4
    assert rows[(2, "A")]["possible_sessions"] == 4
    assert rows[(2, "A")]["unauthorised_absence"] == 1


def test_code_set_change_over_interview_was_attendance_and_is_now_absence(con):
    summer = periods.date_range(date(2024, 8, 1), date(2024, 9, 30))
    marks = marks_table(
        {(1, "A"): [(date(2024, 7, 15), ["J", "J"]), (date(2024, 9, 2), ["J1", "J1"])]}
    )
    enrolments = enrolments_table([{"urn": 1, "upn": "A", "admission_date": date(2023, 9, 1)}])
    july = periods.date_range(date(2024, 7, 1), date(2024, 7, 31))
    before = run(con, marks, enrolments, july)[(1, "A")]
    after = run(con, marks, enrolments, summer)[(1, "A")]
    assert before["aea_sessions"] == 2 and before["overall_absence"] == 0
    assert after["authorised_absence"] == 2 and after["aea_sessions"] == 0


def test_closures_and_not_counted_codes_reduce_possible_sessions(con):
    row = one(con, ["#", "#", "Y4", "Y4", "Q", "X", "Z", "/", "/", "/"])
    assert row["possible_sessions"] == 3
    assert row["overall_absence"] == 0


def test_compulsory_school_age_by_default_reception_and_sixth_form_on_request(con):
    marks = marks_table({(1, upn): [(MONDAY, "/I")] for upn in ("R", "Y1", "Y11", "Y12")})
    enrolments = enrolments_table(
        [
            {"urn": 1, "upn": "R", "nc_year": 0},
            {"urn": 1, "upn": "Y1", "nc_year": 1},
            {"urn": 1, "upn": "Y11", "nc_year": 11},
            {"urn": 1, "upn": "Y12", "nc_year": 12},
        ]
    )
    assert {upn for _, upn in run(con, marks, enrolments)} == {"Y1", "Y11"}
    every = run(con, marks, enrolments, nc_years=range(0, 14))
    assert {upn for _, upn in every} == {"R", "Y1", "Y11", "Y12"}


def test_aggregates_are_sums_over_sums_not_averages_of_rates(con):
    # School 1: one pupil 1/10 absent (10%); school 2: one pupil 5/100 absent (5%).
    marks = marks_table(
        {(1, "A"): [(MONDAY, "I" + "/" * 9)], (2, "B"): [(MONDAY, ["I"] * 5 + ["/"] * 95)]}
    )
    enrolments = enrolments_table(
        [{"urn": 1, "upn": "A", "district": "N"}, {"urn": 2, "upn": "B", "district": "N"}]
    )
    period = periods.date_range(MONDAY, date(2025, 3, 31))
    table = measures.enrolment_measures(marks, enrolments, period)
    district = con.to_pyarrow(measures.aggregate(table, ["district"])).to_pylist()[0]
    assert district["overall_absence"] == 6 and district["possible_sessions"] == 110
    # 6/110 = 5.45%, not the 7.5% an average of the two rates would give.
    assert district["enrolments"] == 2
    assert district["persistent_absence_count"] == 1
    la = con.to_pyarrow(measures.aggregate(table)).to_pylist()[0]
    assert la["possible_sessions"] == 110


register = st.lists(
    st.sampled_from([c for c in codes.CODES if codes.CODES[c].valid_on(MONDAY)] + ["-"]),
    min_size=0,
    max_size=40,
)


@settings(max_examples=15, deadline=None)
@given(registers=st.lists(register, min_size=1, max_size=6))
def test_properties_hold_for_any_registers(registers):
    con = engine.connect("duckdb")
    marks = marks_table(
        {(1 + i % 2, f"P{i}"): [(MONDAY, codes_list)] for i, codes_list in enumerate(registers)}
    )
    enrolments = enrolments_table(
        [{"urn": 1 + i % 2, "upn": f"P{i}"} for i in range(len(registers))]
    )
    period = periods.date_range(MONDAY, date(2025, 3, 31))
    table = measures.enrolment_measures(marks, enrolments, period)
    rows = con.to_pyarrow(table).to_pylist()
    for row in rows:
        assert row["overall_attendance"] + row["overall_absence"] == row["possible_sessions"]
        assert 0 <= row["overall_absence"] <= row["possible_sessions"]
        assert not row["severe_absence"] or row["persistent_absence"]
        assert not (row["at_risk"] and row["persistent_absence"])
    schools = con.to_pyarrow(measures.aggregate(table, ["urn"])).to_pylist()
    for column in measures.COUNT_COLUMNS:
        assert sum(s[column] for s in schools) == sum(r[column] for r in rows)
    assert sum(s["enrolments"] for s in schools) == sum(r["possible_sessions"] > 0 for r in rows)
    for s in schools:
        assert s["severe_absence_count"] <= s["persistent_absence_count"] <= s["enrolments"]


def test_persistent_absence_week_by_week_worked_by_hand(con):
    # Three weeks of January 2025 (6, 13, 20), 10 sessions each.
    # A: 2 absent in week 1 (20%: PA), none after: 2 of 20 (10%: PA), 2 of 30 (6.7%: no).
    # B: joins in week 2, absent all week (SA), then present: 10 of 20 in week 3 (PA and SA).
    # C: absent 1 in week 1 (10%: PA), leaves after week 1 and still counts at 1 of 10.
    marks = marks_table(
        {
            (1, "A"): [(MONDAY, "OO" + "/" * 28)],
            (1, "B"): [(date(2025, 1, 13), "O" * 10 + "/" * 10)],
            (1, "C"): [(MONDAY, "I" + "/" * 9)],
        }
    )
    enrolments = enrolments_table(
        [
            {"urn": 1, "upn": "A"},
            {"urn": 1, "upn": "B", "admission_date": date(2025, 1, 13)},
            {"urn": 1, "upn": "C", "leaving_date": date(2025, 1, 10)},
        ]
    )
    table = measures.persistent_by_week(marks, enrolments, JANUARY, by=["urn"])
    rows = {
        row["week"]: (
            row["enrolments"],
            row["persistent_absence_count"],
            row["severe_absence_count"],
        )
        for row in con.to_pyarrow(table).to_pylist()
    }
    assert rows == {
        date(2025, 1, 6): (2, 2, 0),
        date(2025, 1, 13): (3, 3, 1),
        date(2025, 1, 20): (3, 2, 1),
    }


def test_persistent_absence_in_the_last_week_equals_the_year_to_date_measure(con):
    marks = marks_table(
        {(1, upn): [(MONDAY, codes_)] for upn, codes_ in (("A", "O/" * 15), ("B", "/" * 29 + "O"))}
    )
    enrolments = enrolments_table([{"urn": 1, "upn": "A"}, {"urn": 1, "upn": "B"}])
    weekly = con.to_pyarrow(measures.persistent_by_week(marks, enrolments, JANUARY, by=["urn"]))
    last = max(weekly.to_pylist(), key=lambda row: row["week"])
    total = con.to_pyarrow(
        measures.aggregate(measures.enrolment_measures(marks, enrolments, JANUARY))
    ).to_pylist()[0]
    assert (last["enrolments"], last["persistent_absence_count"]) == (
        total["enrolments"],
        total["persistent_absence_count"],
    )
