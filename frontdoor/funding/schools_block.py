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
make up shortfalls), so the solution is found by bracketing it, on the side that fits and
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
STEPS_OUT = tuple(Decimal(x) for x in ("0", "0.02", "0.1", "0.5", "1"))
MAX_TRIALS = 200  # evaluations at most; it takes about twenty
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
    # Factor amounts are proportional to factor values, so each school's are summed once, apart
    # (the factors that move) and together (those that don't); each trial only multiplies and
    # redoes the top-ups.
    moved = set(policy.balance.factors)
    parts = [
        _split(lff.factor_amounts(school, formula(policy, nff, values)), moved)
        for school in schools
    ]
    if policy.balance.method == "factors":

        def total_at(m: Decimal) -> Decimal:
            trial = formula(policy, nff, _moved(values, moved, m))
            return _total(schools, [fixed + moving * m for fixed, moving in parts], trial)

        multiplier = _solve(total_at, available, high=MAX_MULTIPLIER)
        values = _moved(values, moved, multiplier)
    elif policy.balance.method == "scaling":
        totals = [fixed + moving for fixed, moving in parts]
        scaling = _least_scaling(
            lambda s: _total(schools, totals, formula(policy, nff, values, scaling=s)), available
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


def _moved(values: dict, moved: set[str], multiplier: Decimal) -> dict:
    """Factor values (factor → key → pounds) with the moved factors multiplied."""
    return {
        factor: {key: v * multiplier for key, v in by_key.items()} if factor in moved else by_key
        for factor, by_key in values.items()
    }


def _split(amounts: dict, moved: set[str]) -> tuple[lff.FactorTotals, lff.FactorTotals]:
    """A school's factor totals: (those that stay, those that move)."""
    return (
        lff.FactorTotals.of({f: v for f, v in amounts.items() if f not in moved}),
        lff.FactorTotals.of({f: v for f, v in amounts.items() if f in moved}),
    )


def _total(
    schools: Sequence[SchoolData], totals: list[lff.FactorTotals], formula: Formula
) -> Decimal:
    return sum(
        (
            lff.top_ups_for(school, factor_totals, formula).budget_share(
                factor_totals, school.premises
            )
            for school, factor_totals in zip(schools, totals, strict=True)
        ),
        ZERO,
    )


def _solve(total_at, target: Decimal, *, high: Decimal) -> Decimal:
    """An x in [0, high] with total_at(x) ≤ target and within a penny of it (or `high` when
    even that fits); total_at never falls as x rises. The answer is usually near 1 (the policy's
    own values), so the bracket is found by stepping out from 1 before it is narrowed."""
    excess = lambda x: total_at(x) - target  # noqa: E731
    fits, too_much = None, None
    for step in STEPS_OUT:
        for x in sorted({1 - step, 1 + step}):
            if not 0 <= x <= high:
                continue
            if excess(x) <= 0:
                fits = x if fits is None or x > fits else fits
            else:
                too_much = x if too_much is None or x < too_much else too_much
        if fits is not None and too_much is not None:
            return _bracketed(excess, fits, too_much)
    if too_much is None:
        return high
    if (least := total_at(ZERO)) > target:
        raise CannotBalance(
            f"the formula cannot fit: with the balanced factors at nothing, the other factors, "
            f"the MPPL and MFG top-ups and premises still cost £{least:,.0f}, more than the "
            f"£{target:,.0f} available"
        )
    return _bracketed(excess, ZERO, too_much)


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
    that fits and within PENNY of 0, by false position with the Anderson-Björck correction: the
    totals are piecewise linear (each school's top-ups bend them), so a straight-line guess lands
    almost exactly once the bracket is inside one piece; when one end stays put, its weight in
    the line shrinks so that the next guess reaches past the root and brings that end in too."""
    at_fits, at_too_much = excess(fits), excess(too_much)
    weight_fits, weight_too_much = at_fits, at_too_much  # the ends' values, as the line uses them
    kept = None  # which end the last guess left in place
    for _ in range(MAX_TRIALS):
        if -PENNY < at_fits <= 0:
            break
        guess = fits - weight_fits * (too_much - fits) / (weight_too_much - weight_fits)
        if not min(fits, too_much) < guess < max(fits, too_much):
            guess = (fits + too_much) / 2
        value = excess(guess)
        if value <= 0:
            if kept == "too_much":
                weight_too_much *= _shrink(value, at_fits)
            fits, at_fits, weight_fits, kept = guess, value, value, "too_much"
        else:
            if kept == "fits":
                weight_fits *= _shrink(value, at_too_much)
            too_much, at_too_much, weight_too_much, kept = guess, value, value, "fits"
    return fits


def _shrink(new: Decimal, replaced: Decimal) -> Decimal:
    factor = 1 - new / replaced if replaced else Decimal(0)
    return factor if factor > 0 else Decimal("0.5")
