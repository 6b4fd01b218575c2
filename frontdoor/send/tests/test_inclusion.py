"""The inclusion dashboard's method and figures, worked by hand.

The standardisation (send.inclusion) on a two-school county; the Poisson funnel limits from
the Poisson distribution's cumulative probabilities; then the figures on the hand-built county
of conftest.py with the registers of attendance/tests/county_registers.py, checked against the
attendance engine's own figures for the same school."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdoor.analytics.store import default_store
from frontdoor.attendance import dashboards, exclusions, worklists
from frontdoor.attendance.dashboards import Area
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.summaries import summaries_build
from frontdoor.attendance.tests.county_registers import PUPIL_B, county_with_registers
from frontdoor.core.access import PupilReach
from frontdoor.pupils.models import (
    Characteristic,
    CharacteristicPeriod,
    Enrolment,
    Ethnicity,
    Pupil,
    Sex,
)
from frontdoor.schools.models import Establishment, Sector
from frontdoor.send import inclusion, inclusion_page, selectors_inclusion
from frontdoor.send.inclusion import Cell, Position

pytestmark = pytest.mark.usefixtures("empty_cache")

# --- the method -----------------------------------------------------------------------------------

# Two schools, two cells (Year 1 girls without FSM: X; Year 1 boys with FSM: Y):
#   P: X 10 pupils, 1 with SEN support; Y 10 pupils, 5
#   Q: X 30 pupils, 3;                  Y 10 pupils, 1
# County rates: X 4/40 = 0.1, Y 6/20 = 0.3.
# Expected: P = 10 x 0.1 + 10 x 0.3 = 4 (observed 6, ratio 1.50);
#           Q = 30 x 0.1 + 10 x 0.3 = 6 (observed 4, ratio 0.67). 4 + 6 = 6 + 4 = 10.
P_CELLS = [Cell(1, 1, "F", False, 10, 1, 0), Cell(1, 1, "M", True, 10, 5, 0)]
Q_CELLS = [Cell(2, 1, "F", False, 30, 3, 0), Cell(2, 1, "M", True, 10, 1, 0)]


def test_indirect_standardisation_by_hand():
    rates = inclusion.county_rates(P_CELLS + Q_CELLS, "sen_support")
    assert rates == {(1, "F", False): Fraction(1, 10), (1, "M", True): Fraction(3, 10)}
    assert inclusion.expected(P_CELLS, rates) == 4
    assert inclusion.expected(Q_CELLS, rates) == 6
    assert inclusion.standardise(6, Fraction(4)).ratio == Decimal("1.50")
    assert inclusion.standardise(4, Fraction(6)).ratio == Decimal("0.67")


def test_a_cell_the_county_has_no_pupils_in_expects_none():
    rates = inclusion.county_rates(P_CELLS, "sen_support")
    assert inclusion.expected([Cell(3, 9, "F", False, 25, 4, 0)], rates) == 0
    assert inclusion.standardise(4, Fraction(0)).ratio is None
    assert inclusion.standardise(4, Fraction(0)).position is None


@settings(deadline=None)  # exact fractions: slow on a busy machine, not wrong
@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),  # school
            st.integers(0, 11),  # year group
            st.sampled_from("FM"),
            st.booleans(),
            st.integers(1, 40),  # pupils
            st.integers(0, 40),  # of them with the need
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_reference_schools_expected_add_up_to_their_observed(rows):
    cells = [
        Cell(school, year, sex, fsm, pupils, min(need, pupils), 0)
        for school, year, sex, fsm, pupils, need in rows
    ]
    rates = inclusion.county_rates(cells, "sen_support")
    by_school = {}
    for cell in cells:
        by_school.setdefault(cell.urn, []).append(cell)
    expected = sum(inclusion.expected(own, rates) for own in by_school.values())
    assert expected == sum(cell.sen_support for cell in cells)


# Poisson(4): P(R <= r) for r = 0..11 is 0.01832, 0.09158, 0.23810, 0.43347, 0.62884, 0.78513,
# 0.88933, 0.94887, 0.97864, 0.99187, 0.99716, 0.99908.
#   97.5%: r = 8, alpha = (0.97864 - 0.975) / P(R = 8) 0.02977 = 0.1222 -> 7.8778 / 4 = 1.9695
#   99.9%: r = 11, alpha = (0.99908 - 0.999) / P(R = 11) 0.00192 = 0.0441 -> 10.956 / 4 = 2.7390
#   2.5%:  r = 1, alpha = (0.09158 - 0.025) / P(R = 1) 0.07326 = 0.9088 -> 0.0912 / 4 = 0.0228
#   0.1%:  r = 0, alpha = (0.01832 - 0.001) / 0.01832 = 0.9454 -> below zero -> 0
def test_funnel_limits_for_an_expected_four_by_hand():
    limits = inclusion.funnel_limits(4)
    assert limits.upper_95 == pytest.approx(1.9695, abs=1e-4)
    assert limits.upper_998 == pytest.approx(2.7390, abs=1e-4)
    assert limits.lower_95 == pytest.approx(0.0228, abs=1e-4)
    assert limits.lower_998 == 0


# Poisson(0.5): P(R <= r) for r = 0..4 is 0.60653, 0.90980, 0.98561, 0.99825, 0.99983.
#   97.5%: r = 2, alpha = (0.98561 - 0.975) / 0.07582 = 0.1400 -> 1.8600 / 0.5 = 3.7201
#   99.9%: r = 4, alpha = (0.99983 - 0.999) / 0.00158 = 0.5246 -> 3.4754 / 0.5 = 6.9508
def test_funnel_limits_for_an_expected_half_by_hand():
    limits = inclusion.funnel_limits(0.5)
    assert limits.upper_95 == pytest.approx(3.7201, abs=1e-3)
    assert limits.upper_998 == pytest.approx(6.9508, abs=1e-3)
    assert limits.lower_95 == limits.lower_998 == 0


@pytest.mark.parametrize(
    ("observed", "expected", "position"),
    [
        (6, 4, Position.WITHIN),  # 1.50, inside 0.0228 to 1.9695
        (8, 4, Position.ABOVE_95),  # 2.00: above 1.9695, below 2.7390
        (11, 4, Position.ABOVE_998),  # 2.75: above 2.7390
        (0, 4, Position.BELOW_95),  # 0: below 0.0228, not below a lower 99.8% limit of 0
        (3, Fraction(1, 2), Position.ABOVE_95),  # 6: above 3.72, below 6.95 (P(R >= 3) = 1.4%)
        (4, Fraction(1, 2), Position.ABOVE_998),  # 8: above 6.95 (P(R >= 4) = 0.18%)
        (60, 100, Position.BELOW_998),  # 0.60; lower 99.8% limit about 1 - 3.09/10 = 0.69
    ],
)
def test_position_against_the_limits(observed, expected, position):
    assert inclusion.standardise(observed, Fraction(expected)).position == position


def test_large_expected_counts_approach_the_normal_limits():
    limits = inclusion.funnel_limits(10_000)  # exp(-10000) underflows: worked in logs
    assert limits.upper_95 == pytest.approx(1 + 1.96 / 100, abs=2e-3)
    assert limits.lower_998 == pytest.approx(1 - 3.09 / 100, abs=2e-3)


@settings(deadline=None)
@given(st.floats(min_value=1, max_value=3_000))
def test_limits_are_ordered_around_one(expected):
    limits = inclusion.funnel_limits(expected)
    assert 0 <= limits.lower_998 <= limits.lower_95 < 1 < limits.upper_95 <= limits.upper_998


# --- the figures, on the hand-built county ------------------------------------------------------

# On the summary's date (Thursday 14 November 2024), Year 2 at school A (primary, North) and a
# second primary D (South):
#   cell X = Year 2 girls without FSM, cell Y = Year 2 girls with FSM
#   A: X pupil_a, a1 (SEN support); Y a2 (EHC plan, and SEN support), a3 (SEN support)
#   D: X d1 (SEN support; FSM ended in July), d2 (EHC plan from 2025); Y d3, d4
#   B (secondary) pupil_b in Year 7; C (special) pupil_c with an EHC plan, not compared.
# County mainstream rates: SEN support X 2/4, Y 1/4; EHC plans X 0/4, Y 1/4.
#   A: SEN support expected 2 x 1/2 + 2 x 1/4 = 1.5, observed 2 -> 1.33
#      EHC plans expected 2 x 0 + 2 x 1/4 = 0.5, observed 1 -> 2.00
#   D: SEN support expected 1.5, observed 1 -> 0.67; EHC plans 0.5, observed 0 -> 0.00
ON = date(2024, 11, 14)


def _child(upn: str, school, *, year: int, left: date | None = None, needs=()):
    pupil = Pupil.objects.create(
        upn=upn,
        first_name="Test",
        last_name=upn,
        date_of_birth=date(2017, 1, 1),
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WHITE_BRITISH,
    )
    Enrolment.objects.create(
        pupil=pupil,
        establishment=school,
        admission_date=date(2024, 9, 2),
        leaving_date=left,
        nc_year_on_admission=year,
    )
    for characteristic, start, end in needs:
        CharacteristicPeriod.objects.create(
            pupil=pupil, characteristic=characteristic, start_date=start, end_date=end
        )
    return pupil


SINCE_2023 = date(2023, 9, 1)


@pytest.fixture
def children(county, school_d, persona):
    a, d = county.school_a, school_d
    sen, ehcp, fsm = Characteristic.SEN_SUPPORT, Characteristic.EHC_PLAN, Characteristic.FSM
    made = {
        "a1": _child("A886000000101", a, year=2, needs=[(sen, SINCE_2023, None)]),
        "a2": _child(
            "A886000000102",
            a,
            year=2,
            needs=[(fsm, SINCE_2023, None), (ehcp, SINCE_2023, None), (sen, SINCE_2023, None)],
        ),
        "a3": _child(
            "A886000000103", a, year=2, needs=[(fsm, SINCE_2023, None), (sen, SINCE_2023, None)]
        ),
        "d1": _child(
            "D886000000101",
            d,
            year=2,
            needs=[(sen, SINCE_2023, None), (fsm, SINCE_2023, date(2024, 7, 1))],
        ),
        "d2": _child("D886000000102", d, year=2, needs=[(ehcp, date(2025, 1, 6), None)]),
        "d3": _child("D886000000103", d, year=2, needs=[(fsm, SINCE_2023, None)]),
        "d4": _child("D886000000104", d, year=2, needs=[(fsm, SINCE_2023, None)]),
        # Left D in October: a move out, not on roll on the day.
        "moved": _child("D886000000105", d, year=3, left=date(2024, 10, 15)),
        # Leaves D after the day: on roll, not yet a move.
        "leaving": _child("D886000000106", d, year=4, left=date(2024, 11, 20)),
    }
    CharacteristicPeriod.objects.create(
        pupil=county.pupil_c, characteristic=ehcp, start_date=SINCE_2023
    )
    recorder = persona("head_a")
    for pupil, school, kind, day in [
        (made["a1"], a, Exclusion.Kind.SUSPENSION, date(2024, 10, 1)),
        (made["a1"], a, Exclusion.Kind.SUSPENSION, ON),
        (made["a1"], a, Exclusion.Kind.SUSPENSION, date(2024, 7, 10)),  # last year
        (made["a3"], a, Exclusion.Kind.SUSPENSION, date(2024, 11, 20)),  # after the day
        (made["d3"], d, Exclusion.Kind.PERMANENT, date(2024, 10, 10)),
    ]:
        Exclusion.objects.create(
            pupil=pupil,
            establishment=school,
            kind=kind,
            start_date=day,
            sessions=2 if kind == Exclusion.Kind.SUSPENSION else None,
            reason="PD",
            recorded_by=recorder,
        )
    return made


@pytest.fixture
def summary(county, tmp_path):
    """The registers of county_registers.py, with pupil B on a part-time timetable (C2) on
    the Thursday: the summary is as at 14 November 2024."""
    county_with_registers(tmp_path)
    extra = tmp_path / "part-time.csv"
    thursday = date(2024, 11, 14)
    extra.write_text(
        "urn,upn,date,session,code\n"
        f"990002,{PUPIL_B},{thursday},AM,/\n"
        f"990002,{PUPIL_B},{thursday},PM,C2\n"
    )
    marks_ingest(path=extra, store=default_store())
    built = summaries_build(store=default_store())
    assert built.as_at == ON
    return built


def test_intake_cells_count_each_pupils_needs_on_the_day(county, school_d, children):
    cells = {
        (cell.urn, cell.nc_year, cell.fsm): (cell.pupils, cell.sen_support, cell.ehcp)
        for cell in selectors_inclusion.intake_cells(ON)
    }
    assert cells == {
        (990001, 2, False): (2, 1, 0),  # pupil_a (Year 0 in 2022 -> Year 2), a1
        (990001, 2, True): (2, 1, 1),  # a2 counts as an EHC plan only; a3
        (990004, 2, False): (2, 1, 0),  # d1 (FSM ended), d2 (EHC plan not yet)
        (990004, 2, True): (2, 0, 0),
        (990004, 4, False): (1, 0, 0),  # leaving after the day
        (990002, 7, False): (1, 0, 0),
        (990003, 4, False): (1, 0, 1),
    }


def test_the_figures_by_hand(county, school_d, children):
    figures = selectors_inclusion.inclusion_figures(on=ON, summary=None)
    a = figures.schools[990001].counts
    d = figures.schools[990004].counts
    assert (a.pupils, a.sen_support, a.ehcp) == (4, 2, 1)
    assert a.expected_sen_support == Fraction(3, 2)
    assert a.standardised("sen_support").ratio == Decimal("1.33")
    assert a.standardised("ehcp").ratio == Decimal("2.00")
    assert a.standardised("ehcp").position == Position.WITHIN  # 2 < 3.72 for 0.5 expected
    assert d.standardised("sen_support").ratio == Decimal("0.67")
    assert d.standardised("ehcp").ratio == Decimal("0.00")
    # The special school is counted but not compared.
    c = figures.schools[990003]
    assert not c.compared and c.counts.ehcp == 1 and c.counts.standardised("ehcp") is None
    # Suspensions from 1 September to the day: 2 of A's 4 pupils; 1 permanent exclusion and 1
    # move out of D's 5 pupils on roll (d1 to d4 and the pupil leaving after the day).
    assert (a.suspensions, a.suspensions_per_100) == (2, Decimal("50.00"))
    assert (d.permanent_exclusions, d.permanent_per_100) == (1, Decimal("20.00"))
    assert (d.moves_out, d.moves_out_per_100) == (1, Decimal("20.00"))
    # The county: the mainstream schools' expected add up to their observed.
    county_counts = figures.county_counts()
    assert county_counts.pupils == 11
    assert county_counts.standardised("sen_support").ratio == Decimal("1.00")
    assert county_counts.ehcp_rate == Decimal("18.2")  # a2 and pupil_c of 11
    north = figures.district_counts(county.north.code)
    assert (north.pupils, north.ehcp) == (5, 2)  # A and C
    assert north.standardised("ehcp").observed == 1  # C is not compared
    assert [name for _, name, _ in figures.by_district()] == ["North", "South"]
    assert [name for _, name, _ in figures.by_district(phase=Sector.SPECIAL)] == ["North"]


def test_moves_out_leave_out_the_end_of_a_phase(county, school_d):
    # A July leaver from the school's last year (Year 6 of a 4 to 11 school) is not a move; a
    # July leaver from Year 3 is; at a school with no age range recorded (A), Year 6 is a
    # transfer year and Year 4 a move; a subsidiary registration ending is not a move.
    july = date(2025, 7, 22)
    _child("D886000000201", school_d, year=6, left=july)
    _child("D886000000202", school_d, year=3, left=july)
    _child("A886000000201", county.school_a, year=6, left=july)
    _child("A886000000202", county.school_a, year=4, left=july)
    dual = _child("C886000000201", county.school_c, year=4, left=date(2025, 2, 1))
    Enrolment.objects.filter(pupil=dual).update(registration=Enrolment.Registration.DUAL_SUBSIDIARY)
    moves = selectors_inclusion.moves_out_counts(date(2024, 9, 1), date(2025, 8, 31))
    assert moves == {990004: 1, 990001: 1}


def test_beyond_the_limits_lists_the_schools_far_from_their_intake(county, school_d, children):
    figures = selectors_inclusion.inclusion_figures(on=ON, summary=None)
    above, below = selectors_inclusion.beyond_limits(figures.chosen(), "sen_support")
    assert above == below == []  # a handful of pupils are never beyond the limits
    many = Fraction(100)
    school = figures.schools[990001]
    crowded = selectors_inclusion.SchoolFigures(
        urn=1,
        name="Crowded",
        sector=Sector.PRIMARY,
        district_code="",
        district_name="",
        counts=selectors_inclusion.Counts(compared_sen_support=160, expected_sen_support=many),
        cells=(),
    )
    empty = selectors_inclusion.SchoolFigures(
        urn=2,
        name="Empty",
        sector=Sector.PRIMARY,
        district_code="",
        district_name="",
        counts=selectors_inclusion.Counts(compared_sen_support=60, expected_sen_support=many),
        cells=(),
    )
    above, below = selectors_inclusion.beyond_limits([school, crowded, empty], "sen_support")
    assert [s.name for s, _ in above] == ["Crowded"]
    assert [s.name for s, _ in below] == ["Empty"]


def test_the_figures_equal_the_attendance_engines(county, school_d, children, summary):
    figures = selectors_inclusion.inclusion_figures(on=summary.as_at, summary=summary)
    for urn in (990001, 990002, 990003):
        engine = dashboards.dashboard(summary, Area("school", urn=urn)).headline["ytd"]
        assert figures.schools[urn].counts.attendance_rate == engine.rates["attendance_rate"]
        part_time = worklists.counts(summary, PupilReach(urns=frozenset({urn})))["part-time"]
        assert figures.schools[urn].counts.part_time == part_time
    assert figures.schools[990002].counts.part_time == 1  # pupil B's C2 session
    # The district and the county: the same sums as the engine's dashboards.
    north = dashboards.dashboard(summary, Area("North", district=county.north.code))
    assert (
        figures.district_counts(county.north.code).attendance_rate
        == (north.headline["ytd"].rates["attendance_rate"])
    )
    whole = dashboards.dashboard(summary, Area("County")).headline["ytd"]
    assert figures.county_counts().attendance_rate == whole.rates["attendance_rate"]
    # 48 sessions, 41 attended (county_registers.py), and B's Thursday: present, then C2.
    assert figures.county_counts().attendance_rate == Decimal("84.00")  # 42 of 50
    # Suspensions per 100 pupils: the attendance app's own exclusion figures for the school.
    for school in (county.school_a, school_d):
        own = exclusions.figures(Establishment.objects.filter(pk=school.pk), 2024, summary.as_at)
        counts = figures.schools[school.urn].counts
        assert counts.suspensions_per_100 == own["all"].suspension_rate
        assert counts.permanent_per_100 == own["all"].permanent_rate


def test_the_latest_figures_are_kept_for_the_day(county, school_d, children, summary):
    first = selectors_inclusion.latest_figures()
    assert first.on == summary.as_at and first.attendance_as_at == summary.as_at
    _child("A886000000301", county.school_a, year=2)  # shows tomorrow, not now
    again = selectors_inclusion.latest_figures()
    assert again.key == first.key
    assert again.schools[990001].counts.pupils == first.schools[990001].counts.pupils
    caches["shared"].clear()  # as on the next day
    tomorrow = selectors_inclusion.latest_figures()
    assert tomorrow.schools[990001].counts.pupils == first.schools[990001].counts.pupils + 1


def test_without_a_summary_the_figures_are_as_at_today(county, school_d, children):
    figures = selectors_inclusion.latest_figures()
    assert figures.attendance_as_at is None
    assert figures.schools[990001].counts.attendance_rate is None
    assert figures.since <= figures.on
    assert figures.on - figures.since < timedelta(days=366)


def test_the_command_works_the_figures_out_ahead_for_every_process(
    county, school_d, children, summary, monkeypatch
):
    out = StringIO()
    call_command("send", "inclusion", stdout=out)
    assert out.getvalue().startswith(
        f"Inclusion figures for 4 schools as at {summary.as_at:%-d %B %Y} "
        f"(attendance to {summary.as_at:%-d %B %Y}), ready in "
    )

    def worked_out_again(**_):
        raise AssertionError("the shared figures were not used")

    monkeypatch.setattr(selectors_inclusion, "inclusion_figures", worked_out_again)
    monkeypatch.setattr(inclusion_page, "render_to_string", worked_out_again)
    figures = selectors_inclusion.latest_figures()
    assert figures.on == summary.as_at
    assert "each school against its intake" in inclusion_page.figures_html(
        figures, inclusion_page.DEFAULT_FILTERS
    )
