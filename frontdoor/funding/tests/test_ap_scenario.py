"""The AP/PRU scenario's TOML and both stages run on it: weights, the PAN basis, the two options
down to each school's share (selective schools and penalties), exact totals, and every bad key
named by its path. Hand-worked cases, with the working in the comments."""

import tomllib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdoor.funding import ap_scenario, toml_text
from frontdoor.funding.ap_allocation import allocate
from frontdoor.funding.inputs import DATA
from frontdoor.funding.toml_reader import TomlInputError


def _scenario(text: str):
    return ap_scenario.parse(tomllib.loads(text), source="s.toml")


def _problems(text: str) -> list[str]:
    with pytest.raises(TomlInputError) as refused:
        _scenario(text)
    return refused.value.problems


def _illustration():
    return allocate(_scenario((DATA / "ap_model_devolved_on_pan.toml").read_text()))


TWO_DISTRICTS = """county_budget = 1_000
option = "devolved"
[[districts]]
name = "A"
ks3_ks4_pupils = 100
pan = 30
deprivation = 50
[[districts]]
name = "B"
ks3_ks4_pupils = 100
pan = 10
deprivation = 0
"""


def _totals(result) -> dict[str, Decimal]:
    return {d.name: d.district_total for d in result.districts}


# Stage 1 --------------------------------------------------------------------------------------


def test_without_weights_districts_share_pro_rata_to_census_pupils():
    assert _totals(allocate(_scenario(TWO_DISTRICTS))) == {"A": 500, "B": 500}


def test_a_weight_adds_its_multiple_of_each_count():
    # W_A = 100 + 2 × 50 = 200, W_B = 100: £1,000 × 200/300 = £666.666… and £333.333…; the
    # penny left over goes to A, the larger remainder (.0067 against .0033).
    result = allocate(_scenario(TWO_DISTRICTS + "[weights]\ndeprivation = 2\n"))
    assert _totals(result) == {"A": Decimal("666.67"), "B": Decimal("333.33")}
    assert [d.weighted for d in result.districts] == [200, 100]


def test_on_pan_a_district_counts_its_year_7_pan_five_times():
    # A: 30 × 5 = 150, B: 10 × 5 = 50: £750 and £250.
    result = allocate(_scenario('basis = "pan"\n' + TWO_DISTRICTS))
    assert [d.counted for d in result.districts] == [150, 50]
    assert _totals(result) == {"A": 750, "B": 250}


def test_the_illustration_worked_by_hand():
    # Downland on PAN: (180 + 160 + 140) × 5 = 2,400, + 0.5 × 400 deprivation = 2,600;
    # Marshside 400 × 5 = 2,000 + 0.5 × 200 = 2,100. £1m × 2,600/4,700 = £553,191.489…,
    # £1m × 2,100/4,700 = £446,808.510…; the penny left over goes to Downland (.0094 > .0006).
    result = _illustration()
    assert _totals(result) == {
        "Downland": Decimal("553191.49"),
        "Marshside": Decimal("446808.51"),
    }
    assert result.county_total == 1_000_000


# Stage 2, devolved ----------------------------------------------------------------------------


def test_the_illustration_schools_worked_by_hand():
    # Downland's £553,191.49 over its non-selective schools on PAN (PAN × 5): High 800 and
    # Academy 700 of 1,500, £295,035.46 and £258,156.03. The Academy's 10% penalty,
    # £25,815.60, goes to High (the only school not penalised): £320,851.06 and £232,340.43
    # (the penny left over to the Academy's larger remainder, .0058 > .0042). The grammar school,
    # selective, gets nothing: its pro-rata £207,446.81 of 900/2,400 is moved to the others.
    downland = _illustration().districts[0]
    shares = {s.school.name: s.share for s in downland.schools}
    assert {name: share.share for name, share in shares.items()} == {
        "Downland Grammar": 0,
        "Downland High": Decimal("320851.06"),
        "Downland Academy": Decimal("232340.43"),
    }
    assert shares["Downland Grammar"].selective_reallocated == Decimal("-207446.80875")
    assert round(shares["Downland Academy"].penalty, 2) == Decimal("25815.60")
    assert round(shares["Downland High"].penalties_received, 2) == Decimal("25815.60")
    assert downland.paid_to_schools == downland.district_total


