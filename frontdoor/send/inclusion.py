"""The inclusion dashboard's method: how many pupils with SEN support (or an EHC plan) a school
would have if its intake were identified at the county's rates, and whether the difference
from what it has is more than chance.

Indirect standardisation
    The county's mainstream pupils on roll are split into cells by national curriculum year,
    sex and free school meals (FSM) on the day. In each cell c the county rate is
    r_c = O_c / N_c (pupils with the need over pupils). A school with n_sc pupils in cell c is
    expected to have E = sum over c of n_sc * r_c of them, and its ratio is O / E (observed
    over expected): 1 when it identifies (or admits) pupils with that need at the county's
    rate for an intake like its own, 1.5 when it has half as many again. Summed over the
    county's mainstream schools, expected equals observed, so the county's ratio is exactly 1.
    Special schools and alternative provision exist to teach pupils with high needs: they are
    shown but neither compared nor part of the county rates.

Funnel limits
    If a school's pupils had the county's cell rates, its observed count O would vary by
    chance around E, approximately as a Poisson count with mean E (a slight over-estimate of
    the spread for SEN support, whose cell rates are not small, so the limits err on the wide
    side). The limits are the 2.5% and 97.5% points (95% limits) and the 0.1% and 99.9%
    points (99.8% limits) of that Poisson distribution, divided by E to put them on the ratio
    scale. The Poisson distribution is discrete, so each quantile is interpolated between its
    neighbouring counts as in Spiegelhalter, "Funnel plots for comparing institutional
    performance" (Statistics in Medicine, 2005), Appendix A.1.1: with r_p the smallest count
    whose cumulative probability F(r_p) reaches p,

        limit = (r_p - alpha) / E,   alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)),

    and a lower limit below zero is zero. The limits narrow as E grows, giving the funnel: a
    small school is far from 1 by chance more often than a large one. A school above its upper
    99.8% limit has many more pupils with that need than its intake predicts (about 1 school
    in 1,000 would be there by chance); below its lower limit, many fewer.

Everything here works on counts already summed by the database (cells, not pupils)."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from frontdoor.core.rounding import round_half_up

RATIO_PLACES = 2
# (lower, upper) cumulative probabilities of each pair of limits.
LIMITS_95 = (0.025, 0.975)
LIMITS_998 = (0.001, 0.999)


@dataclass(frozen=True)
class Cell:
    """A school's pupils in one cell: year group, sex and FSM, with how many have each need."""

    urn: int
    nc_year: int
    sex: str
    fsm: bool
    pupils: int
    sen_support: int
    ehcp: int

    @property
    def key(self) -> tuple[int, str, bool]:
        return (self.nc_year, self.sex, self.fsm)


MEASURES = {"ehcp": "EHC plans", "sen_support": "SEN support"}


def county_rates(cells: Iterable[Cell], measure: str) -> dict[tuple, Fraction]:
    """The rate of `measure` (a MEASURES key) in each cell across the given (reference) cells:
    the sum of the cell's pupils with the need over the sum of its pupils, exact."""
    observed: dict[tuple, int] = {}
    pupils: dict[tuple, int] = {}
    for cell in cells:
        observed[cell.key] = observed.get(cell.key, 0) + getattr(cell, measure)
        pupils[cell.key] = pupils.get(cell.key, 0) + cell.pupils
    return {key: Fraction(observed[key], pupils[key]) for key in pupils if pupils[key]}


def expected(cells: Iterable[Cell], rates: dict[tuple, Fraction]) -> Fraction:
    """Sum over the cells of pupils times the county rate for the cell (0 for a cell the
    county has no rate for: no reference pupils like them)."""
    return sum((cell.pupils * rates.get(cell.key, Fraction(0)) for cell in cells), Fraction(0))


class Position(StrEnum):
    """Where a ratio lies against its funnel limits."""

    ABOVE_998 = "above_998"
    ABOVE_95 = "above_95"
    WITHIN = "within"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"

    @property
    def label(self) -> str:
        return POSITION_LABELS[self]

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self]

    @property
    def beyond(self) -> bool:
        return self != Position.WITHIN


