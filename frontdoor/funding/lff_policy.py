"""A local funding formula policy, as the finance officer sets it, in TOML (examples in
frontdoor/funding/data/lff/). Every key is optional; with none, the policy is the NFF itself.

    name = "Targeted approach"
    year = "2023-24"                        # must match the year it is run for, when given
    area_cost_adjustment = true             # the London fringe multiplier for fringe schools
    mfg_percent = 0.0                       # the MFG, within the year's range; absent: off

    [factors.basic_entitlement]             # each factor: unlisted keys stay at the NFF value
    percent_of_nff = 99                     #   every key at a % of the NFF value
    [factors.fsm6]
    primary_percent_of_nff = 58             #   one key at a % of the NFF value
    secondary_percent_of_nff = 72
    [factors.lump_sum]
    primary = 120_000                       #   one key in pounds
    [factors.mobility]
    used = false                            #   the factor left out (fails the tightening test)

    [capping]                               # optional: gains above cap_percent a pupil …
    cap_percent = 3
    scaling_percent = 50                    # … taken back at this share

    [block]                                 # optional: what the formula must fit inside
    schools_block = 1_200_000_000           #   the DSG schools block; absent: the NFF's total
    transfer_percent = 1                    #   to the high needs block
    central = 2_500_000                     #   growth and falling rolls funds held centrally

    [balance]                               # optional: how the formula is made to fit
    method = "factors"                      #   "none", "factors" or "scaling"
    factors = ["basic_entitlement", "fsm6"] #   for "factors": which to move together ("all": all
                                            #   but the MPPL); for "scaling": capping's scaling

    [de_delegation.primary]                 # maintained schools only: pounds a pupil an item
    contingency = 10.50
    [de_delegation.secondary]
    contingency = 8.25

    [last_year.basic_entitlement]           # last year's local values, for the tightening test
    primary = 3_250

Every problem is reported as `SOURCE: key.path: problem` (an unknown factor by its name)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from frontdoor.core.rounding import percent_as_set
from frontdoor.funding.nff_values import FACTORS, NffYear, factor_keys
from frontdoor.funding.toml_reader import HUNDRED, TomlReader, load_toml

BALANCE_METHODS = ("none", "factors", "scaling")
MAX_TRANSFER = Decimal("0.1")  # 10%: a typing slip, not a policy; the forum limit is 0.5%


@dataclass(frozen=True)
class FactorChoice:
    used: bool = True
    amounts: Mapping[str, Decimal] = field(default_factory=dict)  # key → pounds
    shares: Mapping[str, Decimal] = field(default_factory=dict)  # key → fraction of the NFF

    def value(self, key: str, nff_value: Decimal) -> Decimal:
        if key in self.amounts:
            return self.amounts[key]
        return nff_value * self.shares.get(key, Decimal(1))


@dataclass(frozen=True)
class Balance:
    method: str = "none"
    factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    name: str = "The NFF itself"
    year: str | None = None
    factors: Mapping[str, FactorChoice] = field(default_factory=dict)
    area_cost_adjustment: bool = True
    mfg: Decimal | None = None
    cap: Decimal | None = None
    scaling: Decimal = Decimal(0)
    schools_block: Decimal | None = None
    transfer: Decimal = Decimal(0)
    central: Decimal = Decimal(0)
    balance: Balance = field(default_factory=Balance)
    de_delegation: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    last_year: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    nff_floor: bool = False  # only the NFF itself has the funding floor

    def choice(self, factor: str) -> FactorChoice:
        return self.factors.get(factor, FactorChoice())

    def values(self, nff: NffYear) -> dict[str, dict[str, Decimal]]:
        """Factor → key → pounds, for the factors the policy uses."""
        return {
            factor: {key: self.choice(factor).value(key, nff.value(factor, key)) for key in keys}
            for factor, (_, keys) in FACTORS.items()
            if self.choice(factor).used
        }


NFF_ITSELF = Policy(nff_floor=True)


def load(path: Path, nff: NffYear) -> Policy:
    return parse(load_toml(path), nff, source=str(path))


def parse(data: dict, nff: NffYear, *, source: str) -> Policy:
    reader = _Reader(source, nff)
    policy = reader.policy(data)
    reader.raise_problems()
    return policy


class _Reader(TomlReader):
    def __init__(self, source: str, nff: NffYear):
        super().__init__(source)
        self.nff = nff

    def policy(self, data: dict) -> Policy:
        top = ("name", "description", "year", "area_cost_adjustment", "mfg_percent")
        tables = ("factors", "capping", "block", "balance", "de_delegation", "last_year")
        self.keys("", data, optional=(*top, *tables))
        year = self.text("year", data.get("year"))
        if year is not None and year != self.nff.year:
            self.problem("year", f"the policy is for {year}, not {self.nff.year}")
        capping = self.section("capping", data, ("cap_percent", "scaling_percent"))
        block = self.section("block", data, ("schools_block", "transfer_percent", "central"))
        return Policy(
            name=self.text("name", data.get("name")) or "Unnamed policy",
            year=year,
            factors=self.factors(data.get("factors")),
            area_cost_adjustment=self.flag(
                "area_cost_adjustment", data.get("area_cost_adjustment", True)
            ),
            mfg=self.mfg(data.get("mfg_percent")),
            cap=self.percent("capping.cap_percent", capping.get("cap_percent"), minimum=0),
            scaling=self.percent(
                "capping.scaling_percent",
                capping.get("scaling_percent", 0),
                minimum=0,
                maximum=HUNDRED,
            )
            or Decimal(0),
            schools_block=self.number("block.schools_block", block.get("schools_block"), minimum=0),
            transfer=self.percent(
                "block.transfer_percent",
                block.get("transfer_percent", 0),
                minimum=0,
                maximum=MAX_TRANSFER * HUNDRED,
            )
            or Decimal(0),
            central=self.number("block.central", block.get("central", 0), minimum=0) or Decimal(0),
            balance=self.balance(data.get("balance")),
            de_delegation=self.de_delegation(data.get("de_delegation")),
            last_year=self.last_year(data.get("last_year")),
        )

    def section(self, key: str, data: dict, names: tuple[str, ...]) -> dict:
        value = data.get(key)
        if not self.table(key, value):
            return {}
        self.keys(key, value, optional=names)
        return value

    def mfg(self, value) -> Decimal | None:
        mfg = self.percent("mfg_percent", value)
        low, high = self.nff.mfg_range
        if mfg is not None and not low <= mfg <= high:
            self.problem(
                "mfg_percent",
                f"{value} is outside {self.nff.year}'s range, "
                f"{percent_as_set(low)} to {percent_as_set(high)}",
            )
        return mfg

    def factor_name(self, key: str, factor: str) -> bool:
        if factor in FACTORS:
            return True
        self.problem(key, f"unknown factor (expected one of {', '.join(FACTORS)})")
        return False

    def factors(self, data) -> dict[str, FactorChoice]:
        if not self.table("factors", data):
            return {}
        choices = {}
        for factor, table in data.items():
            key = f"factors.{factor}"
            if not self.factor_name(key, factor) or not self.table(key, table):
                continue
            keys = factor_keys(factor)
            amounts_keys = tuple(keys)
            share_keys = ("percent_of_nff", *(f"{k}_percent_of_nff" for k in keys))
            self.keys(key, table, optional=("used", *amounts_keys, *share_keys))
            amounts = {
                k: self.number(f"{key}.{k}", table[k], minimum=0) for k in keys if k in table
            }
            every = self.percent(f"{key}.percent_of_nff", table.get("percent_of_nff"), minimum=0)
            shares = {k: every for k in keys if every is not None}
            for k in keys:
                share = self.percent(
                    f"{key}.{k}_percent_of_nff", table.get(f"{k}_percent_of_nff"), minimum=0
                )
                if share is not None:
                    shares[k] = share
                if k in amounts and f"{k}_percent_of_nff" in table:
                    self.problem(f"{key}.{k}", "is set both in pounds and as a % of the NFF")
            used = self.flag(f"{key}.used", table.get("used", True))
            if factor == "mppl" and used is False:
                self.problem(f"{key}.used", "the minimum per pupil levels are mandatory")
            choices[factor] = FactorChoice(
                used=used is not False,
                amounts={k: v for k, v in amounts.items() if v is not None},
                shares=shares,
            )
        return choices

    def balance(self, data) -> Balance:
        if not self.table("balance", data):
            return Balance()
        self.keys("balance", data, optional=("method", "factors"))
        method = data.get("method", "none")
        if method not in BALANCE_METHODS:
            self.problem("balance.method", f"{method!r} is not one of {', '.join(BALANCE_METHODS)}")
            return Balance()
        factors = data.get("factors", [])
        if factors == "all":
            factors = [f for f in FACTORS if f != "mppl"]
        if not isinstance(factors, list):
            self.problem("balance.factors", 'must be a list of factors or "all"')
            return Balance()
        for i, factor in enumerate(factors, 1):
            self.factor_name(f"balance.factors[{i}]", factor)
        if method == "factors" and not factors:
            self.problem("balance.factors", "names no factor to move")
        return Balance(method=method, factors=tuple(f for f in factors if f in FACTORS))

    def de_delegation(self, data) -> dict[str, dict[str, Decimal]]:
        if not self.table("de_delegation", data):
            return {}
        self.keys("de_delegation", data, optional=("primary", "secondary"))
        rates = {}
        for part in ("primary", "secondary"):
            items = data.get(part)
            if not self.table(f"de_delegation.{part}", items):
                continue
            rates[part] = {
                item: self.number(f"de_delegation.{part}.{item}", rate, minimum=0) or Decimal(0)
                for item, rate in items.items()
            }
        return rates

    def last_year(self, data) -> dict[str, dict[str, Decimal]]:
        if not self.table("last_year", data):
            return {}
        values = {}
        for factor, table in data.items():
            key = f"last_year.{factor}"
            if not self.factor_name(key, factor) or not self.table(key, table):
                continue
            self.keys(key, table, optional=factor_keys(factor))
            values[factor] = {
                k: self.number(f"{key}.{k}", v, minimum=0) or Decimal(0) for k, v in table.items()
            }
        return values
