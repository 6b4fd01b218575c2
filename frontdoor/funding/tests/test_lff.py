"""The schools block formula, school by school, against hand-worked cases (funding.md §2, §9)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from frontdoor.core.rounding import round_half_up
from frontdoor.funding import lff, nff_values
from frontdoor.funding.lff import Formula
from frontdoor.funding.tests.schools import PRIMARY, SECONDARY, school

NFF = nff_values.load("2023-24")


def nff_budget(s):
    return lff.school_budget(s, lff.nff_formula(NFF))


def local(**choices) -> Formula:
    """The NFF's values as a local formula: no funding floor."""
    return replace(lff.nff_formula(NFF), funding_floor=None, **choices)


def test_the_primary_factors_add_up_as_worked_by_hand():
    budget = nff_budget(school(**PRIMARY))
    assert budget.factors == {
        "basic_entitlement": 210 * 3394,  # 712,740
        "fsm": 30 * 480,
        "fsm6": 40 * 705,
        "idaci_a": 10 * 670,
        "idaci_b": 0,
        "idaci_c": 5 * 480,
        "idaci_d": 0,
        "idaci_e": 0,
        "idaci_f": 0,
        "lpa": 20 * 1155,
        "eal3": 8 * 580,
        # 15 joined mid-year; 6% of 210 is 12.6, so 2.4 are funded.
        "mobility": Decimal("2.4") * 945,
        "lump_sum": 128000,
        "sparsity": 0,
    }
    assert sum(budget.factors.values()) == 922448


def test_the_mppl_tops_a_school_up_to_its_minimum_per_pupil():
    budget = nff_budget(school(**PRIMARY))
    assert budget.mppl_top_up == 210 * 4405 - 922448 == 2602
    assert budget.budget_share == 950050  # the MPPL's 925,050 and premises of 25,000
    assert budget.per_pupil == 4405


def test_the_area_cost_adjustment_multiplies_the_factors_and_not_premises_or_the_mppl():
    budget = nff_budget(school(**SECONDARY, premises=Decimal(40000)))
    assert sum(budget.factors.values()) == Decimal("5882650") * Decimal("1.01")
    assert budget.mppl_top_up == 0  # above 600 × 5,503 + 400 × 6,033 = 5,715,000
    assert budget.factors["mobility"] == 0  # 50 is below 6% of 1,000
    assert budget.budget_share == Decimal("5941476.50") + 40000


def test_the_mppl_is_not_area_adjusted():
    s = school(**PRIMARY, area_cost_adjustment=Decimal("1.002"))
    budget = nff_budget(s)
    # 922,448 × 1.002 = 924,292.896: still below the MPPL's 925,050, which does not move.
    assert budget.mppl_top_up == 925050 - Decimal("922448") * Decimal("1.002")
    assert budget.budget_share == 950050


def test_the_funding_floor_tops_pupil_led_funding_up_to_the_baseline_plus_half_a_percent():
    budget = nff_budget(school(**PRIMARY, nff_baseline_per_pupil=Decimal(4600)))
    # pupil-led 794,448 (the factors less the lump sum); floor 4,600 × 1.005 × 210 = 970,830
    assert budget.floor_top_up == 970830 - 794448 == 176382
    assert budget.mppl_top_up == 0
    assert budget.budget_share == 922448 + 176382 + 25000


def test_a_local_formula_has_no_funding_floor():
    budget = lff.school_budget(school(**PRIMARY, nff_baseline_per_pupil=Decimal(4600)), local())
    assert budget.floor_top_up == 0


def test_the_mfg_tops_up_to_the_baseline_per_pupil_plus_the_guarantee():
    s = school(**PRIMARY, mfg_baseline=Decimal(950000), mfg_baseline_pupils=200)
    budget = lff.school_budget(s, local(mfg=Decimal("0.005")))
    # base 4,750 a pupil; now 925,050 / 210 = 4,405 (premises excluded); 4,750 × 1.005 = 4,773.75
    assert budget.mfg_top_up == (Decimal("4773.75") - 4405) * 210 == Decimal("77437.5")
    assert budget.budget_share == Decimal("1027487.50")