POSITION_LABELS = {
    Position.ABOVE_998: "Far above expected (beyond 99.8% limit)",
    Position.ABOVE_95: "Above expected (beyond 95% limit)",
    Position.WITHIN: "Within the limits",
    Position.BELOW_95: "Below expected (beyond 95% limit)",
    Position.BELOW_998: "Far below expected (beyond 99.8% limit)",
}


SHORT_LABELS = {
    Position.ABOVE_998: "Above 99.8% limit",
    Position.ABOVE_95: "Above 95% limit",
    Position.WITHIN: "Within limits",
    Position.BELOW_95: "Below 95% limit",
    Position.BELOW_998: "Below 99.8% limit",
}


@dataclass(frozen=True)
class Limits:
    """Funnel limits on the ratio scale for one expected count."""

    lower_998: float
    lower_95: float
    upper_95: float
    upper_998: float


def poisson_quantiles(mean: float, probabilities: Iterable[float]) -> dict[float, float]:
    """The interpolated quantile (Spiegelhalter 2005, A.1.1) of a Poisson(mean) count for each
    probability, from one pass up the distribution: r_p - (F(r_p) - p) / P(R = r_p)."""
    wanted = sorted(set(probabilities))
    if mean <= 0:
        return dict.fromkeys(wanted, 0.0)
    found: dict[float, float] = {}
    cumulative, count, log_mean = 0.0, 0, math.log(mean)
    while wanted:
        # In logs: exp(-mean) alone underflows once the mean passes about 700.
        mass = math.exp(count * log_mean - mean - math.lgamma(count + 1))
        cumulative += mass
        while wanted and (cumulative >= wanted[0] or (mass == 0.0 and count > mean)):
            p = wanted.pop(0)
            found[p] = count - (cumulative - p) / mass if mass else float(count)
        count += 1
    return found


def funnel_limits(expected_count: float) -> Limits | None:
    """The 95% and 99.8% limits on the ratio for a unit expected to have `expected_count`
    (None when nothing is expected: no ratio to limit)."""
    if expected_count <= 0:
        return None
    points = poisson_quantiles(expected_count, [*LIMITS_95, *LIMITS_998])

    def ratio(p: float) -> float:
        return max(points[p], 0.0) / expected_count

    return Limits(
        lower_998=ratio(LIMITS_998[0]),
        lower_95=ratio(LIMITS_95[0]),
        upper_95=ratio(LIMITS_95[1]),
        upper_998=ratio(LIMITS_998[1]),
    )


@dataclass(frozen=True)
class Standardised:
    """Observed against expected for one school or area, with its funnel limits."""

    observed: int
    expected: Fraction
    limits: Limits | None

    @property
    def ratio(self) -> Decimal | None:
        """Observed over expected, half up to two places (None when nothing is expected)."""
        if not self.expected:
            return None
        exact = Fraction(self.observed) / self.expected
        return round_half_up(Decimal(exact.numerator) / Decimal(exact.denominator), RATIO_PLACES)

    @property
    def expected_shown(self) -> Decimal:
        return round_half_up(
            Decimal(self.expected.numerator) / Decimal(self.expected.denominator), 1
        )

    @property
    def position(self) -> Position | None:
        if self.limits is None:
            return None
        exact = Fraction(self.observed) / self.expected
        limits = self.limits
        if exact > Fraction(limits.upper_998):
            return Position.ABOVE_998
        if exact > Fraction(limits.upper_95):
            return Position.ABOVE_95
        if exact < Fraction(limits.lower_998):
            return Position.BELOW_998
        if exact < Fraction(limits.lower_95):
            return Position.BELOW_95
        return Position.WITHIN


def standardise(observed: int, expected_count: Fraction) -> Standardised:
    return Standardised(observed, expected_count, funnel_limits(float(expected_count)))
