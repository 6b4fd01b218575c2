"""The penalty-notice threshold: 10 unauthorised sessions within 10 school weeks (WTtISA 2024),
worked by hand."""

from datetime import date, timedelta

import pytest

from frontdoor.analytics import engine
from frontdoor.attendance import penalty, periods
from frontdoor.attendance.tests.marks_builder import marks_table


@pytest.fixture(scope="module")
def con():
    return engine.connect("duckdb")


def first_dates(con, registers, period):
    table = penalty.threshold_dates(marks_table(registers), period)
    return {
        (r["urn"], r["upn"]): r["penalty_threshold_date"] for r in con.to_pyarrow(table).to_pylist()
    }


def week(monday: date, codes: str):
    return (monday, codes)


MONDAYS = [date(2025, 1, 6) + timedelta(weeks=n) for n in range(30)]
YEAR = periods.date_range(date(2024, 9, 1), date(2025, 8, 31))


def test_ten_unauthorised_sessions_in_one_week_reach_it_on_the_tenth(con):
    # Mon–Thu all O (8 sessions), Friday AM O (9), Friday PM G (10).
    dates = first_dates(con, {(1, "A"): [week(MONDAYS[0], "OOOOOOOOOG")]}, YEAR)
    assert dates == {(1, "A"): date(2025, 1, 10)}


def test_nine_is_not_enough(con):
    assert first_dates(con, {(1, "A"): [week(MONDAYS[0], "OOOOOOOOO/")]}, YEAR) == {}


def test_authorised_absence_does_not_count(con):
    assert first_dates(con, {(1, "A"): [week(MONDAYS[0], "IIIIIIIIIICCCC")]}, YEAR) == {}


def test_one_a_week_for_ten_school_weeks_reaches_it_in_the_tenth_week(con):
    registers = {(1, "A"): [week(MONDAYS[n], "O/////////") for n in range(10)]}
    assert first_dates(con, registers, YEAR) == {(1, "A"): MONDAYS[9]}


def test_sessions_older_than_ten_school_weeks_drop_out(con):
    # One a week in weeks 0–8 (9 sessions), nothing in weeks 9–10, one in week 11:
    # the window at week 11 is weeks 2–11, holding only 8.
    runs = [week(MONDAYS[n], "O/////////") for n in range(9)]
    runs += [week(MONDAYS[n], "//////////") for n in (9, 10)]
    runs += [week(MONDAYS[11], "O/////////")]
    assert first_dates(con, {(1, "A"): runs}, YEAR) == {}


def test_a_week_the_school_was_closed_is_not_a_school_week(con):
    # Week 5 is half term: the school's registers are all `#`. One O a week in weeks 0–4 and
    # 6–10 is ten sessions in ten school weeks, though they span eleven calendar weeks.
    runs = [week(MONDAYS[n], "O/////////") for n in range(11) if n != 5]
    runs.append(week(MONDAYS[5], "##########"))
    assert first_dates(con, {(1, "A"): runs}, YEAR) == {(1, "A"): MONDAYS[10]}


def test_a_week_with_no_marks_at_all_is_not_a_school_week_either(con):
    runs = [week(MONDAYS[n], "O/////////") for n in range(11) if n != 5]
    assert first_dates(con, {(1, "A"): runs}, YEAR) == {(1, "A"): MONDAYS[10]}


def test_the_window_crosses_the_end_of_the_academic_year(con):
    july = [date(2025, 7, 7) + timedelta(weeks=n) for n in range(3)]
    september = [date(2025, 9, 8) + timedelta(weeks=n) for n in range(7)]
    runs = [week(monday, "O/////////") for monday in july + september]
    next_year = periods.academic_year(2025)
    assert first_dates(con, {(1, "A"): runs}, next_year) == {(1, "A"): september[-1]}


def test_only_a_date_inside_the_period_is_reported(con):
    registers = {(1, "A"): [week(MONDAYS[0], "OOOOOOOOOOOO")]}
    february = periods.date_range(date(2025, 2, 1), date(2025, 2, 28))
    assert first_dates(con, registers, february) == {}


def test_each_school_counts_separately(con):
    registers = {
        (1, "A"): [week(MONDAYS[0], "OOOOO/////")],
        (2, "A"): [week(MONDAYS[1], "OOOOO/////")],
    }
    assert first_dates(con, registers, YEAR) == {}
