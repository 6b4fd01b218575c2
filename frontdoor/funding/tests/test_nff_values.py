"""The NFF factor values in frontdoor/funding/data/nff/ against the published uplifts: each year's
value is (last year's value + any grant rolled in) × the uplift, rounded as the DfE rounds (basic
entitlement to £1, the lump sum and sparsity to £100, the rest to £5). funding.md §1.3.

The uplifts are published (Wiltshire's schools forum: +2.4% core factors, +4.3% FSM6 and IDACI in
2023-24; +1.4% and FSM +1.6% in 2024-25); the 2022-23 values and the schools supplementary grant
rates are the DfE's [M]. Every cell reconciling is what makes the [M] values safe to use."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from frontdoor.funding import nff_values

# 2022-23 values [M] (funding.md §1.1) and the 2022-23 schools supplementary grant rates [M].
VALUES_2022_23 = {
    "basic_entitlement": {"primary": 3217, "ks3": 4536, "ks4": 5112},
    "fsm": {"primary": 470, "secondary": 470},
    "fsm6": {"primary": 590, "secondary": 865},
    "idaci_a": {"primary": 640, "secondary": 890},
    "idaci_b": {"primary": 490, "secondary": 700},
    "idaci_c": {"primary": 460, "secondary": 650},
    "idaci_d": {"primary": 420, "secondary": 595},
    "idaci_e": {"primary": 270, "secondary": 425},
    "idaci_f": {"primary": 220, "secondary": 320},
    "lpa": {"primary": 1130, "secondary": 1710},
    "eal3": {"primary": 565, "secondary": 1530},
    "mobility": {"primary": 925, "secondary": 1330},
    "lump_sum": {"primary": 121300, "secondary": 121300},
    "sparsity": {"primary": 55000, "secondary": 80000},
}
SSG = {
    "basic_entitlement": {"primary": 97, "ks3": 137, "ks4": 155},
    "fsm6": {"primary": 85, "secondary": 124},
    "lump_sum": {"primary": 3680, "secondary": 3680},
}
UPLIFT_2023_24 = {"fsm6": "1.043", **{f"idaci_{band}": "1.043" for band in "abcdef"}}
ROUNDING = {"basic_entitlement": 1, "lump_sum": 100, "sparsity": 100}


def rounded(value: Decimal, factor: str) -> Decimal:
    step = ROUNDING.get(factor, 5)
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


CELLS_2023_24 = [(f, k) for f, by_key in VALUES_2022_23.items() for k in by_key]


@pytest.mark.parametrize(("factor", "key"), CELLS_2023_24)
def test_every_2023_24_value_is_last_years_plus_the_grant_times_the_uplift(factor, key):
    before = VALUES_2022_23[factor][key] + SSG.get(factor, {}).get(key, 0)
    uplift = Decimal(UPLIFT_2023_24.get(factor, "1.024"))
    assert nff_values.load("2023-24").value(factor, key) == rounded(before * uplift, factor)


# 2024-25: these factors had no grant rolled in, so the uplift alone reconciles them.
UPLIFT_ONLY_2024_25 = ("idaci_a", "idaci_b", "idaci_c", "idaci_d", "idaci_e", "idaci_f")
UPLIFT_ONLY_2024_25 += ("lpa", "eal3", "mobility", "sparsity", "fsm")


@pytest.mark.parametrize(
    ("factor", "key"), [(f, k) for f in UPLIFT_ONLY_2024_25 for k in ("primary", "secondary")]
)
def test_2024_25_values_without_a_rolled_in_grant_are_the_uplift_alone(factor, key):
    uplift = Decimal("1.016" if factor == "fsm" else "1.014")
    before = nff_values.load("2023-24").value(factor, key)
    assert nff_values.load("2024-25").value(factor, key) == rounded(before * uplift, factor)


def test_the_secondary_mppl_for_a_y7_to_y11_school_is_the_key_stages_weighted_3_to_2():
    values = nff_values.load("2023-24")
    assert (3 * values.value("mppl", "ks3") + 2 * values.value("mppl", "ks4")) / 5 == 5715


def test_the_year_rules_are_read_with_their_sources():
    values = nff_values.load("2023-24")
    assert values.mfg_range == (Decimal(0), Decimal("0.005"))
    assert values.tightening == (Decimal("0.025"), Decimal("0.1"))
    assert values.mobility_threshold == Decimal("0.06")
    assert "legislation.gov.uk/uksi/2023/59" in values.rules_source