def test_no_mfg_when_it_is_off_or_the_school_has_no_baseline():
    with_baseline = school(**PRIMARY, mfg_baseline=Decimal(950000), mfg_baseline_pupils=200)
    assert lff.school_budget(with_baseline, local()).mfg_top_up == 0
    assert lff.school_budget(school(**PRIMARY), local(mfg=Decimal(0))).mfg_top_up == 0


def test_capping_takes_back_the_scaled_share_of_gains_above_the_cap():
    s = school(**SECONDARY, mfg_baseline=Decimal(5500000), mfg_baseline_pupils=1000)
    budget = lff.school_budget(s, local(cap=Decimal("0.03"), scaling=Decimal("0.5")))
    # now 5,941.4765 a pupil against a cap of 5,500 × 1.03 = 5,665
    assert budget.capping == (Decimal("5941.4765") - 5665) * Decimal("0.5") * 1000
    assert round_half_up(budget.budget_share, 2) == Decimal("5803238.25")


def test_de_delegation_comes_off_maintained_schools_only():
    rates = {"primary": {"contingency": Decimal("10.50"), "licences": Decimal("4.50")}}
    maintained = lff.school_budget(school(**PRIMARY, maintained=True), local(de_delegation=rates))
    assert maintained.de_delegation == 15 * 210
    assert maintained.final == maintained.budget_share - 3150
    academy = lff.school_budget(school(**PRIMARY), local(de_delegation=rates))
    assert academy.de_delegation == 0 and academy.final == academy.budget_share


@pytest.mark.parametrize(
    ("distance", "pupils", "share"),
    [
        (None, 70, 0),
        (Decimal("2.0"), 70, 1 - Decimal(10) / Decimal("21.4")),  # at the distance: full
        (Decimal("1.8"), 70, Decimal("0.5") * (1 - Decimal(10) / Decimal("21.4"))),  # tapered
        (Decimal("1.6"), 70, 0),  # 20% below the distance: nothing
        (Decimal("3.0"), 150, 0),  # year groups of 21.4 or more: nothing
    ],
)
def test_sparsity_tapers_by_distance_and_by_year_group_size(distance, pupils, share):
    s = school(primary=pupils, sparsity_distance=distance)
    assert lff.sparsity_share(s, NFF.sparsity) == share
    assert nff_budget(s).factors["sparsity"] == 56300 * share


def test_sparsity_is_left_out_of_the_mppl_comparison():
    s = school(primary=70, sparsity_distance=Decimal(2))
    budget = nff_budget(s)
    assert budget.factors["sparsity"] > 0
    without = sum(budget.factors.values()) - budget.factors["sparsity"]
    assert budget.mppl_top_up == max(0, 70 * 4405 - without)


def test_a_factor_a_local_formula_leaves_out_pays_nothing():
    values = {f: v for f, v in NFF.values.items() if f != "mobility"}
    budget = lff.school_budget(school(**PRIMARY), local(values=values))
    assert "mobility" not in budget.factors


def test_the_2024_25_values_load_with_their_sources():
    later = nff_values.load("2024-25")
    assert later.value("basic_entitlement", "primary") == 3562
    assert later.value("mppl", "ks4") == 6331
    assert "Wokingham" in later.sources["mppl"]
    assert all(NFF.sources[f] for f in nff_values.FACTORS)
    with pytest.raises(nff_values.UnknownYear, match="2019-20"):
        nff_values.load("2019-20")


def test_the_secondary_mppl_reconciles_with_the_published_5995_for_2024_25():
    later = nff_values.load("2024-25")
    ks3, ks4 = later.value("mppl", "ks3"), later.value("mppl", "ks4")
    assert round_half_up((3 * ks3 + 2 * ks4) / 5, 0) == 5995  # Nottingham's published figure
