"""The AP/PRU model: the 2018 consultation's table reproduced, and hand-worked cases."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.core.rounding import round_half_up
from frontdoor.funding.ap_model import (
    APModelError,
    District,
    DistrictTotal,
    PRUBudgetExceedsDistrictTotal,
    School,
    delegated_model,
    devolved_to_schools,
    district_allocations,
    share_in_pennies,
)

# KS3+KS4 pupils: the "example" column of domain/funding.md §6 (one of the pupil numbers that
# reproduce the table; the consultation did not publish them).
SEED_PUPILS = {
    "North West Kent": 15_195,
    "Maidstone and Malling": 10_369,
    "Shepway": 5_350,
    "Thanet and Dover": 17_334,
    "Two Bridges": 9_477,
}
COUNTY_POT = Decimal("8026000")

# The table as printed in the consultation, "PRU Funding Model Options", Option 2: Delegated
# (seeds/000_b822cedb23126c45.txt lines 862-873): places at 0.42% of KS3 & 4 pupils, budget at
# £18k a place (£'000), district total (£'000), remaining balance devolved (£'000).
SEED_TABLE = {
    "North West Kent": (64, 1_149, 2_113, 964),
    "Maidstone and Malling": (44, 784, 1_442, 658),
    "Shepway": (22, 404, 744, 339),
    "Thanet and Dover": (73, 1_310, 2_410, 1_100),
    "Two Bridges": (40, 716, 1_318, 601),
    "Total": (242, 4_364, 8_026, 3_662),
}
SEED_SHARES = (54, 46)  # % of the county total: PRU budget, devolved


def thousands(pounds: Decimal) -> int:
    return int(round_half_up(pounds / 1000, 0))


def displayed(row) -> tuple[int, int, int, int]:
    return (
        int(row.places),
        thousands(row.pru_budget),
        thousands(row.district_total),
        thousands(row.devolved),
    )


def seed_model():
    totals = district_allocations(
        COUNTY_POT, [District(name, pupils) for name, pupils in SEED_PUPILS.items()]
    )
    return delegated_model(
        [DistrictTotal(name, pupils, totals[name]) for name, pupils in SEED_PUPILS.items()]
    )


def test_the_seed_table_is_reproduced_from_its_inputs():
    model = seed_model()
    shown = {row.name: displayed(row) for row in [*model.districts, model.total]}
    assert shown == SEED_TABLE
    assert (
        round_half_up(model.pru_share * 100, 0),
        round_half_up(model.devolved_share * 100, 0),
    ) == SEED_SHARES


def test_the_total_comes_from_unrounded_figures():
    # The table's places column adds to 243 and its budgets to £4,363k; its totals say 242 and
    # £4,364k, which only the unrounded figures give.
    model = seed_model()
    assert sum(int(row.places) for row in model.districts) == 243
    assert model.total.places_exact == Decimal("242.4450")
    assert model.total.pru_budget == Decimal("4364010.0000")
    assert model.total.district_total == COUNTY_POT


# Stage 1 -------------------------------------------------------------------------------------


def test_stage_one_pro_rata_to_pupils_without_weights():
    districts = [District("A", 100), District("B", 300)]
    assert district_allocations(Decimal(1000), districts) == {"A": 250, "B": 750}


def test_stage_one_weights_add_weighted_counts_to_pupils():
    # W_A = 100 + 50×2 (in care) + 0.5×40 (EAL) = 220; W_B = 300 + 0 + 0.5×160 = 380; ΣW = 600.
    districts = [
        District("A", 100, {"children_in_care": 2, "eal": 40}),
        District("B", 300, {"eal": 160}),
    ]
    weights = {"children_in_care": Decimal(50), "eal": Decimal("0.5")}
    assert district_allocations(Decimal(6000), districts, weights) == {"A": 2200, "B": 3800}


def test_stage_one_left_over_pennies_go_to_the_largest_remainders():
    # £100 ÷ 3 = 33.333…: one penny left over, to the first on a tie.
    equal = [District(name, 1) for name in "ABC"]
    assert list(district_allocations(Decimal(100), equal).values()) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    # £100 × 1/3 = 33.333…, × 2/3 = 66.666…: the larger remainder takes the penny.
    unequal = [District("A", 1), District("B", 2)]
    assert district_allocations(Decimal(100), unequal) == {
        "A": Decimal("33.33"),
        "B": Decimal("66.67"),
    }


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(any),
)
def test_pennies_always_add_up_to_the_pot(total, weights):
    shares = share_in_pennies(total, [Decimal(w) for w in weights])
    assert sum(shares) == total
    assert all(share >= 0 and share == share.quantize(Decimal("0.01")) for share in shares)


# Stage 2, delegated --------------------------------------------------------------------------


def test_delegated_refuses_a_pru_costing_more_than_its_district():
    # 0.0042 × 1,000 = 4.2 places × £18,000 = £75,600 > £50,000.
    with pytest.raises(PRUBudgetExceedsDistrictTotal, match=r"Shepway.*75,600\.00.*50,000\.00"):
        delegated_model([DistrictTotal("Shepway", 1000, Decimal(50000))])


def test_delegated_with_other_rates():
    # 0.01 × 500 = 5 places × £10,000 = £50,000 of £80,000; £30,000 devolved.
    model = delegated_model(
        [DistrictTotal("A", 500, Decimal(80000))],
        place_rate=Decimal("0.01"),
        place_cost=Decimal(10000),
    )
    (row,) = model.districts
    assert (row.places, row.pru_budget, row.devolved) == (5, 50000, 30000)
    assert (model.pru_share, model.devolved_share) == (Decimal("0.625"), Decimal("0.375"))


# Stage 2, devolved ---------------------------------------------------------------------------

SCHOOLS = [
    School("Grammar", 200, selective=True),
    School("X", 300),
    School("Y", 500),
    School("Z", 200),
]


def test_devolved_reallocates_the_selective_share():
    # £10,000 over the 1,000 non-selective pupils: £10 each; the grammar school gets nothing.
    assert devolved_to_schools(Decimal(10000), SCHOOLS) == {
        "Grammar": 0,
        "X": 3000,
        "Y": 5000,
        "Z": 2000,
    }


def test_devolved_penalty_is_reallocated_to_the_schools_not_penalised():
    # Z opts out: 10% of its £2,000 = £200, shared over X and Y's 800 pupils (£0.25 each):
    # X 3,000 + 75, Y 5,000 + 125, Z 2,000 − 200.
    schools = [*SCHOOLS[:3], School("Z", 200, penalty=Decimal("0.10"))]
    assert devolved_to_schools(Decimal(10000), schools) == {
        "Grammar": 0,
        "X": 3075,
        "Y": 5125,
        "Z": 1800,
    }


@pytest.mark.parametrize(
    "schools, message",
    [
        ([School("Grammar", 200, selective=True)], "no non-selective pupils"),
        ([School("X", 10, penalty=Decimal("0.2"))], "every non-selective school is penalised"),
        ([School("X", 10), School("X", 20)], "X appears twice"),
        ([School("X", 10, penalty=Decimal("1.5"))], "between 0 and 1"),
    ],
)
def test_devolved_refusals(schools, message):
    with pytest.raises(APModelError, match=message):
        devolved_to_schools(Decimal(1000), schools)
