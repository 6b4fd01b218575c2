"""The schools: how many of each kind, where, how they are run, their names and numbers, and
how full they are."""

import math
import random

from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.demo.generator.dates import term_start
from frontdoor.demo.generator.records import (
    NOT_RELIGIOUS,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    SchoolRecord,
)
from frontdoor.demo.generator.sampling import apportion, weighted_choice
from frontdoor.demo.generator.school_names import EstablishmentNumbers, SchoolNames
from frontdoor.demo.generator.state import CountyState
from frontdoor.schools.models import Sector

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a postcode's inward code may use
# The demo schools: a primary in Thanet (school A), a secondary in Maidstone (B).
SCHOOL_A_DISTRICT = cal.DISTRICT_INDEX["Thanet"]
SCHOOL_B_DISTRICT = cal.DISTRICT_INDEX["Maidstone"]


def school_counts(scale: float) -> dict[str, int]:
    """Schools of each kind at `scale`: at least one of each, infants and juniors in pairs."""
    if not 0 < scale <= 2:
        raise ValueError("scale must be more than 0 and at most 2")
    counts = {kind: max(1, round(n * scale)) for kind, n in cal.SCHOOL_COUNTS.items()}
    counts["junior"] = counts["infant"]
    counts["pru"] = min(counts["pru"], len(cal.PRUS))
    counts["health_needs"] = 1
    return counts


def add(county: CountyState) -> None:
    """The county's schools, ordered by URN as GIAS orders them, and the two demo schools."""
    counts = school_counts(county.scale)
    rng = county.stream("schools")
    total = sum(counts.values())
    urns = sorted(rng.sample(range(cal.DEMO_URN_FIRST, cal.DEMO_URN_LAST + 1), total))
    maker = _SchoolMaker(county, rng, counts)
    for kind in ("primary", "infant", "secondary", "grammar", "special"):
        genders = _genders(rng, kind, counts)
        for district, count in enumerate(_district_counts(kind, counts)):
            for _ in range(count):
                school = maker.new_school(kind, district)
                if kind in SECONDARY_KINDS:
                    school.gender = genders.pop()
                if kind == "infant":
                    junior = maker.new_school("junior", district)
                    school.partner, junior.partner = junior.index, school.index
                    maker.pair(school, junior)
                else:
                    maker.describe(school)
    for number, (district, served, ages) in enumerate(cal.PRUS[: counts["pru"]]):
        school = maker.new_school("pru", cal.DISTRICT_INDEX[district])
        school.serves = tuple(cal.DISTRICT_INDEX[name] for name in served)
        school.low_age, school.high_age = ages
        school.name = names.PRU_NAMES[number]
        maker.describe(school)
    district = cal.DISTRICT_INDEX[cal.HEALTH_NEEDS_DISTRICT]
    health = maker.new_school("health_needs", district)
    health.serves = tuple(range(len(cal.DISTRICTS)))
    health.low_age, health.high_age = cal.HEALTH_NEEDS_AGES
    health.name = names.HEALTH_NEEDS_NAME
    maker.describe(health)
    _calibrate_fill(county.schools)
    # Order the register as GIAS does, by URN; demo schools are picked by position.
    for school, urn in zip(county.schools, urns, strict=True):
        school.urn = urn
    county.school_a = next(
        s.index for s in county.schools if s.kind == "primary" and s.district == SCHOOL_A_DISTRICT
    )
    county.school_b = next(
        s.index for s in county.schools if s.kind == "secondary" and s.district == SCHOOL_B_DISTRICT
    )
    school_b = county.schools[county.school_b]
    if not school_b.is_academy:
        school_b.route = "converter"
        school_b.religious_character = NOT_RELIGIOUS
        school_b.name = maker.names.secondary(rng, school_b, faith=False)


