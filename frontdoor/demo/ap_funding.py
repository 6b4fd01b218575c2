"""The demo county's AP/PRU allocation scenario, from its database: the 2018 consultation's
proposals (seed 000, "PRU Funding Model Options") applied to the county's own districts and
secondary schools.

- Districts: the county's districts (`District`) with at least one open secondary or all-through
  school on the October census; a district without one would have nothing to share its money.
- Schools: each district's open secondary and all-through schools, with their KS3+KS4 pupils on
  the October census (`demo_schools_dataset`), their Year 7 published admission number and
  whether they are selective. A school with no PAN recorded counts its KS3+KS4 pupils / 5
  (ASSUMPTION).
- District counts: deprivation is the district's secondary (Y7-Y11) pupils with FSM6, the proxy
  for deprivation (the 2019-20 AP hub formula used IDACI, which the demo county does not hold);
  EAL is its secondary pupils the dataset counts for EAL3 (EAL pupils admitted in the last three
  years); children in care are its pupils in Y7-Y11, at any of its schools, with the `cla`
  characteristic on census day.
- Weights: the 2019-20 AP hub rates as multiples of the rate a pupil (domain/funding.md §6: £ a
  pupil 69.3075111, an IDACI pupil 488.204354, a child in care 751.736904, an EAL pupil
  479.696529). The counts those rates were applied to are not reconciled, so using them as
  weights here is an ASSUMPTION.
- County budget £11.5m (SOURCE: seed 000, "Current Kent Funding Model and Future Options
  -£11.5m"); option devolved and basis PAN (SOURCE: seed 000's options and its proposal to "move
  to using 'PAN' rather than the previous October census numbers"); a 10% penalty on one school,
  as an illustration of the penalty for opting out of In-Year Fair Access (ASSUMPTION)."""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Q

from frontdoor.core.calendar import academic_year_of
from frontdoor.demo.schools_funding import (
    COUNTED_REGISTRATIONS,
    demo_schools_dataset,
    october_census_day,
)
from frontdoor.funding import toml_text
from frontdoor.funding.ap_allocation import DEVOLVED, PAN, YEAR_GROUPS_ON_PAN
from frontdoor.funding.models import Scenario
from frontdoor.funding.schools_data import SchoolData
from frontdoor.funding.services import scenario_save
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment
from frontdoor.pupils.selectors import nc_year_on
from frontdoor.schools.models import Establishment, Sector

NAME = "Demo county, devolved on PAN"
COUNTY_BUDGET = 11_500_000
PER_PUPIL_RATE = Decimal("69.3075111")
HUB_RATES = {
    "deprivation": Decimal("488.204354"),
    "children_in_care": Decimal("751.736904"),
    "eal": Decimal("479.696529"),
}
ILLUSTRATIVE_PENALTY_PERCENT = 10
SECONDARY_SECTORS = (Sector.SECONDARY, Sector.ALL_THROUGH)
SECONDARY_YEARS = range(7, 12)
HEADER = """The demo county's AP/PRU allocation (frontdoor/demo/ap_funding.py, where every figure's
source or assumption is given), from its October census before {as_at:%-d %B %Y}.
SOURCE: seed 000, "PRU Funding Model Options": the county budget (£11.5m), the devolved option,
PAN in place of census numbers, selective schools' shares reallocated, penalties.
ASSUMPTION: deprivation is FSM6 pupils; the weights are the 2019-20 AP hub rates over the rate a
pupil; {penalty}."""


