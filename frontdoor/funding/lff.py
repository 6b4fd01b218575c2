"""One school's budget under a schools block formula: the NFF's notional allocation or a local
funding formula (LFF), as a pure model (domain/funding.md §2, §3 and §9 rules 2-7, 11).

For a school with pupils n_k by key stage (k = primary, KS3, KS4) and NOR = Σ n_k:

    factor_f   = Σ_phase value_{f,phase} × eligible_{f,phase}          each pupil-led factor
                 (basic entitlement by key stage; mobility counts only the pupils above the
                 threshold share of the phase: max(0, mobile − 6% × phase pupils))
    lump sum   = value by the school's phase (primary, or the secondary value for the rest)
    sparsity   = maximum × distance taper × year-group taper           (below)
    core       = Σ factors × ACA   (the area cost adjustment; premises and the MPPL are never
                                    area-adjusted)
    floor      = max(0, baseline × (1 + floor) − pupil-led / NOR) × NOR     the NFF only
    MPPL top   = max(0, Σ_k mppl_k × n_k − (core − sparsity + floor))       sparsity excluded
    pre-MFG    = core + floor + MPPL top-up + premises
    MFG top    = max(0, (1 + mfg) × base_pp − (pre-MFG − premises) / NOR) × NOR
    capping    = max(0, current_pp − base_pp × (1 + cap)) × scaling × NOR
    budget     = pre-MFG + MFG top-up − capping                            the budget share
    final      = budget − de-delegation      (maintained schools: Σ rate × phase pupils)

where base_pp = mfg_baseline / mfg_baseline_pupils (last year's post-MFG budget less the statutory
exclusions, with any rolled-in grant) and current_pp = (pre-MFG − premises) / NOR. A school with no
baseline (new) has no MFG and no capping.

Sparsity [M, funding.md §2]: the distance taper is 1 at or beyond the phase's distance (2 miles
primary, 3 otherwise), falls linearly to 0 at 20% below it; the year-group taper is
1 − (NOR / year groups) / threshold, and 0 at or above the threshold (21.4 primary, 69.2 middle,
120 secondary, 62.5 all-through). Two assumptions the DfE's technical note should confirm:
the taper is linear for every phase, and sparsity is left out of the MPPL comparison.

Money is Decimal and unrounded; round only for display (frontdoor.core.rounding)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from frontdoor.funding.nff_values import BY_PHASE, BY_STAGE, COUNTED, NffYear, SparsityRules
from frontdoor.funding.schools_data import SchoolData

ZERO = Decimal(0)
# Factors that are not paid per eligible pupil; everything else in `values` but the MPPL is.
SCHOOL_LED = ("lump_sum", "sparsity")


@dataclass(frozen=True)
class Formula:
    """Everything one run of a formula uses."""

    values: Mapping[str, Mapping[str, Decimal]]  # factor → key → pounds; absent: not used
    mobility_threshold: Decimal
    sparsity: SparsityRules
    area_cost_adjustment: bool = True
    funding_floor: Decimal | None = None  # the NFF's floor; a local formula has none
    mfg: Decimal | None = None  # the minimum funding guarantee, a fraction; None: off
    cap: Decimal | None = None  # gains above base_pp × (1 + cap) are…
    scaling: Decimal = ZERO  # …taken back at this fraction
    # "primary" / "secondary" → item → pounds per pupil, from maintained schools only
    de_delegation: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)


def nff_formula(nff: NffYear) -> Formula:
    """The NFF's own notional allocation: every factor at its value, with the funding floor."""
    return Formula(
        values=nff.values,
        mobility_threshold=nff.mobility_threshold,
        sparsity=nff.sparsity,
        funding_floor=nff.funding_floor,
    )


@dataclass(frozen=True)
class SchoolBudget:
    school: SchoolData
    factors: Mapping[str, Decimal]  # pounds by factor, area-adjusted; the MPPL is not a factor
    floor_top_up: Decimal
    mppl_top_up: Decimal
    mfg_top_up: Decimal
    capping: Decimal
    de_delegation: Decimal

    @property
    def premises(self) -> Decimal:
        return self.school.premises

    @property
    def pre_mfg(self) -> Decimal:
        formula = sum(self.factors.values(), ZERO) + self.floor_top_up + self.mppl_top_up
        return formula + self.premises

    @property
    def budget_share(self) -> Decimal:
        return self.pre_mfg + self.mfg_top_up - self.capping

    @property
    def final(self) -> Decimal:
        return self.budget_share - self.de_delegation

    @property
    def per_pupil(self) -> Decimal:
        """The budget share less premises, per pupil: the MFG's measure."""
        return (self.budget_share - self.premises) / self.school.pupils_on_roll


def school_budget(school: SchoolData, formula: Formula) -> SchoolBudget:
    return budget_from_factors(school, factor_amounts(school, formula), formula)


def factor_amounts(school: SchoolData, formula: Formula) -> dict[str, Decimal]:
    """Pounds by factor, area-adjusted: each is proportional to the factor's values."""
    aca = school.area_cost_adjustment if formula.area_cost_adjustment else Decimal(1)
    return {f: amount * aca for f, amount in _unadjusted_amounts(school, formula).items()}


