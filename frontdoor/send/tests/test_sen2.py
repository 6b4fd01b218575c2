"""The published SEN2 comparators, read from the shared copy of DfE's file (skipped without it),
checked against the figures DfE publishes: Kent 2022, 41.1% excluding exceptions (904 of
2,198) and 40.9% including them (907 of 2,216); England 2022, 49.2% and 47.7%."""

from decimal import Decimal

import pytest

from frontdoor.send import sen2

KENT = "886"


@pytest.fixture
def published():
    if not sen2.sen2_path().exists():
        pytest.skip(f"{sen2.sen2_path()} is not here")
    return sen2.published_twenty_weeks(KENT)


def _year(rows, year):
    return next(row for row in rows if row.year == year)


def test_kent_2022(published):
    kent = _year(published["Kent"], 2022)
    assert (kent.within_excluding, kent.plans_excluding) == (904, 2198)
    assert (kent.within_including, kent.plans_including) == (907, 2216)
    assert kent.rate_excluding_exceptions == Decimal("41.1")
    assert kent.rate == Decimal("40.9")


def test_england_2022(published):
    england = _year(published["England"], 2022)
    assert england.rate_excluding_exceptions == Decimal("49.2")
    assert england.rate == Decimal("47.7")


def test_england_comes_first_and_years_run_in_order(published):
    assert next(iter(published)) == "England"
    years = [row.year for row in published["Kent"]]
    assert years == sorted(years) and years[0] == 2014


def test_a_missing_file_gives_no_comparators(tmp_path):
    assert sen2.published_twenty_weeks(KENT, tmp_path / "sen2_mi.csv") == {}
