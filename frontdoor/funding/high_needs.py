"""The high needs block (HNB) forecast of issue 6, as a pure model: a scenario rolled forward
year by year (domain/funding.md §5 "DSG structure" and §9 rule 13).

For each year t = 0, 1, … of the scenario (t = 0 is `first_year`):

    pupils_{p,t}    = pupils_{p,0} × (1 + growth_p)^t                  for each placement type p
                      (then moved by the reforms, below)
    unit_cost_{p,t} = unit_cost_{p,0} × (1 + cost_inflation_p)^t
    spend_t         = Σ_p pupils_{p,t} × unit_cost_{p,t}
    transfers_in_t  = schools_block_t × transfer_share_t
    in_year_t       = grant_t + transfers_in_t + safety_valve_t + la_contributions_t − spend_t
    accumulated_t   = accumulated_{t−1} + in_year_t,   accumulated_{−1} = opening balance

A balance is positive in surplus and negative in deficit, so this is rule 13's
deficit_t = deficit_{t−1} + (spend_t − grant_t − transfers_in_t) − SV_t − LA_t with the sign turned
round. Grant, schools block, transfer share, Safety Valve and LA contributions are each a `Series`:
a starting figure grown at a constant rate, or one explicit value a year.

Because `in_year_t` counts Safety Valve and LA contributions, it can be in balance while the block
itself is not; a Safety Valve agreement asks that in-year *spend* match in-year *grant*
(funding.md §5). So each year also carries `underlying_in_year_t = grant_t + transfers_in_t −
spend_t`, and the forecast reports the first year each of the two is ≥ 0.

A reform moves a share of each year's *new* placements of one type (the year's increase over the
year before, before reforms; none when it falls) to another type from a given year on. A pupil
moved stays moved, in the new type, at its unit cost, for the rest of the forecast; growth
rates apply to the placements before reforms, so a moved pupil does not compound in its new type.

Money and pupils are Decimal and unrounded throughout (pupils grow fractionally); round only for
display, half up (`frontdoor.core.rounding`)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

PLACEMENTS = ("mainstream", "special", "independent", "ap", "post16")
PLACEMENT_NAMES = {
    "mainstream": "mainstream with top-up",
    "special": "special (maintained and academy)",
    "independent": "independent and non-maintained special",
    "ap": "alternative provision",
    "post16": "post-16",
}


class HighNeedsError(ValueError):
    """The scenario cannot be run; the message says which figure and why."""


@dataclass(frozen=True)
class Series:
    """A figure a year: `start` × (1 + `growth`)^t, or `values[t]` when values are given."""

    start: Decimal = Decimal(0)
    growth: Decimal = Decimal(0)
    values: tuple[Decimal, ...] | None = None

    def at(self, t: int) -> Decimal:
        if self.values is not None:
            return self.values[t]
        return self.start * (1 + self.growth) ** t


ZERO = Series()


@dataclass(frozen=True)
class Placement:
    pupils: Decimal  # in the first year
    growth: Decimal  # a year, as a fraction (0.05 = 5%)
    unit_cost: Decimal  # pounds a pupil a year, in the first year
    cost_inflation: Decimal  # a year, as a fraction


@dataclass(frozen=True)
class Reform:
    source: str  # a placement type, e.g. "independent"
    target: str  # e.g. "special"
    share: Decimal  # of each year's new `source` placements, as a fraction
    from_year: str  # the first year it applies, e.g. "2023-24"


@dataclass(frozen=True)
class Transfer:
    """Money moved into the high needs block from the schools block: share_t × schools_block_t."""

    schools_block: Series
    share: Series  # a fraction of the schools block (0.01 = 1%)


@dataclass(frozen=True)
class Scenario:
    first_year: str  # "2023-24"
    years: int
    opening_balance: Decimal  # accumulated at the start of first_year; a deficit is negative
    grant: Series
    demand: Mapping[str, Placement]  # by placement type, one of PLACEMENTS
    transfers: Transfer = field(default_factory=lambda: Transfer(ZERO, ZERO))
    safety_valve: Series = ZERO
    la_contributions: Series = ZERO
    reforms: Sequence[Reform] = ()

    @property
    def year_labels(self) -> list[str]:
        return year_labels(self.first_year, self.years)


@dataclass(frozen=True)
class Year:
    year: str
    grant: Decimal
    transfers_in: Decimal
    safety_valve: Decimal
    la_contributions: Decimal
    pupils: Mapping[str, Decimal]
    spend_by_placement: Mapping[str, Decimal]
    accumulated_balance: Decimal

    @property
    def spend(self) -> Decimal:
        return sum(self.spend_by_placement.values(), Decimal(0))

    @property
    def underlying_in_year_balance(self) -> Decimal:
        return self.grant + self.transfers_in - self.spend

    @property
    def in_year_balance(self) -> Decimal:
        return self.underlying_in_year_balance + self.safety_valve + self.la_contributions


@dataclass(frozen=True)
class Forecast:
    opening_balance: Decimal
    years: list[Year]

    @property
    def final_balance(self) -> Decimal:
        return self.years[-1].accumulated_balance if self.years else self.opening_balance

    @property
    def in_year_balance_reached(self) -> str | None:
        """The first year whose in-year balance (with Safety Valve and LA money) is ≥ 0."""
        return next((y.year for y in self.years if y.in_year_balance >= 0), None)

    @property
    def underlying_balance_reached(self) -> str | None:
        """The first year whose grant and transfers alone cover its spend."""
        return next((y.year for y in self.years if y.underlying_in_year_balance >= 0), None)


def year_labels(first_year: str, years: int) -> list[str]:
    start = parse_year(first_year)
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(start, start + years)]


def parse_year(label: str) -> int:
    """The calendar year a "2023-24" label starts in; HighNeedsError if it is not one."""
    text = str(label)
    first, dash, second = text.partition("-")
    if (
        dash
        and len(first) == 4
        and len(second) == 2
        and first.isdigit()
        and second.isdigit()
        and (int(first) + 1) % 100 == int(second)
    ):
        return int(first)
    raise HighNeedsError(f"{text!r} is not a financial year like 2023-24")


def forecast(scenario: Scenario) -> Forecast:
    """The scenario rolled forward year by year (see the module docstring)."""
    _check(scenario)
    labels = scenario.year_labels
    base = {
        name: [p.pupils * (1 + p.growth) ** t for t in range(scenario.years)]
        for name, p in scenario.demand.items()
    }
    moved = {name: [Decimal(0)] * scenario.years for name in scenario.demand}
    for reform in scenario.reforms:
        start = max(0, parse_year(reform.from_year) - parse_year(scenario.first_year))
        so_far = Decimal(0)
        for t in range(scenario.years):
            previous = base[reform.source][t - 1] if t else None
            if t >= start and previous is not None:
                so_far += reform.share * max(Decimal(0), base[reform.source][t] - previous)
            moved[reform.source][t] -= so_far
            moved[reform.target][t] += so_far

    balance = scenario.opening_balance
    years = []
    for t, label in enumerate(labels):
        pupils = {name: base[name][t] + moved[name][t] for name in scenario.demand}
        spend = {
            name: pupils[name] * p.unit_cost * (1 + p.cost_inflation) ** t
            for name, p in scenario.demand.items()
        }
        year = Year(
            year=label,
            grant=scenario.grant.at(t),
            transfers_in=scenario.transfers.schools_block.at(t) * scenario.transfers.share.at(t),
            safety_valve=scenario.safety_valve.at(t),
            la_contributions=scenario.la_contributions.at(t),
            pupils=pupils,
            spend_by_placement=spend,
            accumulated_balance=Decimal(0),
        )
        balance += year.in_year_balance
        years.append(replace(year, accumulated_balance=balance))
    return Forecast(scenario.opening_balance, years)


def _check(scenario: Scenario) -> None:
    parse_year(scenario.first_year)
    if scenario.years < 1:
        raise HighNeedsError("years: a forecast needs at least one year")
    for name in ("grant", "safety_valve", "la_contributions"):
        _check_series(name, getattr(scenario, name), scenario.years)
    _check_series("transfers.schools_block", scenario.transfers.schools_block, scenario.years)
    _check_series("transfers.share", scenario.transfers.share, scenario.years)
    for name, placement in scenario.demand.items():
        if name not in PLACEMENTS:
            raise HighNeedsError(f"demand.{name}: not a placement type ({', '.join(PLACEMENTS)})")
        if placement.pupils < 0 or placement.unit_cost < 0:
            raise HighNeedsError(f"demand.{name}: pupils and unit cost cannot be negative")
        if placement.growth <= -1 or placement.cost_inflation <= -1:
            raise HighNeedsError(f"demand.{name}: a rate must be above -100%")
    for reform in scenario.reforms:
        for end in (reform.source, reform.target):
            if end not in scenario.demand:
                raise HighNeedsError(f"reforms: {end!r} is not in the demand")
        if reform.source == reform.target:
            raise HighNeedsError("reforms: a reform must move placements to another type")
        if not 0 <= reform.share <= 1:
            raise HighNeedsError("reforms: a share is a fraction between 0 and 1")
        parse_year(reform.from_year)
    for source in {reform.source for reform in scenario.reforms}:
        if sum((r.share for r in scenario.reforms if r.source == source), Decimal(0)) > 1:
            raise HighNeedsError(f"reforms: more than all new {source} placements are moved")


def _check_series(name: str, series: Series, years: int) -> None:
    if series.values is not None and len(series.values) != years:
        raise HighNeedsError(
            f"{name}: {len(series.values)} values given for a {years}-year forecast"
        )
    if series.growth <= -1:
        raise HighNeedsError(f"{name}: a growth rate must be above -100%")
