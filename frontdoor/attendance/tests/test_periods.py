from datetime import date

import pytest

from frontdoor.attendance import periods


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert periods.easter_sunday(year) == easter


def test_census_terms_run_from_august_to_easter_and_on_to_july():
    assert periods.census_term(2024, "autumn") == periods.Period(
        date(2024, 8, 1), date(2024, 12, 31), "Autumn term 2024/25 (census)"
    )
    assert periods.census_term(2024, "spring").end == date(2025, 4, 20)
    assert periods.census_term(2024, "summer").start == date(2025, 4, 21)
    assert periods.census_term(2024, "summer").end == date(2025, 7, 31)


def test_dfe_fixed_windows_are_the_published_dates():
    assert periods.dfe_term(2024, "spring") == periods.Period(
        date(2025, 1, 6), date(2025, 4, 12), "Spring term 2024/25 (DfE)"
    )
    with pytest.raises(ValueError, match="no summer term window for 2030/31"):
        periods.dfe_term(2030, "summer")


def test_iso_week_academic_year_half_term_and_year_to_date():
    assert periods.iso_week(2024, 37) == periods.Period(
        date(2024, 9, 9), date(2024, 9, 15), "Week 37 of 2024"
    )
    assert periods.week_of(date(2024, 9, 12)) == periods.iso_week(2024, 37)
    assert periods.academic_year(2025).start == date(2025, 9, 1)
    assert periods.academic_year(2025).end == date(2026, 8, 31)
    assert periods.year_to_date(2026, date(2026, 11, 20)).end == date(2026, 11, 20)
    assert periods.half_term(2026, 2).start == date(2026, 11, 2)
    assert date(2026, 11, 2) in periods.half_term(2026, 2)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot end"):
        periods.date_range(date(2025, 2, 1), date(2025, 1, 1))
