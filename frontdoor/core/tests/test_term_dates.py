import itertools
from datetime import date

import pytest

from frontdoor.core import term_dates
from frontdoor.core.calendar import bank_holidays


def test_every_recorded_year_has_three_terms_in_order_inside_its_academic_year():
    for year in term_dates.covered_years():
        terms = term_dates.terms(year)
        assert [t.name for t in terms] == list(term_dates.TERM_NAMES)
        for earlier, later in itertools.pairwise(terms):
            assert earlier.end < later.start
        assert date(year, 9, 1) <= terms[0].start and terms[-1].end <= date(year + 1, 8, 31)
        for t in terms:
            assert t.start < t.half_term_start <= t.half_term_end < t.end


def test_school_days_are_weekdays_in_term_outside_half_term_and_bank_holidays():
    days = term_dates.school_days(2025)
    assert all(day.weekday() < 5 for day in days)
    assert not set(days) & bank_holidays()
    autumn = term_dates.term(2025, "autumn")
    assert autumn.half_term_start not in days
    assert autumn.start in days  # Wednesday 3 September 2025
    assert date(2026, 5, 4) not in days  # early May bank holiday, in the summer term
    assert list(days) == sorted(days)


def test_a_year_has_enough_days_for_190_after_five_inset_days():
    for year in term_dates.covered_years():
        assert len(term_dates.school_days(year)) >= 193


def test_half_terms_are_six_and_split_each_term_at_its_holiday():
    halves = term_dates.half_terms(2026)
    assert len(halves) == 6
    assert halves[0] == (date(2026, 9, 3), date(2026, 10, 23))
    assert halves[1] == (date(2026, 11, 2), date(2026, 12, 18))


def test_is_school_day():
    assert term_dates.is_school_day(date(2026, 11, 20))
    assert not term_dates.is_school_day(date(2026, 11, 21))  # Saturday
    assert not term_dates.is_school_day(date(2026, 10, 27))  # half term


def test_a_year_without_term_dates_says_where_to_add_them():
    with pytest.raises(ValueError, match=r"2040/41.*term_dates.csv"):
        term_dates.terms(2040)
