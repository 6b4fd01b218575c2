"""A local funding formula policy run against the schools block: every school's NFF notional
allocation and local budget, and the formula made to fit the money (funding.md §9 rules 8, 10).

    released   = schools block × transfer                  moved to the high needs block
    available  = schools block − released − central items (growth and falling rolls funds)
    gap        = available − Σ budget shares               ≥ 0: headroom; < 0: unaffordable

The schools block is the policy's figure, or else the sum of the NFF notional allocations (the
DSG's primary and secondary units are that sum over pupils, funding.md §2 step 8). To fit, the
policy may move named factors together by one multiplier (the "targeted" approach moves basic
entitlement and FSM6; "shared" moves every factor but the MPPL), or solve capping's scaling
factor. Σ budget shares never falls as a multiplier rises (the MPPL and MFG top-ups only ever
make up shortfalls), so the solution is found by false position, on the side that fits and
within a penny of the money available."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from frontdoor.funding import lff
from frontdoor.funding.lff import Formula, SchoolBudget
from frontdoor.funding.lff_policy import Policy
from frontdoor.funding.nff_values import NffYear
from frontdoor.funding.schools_data import SchoolData

ZERO = Decimal(0)
DATA_LFF = Path(__file__).parent / "data" / "lff"  # the shipped policies
FORUM_LIMIT = Decimal("0.005")  # a larger transfer needs the Secretary of State (rule 10)
MAX_MULTIPLIER = Decimal(2)
BISECTIONS = 200  # evaluations at most; it takes about ten
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class BlockRun:
    policy: Policy
    nff: NffYear
    nff_budgets: list[SchoolBudget]  # the NFF's notional allocations, school by school
    budgets: list[SchoolBudget]  # the local formula's, in the same order
    values: dict[str, dict[str, Decimal]]  # the factor values used, after balancing
    schools_block: Decimal
    multiplier: Decimal | None  # the balancing multiplier on the balanced factors, if any
    scaling: Decimal  # capping's scaling factor, as used

    @property
    def released(self) -> Decimal:
        return self.schools_block * self.policy.transfer

    @property
    def available(self) -> Decimal:
        return self.schools_block - self.released - self.policy.central

    @property
    def total(self) -> Decimal:
        return sum((budget.budget_share for budget in self.budgets), ZERO)

    @property
    def nff_total(self) -> Decimal:
        return sum((budget.budget_share for budget in self.nff_budgets), ZERO)

    @property
    def gap(self) -> Decimal:
        return self.available - self.total

    @property
    def needs_secretary_of_state(self) -> bool:
        return self.policy.transfer > FORUM_LIMIT

    def sum_of(self, attribute: str) -> Decimal:
        return sum((getattr(budget, attribute) for budget in self.budgets), ZERO)


class CannotBalance(ValueError):
    """No multiplier or scaling fits the formula inside the money available."""


def run_policy(schools: Sequence[SchoolData], policy: Policy, nff: NffYear) -> BlockRun:
    nff_budgets = lff.run(schools, lff.nff_formula(nff))
    block = policy.schools_block
    if block is None:
        block = sum((budget.budget_share for budget in nff_budgets), ZERO)
    available = block * (1 - policy.transfer) - policy.central
    values = policy.values(nff)
    multiplier, scaling = None, policy.scaling
    # Factor amounts are proportional to factor values, so they are worked out once and
    # multiplied; only the top-ups, the MFG and capping are redone for each trial.
    amounts = [lff.factor_amounts(school, formula(policy, nff, values)) for school in schools]
    moved = set(policy.balance.factors)
    if policy.balance.method == "factors":

        def total_at(m: Decimal) -> Decimal:
            trial = formula(policy, nff, _moved(values, moved, m))
            return _total(schools, [_moved(a, moved, m) for a in amounts], trial)

        multiplier = _solve(total_at, available, high=MAX_MULTIPLIER)
        values = _moved(values, moved, multiplier)
    elif policy.balance.method == "scaling":
        scaling = _least_scaling(
            lambda s: _total(schools, amounts, formula(policy, nff, values, scaling=s)), available
        )
    budgets = lff.run(schools, formula(policy, nff, values, scaling=scaling))
    return BlockRun(policy, nff, nff_budgets, budgets, values, block, multiplier, scaling)


def formula(
    policy: Policy, nff: NffYear, values: dict, *, scaling: Decimal | None = None
) -> Formula:
    return Formula(
        values=values,
        mobility_threshold=nff.mobility_threshold,
        sparsity=nff.sparsity,
        area_cost_adjustment=policy.area_cost_adjustment,
        funding_floor=nff.funding_floor if policy.nff_floor else None,
        mfg=policy.mfg,
        cap=policy.cap,
        scaling=policy.scaling if scaling is None else scaling,
        de_delegation=policy.de_delegation,
    )


def _moved(by_factor: dict, moved: set[str], multiplier: Decimal) -> dict:
    """Factor values (factor → key → pounds) or a school's amounts (factor → pounds) with the
    moved factors multiplied."""
    return {
        factor: _times(value, multiplier) if factor in moved else value
        for factor, value in by_factor.items()
    }


def _times(value, multiplier: Decimal):
    if isinstance(value, dict):
        return {key: v * multiplier for key, v in value.items()}
    return value * multiplier


def _total(schools: Sequence[SchoolData], amounts: list[dict], formula: Formula) -> Decimal:
    return sum(
        (
            lff.budget_from_factors(school, factors, formula).budget_share
            for school, factors in zip(schools, amounts, strict=True)
        ),
        ZERO,
    )


def _solve(total_at, target: Decimal, *, high: Decimal) -> Decimal:
    """An x in [0, high] with total_at(x) ≤ target and within a penny of it (or `high` when
    even that fits); total_at never falls as x rises."""
    low = ZERO
    if (floor := total_at(low)) > target:
        raise CannotBalance(
            f"the formula cannot fit: with the balanced factors at nothing, the other factors, "
            f"the MPPL and MFG top-ups and premises still cost £{floor:,.0f}, more than the "
            f"£{target:,.0f} available"
        )
    if total_at(high) <= target:
        return high
    return _bracketed(lambda x: total_at(x) - target, low, high)


def _least_scaling(total_at, target: Decimal) -> Decimal:
    """A scaling in [0, 1] with total_at(scaling) ≤ target and within a penny of it; 0 when no
    scaling is needed. Totals fall as scaling rises."""
    if total_at(ZERO) <= target:
        return ZERO
    if total_at(Decimal(1)) > target:
        raise CannotBalance(
            "the formula cannot fit: even taking back every gain above the cap leaves it above "
            f"the £{target:,.0f} available"
        )
    return _bracketed(lambda x: target - total_at(x), Decimal(1), ZERO)


def _bracketed(excess, fits: Decimal, too_much: Decimal) -> Decimal:
    """A root of `excess` between `fits` (excess ≤ 0) and `too_much` (excess > 0), on the side
    that fits and within PENNY of 0: false position (Illinois), since totals are nearly linear,
    falling back to halving; a handful of evaluations where bisection alone needs forty."""
    at_fits, at_too_much = excess(fits), excess(too_much)
    side = 0
    for _ in range(BISECTIONS):
        if -PENNY < at_fits <= 0:
            break
        guess = fits - at_fits * (too_much - fits) / (at_too_much - at_fits)
        if not (min(fits, too_much) < guess < max(fits, too_much)):
            guess = (fits + too_much) / 2
        value = excess(guess)
        if value <= 0:
            fits, at_fits = guess, value
            if side == -1:
                at_too_much /= 2
            side = -1
        else:
            too_much, at_too_much = guess, value
            if side == 1:
                at_fits /= 2
            side = 1
    return fits
