"""High needs forecast scenarios as TOML files (examples in frontdoor/funding/data/).

    first_year = "2022-23"          # required: a financial year label
    years = 6                       # required: how many years to run, 1 to 50
    opening_balance = -145_000_000  # required: accumulated balance at the start; deficit < 0

    [grant]                         # required: a series (below), pounds a year
    start = 285_000_000
    growth_percent = 3

    [demand.special]                # required: each of mainstream, special, independent, ap, post16
    pupils = 5200                   #   in the first year, zero or more
    growth_percent = 5              #   a year
    unit_cost = 25_000              #   pounds a pupil a year, zero or more
    cost_inflation_percent = 3      #   a year

    [transfers]                     # optional: from the schools block
    schools_block = { start = 1_150_000_000, growth_percent = 2 }   # a series, pounds
    percent = { values = [0, 1, 1, 1, 1, 1] }                       # a series, % of the block

    [safety_valve]                  # optional: a series, pounds a year (DfE payments)
    [la_contributions]              # optional: a series, pounds a year

    [[reforms]]                     # optional, any number
    from = "independent"            #   placement types
    to = "special"
    percent = 40                    #   of each year's new `from` placements, 0 to 100
    first_year = "2023-24"

A series is either `start` (with an optional `growth_percent`, default 0) or `values`, a list
with one number a year. Every key is checked; on any problem `load` raises ScenarioError listing
each as `FILE: key.path: problem` (reforms are numbered from 1, `reforms[1].percent`)."""

from decimal import Decimal
from pathlib import Path

from frontdoor.funding import high_needs
from frontdoor.funding.high_needs import Placement, Reform, Scenario, Series, Transfer
from frontdoor.funding.toml_reader import HUNDRED, TomlInputError, TomlReader, load_toml, shown

MAX_YEARS = 50

# The error every scenario problem raises; its `problems` list each as `FILE: key.path: problem`.
ScenarioError = TomlInputError


def load(path: Path) -> Scenario:
    return parse(load_toml(path), source=str(path))


def parse(data: dict, *, source: str) -> Scenario:
    reader = _Reader(source)
    scenario = reader.scenario(data)
    reader.raise_problems()
    try:
        high_needs.forecast(scenario)  # the model's own checks, which the reader should pre-empt
    except high_needs.HighNeedsError as error:
        raise ScenarioError([f"{source}: {error}"]) from None
    return scenario


