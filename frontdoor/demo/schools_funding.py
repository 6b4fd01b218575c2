"""The demo county's schools block dataset: an APT-like row for each mainstream school
(docs/funding-schools-data.md), built from its October census in the database.

From the census: pupils by key stage, FSM, FSM6 and EAL on census day, and mobility (pupils who
joined in the last three years at a non-standard time: outside August and September, or not in
the school's first year group). ASSUMPTIONS, because the county holds no home postcodes or prior
attainment: each pupil's IDACI band and low prior attainment are drawn, seeded by the school,
at rates that rise with free school meals; EAL3 is taken as EAL pupils who joined in the last three
years; premises, sparsity distances and last year's baselines are drawn around the school's size
and this year's NFF, so that the MFG, the floor and sparsity each bite for some schools."""

import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from frontdoor.core.calendar import academic_year_of
from frontdoor.funding import lff, nff_values
from frontdoor.funding.schools_data import DEFAULT_YEAR_GROUPS, SchoolData
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment
from frontdoor.schools.models import Establishment, Sector

# London fringe districts (funding.md §2 step 4) and their multiplier: ASSUMPTION, about the
# DfE's fringe area cost adjustment; the rest of the county is taken as 1.
FRINGE_DISTRICTS = frozenset({"Dartford", "Sevenoaks"})
FRINGE_ACA = Decimal("1.0180")
MAINTAINED_TYPES = frozenset(
    {"Community school", "Voluntary controlled school", "Voluntary aided school",
     "Foundation school"}
)  # fmt: skip
PHASES = {
    Sector.PRIMARY: "primary",
    Sector.SECONDARY: "secondary",
    Sector.ALL_THROUGH: "all-through",
}
# IDACI bands A-F then G (unfunded): the chance of each for a pupil with FSM and without.
IDACI_WITH_FSM = (0.10, 0.10, 0.15, 0.20, 0.15, 0.10, 0.20)
IDACI_WITHOUT = (0.01, 0.02, 0.04, 0.08, 0.10, 0.10, 0.65)
LPA_WITH_FSM, LPA_WITHOUT = 0.40, 0.18
# The census counts a pupil once, at their single or main registration.
COUNTED_REGISTRATIONS = (Enrolment.Registration.SINGLE, Enrolment.Registration.DUAL_MAIN)


def october_census_day(academic_year: int) -> date:
    """The first Thursday of October: the autumn census day."""
    first = date(academic_year, 10, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7)


def demo_schools_dataset(as_at: date, year: str = "2023-24") -> list[SchoolData]:
    census = october_census_day(academic_year_of(as_at))
    schools = (
        Establishment.objects.filter(sector__in=PHASES, status=Establishment.Status.OPEN)
        .select_related("district")
        .order_by("urn")
    )
    pupils = _census_pupils(census)
    has = _characteristics(census)
    nff = nff_values.load(year)
    return [
        _with_baselines(_school(school, pupils.get(school.pk, []), has, census), nff)
        for school in schools
        if pupils.get(school.pk)
    ]


def _census_pupils(census: date) -> dict[int, list[tuple]]:
    """(pupil, NC year, admitted, NC year on admission) for each school, on census day."""
    enrolments = (
        Enrolment.objects.filter(registration__in=COUNTED_REGISTRATIONS, admission_date__lte=census)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=census))
        .values_list("establishment_id", "pupil_id", "nc_year_on_admission", "admission_date")
    )
    by_school = defaultdict(list)
    this_year = academic_year_of(census)
    for school, pupil, on_admission, admitted in enrolments.iterator(chunk_size=20_000):
        nc_year = on_admission + this_year - academic_year_of(admitted)
        if 0 <= nc_year <= 11:
            by_school[school].append((pupil, nc_year, admitted, on_admission))
    return by_school