@dataclass(frozen=True)
class FactorTotals:
    """What the top-ups need from a school's factors: their sum, and the sparsity and pupil-led
    parts of it."""

    total: Decimal
    sparsity: Decimal
    pupil_led: Decimal

    @classmethod
    def of(cls, factors: Mapping[str, Decimal]) -> "FactorTotals":
        return cls(
            total=sum(factors.values(), ZERO),
            sparsity=factors.get("sparsity", ZERO),
            pupil_led=sum((v for f, v in factors.items() if f not in SCHOOL_LED), ZERO),
        )

    def __add__(self, other: "FactorTotals") -> "FactorTotals":
        return FactorTotals(*(a + b for a, b in zip(self.parts, other.parts, strict=True)))

    def __mul__(self, multiplier: Decimal) -> "FactorTotals":
        return FactorTotals(*(part * multiplier for part in self.parts))

    @property
    def parts(self) -> tuple[Decimal, Decimal, Decimal]:
        return (self.total, self.sparsity, self.pupil_led)


@dataclass(frozen=True)
class TopUps:
    floor: Decimal
    mppl: Decimal
    mfg: Decimal
    capping: Decimal

    def budget_share(self, totals: FactorTotals, premises: Decimal) -> Decimal:
        return totals.total + self.floor + self.mppl + premises + self.mfg - self.capping


def budget_from_factors(
    school: SchoolData, factors: dict[str, Decimal], formula: Formula
) -> SchoolBudget:
    """The rest of the budget once the factors are known: the top-ups and de-delegation."""
    top_ups = top_ups_for(school, FactorTotals.of(factors), formula)
    return SchoolBudget(
        school=school,
        factors=factors,
        floor_top_up=top_ups.floor,
        mppl_top_up=top_ups.mppl,
        mfg_top_up=top_ups.mfg,
        capping=top_ups.capping,
        de_delegation=_de_delegation(school, formula) if school.maintained else ZERO,
    )


def top_ups_for(school: SchoolData, totals: FactorTotals, formula: Formula) -> TopUps:
    """The funding floor, the MPPL and MFG top-ups and capping, from the factors' totals alone
    (so balancing can try many multipliers without redoing each factor)."""
    nor = Decimal(school.pupils_on_roll)
    floor = ZERO
    if formula.funding_floor is not None and school.nff_baseline_per_pupil is not None:
        target = school.nff_baseline_per_pupil * (1 + formula.funding_floor)
        floor = max(ZERO, target * nor - totals.pupil_led)  # (per pupil shortfall) × NOR, exactly
    mppl = ZERO
    if "mppl" in formula.values:
        target = sum((formula.values["mppl"][key] * school.pupils[key] for key in BY_STAGE), ZERO)
        mppl = max(ZERO, target - (totals.total - totals.sparsity + floor))
    core = totals.total + floor + mppl
    mfg = capping = ZERO
    if school.mfg_baseline is not None and school.mfg_baseline_pupils:
        # base per pupil × this year's NOR: the per-pupil comparisons, multiplied out by NOR.
        base = school.mfg_baseline * nor / school.mfg_baseline_pupils
        if formula.mfg is not None:
            mfg = max(ZERO, (1 + formula.mfg) * base - core)
        if formula.cap is not None:
            capping = max(ZERO, core - base * (1 + formula.cap)) * formula.scaling
    return TopUps(floor, mppl, mfg, capping)


def run(schools: Sequence[SchoolData], formula: Formula) -> list[SchoolBudget]:
    return [school_budget(school, formula) for school in schools]


def _unadjusted_amounts(school: SchoolData, formula: Formula) -> dict[str, Decimal]:
    amounts = {}
    for factor, values in formula.values.items():
        if factor == "mppl":
            continue
        if factor == "basic_entitlement":
            amounts[factor] = sum((values[k] * school.pupils[k] for k in BY_STAGE), ZERO)
        elif factor == "lump_sum":
            amounts[factor] = values[school.lump_sum_key]
        elif factor == "sparsity":
            amounts[factor] = values[school.lump_sum_key] * sparsity_share(school, formula.sparsity)
        elif factor == "mobility":
            amounts[factor] = sum(
                (
                    values[part]
                    * max(
                        ZERO,
                        school.eligible[factor][part]
                        - formula.mobility_threshold * school.phase_pupils(part),
                    )
                    for part in BY_PHASE
                ),
                ZERO,
            )
        elif factor in COUNTED:
            amounts[factor] = sum(
                (values[part] * school.eligible[factor][part] for part in BY_PHASE), ZERO
            )
    return amounts


def sparsity_share(school: SchoolData, rules: SparsityRules) -> Decimal:
    """The share of the sparsity maximum a school gets, 0 to 1."""
    if school.sparsity_distance is None:
        return ZERO
    threshold = rules.distance[school.lump_sum_key]
    lowest = threshold * (1 - rules.distance_taper)
    if school.sparsity_distance >= threshold:
        by_distance = Decimal(1)
    elif school.sparsity_distance > lowest and threshold > lowest:
        by_distance = (school.sparsity_distance - lowest) / (threshold - lowest)
    else:
        return ZERO
    size_limit = rules.year_group[school.phase]
    year_group = Decimal(school.pupils_on_roll) / school.year_groups
    if year_group >= size_limit:
        return ZERO
    return by_distance * (1 - year_group / size_limit)


def _de_delegation(school: SchoolData, formula: Formula) -> Decimal:
    return sum(
        (
            rate * school.phase_pupils(part)
            for part, items in formula.de_delegation.items()
            for rate in items.values()
        ),
        ZERO,
    )
