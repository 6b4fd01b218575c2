"""Summaries and dashboard figures on the registers of county_registers.py, worked by hand; and
the engine's own measures agree with every figure a page shows."""

from datetime import date
from decimal import Decimal

import pytest

from frontdoor.analytics import engine
from frontdoor.analytics.store import default_store
from frontdoor.attendance import dashboards, measures, periods, rates, selectors, summaries
from frontdoor.attendance.dashboards import Area
from frontdoor.attendance.tests.county_registers import county_with_registers

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def summary(county, tmp_path):
    return county_with_registers(tmp_path)


def test_the_summary_covers_the_year_to_the_latest_mark(summary):
    assert summary.as_at == date(2024, 11, 13)
    assert summary.academic_year == 2024
    spans = {name: (span.start, span.end) for name, span in summary.periods.items()}
    assert spans == {
        "ytd": (date(2024, 9, 1), date(2024, 11, 13)),
        "week": (date(2024, 11, 11), date(2024, 11, 13)),
        "last_year": (date(2023, 9, 1), date(2023, 11, 13)),
    }


def test_building_again_for_the_same_store_version_reuses_the_summary(summary):
    again = summaries.summaries_build(store=default_store())
    assert again.path == summary.path
    assert summaries.latest_summary() is again


def test_county_headline_figures(summary):
    board = dashboards.dashboard(summary, Area("Kent"))
    ytd, week, last_year = (board.headline[name] for name in ("ytd", "week", "last_year"))
    assert (ytd.counts["possible_sessions"], ytd.counts["overall_attendance"]) == (48, 41)
    assert ytd.rates["attendance_rate"] == D("85.42")
    assert ytd.rates["authorised_absence_rate"] == D("2.08")
    assert ytd.rates["unauthorised_absence_rate"] == D("12.50")
    assert (ytd.counts["persistent_absence_count"], ytd.enrolments) == (2, 3)
    assert ytd.rates["persistent_absence_rate"] == D("66.67")
    assert ytd.rates["severe_absence_rate"] == D("0.00")
    assert week.rates["attendance_rate"] == D("100.00")
    assert (last_year.counts["possible_sessions"], last_year.rates["attendance_rate"]) == (
        20,
        D("90.00"),
    )


def test_breakdowns_add_up_to_the_area(summary):
    names = {"E07000901": "North", "E07000902": "South"}
    county = dashboards.dashboard(summary, Area("Kent"), names=names)
    by_district = {f.label: f for f in county.breakdown}
    assert by_district["North"].rates["attendance_rate"] == D("93.75")  # 30 of 32
    assert by_district["South"].rates["attendance_rate"] == D("68.75")  # 11 of 16
    for count in ("possible_sessions", "overall_absence", "persistent_absence_count"):
        assert (
            sum(f.counts[count] for f in county.breakdown) == county.headline["ytd"].counts[count]
        )
    north = dashboards.dashboard(summary, Area("North", district="E07000901"))
    assert sorted(f.key for f in north.breakdown) == [990001, 990003]
    school = dashboards.dashboard(summary, Area("Alder", urn=990001))
    assert [(f.label, f.counts["possible_sessions"]) for f in school.breakdown] == [("Year 2", 16)]


def test_cohorts_against_the_other_pupils(summary):
    board = dashboards.dashboard(summary, Area("Kent"))
    in_care, others = next(pair for pair in board.cohorts if pair[0].label == "Child in care")
    assert (in_care.enrolments, in_care.rates["attendance_rate"]) == (1, D("100.00"))
    assert (others.enrolments, others.rates["attendance_rate"]) == (2, D("78.13"))  # 25 of 32
    assert all(pair[0].enrolments for pair in board.cohorts)  # empty cohorts are left out


def test_weekly_trend_this_year_and_last(summary):
    board = dashboards.dashboard(summary, Area("Kent"))
    weeks = [(row["academic_year"], row["week"], row["attendance_rate"]) for row in board.weekly]
    assert weeks == [
        (2023, date(2023, 11, 6), D("90.00")),
        (2024, date(2024, 11, 4), D("76.67")),  # 23 of 30
        (2024, date(2024, 11, 11), D("100.00")),
    ]


