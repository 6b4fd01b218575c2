"""An AP/PRU scenario as plain data, and both stages of `ap_model` run on it down to each
school's share (the TOML that holds a scenario is read by `ap_scenario`).

Stage 1 shares the county budget between districts on each district's weighted count: its
pupils on the chosen basis plus each weight × its count (`ap_model.district_allocations`), or
takes each district's total as given. Stage 2, under the chosen option:

- delegated: places commissioned at the district's PRU (their county number at the place rate of
  the county's KS3+KS4 pupils on the census; each district's share of them by the stage 1
  formula), the rest of the district total devolved to its schools;
- devolved: the whole district total devolved to its schools.

A district's devolved money reaches its schools, where they are given, by
`ap_model.devolved_shares`: selective schools' shares reallocated, penalties reallocated, whole
pennies adding up to the district's devolved money rounded half up to the penny."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from frontdoor.funding import ap_model

DELEGATED, DEVOLVED = "delegated", "devolved"
CENSUS, PAN = "census", "pan"
FACTORS = ("deprivation", "children_in_care", "eal")
# Under basis "pan" a school counts its Year 7 published admission number for each of Y7-Y11.
YEAR_GROUPS_ON_PAN = 5


@dataclass(frozen=True)
class APSchool:
    name: str
    ks3_ks4_pupils: int  # on the October census
    urn: int | None = None
    pan: int | None = None  # the Year 7 published admission number
    selective: bool = False
    penalty: Decimal = Decimal(0)  # a fraction: 0.10 takes 10% off its share

    def counted(self, basis: str) -> int:
        """The pupils its share is worked on: census pupils, or PAN × 5 on basis "pan"."""
        return self.pan * YEAR_GROUPS_ON_PAN if basis == PAN else self.ks3_ks4_pupils


@dataclass(frozen=True)
class APDistrict:
    """A district given with schools counts its schools (`ks3_ks4_pupils` and `pan` are theirs
    summed); one without gives its own figures."""

    name: str
    ks3_ks4_pupils: int = 0
    pan: int | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    district_total: Decimal | None = None  # given by hand, when there is no county budget
    schools: tuple[APSchool, ...] = ()

    @property
    def census_pupils(self) -> int:
        if self.schools:
            return sum(school.ks3_ks4_pupils for school in self.schools)
        return self.ks3_ks4_pupils

    def counted(self, basis: str) -> int:
        """The pupils its stage 1 share is worked on: census pupils, or the PAN × 5 of its
        schools (or of its own `pan`) on basis "pan"."""
        if self.schools:
            return sum(school.counted(basis) for school in self.schools)
        return self.pan * YEAR_GROUPS_ON_PAN if basis == PAN else self.ks3_ks4_pupils


@dataclass(frozen=True)
class APScenario:
    districts: tuple[APDistrict, ...]
    option: str = DELEGATED
    basis: str = CENSUS
    place_rate: Decimal | None = None  # a fraction: 0.0042; needed for the delegated option
    place_cost: Decimal | None = None
    county_budget: Decimal | None = None
    weights: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def by_formula(self) -> bool:
        """Whether places follow the stage 1 formula rather than each district's own pupils."""
        return bool(self.weights) or self.basis == PAN


@dataclass(frozen=True)
class SchoolResult:
    school: APSchool
    counted: int
    share: ap_model.SchoolShare


@dataclass(frozen=True)
class DistrictResult:
    district: APDistrict
    counted: int  # pupils on the basis
    weighted: Decimal  # the stage 1 count: counted + Σ weight × count
    district_total: Decimal
    pru: ap_model.DelegatedDistrict | None  # under the delegated option
    schools: tuple[SchoolResult, ...]

    @property
    def name(self) -> str:
        return self.district.name

    @property
    def devolved(self) -> Decimal:
        """The money devolved to schools (unrounded: the PRU budget is)."""
        return self.pru.devolved if self.pru else self.district_total

    @property
    def paid_to_schools(self) -> Decimal:
        return sum((s.share.share for s in self.schools), Decimal(0))


@dataclass(frozen=True)
class APResult:
    scenario: APScenario
    districts: tuple[DistrictResult, ...]
    delegated: ap_model.DelegatedModel | None

    @property
    def county_total(self) -> Decimal:
        return sum((d.district_total for d in self.districts), Decimal(0))

    @property
    def weighted_total(self) -> Decimal:
        return sum((d.weighted for d in self.districts), Decimal(0))


class SchoolsRefused(ap_model.APModelError):
    """A district's schools cannot share its money; `district` is its name."""

    def __init__(self, district: str, error: ap_model.APModelError):
        self.district = district
        super().__init__(f"{district}: {error}")


def allocate(scenario: APScenario) -> APResult:
    """Both stages; ap_model.APModelError (PRUBudgetExceedsDistrictTotal, SchoolsRefused) when
    the money cannot be allocated."""
    weights = scenario.weights if scenario.county_budget is not None else {}
    formula = [
        ap_model.District(d.name, d.counted(scenario.basis), d.counts) for d in scenario.districts
    ]
    weighted = [ap_model.weighted_count(district, weights) for district in formula]
    if scenario.county_budget is None:
        totals = {d.name: d.district_total for d in scenario.districts}
    else:
        totals = ap_model.district_allocations(scenario.county_budget, formula, weights)
    delegated = _delegated(scenario, totals, weighted) if scenario.option == DELEGATED else None
    pru = {row.name: row for row in delegated.districts} if delegated else {}
    districts = []
    for district, count in zip(scenario.districts, weighted, strict=True):
        total = totals[district.name]
        row = pru.get(district.name)
        devolved = row.devolved if row else total
        districts.append(
            DistrictResult(
                district,
                district.counted(scenario.basis),
                count,
                total,
                row,
                _schools(district, devolved, scenario.basis),
            )
        )
    return APResult(scenario, tuple(districts), delegated)


def _delegated(scenario, totals, weighted) -> ap_model.DelegatedModel:
    whole = sum(weighted, Decimal(0))
    return ap_model.delegated_model(
        [
            ap_model.DistrictTotal(
                d.name,
                d.census_pupils,
                totals[d.name],
                count / whole if scenario.by_formula and whole else None,
            )
            for d, count in zip(scenario.districts, weighted, strict=True)
        ],
        place_rate=scenario.place_rate,
        place_cost=scenario.place_cost,
    )


def _schools(district: APDistrict, devolved: Decimal, basis: str) -> tuple[SchoolResult, ...]:
    if not district.schools:
        return ()
    counted = [school.counted(basis) for school in district.schools]
    model_schools = [
        ap_model.School(school.name, count, school.selective, school.penalty)
        for school, count in zip(district.schools, counted, strict=True)
    ]
    try:
        shares = ap_model.devolved_shares(devolved, model_schools)
    except ap_model.APModelError as error:
        raise SchoolsRefused(district.name, error) from None
    return tuple(
        SchoolResult(school, count, share)
        for school, count, share in zip(district.schools, counted, shares, strict=True)
    )