def _characteristics(census: date) -> dict[str, set[int]]:
    """The pupils with FSM, FSM6 and EAL on census day, in one query for the county."""
    wanted = (Characteristic.FSM, Characteristic.FSM6, Characteristic.EAL)
    periods = (
        CharacteristicPeriod.objects.filter(characteristic__in=wanted, start_date__lte=census)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=census))
        .values_list("characteristic", "pupil_id")
    )
    found = defaultdict(set)
    for characteristic, pupil in periods.iterator(chunk_size=20_000):
        found[characteristic].add(pupil)
    return found


def _school(
    school: Establishment, pupils: list[tuple], has: dict[str, set[int]], census: date
) -> SchoolData:
    rng = random.Random(school.urn)
    first_year = min(on_admission for *_, on_admission in pupils)
    three_years_ago = census.replace(year=census.year - 3)
    counts, stages = Counter(), Counter()
    for pupil, nc_year, admitted, on_admission in pupils:
        part = "primary" if nc_year <= 6 else "secondary"
        stages["primary" if nc_year <= 6 else "ks3" if nc_year <= 9 else "ks4"] += 1
        fsm = pupil in has[Characteristic.FSM]
        recent = admitted >= three_years_ago
        mobile = recent and (admitted.month not in (8, 9) or on_admission != first_year)
        flags = {
            "fsm": fsm,
            "fsm6": pupil in has[Characteristic.FSM6] or fsm,
            "eal3": pupil in has[Characteristic.EAL] and recent,
            "mobility": mobile,
            "lpa": rng.random() < (LPA_WITH_FSM if fsm else LPA_WITHOUT),
        }
        band = rng.choices("abcdefg", weights=IDACI_WITH_FSM if fsm else IDACI_WITHOUT)[0]
        if band != "g":
            flags[f"idaci_{band}"] = True
        for factor, present in flags.items():
            counts[f"{factor}_{part}"] += present
    phase = PHASES[school.sector]
    roll = sum(stages.values())
    eligible = {
        factor: {part: counts[f"{factor}_{part}"] for part in ("primary", "secondary")}
        for factor in nff_values.COUNTED
    }
    district = school.district.name if school.district else ""
    small = roll < (150 if phase == "primary" else 600)
    return SchoolData(
        urn=str(school.urn),
        name=school.name,
        phase=phase,
        maintained=school.establishment_type in MAINTAINED_TYPES,
        pupils={stage: stages[stage] for stage in ("primary", "ks3", "ks4")},
        eligible=eligible,
        district=district,
        year_groups=DEFAULT_YEAR_GROUPS[phase],
        sparsity_distance=_money(rng.uniform(1.5, 4.5), 1)
        if small and rng.random() < 0.4
        else None,
        area_cost_adjustment=FRINGE_ACA if district in FRINGE_DISTRICTS else Decimal(1),
        premises=_money(rng.uniform(5_000, 30_000) + 15 * roll, 0),
    )


def _with_baselines(school: SchoolData, nff: nff_values.NffYear) -> SchoolData:
    """Last year's MFG and floor baselines, a little below or around this year's NFF: the NFF
    rose by about 1.9% a pupil in 2023-24 (funding.md §1.1)."""
    rng = random.Random(f"baselines {school.urn}")
    budget = lff.school_budget(school, lff.nff_formula(nff))
    pupil_led = sum(v for f, v in budget.factors.items() if f not in lff.SCHOOL_LED)
    roll = school.pupils_on_roll
    last_roll = max(1, round(roll * rng.uniform(0.94, 1.06)))
    per_pupil_last = (budget.budget_share - school.premises) / roll / Decimal("1.019")
    return replace(
        school,
        mfg_baseline=_money(per_pupil_last * Decimal(rng.uniform(0.96, 1.03)) * last_roll, 2),
        mfg_baseline_pupils=last_roll,
        nff_baseline_per_pupil=_money(pupil_led / roll * Decimal(rng.uniform(0.95, 1.0)), 2),
    )


def _money(value, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