def demo_ap_scenario_body(as_at: date, schools: Sequence[SchoolData] | None = None) -> str:
    """The scenario as TOML. `schools`: the county's `demo_schools_dataset(as_at)`, when the
    caller has it already (it takes a few seconds to build)."""
    census = october_census_day(academic_year_of(as_at))
    dataset = {
        s.urn: s
        for s in (demo_schools_dataset(as_at) if schools is None else schools)
        if s.phase in ("secondary", "all-through")
    }
    establishments = (
        Establishment.objects.filter(
            sector__in=SECONDARY_SECTORS, status=Establishment.Status.OPEN, district__isnull=False
        )
        .select_related("district")
        .order_by("district__name", "name")
    )
    districts: dict[str, dict] = {}
    for school in establishments:
        row = dataset.get(str(school.urn))
        if row is None:
            continue  # no pupils on census day
        district = districts.setdefault(
            school.district.name,
            {"name": school.district.name, **dict.fromkeys(HUB_RATES, 0), "schools": []},
        )
        district["deprivation"] += row.eligible["fsm6"]["secondary"]
        district["eal"] += row.eligible["eal3"]["secondary"]
        district["schools"].append(_school(school, row))
    for name, count in _children_in_care(census).items():
        if name in districts:
            districts[name]["children_in_care"] = count
    penalised = _penalise_one(list(districts.values()))
    data = {
        "option": DEVOLVED,
        "basis": PAN,
        "county_budget": COUNTY_BUDGET,
        "weights": {
            f: (rate / PER_PUPIL_RATE).quantize(Decimal("0.0001")) for f, rate in HUB_RATES.items()
        },
        "districts": list(districts.values()),
    }
    penalty = (
        f"the {ILLUSTRATIVE_PENALTY_PERCENT}% penalty on {penalised} is an illustration"
        if penalised
        else "no district has two non-selective schools, so no penalty is illustrated"
    )
    return toml_text.dumps(data, header=HEADER.format(as_at=as_at, penalty=penalty))


def demo_ap_scenario_save(
    *, by, as_at: date, schools: Sequence[SchoolData] | None = None
) -> dict[str, int]:
    """The scenario saved as `by`'s, unless one of its name is already saved."""
    if by is None or Scenario.objects.filter(kind=Scenario.Kind.AP_MODEL, name=NAME).exists():
        return {"AP/PRU scenarios": 0}
    scenario_save(
        by=by,
        kind=Scenario.Kind.AP_MODEL,
        name=NAME,
        description="The demo county's districts and secondary schools on the October census, "
        "the £11.5m AP budget devolved on PAN with the selective schools' shares reallocated "
        "(frontdoor/demo/ap_funding.py says where each figure comes from).",
        body=demo_ap_scenario_body(as_at, schools),
    )
    return {"AP/PRU scenarios": 1}


def _school(school: Establishment, row: SchoolData) -> dict:
    pupils = row.pupils["ks3"] + row.pupils["ks4"]
    pan = school.published_admission_number
    return {
        "name": school.name,
        "urn": school.urn,
        "ks3_ks4_pupils": pupils,
        "pan": pan if pan is not None else round(pupils / YEAR_GROUPS_ON_PAN),
        "selective": school.selective,
    }


def _penalise_one(districts: list[dict]) -> str | None:
    """The illustrative penalty, on the first non-selective school of the first district with
    two or more (so that another can receive it); its name, or None."""
    for district in districts:
        open_to_all = [s for s in district["schools"] if not s["selective"]]
        if len(open_to_all) >= 2:
            open_to_all[0]["penalty_percent"] = ILLUSTRATIVE_PENALTY_PERCENT
            return open_to_all[0]["name"]
    return None


def _children_in_care(census: date) -> Counter:
    """Pupils in Y7-Y11 in care on census day, by the district of their school."""
    in_care = CharacteristicPeriod.objects.filter(
        characteristic=Characteristic.LOOKED_AFTER, start_date__lte=census
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=census))
    enrolments = (
        Enrolment.objects.filter(
            pupil__in=in_care.values("pupil"),
            registration__in=COUNTED_REGISTRATIONS,
            admission_date__lte=census,
            establishment__district__isnull=False,
        )
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=census))
        .select_related("establishment__district")
    )
    return Counter(
        enrolment.establishment.district.name
        for enrolment in enrolments
        if nc_year_on(enrolment, census) in SECONDARY_YEARS
    )
