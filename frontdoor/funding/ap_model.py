"""The alternative provision (AP) / PRU allocation model of Kent's 2018 consultation ("PRU
Funding Model Options", seed 000 and domain/funding.md §6 and §9 rule 14), as pure functions.

Stage 1 splits the county AP budget between districts (`district_allocations`). Stage 2 then
works inside each district, under one of two options:

- delegated (`delegated_model`): places are commissioned at the district's PRU, at a place rate
  of KS3+KS4 pupils and a cost per place; the rest of the district total is devolved to schools;
- devolved (`devolved_to_schools`): the district's money (all of it, or the delegated option's
  remainder) is shared among its schools.

Money is Decimal throughout. Intermediates stay unrounded, because the consultation's totals are
sums of unrounded figures (its places column adds to 243 but its total says 242); only what is
shown is rounded, half up (`frontdoor.core.rounding`). Where money is actually paid out (stage 1,
the per-school shares) it is in whole pennies that add up exactly to the pot being shared."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from frontdoor.core.rounding import round_half_up

PENNY = Decimal("0.01")
# The consultation's figures: 0.42% of KS3+KS4 pupils, £18k a place.
DEFAULT_PLACE_RATE = Decimal("0.0042")
DEFAULT_PLACE_COST = Decimal("18000")


class APModelError(ValueError):
    """The figures given cannot be allocated; the message says which and why."""


class PRUBudgetExceedsDistrictTotal(APModelError):
    def __init__(self, district: str, pru_budget: Decimal, district_total: Decimal):
        self.district = district
        self.pru_budget = pru_budget
        self.district_total = district_total
        super().__init__(
            f"{district}: the PRU's commissioned places cost £{pru_budget.quantize(PENNY):,}, "
            f"more than the district total of £{district_total.quantize(PENNY):,}; lower the "
            "place rate or place cost, or raise the district's allocation"
        )


# Stage 1 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    name: str
    ks3_ks4_pupils: int
    # Per-district counts of need, keyed by factor (e.g. "deprivation", "children_in_care", "eal").
    counts: Mapping[str, int] = field(default_factory=dict)


def district_allocations(
    budget: Decimal, districts: Sequence[District], weights: Mapping[str, Decimal] | None = None
) -> dict[str, Decimal]:
    """The county AP budget B shared between districts, in pounds and pence.

    Each district's weighted count is

        W_d = N_d + Σ_k w_k × c_{k,d}

    where N_d is its KS3+KS4 pupils, c_{k,d} its count for factor k (pupils in deprivation,
    children in care, pupils with EAL, …) and w_k the factor's weight, as a multiple of one
    KS3+KS4 pupil (the form of Kent's AP hub rates, which are £ per pupil, per IDACI pupil, per
    child in care and per EAL pupil). A district receives B × W_d / Σ W. Without weights this is
    pro rata to KS3+KS4 pupils, the model that reproduces the 2018 table.

    The budget is first rounded half up to the penny. Each share is rounded down to the penny and
    the pennies left over go one each to the districts with the largest remainders (earlier
    districts first on a tie), so the totals add up exactly to the budget."""
    _check_unique([d.name for d in districts])
    for district in districts:
        if district.ks3_ks4_pupils < 0:
            raise APModelError(f"{district.name}: KS3+KS4 pupils cannot be negative")
    weighted = [weighted_count(district, weights) for district in districts]
    shares = share_in_pennies(Decimal(budget), weighted)
    return {district.name: share for district, share in zip(districts, shares, strict=True)}


def weighted_count(district: District, weights: Mapping[str, Decimal] | None = None) -> Decimal:
    """W_d = N_d + Σ_k w_k × c_{k,d} (see `district_allocations`); a missing count is 0."""
    extra = sum(
        (
            Decimal(weight) * district.counts.get(factor, 0)
            for factor, weight in (weights or {}).items()
        ),
        Decimal(0),
    )
    return Decimal(district.ks3_ks4_pupils) + extra


def share_in_pennies(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """total (rounded half up to the penny) shared pro rata to weights, in whole pennies that add up
    to it exactly: the largest-remainder method."""
    if not weights:
        raise APModelError("there is nothing to share between")
    if any(w < 0 for w in weights):
        raise APModelError("a weight cannot be negative")
    whole = sum(weights, Decimal(0))
    if not whole:
        raise APModelError("the shares are all zero, so the money cannot be shared pro rata")
    total = total.quantize(PENNY, rounding=ROUND_HALF_UP)
    exact = [total * w / whole for w in weights]
    floors = [value.quantize(PENNY, rounding=ROUND_FLOOR) for value in exact]
    left_over = int((total - sum(floors, Decimal(0))) / PENNY)
    by_remainder = sorted(range(len(exact)), key=lambda i: -(exact[i] - floors[i]))
    for i in by_remainder[:left_over]:
        floors[i] += PENNY
    return floors


# Stage 2, delegated --------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictTotal:
    name: str
    ks3_ks4_pupils: int
    district_total: Decimal
    # The district's share (0-1) of the county's places, when they follow the stage 1 formula
    # (weighted, or on PAN); None: places at the place rate of its own KS3+KS4 pupils.
    place_share: Decimal | None = None


@dataclass(frozen=True)
class DelegatedDistrict:
    name: str
    places_exact: Decimal
    pru_budget: Decimal
    district_total: Decimal

    @property
    def places(self) -> Decimal:
        return round_half_up(self.places_exact, 0)

    @property
    def devolved(self) -> Decimal:
        return self.district_total - self.pru_budget


@dataclass(frozen=True)
class DelegatedModel:
    districts: list[DelegatedDistrict]
    total: DelegatedDistrict  # the county, summed from the unrounded district figures

    @property
    def pru_share(self) -> Decimal | None:
        """PRU budget / county total, as a fraction (0.54 in the 2018 table); None with no money."""
        if not self.total.district_total:
            return None
        return self.total.pru_budget / self.total.district_total

    @property
    def devolved_share(self) -> Decimal | None:
        if not self.total.district_total:
            return None
        return self.total.devolved / self.total.district_total


def delegated_model(
    districts: Sequence[DistrictTotal],
    place_rate: Decimal = DEFAULT_PLACE_RATE,
    place_cost: Decimal = DEFAULT_PLACE_COST,
) -> DelegatedModel:
    """Places commissioned at each district's PRU = place_rate × KS3+KS4 pupils (unrounded), the
    PRU budget = places × place_cost, and the remaining balance of the district total devolved to
    schools. Refuses (PRUBudgetExceedsDistrictTotal) when a PRU would cost more than its
    district has: a negative devolved balance would take money from schools.

    A district given a `place_share` has that share of the county's places instead, place_rate
    × the county's KS3+KS4 pupils × place_share: the consultation's "the number commissioned
    within each district will reflect the funding formula methodology and will therefore vary
    based on need but total 0.42% for the county". Without weights, on census numbers, the two
    are the same."""
    if place_rate < 0 or place_cost < 0:
        raise APModelError("the place rate and place cost cannot be negative")
    _check_unique([d.name for d in districts])
    county_pupils = sum(d.ks3_ks4_pupils for d in districts)
    rows = []
    for district in districts:
        if district.ks3_ks4_pupils < 0:
            raise APModelError(f"{district.name}: KS3+KS4 pupils cannot be negative")
        if district.place_share is None:
            places = Decimal(place_rate) * district.ks3_ks4_pupils
        else:
            places = Decimal(place_rate) * county_pupils * district.place_share
        row = DelegatedDistrict(
            district.name, places, places * Decimal(place_cost), Decimal(district.district_total)
        )
        if row.pru_budget > row.district_total:
            raise PRUBudgetExceedsDistrictTotal(row.name, row.pru_budget, row.district_total)
        rows.append(row)
    total = DelegatedDistrict(
        "Total",
        sum((r.places_exact for r in rows), Decimal(0)),
        sum((r.pru_budget for r in rows), Decimal(0)),
        sum((r.district_total for r in rows), Decimal(0)),
    )
    return DelegatedModel(rows, total)


# Stage 2, devolved ---------------------------------------------------------------------------


@dataclass(frozen=True)
class School:
    name: str
    ks3_ks4_pupils: int
    selective: bool = False
    # The fraction taken off a school that opts out of collaboration or does not engage with
    # In-Year Fair Access (0.10 = a 10% reduction).
    penalty: Decimal = Decimal(0)


@dataclass(frozen=True)
class SchoolShare:
    """How a school's share is reached (pounds, unrounded but `share`):
    pro_rata + selective_reallocated − penalty + penalties_received = share, to the penny."""

    name: str
    pro_rata: Decimal  # of the allocation, pro rata to every school's pupils, selective too
    selective_reallocated: Decimal  # a selective school's share taken (−), or its part (+)
    penalty: Decimal  # taken off a penalised school
    penalties_received: Decimal  # its part of the penalties, if not penalised
    share: Decimal  # paid: whole pennies, adding up to the allocation


def devolved_to_schools(allocation: Decimal, schools: Sequence[School]) -> dict[str, Decimal]:
    """A district's devolved allocation shared among its schools, in pounds and pence: each
    school's `share` of `devolved_shares`."""
    return {row.name: row.share for row in devolved_shares(allocation, schools)}


