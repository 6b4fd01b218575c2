"""Local formula policies in TOML: what each key does, and every bad key named by its path."""

import tomllib
from decimal import Decimal

import pytest

from frontdoor.funding import lff_policy, nff_values
from frontdoor.funding.toml_reader import TomlInputError

NFF = nff_values.load("2023-24")


def parse(text: str):
    return lff_policy.parse(tomllib.loads(text), NFF, source="policy.toml")


def problems(text: str) -> list[str]:
    with pytest.raises(TomlInputError) as refused:
        parse(text)
    return refused.value.problems


def test_an_empty_policy_is_the_nff_without_its_floor():
    policy = parse("")
    assert policy.values(NFF) == {f: dict(v) for f, v in NFF.values.items()}
    assert policy.mfg is None and policy.transfer == 0 and not policy.nff_floor


def test_factors_as_a_share_of_the_nff_in_pounds_or_left_out():
    policy = parse(
        """
        [factors.basic_entitlement]
        percent_of_nff = 99
        ks4_percent_of_nff = 98.5
        [factors.fsm6]
        primary_percent_of_nff = 58
        secondary = 750
        [factors.mobility]
        used = false
        """
    )
    values = policy.values(NFF)
    assert values["basic_entitlement"] == {
        "primary": Decimal("3394") * Decimal("0.99"),
        "ks3": Decimal("4785") * Decimal("0.99"),
        "ks4": Decimal("5393") * Decimal("0.985"),
    }
    assert values["fsm6"] == {"primary": 705 * Decimal("0.58"), "secondary": 750}
    assert "mobility" not in values
    assert values["lpa"] == NFF.values["lpa"]


def test_the_block_mfg_capping_and_de_delegation():
    policy = parse(
        """
        year = "2023-24"
        mfg_percent = 0.5
        [capping]
        cap_percent = 3
        scaling_percent = 50
        [block]
        schools_block = 1_200_000_000
        transfer_percent = 1
        central = 2_500_000
        [balance]
        method = "factors"
        factors = "all"
        [de_delegation.primary]
        contingency = 10.5
        """
    )
    assert (policy.mfg, policy.cap, policy.scaling) == (
        Decimal("0.005"),
        Decimal("0.03"),
        Decimal("0.5"),
    )
    assert (policy.schools_block, policy.transfer, policy.central) == (
        1_200_000_000,
        Decimal("0.01"),
        2_500_000,
    )
    assert "mppl" not in policy.balance.factors and len(policy.balance.factors) == 14
    assert policy.de_delegation == {"primary": {"contingency": Decimal("10.5")}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[factors.awpu]\npercent_of_nff = 99", "policy.toml: factors.awpu: unknown factor"),
        ("[factors.fsm]\nks3 = 1", "policy.toml: factors.fsm.ks3: unknown key"),
        ("[factors.fsm]\nprimary = -1", "policy.toml: factors.fsm.primary: -1 is negative"),
        (
            "[factors.fsm]\nprimary = 1\nprimary_percent_of_nff = 90",
            "policy.toml: factors.fsm.primary: is set both in pounds and as a % of the NFF",
        ),
        (
            "[factors.mppl]\nused = false",
            "policy.toml: factors.mppl.used: the minimum per pupil levels are mandatory",
        ),
        ("mfg_percent = 1", "policy.toml: mfg_percent: 1 is outside 2023-24's range, 0% to 0.5%"),
        ('year = "2024-25"', "policy.toml: year: the policy is for 2024-25, not 2023-24"),
        ('[balance]\nmethod = "magic"', "policy.toml: balance.method: 'magic' is not one of"),
        ('[balance]\nmethod = "factors"', "policy.toml: balance.factors: names no factor"),
        ("[block]\ntransfer_percent = 12", "policy.toml: block.transfer_percent: 12 > 10"),
        ("[last_year.lumpsum]\nprimary = 1", "policy.toml: last_year.lumpsum: unknown factor"),
        ("colour = 1", "policy.toml: colour: unknown key"),
    ],
)
def test_each_bad_key_is_named(text, expected):
    assert any(problem.startswith(expected) for problem in problems(text)), problems(text)


def test_every_problem_is_reported_at_once():
    found = problems("mfg_percent = 2\n[factors.awpu]\nused = true\n[block]\ncentral = -5")
    assert len(found) == 3


def test_a_file_that_is_not_toml_is_refused_with_its_name(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("name = \n")
    with pytest.raises(TomlInputError, match=r"bad\.toml: is not valid TOML"):
        lff_policy.load(path, NFF)
