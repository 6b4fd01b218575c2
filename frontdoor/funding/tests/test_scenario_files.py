"""The pages' scenario files: the AP/PRU scenario's TOML checks, the TOML writer reading back
what it wrote, and the high needs history."""

import tomllib
from decimal import Decimal

import pytest

from frontdoor.funding import ap_scenario, toml_text
from frontdoor.funding.history import high_needs_history
from frontdoor.funding.inputs import DATA, EXAMPLES, parse_body
from frontdoor.funding.toml_reader import TomlInputError


def _problems(text: str) -> list[str]:
    with pytest.raises(TomlInputError) as refused:
        ap_scenario.parse(tomllib.loads(text), source="s.toml")
    return refused.value.problems


def test_the_shipped_ap_scenario_is_the_2018_table():
    found = ap_scenario.parse(tomllib.loads((DATA / "ap_model_2018.toml").read_text()), source="x")
    model = ap_scenario.run(found)
    assert model.total.places == 242
    assert model.total.district_total == Decimal("8026000.00")
    assert model.districts[0].name == "North West Kent"


def test_ap_problems_are_named_by_key():
    problems = _problems(
        'place_rate_percent = -1\nplace_cost = "lots"\n'
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 1.5\n'
        '[[districts]]\nname = "a"\nks3_ks4_pupils = 10\ndistrict_total = 5\ncolour = "red"\n'
    )
    assert problems == [
        "s.toml: place_rate_percent: -1 is negative",
        "s.toml: place_cost: 'lots' is not a number",
        "s.toml: districts[1].district_total: missing",
        "s.toml: districts[1].ks3_ks4_pupils: 1.5 is not a whole number",
        "s.toml: districts[2].colour: unknown key (expected name, ks3_ks4_pupils, district_total, "
        "pan, deprivation, children_in_care, eal, schools)",
        "s.toml: districts[2].name: 'a' is already district 1",
    ]


def test_a_county_budget_allows_no_district_totals():
    problems = _problems(
        "place_rate_percent = 1\nplace_cost = 10\ncounty_budget = 100\n"
        '[[districts]]\nname = "A"\nks3_ks4_pupils = 10\ndistrict_total = 5\n'
    )
    assert problems == [
        "s.toml: districts[1].district_total: unknown key (expected name, ks3_ks4_pupils, pan, "
        "deprivation, children_in_care, eal, schools)"
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_the_writer_reads_back_what_it_wrote(example):
    data = tomllib.loads(example.body)
    written = toml_text.dumps(data, header="a header\nof two lines")
    assert written.startswith("# a header\n# of two lines\n")
    assert tomllib.loads(written) == data
    parse_body(example.kind, written)


def test_numbers_are_written_without_exponents():
    assert toml_text.number_text(Decimal("1.15E+9")) == "1_150_000_000"
    assert toml_text.number_text(Decimal("0.0042")) == "0.0042"
    assert toml_text.number_text(Decimal("-145000000")) == "-145_000_000"


def test_the_history_is_the_seed_table():
    history = high_needs_history()
    assert [(y.year, y.pupils, int(y.expenditure / 1_000_000)) for y in history.years] == [
        ("2013-14", 5985, 119),
        ("2014-15", 6254, 125),
        ("2015-16", 7229, 134),
        ("2016-17", 8340, 151),
        ("2017-18", 9057, 158),
        ("2018-19", 9018, 168),
    ]
    assert [y.estimate for y in history.years] == [False] * 5 + [True]