def test_persistent_absence_through_the_year(summary):
    # End of 4 Nov 2024: A 2 of 10 absent, B 5 of 10 (severe), C none; to 13 Nov: A 2 of 16,
    # B 5 of 16. Last year, week of 6 Nov 2023: A 2 of 10, C none.
    board = dashboards.dashboard(summary, Area("Kent"))
    weeks = [
        (row["week"], row["enrolments"], row["persistent_absence_rate"], row["severe_absence_rate"])
        for row in board.persistent
    ]
    assert weeks == [
        (date(2023, 11, 6), 2, D("50.00"), D("0.00")),
        (date(2024, 11, 4), 3, D("66.67"), D("33.33")),
        (date(2024, 11, 11), 3, D("66.67"), D("0.00")),
    ]
    assert (
        board.persistent[-1]["persistent_absence_count"]
        == (board.headline["ytd"].counts["persistent_absence_count"])
    )
    school = dashboards.dashboard(summary, Area("School B", urn=990002))
    assert [row["severe_absence_count"] for row in school.persistent] == [1, 0]


def test_year_group_pupils_only_those_allowed(summary, county):
    area = Area("Year 2", urn=990001, nc_year=2)
    rows = rates.with_session_rates(
        dashboards.year_group_pupils(summary, area, {county.pupil_a.pk})
    )
    assert [(r["pupil_id"], r["attendance_rate"]) for r in rows] == [
        (county.pupil_a.pk, D("87.50"))
    ]
    assert rows[0]["persistent_absence"] is True
    assert dashboards.year_group_pupils(summary, area, set()) == []


def test_every_figure_equals_the_engines_own(summary):
    """The cells are sums of the engine's per-enrolment measures: recompute from the store."""
    con = engine.connect("duckdb")
    marks = engine.parquet(con, "marks", default_store().files())
    enrolments = engine.table(
        "enrolments", selectors.enrolments_for_year(2024, flags_on=summary.as_at)
    )
    period = periods.year_to_date(2024, summary.as_at)
    per_enrolment = measures.enrolment_measures(marks, enrolments, period)
    for by, area in (([], Area("Kent")), (["urn"], Area("B", urn=990002))):
        expected = con.to_pyarrow(measures.aggregate(area_rows(per_enrolment, area), by))
        shown = dashboards.dashboard(summary, area).headline["ytd"].counts
        for count in measures.COUNT_COLUMNS:
            assert shown[count] == expected[count][0].as_py(), count


def area_rows(table, area: Area):
    return table.filter(table.urn == area.urn) if area.urn else table


def test_day_and_session_pattern(summary):
    pattern = {
        (row["day"], row["session"]): row["attendance_rate"]
        for row in dashboards.dashboard(summary, Area("Kent")).pattern
    }
    assert pattern["Monday", "AM"] == D("83.33")  # B's O in the first week: 5 of 6
    assert pattern["Tuesday", "AM"] == D("66.67")  # A's I and B's O: 4 of 6
    assert pattern["Wednesday", "PM"] == D("100.00")


def test_absence_bands_by_year_group(summary):
    bands = dashboards.dashboard(summary, Area("Kent")).bands
    assert [(row["nc_year"], row["label"], row["pupils"], row["share"]) for row in bands] == [
        (2, "10% to under 15%", 1, D("100.00")),  # A: 2 of 16 sessions missed
        (4, "0% to under 5%", 1, D("100.00")),  # C
        (7, "30% to under 35%", 1, D("100.00")),  # B: 5 of 16
    ]


def test_day_by_day(summary):
    daily = dashboards.dashboard(summary, Area("Kent")).daily
    assert [(row["date"], row["attendance_rate"]) for row in daily][:2] == [
        (date(2024, 11, 4), D("66.67")),  # A / /, B O O, C / /: 4 of 6
        (date(2024, 11, 5), D("33.33")),  # A I O, B O O, C / /: 2 of 6
    ]
    assert len(daily) == 8  # the school days with marks this year


def test_ethnic_groups_cover_every_census_code():
    from frontdoor.pupils.models import ETHNIC_GROUPS, Ethnicity

    grouped = [code for codes in ETHNIC_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(Ethnicity.values)


def test_ethnic_groups_are_cohorts(summary):
    cohorts = {
        inside.label: inside for inside, _ in dashboards.dashboard(summary, Area("Kent")).cohorts
    }
    ethnic = {label: f.enrolments for label, f in cohorts.items() if label.startswith("Ethnicity")}
    assert sum(ethnic.values()) == 3  # every pupil in exactly one group
