from datetime import date, timedelta

import pytest

from frontdoor.core import calendar


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 9, 1), 2026), (date(2026, 8, 31), 2025), (date(2027, 1, 5), 2026)],
)
def test_academic_year_of(day, year):
    assert calendar.academic_year_of(day) == year


def test_academic_year_label():
    assert calendar.academic_year_label(2026) == "2026/27"
    assert calendar.academic_year_label(1999) == "1999/00"


@pytest.mark.parametrize(
    ("born", "academic_year", "nc_year"),
    [
        # Year 1 is for children who turn 6 during the academic year.
        (date(2020, 9, 1), 2026, 1),
        (date(2021, 8, 31), 2026, 1),
        (date(2021, 9, 1), 2026, 0),  # reception
        (date(2015, 9, 1), 2026, 6),
        (date(2011, 8, 31), 2026, 11),
    ],
)
def test_nc_year_for_birth(born, academic_year, nc_year):
    assert calendar.nc_year_for_birth(born, academic_year) == nc_year


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 24 Dec 2026 + 1 working day: 25th (Christmas), 26-27 weekend, 28th (Boxing
    # Day substitute) are not working days, so the answer is Tuesday 29 December.
    assert calendar.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert calendar.working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert calendar.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_working_days_backwards_and_zero():
    assert calendar.add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert calendar.add_working_days(date(2026, 12, 29), 0) == date(2026, 12, 29)
    assert calendar.working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1


def test_a_year_without_bank_holiday_data_is_refused():
    with pytest.raises(ValueError, match="No bank holidays are recorded for 2031"):
        calendar.is_working_day(date(2031, 1, 1))


def test_bank_holidays_are_weekdays():
    assert all(day.weekday() < 5 for day in calendar.bank_holidays())


def _counted_day_by_day(start: date, end: date) -> int:
    """The definition, one day at a time: working days after `start` up to `end`."""
    holidays = calendar.bank_holidays()
    day, count = start, 0
    while day < end:
        day += timedelta(days=1)
        count += day.weekday() < 5 and day not in holidays
    return count


def test_counting_and_stepping_agree_with_the_day_by_day_definition():
    # Every third day from 2018 to 2028, weekends and bank holidays included, 0-70 days on.
    for offset in range(0, 3900, 3):
        start = date(2018, 1, 2) + timedelta(days=offset)
        end = start + timedelta(days=offset % 71)
        if end.year > 2028:
            break
        counted = _counted_day_by_day(start, end)
        assert calendar.working_days_between(start, end) == counted
        assert calendar.working_days_between(end, start) == -counted
        if counted:
            stepped = calendar.add_working_days(start, counted)
            assert _counted_day_by_day(start, stepped) == counted
            assert calendar.is_working_day(stepped) and stepped <= end
            back = calendar.add_working_days(stepped, -counted)
            assert back <= start and _counted_day_by_day(back, stepped) == counted


def test_stepping_past_the_recorded_years_is_refused():
    with pytest.raises(ValueError, match="2029"):
        calendar.add_working_days(date(2028, 12, 20), 10)
    with pytest.raises(ValueError, match="2017"):
        calendar.add_working_days(date(2018, 1, 3), -5)