class _SchoolMaker:
    """Makes one school at a time from the stage's random stream, with the names, numbers and
    academy places the whole register shares."""

    def __init__(self, county: CountyState, rng: random.Random, counts: dict[str, int]):
        self.county = county
        self.rng = rng
        self.numbers = EstablishmentNumbers(rng)
        self.names = SchoolNames(rng)
        self.academy_tickets = _academy_tickets(rng, counts)

    def new_school(self, kind: str, district: int) -> SchoolRecord:
        rng = self.rng
        school = SchoolRecord(index=len(self.county.schools), kind=kind, district=district)
        towns = cal.DISTRICTS[district].towns
        # The main town has most schools; the rest are spread over the others.
        town, outward = towns[0] if rng.random() < 0.4 else rng.choice(towns[1:])
        school.town = town
        school.postcode = (
            f"{outward} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        )
        deprivation = cal.DISTRICTS[district].deprivation
        school.deprivation = deprivation * math.exp(rng.gauss(0, cal.FSM_SCHOOL_SPREAD))
        school.sen_factor = math.exp(rng.gauss(0, cal.SEN_SCHOOL_SPREAD)) * deprivation**0.3
        if kind == "grammar":
            school.deprivation *= cal.FSM_GRAMMAR_FACTOR
            school.sen_factor *= cal.SEN_GRAMMAR_FACTOR
        self.county.schools.append(school)
        return school

    def route(self, phase: str) -> str:
        rng = self.rng
        if self.academy_tickets[phase].pop():
            route = weighted_choice(rng, cal.ACADEMY_ROUTES)
            return f"special_{route}" if phase == "special" else route
        maintained = {
            "primary": cal.MAINTAINED_PRIMARY_TYPES,
            "secondary": cal.MAINTAINED_SECONDARY_TYPES,
            "special": cal.MAINTAINED_SPECIAL_TYPES,
        }[phase]
        return weighted_choice(rng, maintained)

    def describe(self, school: SchoolRecord) -> None:
        rng = self.rng
        kind = school.kind
        if kind == "primary":
            school.route = self.route("primary")
            school.religious_character = _religion(rng, school, "primary")
            school.low_age, school.high_age = weighted_choice(rng, cal.PRIMARY_AGE_RANGES)
            school.pan = weighted_choice(rng, cal.PRIMARY_PAN)
            school.popularity = _fill(rng, "primary")
            school.phase, school.sector = "Primary", Sector.PRIMARY.value
            school.name = self.names.primary(rng, school)
        elif kind in SECONDARY_KINDS:
            school.route = self.route("secondary")
            # Grammar schools are not church academies; a voluntary grammar school keeps the
            # religious character of its foundation.
            grammar_academy = kind == "grammar" and school.is_academy
            school.religious_character = (
                NOT_RELIGIOUS if grammar_academy else _religion(rng, school, "secondary")
            )
            school.selective = kind == "grammar"
            school.has_sixth_form = (
                kind == "grammar" or rng.random() < cal.SIXTH_FORM_SHARE_NON_SELECTIVE
            )
            school.low_age, school.high_age = 11, 18 if school.has_sixth_form else 16
            school.pan = weighted_choice(
                rng, cal.GRAMMAR_PAN if kind == "grammar" else cal.SECONDARY_PAN
            )
            school.popularity = _fill(rng, kind)
            school.phase, school.sector = "Secondary", Sector.SECONDARY.value
            school.name = (
                self.names.grammar(rng, school)
                if kind == "grammar"
                else self.names.secondary(
                    rng, school, faith=school.religious_character != NOT_RELIGIOUS
                )
            )
        elif kind == "special":
            school.route = self.route("special")
            school.low_age, school.high_age = weighted_choice(rng, cal.SPECIAL_AGE_RANGES)
            school.has_sixth_form = school.high_age >= 18
            school.phase, school.sector = "Not applicable", Sector.SPECIAL.value
            school.name = self.names.special(rng, school)
        else:
            school.route = "pru"
            school.phase, school.sector = "Not applicable", Sector.ALTERNATIVE_PROVISION.value
        school.establishment_number = self.numbers.take(school)
        self._opened_on(school)

    def pair(self, infant: SchoolRecord, junior: SchoolRecord) -> None:
        """An infant school and the junior school its children go on to: same stem and town."""
        rng = self.rng
        route = self.route("primary")
        for school in (infant, junior):
            school.route = "converter" if route == "free_school" else route
            school.town, school.postcode = infant.town, infant.postcode
            school.district = infant.district
            school.phase, school.sector = "Primary", Sector.PRIMARY.value
        infant.religious_character = _religion(rng, infant, "primary")
        junior.religious_character = infant.religious_character
        infant.low_age, infant.high_age = 4, 7
        junior.low_age, junior.high_age = 7, 11
        infant.pan = junior.pan = weighted_choice(rng, cal.INFANT_PAN)
        infant.popularity = junior.popularity = _fill(rng, "primary")
        infant.name, junior.name = self.names.pair(rng, infant)
        for school in (infant, junior):
            school.establishment_number = self.numbers.take(school)

    def _opened_on(self, school: SchoolRecord) -> None:
        # Free schools opened at least eight years ago, so every year group has come through.
        if school.route.endswith("free_school"):
            school.opened_on = term_start(self.rng.randint(2012, max(2012, self.county.year - 8)))


def _district_counts(kind: str, counts: dict[str, int]) -> list[int]:
    weights = [district.population for district in cal.DISTRICTS]
    by_district = apportion(counts[kind], weights)
    must = {"primary": SCHOOL_A_DISTRICT, "secondary": SCHOOL_B_DISTRICT}.get(kind)
    if must is not None and by_district[must] == 0:
        donor = max(range(len(by_district)), key=lambda i: (by_district[i], -i))
        by_district[donor] -= 1
        by_district[must] += 1
    return by_district


def _academy_tickets(rng: random.Random, counts: dict[str, int]) -> dict[str, list[bool]]:
    """Exactly ACADEMY_SHARE of each phase's schools become academies (an infant and
    junior pair counting once), at random."""
    calls = {
        "primary": counts["primary"] + counts["infant"],
        "secondary": counts["secondary"] + counts["grammar"],
        "special": counts["special"],
    }
    tickets = {}
    for phase, count in calls.items():
        academies = round(cal.ACADEMY_SHARE[phase] * count)
        phase_tickets = [True] * academies + [False] * (count - academies)
        rng.shuffle(phase_tickets)
        tickets[phase] = phase_tickets
    return tickets


def _genders(rng: random.Random, kind: str, counts: dict[str, int]) -> list[str]:
    if kind not in SECONDARY_KINDS:
        return []
    single = cal.SINGLE_SEX_GRAMMARS if kind == "grammar" else cal.SINGLE_SEX_SECONDARY
    count = counts[kind]
    full = cal.SCHOOL_COUNTS[kind]
    genders = [g for g, n in single.items() for _ in range(round(n * count / full))]
    genders = genders[:count] + ["Mixed"] * (count - len(genders))
    rng.shuffle(genders)
    return genders


def _religion(rng: random.Random, school: SchoolRecord, phase: str) -> str:
    table = {
        "vc": cal.RELIGION_VC,
        "va": cal.RELIGION_VA,
    }.get(school.route)
    if table is not None:
        return weighted_choice(rng, table)
    if school.is_academy and phase in ("primary", "secondary"):
        shares = (
            cal.RELIGION_ACADEMY_PRIMARY if phase == "primary" else cal.RELIGION_ACADEMY_SECONDARY
        )
        draw = rng.random()
        for religion, share in shares.items():
            if draw < share:
                return religion
            draw -= share
    if school.route == "foundation" and rng.random() < 0.05:
        return "Church of England"
    return NOT_RELIGIOUS


def _fill(rng: random.Random, kind: str) -> float:
    return min(1.03, max(0.55, rng.gauss(cal.FILL_MEAN[kind], cal.FILL_SPREAD[kind])))


def _calibrate_fill(schools: list[SchoolRecord]) -> None:
    """Scale how full schools are so that the primary (R–Y6) and secondary (Y7–11) rolls
    come to the published totals, per school, whatever PANs were drawn."""
    for kinds, roll in (
        (PRIMARY_KINDS, cal.PRIMARY_ROLL),
        (SECONDARY_KINDS, cal.SECONDARY_ROLL),
    ):
        phase_schools = [s for s in schools if s.kind in kinds]
        full = sum(cal.SCHOOL_COUNTS[kind] for kind in kinds)
        target = roll * len(phase_schools) / full
        for _ in range(4):  # a few rounds, since fills are capped
            expected = sum(
                s.pan * min(s.popularity, 1.0) * sum(1 for y in s.nc_years if y < 12)
                for s in phase_schools
            )
            factor = target / expected
            for school in phase_schools:
                school.popularity = min(1.03, max(0.4, school.popularity * factor))