def devolved_shares(allocation: Decimal, schools: Sequence[School]) -> list[SchoolShare]:
    """A district's devolved allocation shared among its schools, step by step.

    1. Selective schools receive nothing: their pro-rata share is reallocated across the
       district's non-selective schools pro rata, which comes to sharing the whole allocation
       among the non-selective schools pro rata to their KS3+KS4 pupils.
    2. A penalised school loses `penalty` × its share; the penalties are reallocated the same
       way, pro rata to pupils, across the non-selective schools that are not penalised.

    Shares are in whole pennies adding up exactly to the allocation (see `share_in_pennies`)."""
    _check_unique([s.name for s in schools])
    for school in schools:
        if school.ks3_ks4_pupils < 0:
            raise APModelError(f"{school.name}: KS3+KS4 pupils cannot be negative")
        if not 0 <= school.penalty <= 1:
            raise APModelError(f"{school.name}: a penalty is a fraction between 0 and 1")
    eligible = [s for s in schools if not s.selective]
    eligible_pupils = sum(s.ks3_ks4_pupils for s in eligible)
    if not eligible_pupils:
        raise APModelError("the district has no non-selective pupils to share its allocation")
    allocation = Decimal(allocation)
    all_pupils = sum(s.ks3_ks4_pupils for s in schools)
    before = {s.name: allocation * s.ks3_ks4_pupils / eligible_pupils for s in eligible}
    penalties = sum((before[s.name] * s.penalty for s in eligible), Decimal(0))
    receiving_pupils = sum(s.ks3_ks4_pupils for s in eligible if not s.penalty)
    if penalties and not receiving_pupils:
        raise APModelError("every non-selective school is penalised, so no school can receive")
    steps = []
    for school in schools:
        pro_rata = allocation * school.ks3_ks4_pupils / all_pupils
        if school.selective:
            steps.append((pro_rata, -pro_rata, Decimal(0), Decimal(0)))
            continue
        penalty = before[school.name] * school.penalty if school.penalty else Decimal(0)
        received = (
            Decimal(0)
            if school.penalty or not penalties
            else penalties * school.ks3_ks4_pupils / receiving_pupils
        )
        steps.append((pro_rata, before[school.name] - pro_rata, penalty, received))
    exact = [pro_rata + moved - penalty + received for pro_rata, moved, penalty, received in steps]
    shares = share_in_pennies(allocation, exact)
    return [
        SchoolShare(school.name, *step, share)
        for school, step, share in zip(schools, steps, shares, strict=True)
    ]


def _check_unique(names: Sequence[str]) -> None:
    seen = set()
    for name in names:
        if name in seen:
            raise APModelError(f"{name} appears twice")
        seen.add(name)