def test_on_the_census_schools_share_by_their_pupils():
    # Census: High 700, Academy 500 of 1,200 non-selective pupils.
    text = (DATA / "ap_model_devolved_on_pan.toml").read_text().replace('"pan"', '"census"')
    downland = allocate(_scenario(text)).districts[0]
    assert [s.counted for s in downland.schools] == [900, 700, 500]
    high, academy = downland.schools[1].share, downland.schools[2].share
    assert high.share + academy.share == downland.district_total
    assert academy.share == round(downland.district_total * 500 / 1200 * Decimal("0.9"), 2)


# Stage 2, delegated ---------------------------------------------------------------------------

DELEGATED = """place_rate_percent = 1
place_cost = 100
county_budget = 10_000
[weights]
deprivation = 1
[[districts]]
name = "A"
deprivation = 1_000
[[districts.schools]]
name = "A1"
ks3_ks4_pupils = 600
[[districts.schools]]
name = "A2"
ks3_ks4_pupils = 400
[[districts]]
name = "B"
ks3_ks4_pupils = 1_000
deprivation = 0
"""


def test_weighted_places_follow_the_formula_and_total_the_county_rate():
    # County places: 1% of 2,000 pupils = 20. W_A = 1,000 + 1,000 = 2,000, W_B = 1,000, so A
    # has 2/3 of the places (13.33, £1,333.33) and of the £10,000 (£6,666.67); B 6.67 places
    # (£666.67) of its £3,333.33. The remainders are devolved: A's £5,333.33… to its schools
    # 600:400 (£3,200.00 and £2,133.33 with the penny rounding on the devolved balance).
    result = allocate(_scenario(DELEGATED))
    model = result.delegated
    assert model.total.places_exact == 20
    assert [round(r.places_exact, 2) for r in model.districts] == [
        Decimal("13.33"),
        Decimal("6.67"),
    ]
    a = result.districts[0]
    assert a.district_total == Decimal("6666.67")
    assert round(a.devolved, 2) == Decimal("5333.34")
    assert [s.share.share for s in a.schools] == [Decimal("3200.00"), Decimal("2133.34")]
    assert a.paid_to_schools == round(a.devolved, 2)


def test_unweighted_places_on_the_census_are_each_district_own_rate():
    found = _scenario((DATA / "ap_model_2018.toml").read_text())
    model = allocate(found).delegated
    assert [r.places_exact for r in model.districts] == [
        Decimal("0.0042") * d.census_pupils for d in found.districts
    ]


def test_the_devolved_option_needs_no_places():
    result = allocate(_scenario(TWO_DISTRICTS))
    assert result.delegated is None
    assert [d.devolved for d in result.districts] == [500, 500]


# Bad keys -------------------------------------------------------------------------------------


def test_bad_choices_and_weights_are_named():
    problems = _problems(
        'option = "both"\nbasis = "roll"\n[weights]\ndeprivation = -1\npoverty = 2\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\ndistrict_total = 5\n'
    )
    assert problems == [
        "s.toml: option: 'both' is not one of 'delegated', 'devolved'",
        "s.toml: basis: 'roll' is not one of 'census', 'pan'",
        "s.toml: place_rate_percent: missing",
        "s.toml: place_cost: missing",
        "s.toml: weights.poverty: unknown key (expected deprivation, children_in_care, eal)",
        "s.toml: weights.deprivation: -1 is negative",
    ]


def test_weights_need_a_county_budget_and_each_district_a_count():
    problems = _problems(
        'option = "devolved"\n[weights]\neal = 1\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\ndistrict_total = 5\n'
    )
    assert problems == [
        "s.toml: weights.eal: needs a county budget (county_budget): the weights share it "
        "between districts",
        "s.toml: districts[1].eal: missing",
    ]