class _Reader(TomlReader):
    def __init__(self, source: str):
        super().__init__(source)
        self.years = 0

    def scenario(self, data: dict) -> Scenario:
        self.keys(
            "",
            data,
            required=("first_year", "years", "opening_balance", "grant", "demand"),
            optional=("transfers", "safety_valve", "la_contributions", "reforms"),
        )
        first_year = self.year("first_year", data.get("first_year"))
        years = self.whole("years", data.get("years"))
        if years is not None and not 1 <= years <= MAX_YEARS:
            self.problem("years", f"{years} is not between 1 and {MAX_YEARS}")
            years = None
        self.years = years or 0
        opening = self.number("opening_balance", data.get("opening_balance"))
        grant = self.series("grant", data.get("grant"), minimum=Decimal(0))
        demand = self.demand(data.get("demand"))
        transfers = self.transfers(data.get("transfers"))
        safety_valve = self.series("safety_valve", data.get("safety_valve"), Decimal(0), True)
        la = self.series("la_contributions", data.get("la_contributions"), Decimal(0), True)
        reforms = self.reforms(data.get("reforms"), first_year)
        return Scenario(
            first_year=first_year or "2000-01",
            years=self.years or 1,
            opening_balance=opening or Decimal(0),
            grant=grant,
            demand=demand,
            transfers=transfers,
            safety_valve=safety_valve,
            la_contributions=la,
            reforms=reforms,
        )

    def demand(self, data) -> dict[str, Placement]:
        if not self.table("demand", data):
            return {}
        self.keys("demand", data, required=high_needs.PLACEMENTS)
        demand = {}
        for name in high_needs.PLACEMENTS:
            key = f"demand.{name}"
            table = data.get(name)
            if table is None or not self.table(key, table):
                continue
            self.keys(
                key,
                table,
                required=("pupils", "growth_percent", "unit_cost", "cost_inflation_percent"),
            )
            demand[name] = Placement(
                pupils=self.number(f"{key}.pupils", table.get("pupils"), Decimal(0)) or Decimal(0),
                growth=self.rate(f"{key}.growth_percent", table.get("growth_percent")),
                unit_cost=self.number(f"{key}.unit_cost", table.get("unit_cost"), Decimal(0))
                or Decimal(0),
                cost_inflation=self.rate(
                    f"{key}.cost_inflation_percent", table.get("cost_inflation_percent")
                ),
            )
        return demand

    def transfers(self, data) -> Transfer:
        if data is None or not self.table("transfers", data):
            return Transfer(high_needs.ZERO, high_needs.ZERO)
        self.keys("transfers", data, required=("schools_block", "percent"))
        block = self.series("transfers.schools_block", data.get("schools_block"), Decimal(0))
        percent = self.series("transfers.percent", data.get("percent"), Decimal(0))
        if percent.values is not None:
            share = Series(values=tuple(v / HUNDRED for v in percent.values))
        else:
            share = Series(start=percent.start / HUNDRED, growth=percent.growth)
        return Transfer(block, share)

    def reforms(self, data, first_year: str | None) -> tuple[Reform, ...]:
        if data is None:
            return ()
        if not isinstance(data, list):
            self.problem("reforms", "must be a list of [[reforms]] tables")
            return ()
        reforms = []
        for number, table in enumerate(data, start=1):
            key = f"reforms[{number}]"
            if not self.table(key, table):
                continue
            self.keys(key, table, required=("from", "to", "percent", "first_year"))
            ends = [self.placement(f"{key}.{end}", table.get(end)) for end in ("from", "to")]
            if ends[0] and ends[0] == ends[1]:
                self.problem(f"{key}.to", "must differ from `from`")
            percent = self.number(f"{key}.percent", table.get("percent"), Decimal(0))
            if percent is not None and percent > HUNDRED:
                self.problem(f"{key}.percent", f"{percent} is more than 100")
                percent = None
            year = self.year(f"{key}.first_year", table.get("first_year"))
            if None not in (*ends, percent, year) and ends[0] != ends[1]:
                reforms.append(Reform(ends[0], ends[1], percent / HUNDRED, year))
        return tuple(reforms)

    def series(self, key, data, minimum=None, optional=False) -> Series:
        if data is None and optional:
            return high_needs.ZERO
        if not self.table(key, data):
            return high_needs.ZERO
        if "values" in data:
            self.keys(key, data, required=("values",))
            values = data["values"]
            if not isinstance(values, list):
                self.problem(f"{key}.values", f"must be a list, not {shown(values)}")
                return high_needs.ZERO
            if self.years and len(values) != self.years:
                self.problem(
                    f"{key}.values", f"has {len(values)} values for a {self.years}-year forecast"
                )
                return high_needs.ZERO
            numbers = [
                self.number(f"{key}.values[{i}]", v, minimum) for i, v in enumerate(values, 1)
            ]
            if None in numbers:
                return high_needs.ZERO
            return Series(values=tuple(numbers))
        self.keys(key, data, required=("start",), optional=("growth_percent",))
        start = self.number(f"{key}.start", data.get("start"), minimum)
        growth = self.rate(f"{key}.growth_percent", data.get("growth_percent", 0))
        return Series(start=start or Decimal(0), growth=growth)

    def rate(self, key, value) -> Decimal:
        """A percentage a year as a fraction; above -100%."""
        percent = self.number(key, value)
        if percent is None:
            return Decimal(0)
        if percent <= -HUNDRED:
            self.problem(key, f"{percent} is not above -100")
            return Decimal(0)
        return percent / HUNDRED

    def year(self, key, value) -> str | None:
        if value is None:
            return None
        try:
            high_needs.parse_year(value)
        except high_needs.HighNeedsError as error:
            self.problem(key, str(error))
            return None
        return value

    def placement(self, key, value) -> str | None:
        if value is None:
            return None
        if value not in high_needs.PLACEMENTS:
            expected = ", ".join(high_needs.PLACEMENTS)
            self.problem(key, f"{shown(value)} is not a placement type ({expected})")
            return None
        return value
