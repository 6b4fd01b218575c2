"""The high needs forecast: hand-worked cases, the Kent examples against seed 003, invariants."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.funding.high_needs import (
    HighNeedsError,
    Placement,
    Reform,
    Scenario,
    Series,
    Transfer,
    forecast,
    year_labels,
)
from frontdoor.funding.high_needs_scenario import load

DATA = Path(__file__).resolve().parent.parent / "data"
NONE = Placement(Decimal(0), Decimal(0), Decimal(0), Decimal(0))


def hand_worked() -> Scenario:
    return Scenario(
        first_year="2022-23",
        years=2,
        opening_balance=Decimal(-100),
        grant=Series(Decimal(1000), Decimal("0.10")),
        demand={
            "mainstream": Placement(Decimal(10), Decimal("0.10"), Decimal(20), Decimal("0.05")),
            "special": Placement(Decimal(5), Decimal(0), Decimal(100), Decimal(0)),
            "independent": Placement(Decimal(4), Decimal("0.5"), Decimal(100), Decimal(0)),
            "ap": NONE,
            "post16": NONE,
        },
        transfers=Transfer(
            Series(Decimal(10000)), Series(values=(Decimal("0.005"), Decimal("0.02")))
        ),
        safety_valve=Series(values=(Decimal(0), Decimal(50))),
        la_contributions=Series(values=(Decimal(10), Decimal(0))),
        reforms=(Reform("independent", "special", Decimal("0.5"), "2023-24"),),
    )


def test_hand_worked_two_years():
    first, second = forecast(hand_worked()).years
    # 2022-23: grant 1000; transfer 0.5% × 10,000 = 50; SV 0; LA 10.
    # spend: mainstream 10 × 20 = 200, special 5 × 100 = 500, independent 4 × 100 = 400 → 1100.
    assert (first.year, first.grant, first.transfers_in) == ("2022-23", 1000, 50)
    assert first.spend_by_placement == {
        "mainstream": 200, "special": 500, "independent": 400, "ap": 0, "post16": 0
    }  # fmt: skip
    assert first.spend == 1100
    assert first.in_year_balance == 1000 + 50 + 0 + 10 - 1100 == -40
    assert first.underlying_in_year_balance == -50
    assert first.accumulated_balance == -100 - 40 == -140
    # 2023-24: grant 1000 × 1.1 = 1100; transfer 2% × 10,000 = 200; SV 50; LA 0.
    # mainstream 11 pupils × £21 = 231; independent grows 4 → 6, the reform moves half the 2 new
    # placements to special: independent 5 × 100 = 500, special 6 × 100 = 600 → spend 1331.
    assert (second.year, second.grant, second.transfers_in) == ("2023-24", 1100, 200)
    assert second.pupils["independent"] == 5 and second.pupils["special"] == 6
    assert second.spend_by_placement["mainstream"] == 231
    assert second.spend == 231 + 600 + 500 == 1331
    assert second.in_year_balance == 1100 + 200 + 50 - 1331 == 19
    assert second.underlying_in_year_balance == -31
    assert second.accumulated_balance == -140 + 19 == -121
    result = forecast(hand_worked())
    assert result.final_balance == -121
    assert result.in_year_balance_reached == "2023-24"
    assert result.underlying_balance_reached is None


def test_a_reform_keeps_its_moved_pupils_and_starts_when_it_says():
    scenario = hand_worked()
    later = replace(
        scenario,
        years=3,
        transfers=Transfer(Series(), Series()),
        safety_valve=Series(),
        la_contributions=Series(),
        reforms=(Reform("independent", "special", Decimal("0.5"), "2024-25"),),
    )
    years = forecast(later).years
    # independent 4, 6, 9 before reforms; from 2024-25 half of the 3 new move.
    assert [y.pupils["independent"] for y in years] == [4, 6, Decimal("7.5")]
    assert [y.pupils["special"] for y in years] == [5, 5, Decimal("6.5")]


def test_year_labels():
    assert year_labels("2023-24", 3) == ["2023-24", "2024-25", "2025-26"]
    assert year_labels("1999-00", 2) == ["1999-00", "2000-01"]
    for bad in ("2023-25", "2023/24", "23-24", "2023-24 "):
        with pytest.raises(HighNeedsError, match="not a financial year"):
            year_labels(bad, 1)


def test_the_model_refuses_what_it_cannot_run():
    scenario = hand_worked()
    with pytest.raises(HighNeedsError, match="2 values given for a 3-year forecast"):
        forecast(Scenario(**{**scenario.__dict__, "years": 3}))
    with pytest.raises(HighNeedsError, match="more than all new independent"):
        forecast(Scenario(**{**scenario.__dict__, "reforms": (
            Reform("independent", "special", Decimal("0.6"), "2023-24"),
            Reform("independent", "mainstream", Decimal("0.6"), "2023-24"),
        )}))  # fmt: skip


def test_current_trajectory_reaches_the_seeds_deficit():
    """Seed 003: from £145m at March 2022 the in-year deficit "will reach c£130m by 2027-28 with
    accumulated deficit c£659m if current trend continues". The band is ±5% of £659m (£626m to
    £692m): the seed gives "c" figures, and funding.md §5 shows simple growth rates that hit
    £130m in-year land between £659m and £717m, so ±5% tells a calibrated scenario from a
    merely plausible one."""
    result = forecast(load(DATA / "high_needs_current_trajectory.toml"))
    last = result.years[-1]
    assert last.year == "2027-28"
    assert Decimal(-692_000_000) <= result.final_balance <= Decimal(-626_000_000)
    assert Decimal(-140_000_000) <= last.in_year_balance <= Decimal(-120_000_000)
    assert result.in_year_balance_reached is None
    assert all(y.in_year_balance < 0 for y in result.years)


def test_safety_valve_reaches_balance():
    result = forecast(load(DATA / "high_needs_safety_valve.toml"))
    assert result.in_year_balance_reached is not None
    # The agreement's own test: in-year spend matches in-year grant by 2027-28.
    assert result.underlying_balance_reached == "2027-28"
    current = forecast(load(DATA / "high_needs_current_trajectory.toml"))
    assert result.final_balance > current.final_balance
    # DfE £140m and KCC £82m in all (funding.md §5).
    assert sum(y.safety_valve for y in result.years) == 140_000_000
    assert sum(y.la_contributions for y in result.years) == 82_000_000


money = st.decimals(min_value=0, max_value=10**9, places=2)
rate = st.decimals(min_value=Decimal("-0.5"), max_value=Decimal("0.5"), places=3)


@given(
    opening=st.decimals(min_value=-(10**9), max_value=10**9, places=2),
    grant=money, growth=rate, pupils=st.integers(0, 10_000), cost=money, inflation=rate,
    years=st.integers(1, 10),
)  # fmt: skip
def test_accumulated_is_opening_plus_the_in_year_balances(
    opening, grant, growth, pupils, cost, inflation, years
):
    placement = Placement(Decimal(pupils), growth, cost, inflation)
    result = forecast(Scenario("2023-24", years, opening, Series(grant, growth),
                               dict.fromkeys(("special", "ap"), placement)))  # fmt: skip
    assert len(result.years) == years
    total = opening + sum((y.in_year_balance for y in result.years), Decimal(0))
    # Equal to well under a penny: Decimal keeps 28 significant digits, not infinitely many.
    assert abs(result.final_balance - total) < Decimal("1e-9")
    for y in result.years:
        assert y.spend == sum(y.spend_by_placement.values(), Decimal(0))
        assert (
            y.in_year_balance
            == y.grant + y.transfers_in + y.safety_valve + y.la_contributions - y.spend
        )