def test_pan_is_needed_on_the_pan_basis():
    problems = _problems(
        'option = "devolved"\nbasis = "pan"\ncounty_budget = 10\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\n'
        '[[districts]]\nname = "B"\n[[districts.schools]]\nname = "B1"\nks3_ks4_pupils = 5\n'
    )
    assert problems == [
        "s.toml: districts[1].pan: missing",
        "s.toml: districts[2].schools[1].pan: missing",
    ]


def test_bad_schools_are_named_by_their_path():
    problems = _problems(
        'option = "devolved"\ncounty_budget = 10\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\n'
        '[[districts.schools]]\nname = "X"\nks3_ks4_pupils = -5\nselective = "yes"\n'
        '[[districts.schools]]\nname = "x"\nks3_ks4_pupils = 5\npenalty_percent = 150\n'
        "urn = 1.5\nhead = 1\n"
        '[[districts]]\nname = "B"\nschools = 3\n'
    )
    assert problems == [
        "s.toml: districts[1].ks3_ks4_pupils: unknown key (expected name, deprivation, "
        "children_in_care, eal, schools)",
        "s.toml: districts[1].schools[1].ks3_ks4_pupils: -5 is negative",
        "s.toml: districts[1].schools[1].selective: 'yes' is not true or false",
        "s.toml: districts[1].schools[2].head: unknown key (expected name, ks3_ks4_pupils, urn, "
        "pan, selective, penalty_percent)",
        "s.toml: districts[1].schools[2].name: 'x' is already school 1",
        "s.toml: districts[1].schools[2].urn: 1.5 is not a whole number",
        "s.toml: districts[1].schools[2].penalty_percent: 150 > 100",
        "s.toml: districts[2].schools: must be one or more [[districts.schools]] tables, not 3",
    ]


def test_a_district_of_selective_schools_only_is_refused_by_its_path():
    problems = _problems(
        'option = "devolved"\ncounty_budget = 10\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\n'
        '[[districts]]\nname = "B"\n'
        '[[districts.schools]]\nname = "G"\nks3_ks4_pupils = 5\nselective = true\n'
    )
    assert problems == [
        "s.toml: districts[2].schools: B: the district has no non-selective pupils to share "
        "its allocation"
    ]


def test_the_shipped_scenarios_read_back_from_the_writer():
    for name in ("ap_model_2018.toml", "ap_model_devolved_on_pan.toml"):
        data = tomllib.loads((DATA / name).read_text())
        written = toml_text.dumps(data)
        assert allocate(_scenario(written)) == allocate(_scenario((DATA / name).read_text()))


# Invariants -----------------------------------------------------------------------------------

schools = st.lists(
    st.tuples(st.integers(0, 2_000), st.booleans(), st.sampled_from([0, 0, 5, 100])),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    budget=st.integers(0, 20_000_000),
    districts=st.lists(schools, min_size=1, max_size=4),
    weight=st.sampled_from([None, "0.5", "3"]),
    basis=st.sampled_from(["census", "pan"]),
)
def test_every_penny_is_paid_and_selective_schools_get_nothing(budget, districts, weight, basis):
    data = {"option": "devolved", "basis": basis, "county_budget": budget, "districts": []}
    if weight:
        data["weights"] = {"deprivation": float(weight)}
    for number, given_schools in enumerate(districts):
        district = {"name": f"D{number}", "deprivation": number * 100, "schools": []}
        for index, (pupils, selective, penalty) in enumerate(given_schools):
            district["schools"].append(
                {"name": f"S{index}", "ks3_ks4_pupils": pupils, "pan": pupils // 5 + 1,
                 "selective": selective, "penalty_percent": penalty}
            )  # fmt: skip
        data["districts"].append(district)
    try:
        result = allocate(ap_scenario.parse(data, source="s"))
    except TomlInputError:
        return  # a district that cannot share (no non-selective pupils, everyone penalised)
    assert result.county_total == budget
    for district in result.districts:
        assert district.paid_to_schools == district.district_total
        for school in district.schools:
            assert school.share.share >= 0
            if school.school.selective:
                assert school.share.share == 0
