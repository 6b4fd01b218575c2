"""The synthetic county, generated in memory.

`generate_county(seed=..., scale=..., as_at=...)` returns plain records (no database): the
same three inputs always give the same county. Every stage draws from its own random stream
(`random.Random("<seed>/<stage>")`, which Python seeds through SHA-512, so it does not depend
on PYTHONHASHSEED), and nothing iterates over a set or a dict whose order could change.

Rates are exact, not merely expected: a characteristic with a target of 26.1% of primary
pupils is given to round(0.261 × N) of them, chosen by weighted sampling without replacement
(Efraimidis–Spirakis keys), the weights carrying the differences between schools (district
deprivation, grammar schools, PRUs) and between pupils (boys and SEN, FSM and social care).
All the numbers are in `frontdoor.demo.calibration`."""

import math
import random
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.demo.upn import make_upn
from frontdoor.pupils.models import Characteristic, Enrolment
from frontdoor.schools.models import OfstedInspection, ReportCardArea, Sector, Trust

PRIMARY_KINDS = ("primary", "infant", "junior")
SECONDARY_KINDS = ("secondary", "grammar")
AP_KINDS = ("pru", "health_needs")
KIND_ORDER = ("primary", "infant", "junior", "secondary", "grammar", "special", *AP_KINDS)

SINGLE = Enrolment.Registration.SINGLE.value
DUAL_MAIN = Enrolment.Registration.DUAL_MAIN.value
DUAL_SUBSIDIARY = Enrolment.Registration.DUAL_SUBSIDIARY.value

# GIAS TypeOfEstablishment words, by how the school is run.
ESTABLISHMENT_TYPES = {
    "community": "Community school",
    "vc": "Voluntary controlled school",
    "va": "Voluntary aided school",
    "foundation": "Foundation school",
    "converter": "Academy converter",
    "sponsor_led": "Academy sponsor led",
    "free_school": "Free schools",
    "foundation_special": "Foundation special school",
    "community_special": "Community special school",
    "special_converter": "Academy special converter",
    "special_sponsor_led": "Academy special sponsor led",
    "special_free_school": "Free schools special",
    "pru": "Pupil referral unit",
}
ACADEMY_ROUTES = frozenset(
    {
        "converter",
        "sponsor_led",
        "free_school",
        "special_converter",
        "special_sponsor_led",
        "special_free_school",
    }
)
NOT_RELIGIOUS = "Does not apply"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a postcode's inward code may use
CORE_AREAS = (
    ReportCardArea.INCLUSION,
    ReportCardArea.CURRICULUM_AND_TEACHING,
    ReportCardArea.ACHIEVEMENT,
    ReportCardArea.ATTENDANCE_AND_BEHAVIOUR,
    ReportCardArea.PERSONAL_DEVELOPMENT,
    ReportCardArea.LEADERSHIP_AND_GOVERNANCE,
)


@dataclass(slots=True)
class TrustRecord:
    index: int
    uid: str
    name: str
    kind: str
    area: str


@dataclass(slots=True)
class SchoolRecord:
    index: int
    kind: str
    district: int
    urn: int = 0
    establishment_number: int = 0
    name: str = ""
    route: str = ""
    phase: str = ""
    sector: str = ""
    low_age: int = 0
    high_age: int = 0
    gender: str = "Mixed"
    religious_character: str = NOT_RELIGIOUS
    has_sixth_form: bool = False
    selective: bool = False
    town: str = ""
    postcode: str = ""
    trust: int | None = None
    pan: int | None = None
    capacity: int | None = None
    number_on_roll: int = 0
    opened_on: date | None = None
    deprivation: float = 1.0
    sen_factor: float = 1.0
    popularity: float = 1.0
    partner: int | None = None
    serves: tuple[int, ...] = ()

    @property
    def laestab(self) -> str:
        return f"{cal.LA_CODE}{self.establishment_number:04d}"

    @property
    def establishment_type(self) -> str:
        return ESTABLISHMENT_TYPES[self.route]

    @property
    def is_academy(self) -> bool:
        return self.route in ACADEMY_ROUTES

    @property
    def nc_years(self) -> range:
        first = max(0, self.low_age - 4)
        if self.kind in PRIMARY_KINDS:
            first = {"junior": 3}.get(self.kind, 0)
        return range(first, self.high_age - 5 + 1)


@dataclass(slots=True)
class PupilRecord:
    index: int
    school: int  # where the main or single registration is now
    nc_year: int
    group: str  # whose rates apply: primary, secondary, special, pru, health_needs
    sex: str
    ethnicity: str
    date_of_birth: date
    first_name: str = ""
    last_name: str = ""
    upn: str = ""
    first_admission: date | None = None
    from_outside_kent: bool = False
    alternative_provision: str = ""  # "pru" / "health_needs" when dual registered there


@dataclass(slots=True)
class EnrolmentRecord:
    pupil: int
    school: int
    admission_date: date
    leaving_date: date | None
    nc_year_on_admission: int
    registration: str = SINGLE


@dataclass(slots=True)
class PeriodRecord:
    pupil: int
    characteristic: str
    start_date: date
    end_date: date | None = None


@dataclass(slots=True)
class InspectionRecord:
    school: int
    inspection_date: date
    published_on: date | None
    framework: str
    kind: str = OfstedInspection.Kind.GRADED.value
    overall_effectiveness: int | None = None
    quality_of_education: int | None = None
    behaviour_and_attitudes: int | None = None
    personal_development: int | None = None
    leadership_and_management: int | None = None
    safeguarding_effective: bool | None = None
    evaluations: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class County:
    seed: int
    scale: float
    as_at: date
    trusts: list[TrustRecord]
    schools: list[SchoolRecord]
    pupils: list[PupilRecord]
    enrolments: list[EnrolmentRecord]
    periods: list[PeriodRecord]
    inspections: list[InspectionRecord]
    school_a: int  # the demo primary (head.a, attendance.lead, senco)
    school_b: int  # the demo secondary academy in another district (head.b)
    trust_of_b: int  # trust.user's trust


def generate_county(
    *,
    seed: int,
    scale: float = 1.0,
    as_at: date,
    on_step: Callable[[int, int], None] | None = None,
) -> County:
    """The county for (seed, scale, as_at); `on_step(done, total)` after each of its steps."""
    return _CountyBuilder(seed=seed, scale=scale, as_at=as_at).build(on_step)


def generate_register(*, seed: int, scale: float = 1.0, as_at: date):
    """Only the schools and trusts of the county `generate_county` makes (same seed, same
    schools): quick, for checking names and counts."""
    builder = _CountyBuilder(seed=seed, scale=scale, as_at=as_at)
    builder._schools()
    builder._trusts()
    return builder.schools, builder.trusts


def school_counts(scale: float) -> dict[str, int]:
    """Schools of each kind at `scale`: at least one of each, infants and juniors in pairs."""
    if not 0 < scale <= 2:
        raise ValueError("scale must be more than 0 and at most 2")
    counts = {kind: max(1, round(n * scale)) for kind, n in cal.SCHOOL_COUNTS.items()}
    counts["junior"] = counts["infant"]
    counts["pru"] = min(counts["pru"], len(cal.PRUS))
    counts["health_needs"] = 1
    return counts


# --- small helpers -----------------------------------------------------------------------------


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` by largest remainder (ties to the first)."""
    whole = sum(weights)
    quotas = [total * weight / whole for weight in weights]
    counts = [int(quota) for quota in quotas]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float], k: int):
    """k distinct items, each drawn with probability in proportion to its weight
    (Efraimidis–Spirakis); items with no weight are never drawn."""
    if k <= 0:
        return []
    log, draw = math.log, rng.random
    keys = [log(1.0 - draw()) / weight if weight > 0 else -math.inf for weight in weights]
    best = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)[:k]
    return [items[position] for position in best if keys[position] > -math.inf]


def _choice(rng: random.Random, table: dict):
    """A key of `table` drawn with probability in proportion to its value."""
    keys = list(table)
    return rng.choices(keys, weights=[table[key] for key in keys])[0]


class _Pool:
    """Schools to draw from, in proportion to their size."""

    def __init__(self, schools: Sequence[int], weights: Sequence[float]):
        self.schools = list(schools)
        self.cumulative = list(accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.schools)

    def pick(self, rng: random.Random) -> int:
        position = bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.schools[min(position, len(self.schools) - 1)]


def _weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _weekday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


@cache
def term_start(academic_year: int) -> date:
    """First day of the autumn term (the first weekday from 3 September)."""
    return _weekday_on_or_after(date(academic_year, 9, 3))


@cache
def term_end(academic_year: int) -> date:
    """Last day of the summer term (the last weekday up to 21 July)."""
    return _weekday_on_or_before(date(academic_year + 1, 7, 21))


def _day_between(rng: random.Random, first: date, last: date) -> date:
    """A weekday between `first` and `last` (inclusive), or `first` when there is no room."""
    if last <= first:
        return first
    day = first + timedelta(days=int(rng.random() * ((last - first).days + 1)))
    if day.weekday() >= 5:
        later = _weekday_on_or_after(day)
        day = later if later <= last else _weekday_on_or_before(day)
    return max(day, first)


# --- the builder -------------------------------------------------------------------------------


class _CountyBuilder:
    def __init__(self, *, seed: int, scale: float, as_at: date):
        self.seed = seed
        self.scale = scale
        self.as_at = as_at
        self.year = academic_year_of(as_at)
        self.counts = school_counts(scale)
        self.trusts: list[TrustRecord] = []
        self.schools: list[SchoolRecord] = []
        self.pupils: list[PupilRecord] = []
        self.enrolments: list[EnrolmentRecord] = []
        self.periods: list[PeriodRecord] = []
        self.inspections: list[InspectionRecord] = []
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.current_admission: dict[tuple[int, int], date] | None = None
        self.thanet = cal.DISTRICT_INDEX["Thanet"]
        self.maidstone = cal.DISTRICT_INDEX["Maidstone"]

    def stream(self, stage: str) -> random.Random:
        return random.Random(f"{self.seed}/{stage}")

    def build(self, on_step: Callable[[int, int], None] | None = None) -> County:
        steps = (
            self._schools,
            self._trusts,
            self._pupils,
            self._alternative_provision,
            self._rolls,
            self._characteristics,
            self._inspections,
        )
        for done, step in enumerate(steps, start=1):
            step()
            if on_step is not None:
                on_step(done, len(steps))
        return County(
            seed=self.seed,
            scale=self.scale,
            as_at=self.as_at,
            trusts=self.trusts,
            schools=self.schools,
            pupils=self.pupils,
            enrolments=self.enrolments,
            periods=self.periods,
            inspections=self.inspections,
            school_a=self.school_a,
            school_b=self.school_b,
            trust_of_b=self.schools[self.school_b].trust,
        )

    # --- schools -------------------------------------------------------------------------------

    def _district_counts(self, kind: str) -> list[int]:
        weights = [district.population for district in cal.DISTRICTS]
        counts = apportion(self.counts[kind], weights)
        # The demo schools: a primary in Thanet (school A), a secondary in Maidstone (B).
        must = {"primary": self.thanet, "secondary": self.maidstone}.get(kind)
        if must is not None and counts[must] == 0:
            donor = max(range(len(counts)), key=lambda i: (counts[i], -i))
            counts[donor] -= 1
            counts[must] += 1
        return counts

    def _schools(self) -> None:
        rng = self.stream("schools")
        total = sum(self.counts.values())
        urns = sorted(rng.sample(range(cal.DEMO_URN_FIRST, cal.DEMO_URN_LAST + 1), total))
        self._numbers = _EstablishmentNumbers(rng)
        self._names = _SchoolNames(rng)
        self._academy_tickets(rng)
        for kind in ("primary", "infant", "secondary", "grammar", "special"):
            genders = self._genders(rng, kind)
            for district, count in enumerate(self._district_counts(kind)):
                for _ in range(count):
                    school = self._new_school(rng, kind, district)
                    if kind in SECONDARY_KINDS:
                        school.gender = genders.pop()
                    if kind == "infant":
                        junior = self._new_school(rng, "junior", district)
                        school.partner, junior.partner = junior.index, school.index
                        self._pair(rng, school, junior)
                    else:
                        self._describe(rng, school)
        for number, (district, served, ages) in enumerate(cal.PRUS[: self.counts["pru"]]):
            school = self._new_school(rng, "pru", cal.DISTRICT_INDEX[district])
            school.serves = tuple(cal.DISTRICT_INDEX[name] for name in served)
            school.low_age, school.high_age = ages
            school.name = names.PRU_NAMES[number]
            self._describe(rng, school)
        district = cal.DISTRICT_INDEX[cal.HEALTH_NEEDS_DISTRICT]
        health = self._new_school(rng, "health_needs", district)
        health.serves = tuple(range(len(cal.DISTRICTS)))
        health.low_age, health.high_age = cal.HEALTH_NEEDS_AGES
        health.name = names.HEALTH_NEEDS_NAME
        self._describe(rng, health)
        self._calibrate_fill()
        # Order the register as GIAS does, by URN; demo schools are picked by position.
        for school, urn in zip(self.schools, urns, strict=True):
            school.urn = urn
        self.school_a = next(
            s.index for s in self.schools if s.kind == "primary" and s.district == self.thanet
        )
        self.school_b = next(
            s.index for s in self.schools if s.kind == "secondary" and s.district == self.maidstone
        )
        school_b = self.schools[self.school_b]
        if not school_b.is_academy:
            school_b.route = "converter"
            school_b.religious_character = NOT_RELIGIOUS
            school_b.name = self._names.secondary(rng, school_b, faith=False)

    def _calibrate_fill(self) -> None:
        """Scale how full schools are so that the primary (R–Y6) and secondary (Y7–11) rolls
        come to the published totals, per school, whatever PANs were drawn."""
        for kinds, roll in (
            (PRIMARY_KINDS, cal.PRIMARY_ROLL),
            (SECONDARY_KINDS, cal.SECONDARY_ROLL),
        ):
            schools = [s for s in self.schools if s.kind in kinds]
            full = sum(cal.SCHOOL_COUNTS[kind] for kind in kinds)
            target = roll * len(schools) / full
            for _ in range(4):  # a few rounds, since fills are capped
                expected = sum(
                    s.pan * min(s.popularity, 1.0) * sum(1 for y in s.nc_years if y < 12)
                    for s in schools
                )
                factor = target / expected
                for school in schools:
                    school.popularity = min(1.03, max(0.4, school.popularity * factor))

    def _genders(self, rng: random.Random, kind: str) -> list[str]:
        if kind not in SECONDARY_KINDS:
            return []
        single = cal.SINGLE_SEX_GRAMMARS if kind == "grammar" else cal.SINGLE_SEX_SECONDARY
        count = self.counts[kind]
        full = cal.SCHOOL_COUNTS[kind]
        genders = [g for g, n in single.items() for _ in range(round(n * count / full))]
        genders = genders[:count] + ["Mixed"] * (count - len(genders))
        rng.shuffle(genders)
        return genders

    def _new_school(self, rng: random.Random, kind: str, district: int) -> SchoolRecord:
        school = SchoolRecord(index=len(self.schools), kind=kind, district=district)
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
        self.schools.append(school)
        return school

    def _academy_tickets(self, rng: random.Random) -> None:
        """Exactly ACADEMY_SHARE of each phase's schools become academies (an infant and
        junior pair counting once), at random."""
        calls = {
            "primary": self.counts["primary"] + self.counts["infant"],
            "secondary": self.counts["secondary"] + self.counts["grammar"],
            "special": self.counts["special"],
        }
        self.tickets = {}
        for phase, count in calls.items():
            academies = round(cal.ACADEMY_SHARE[phase] * count)
            tickets = [True] * academies + [False] * (count - academies)
            rng.shuffle(tickets)
            self.tickets[phase] = tickets

    def _route(self, rng: random.Random, phase: str) -> str:
        if self.tickets[phase].pop():
            route = _choice(rng, cal.ACADEMY_ROUTES)
            return f"special_{route}" if phase == "special" else route
        maintained = {
            "primary": cal.MAINTAINED_PRIMARY_TYPES,
            "secondary": cal.MAINTAINED_SECONDARY_TYPES,
            "special": cal.MAINTAINED_SPECIAL_TYPES,
        }[phase]
        return _choice(rng, maintained)

    def _religion(self, rng: random.Random, school: SchoolRecord, phase: str) -> str:
        table = {
            "vc": cal.RELIGION_VC,
            "va": cal.RELIGION_VA,
        }.get(school.route)
        if table is not None:
            return _choice(rng, table)
        if school.is_academy and phase in ("primary", "secondary"):
            shares = (
                cal.RELIGION_ACADEMY_PRIMARY
                if phase == "primary"
                else cal.RELIGION_ACADEMY_SECONDARY
            )
            draw = rng.random()
            for religion, share in shares.items():
                if draw < share:
                    return religion
                draw -= share
        if school.route == "foundation" and rng.random() < 0.05:
            return "Church of England"
        return NOT_RELIGIOUS

    def _opened_on(self, rng: random.Random, school: SchoolRecord) -> None:
        # Free schools opened at least eight years ago, so every year group has come through.
        if school.route.endswith("free_school"):
            school.opened_on = term_start(rng.randint(2012, max(2012, self.year - 8)))

    def _describe(self, rng: random.Random, school: SchoolRecord) -> None:
        kind = school.kind
        if kind == "primary":
            school.route = self._route(rng, "primary")
            school.religious_character = self._religion(rng, school, "primary")
            school.low_age, school.high_age = _choice(rng, cal.PRIMARY_AGE_RANGES)
            school.pan = _choice(rng, cal.PRIMARY_PAN)
            school.popularity = self._fill(rng, "primary")
            school.phase, school.sector = "Primary", Sector.PRIMARY.value
            school.name = self._names.primary(rng, school)
        elif kind in SECONDARY_KINDS:
            school.route = self._route(rng, "secondary")
            # Grammar schools are not church academies; a voluntary grammar school keeps the
            # religious character of its foundation.
            grammar_academy = kind == "grammar" and school.is_academy
            school.religious_character = (
                NOT_RELIGIOUS if grammar_academy else self._religion(rng, school, "secondary")
            )
            school.selective = kind == "grammar"
            school.has_sixth_form = (
                kind == "grammar" or rng.random() < cal.SIXTH_FORM_SHARE_NON_SELECTIVE
            )
            school.low_age, school.high_age = 11, 18 if school.has_sixth_form else 16
            school.pan = _choice(rng, cal.GRAMMAR_PAN if kind == "grammar" else cal.SECONDARY_PAN)
            school.popularity = self._fill(rng, kind)
            school.phase, school.sector = "Secondary", Sector.SECONDARY.value
            school.name = (
                self._names.grammar(rng, school)
                if kind == "grammar"
                else self._names.secondary(
                    rng, school, faith=school.religious_character != NOT_RELIGIOUS
                )
            )
        elif kind == "special":
            school.route = self._route(rng, "special")
            school.low_age, school.high_age = _choice(rng, cal.SPECIAL_AGE_RANGES)
            school.has_sixth_form = school.high_age >= 18
            school.phase, school.sector = "Not applicable", Sector.SPECIAL.value
            school.name = self._names.special(rng, school)
        else:
            school.route = "pru"
            school.phase, school.sector = "Not applicable", Sector.ALTERNATIVE_PROVISION.value
        school.establishment_number = self._numbers.take(school)
        self._opened_on(rng, school)

    def _pair(self, rng: random.Random, infant: SchoolRecord, junior: SchoolRecord) -> None:
        """An infant school and the junior school its children go on to: same stem and town."""
        route = self._route(rng, "primary")
        for school in (infant, junior):
            school.route = "converter" if route == "free_school" else route
            school.town, school.postcode = infant.town, infant.postcode
            school.district = infant.district
            school.phase, school.sector = "Primary", Sector.PRIMARY.value
        infant.religious_character = self._religion(rng, infant, "primary")
        junior.religious_character = infant.religious_character
        infant.low_age, infant.high_age = 4, 7
        junior.low_age, junior.high_age = 7, 11
        infant.pan = junior.pan = _choice(rng, cal.INFANT_PAN)
        infant.popularity = junior.popularity = self._fill(rng, "primary")
        infant.name, junior.name = self._names.pair(rng, infant)
        for school in (infant, junior):
            school.establishment_number = self._numbers.take(school)

    @staticmethod
    def _fill(rng: random.Random, kind: str) -> float:
        return min(1.03, max(0.55, rng.gauss(cal.FILL_MEAN[kind], cal.FILL_SPREAD[kind])))

    # --- trusts --------------------------------------------------------------------------------

    def _trusts(self) -> None:
        rng = self.stream("trusts")
        academies = [s for s in self.schools if s.is_academy]
        multi = max(1, round(cal.MULTI_ACADEMY_TRUSTS * self.scale))
        single = round(cal.SINGLE_ACADEMY_TRUSTS * self.scale)
        words = list(names.TRUST_WORDS)
        rng.shuffle(words)
        for index in range(multi):
            self.trusts.append(
                TrustRecord(
                    index=index,
                    uid=str(cal.DEMO_TRUST_UID_FIRST + index),
                    name=f"{words[index % len(words)]} {rng.choice(names.TRUST_KINDS)}",
                    kind=Trust.Kind.MULTI_ACADEMY.value,
                    # Trust 0, the largest, is in the West (school B's area).
                    area=cal.AREAS[(index + 2) % len(cal.AREAS)],
                )
            )
        # Single-academy trusts: grammar schools first, as in Kent.
        candidates = [s for s in academies if s.index != self.school_b and s.kind == "grammar"]
        candidates += [s for s in academies if s.index != self.school_b and s.kind == "secondary"]
        for school in candidates[:single]:
            trust = TrustRecord(
                index=len(self.trusts),
                uid=str(cal.DEMO_TRUST_UID_FIRST + len(self.trusts)),
                name=f"{school.name} Trust",
                kind=Trust.Kind.SINGLE_ACADEMY.value,
                area=cal.DISTRICTS[school.district].area,
            )
            self.trusts.append(trust)
            school.trust = trust.index
        size = [1 / (index + 1) ** 0.6 for index in range(multi)]
        self.schools[self.school_b].trust = 0
        for school in academies:
            if school.trust is not None:
                continue
            area = cal.DISTRICTS[school.district].area
            weights = [
                size[t] * (4.0 if self.trusts[t].area == area else 0.3) for t in range(multi)
            ]
            school.trust = rng.choices(range(multi), weights=weights)[0]
        # Every multi-academy trust has at least one academy: an empty one takes an academy
        # from the largest trust (in its area if it can). School B stays in trust 0.
        members = Counter(s.trust for s in academies)
        for trust in range(1, multi):
            if members[trust]:
                continue
            donors = [
                s
                for s in academies
                if s.trust < multi
                and members[s.trust] > 1
                and s.index != self.school_b
                and s.kind != "junior"
            ]
            near = [s for s in donors if cal.DISTRICTS[s.district].area == self.trusts[trust].area]
            if near or donors:
                donor = max(near or donors, key=lambda s: (members[s.trust], s.index))
                members[donor.trust] -= 1
                donor.trust = trust
                members[trust] += 1
        # An infant school and its junior school are in the same trust.
        for school in self.schools:
            if school.kind == "junior" and school.is_academy:
                school.trust = self.schools[school.partner].trust

    # --- pupils and their school histories -----------------------------------------------------

    def _pools(self) -> None:
        """Where earlier schools are drawn from: by district, in proportion to size."""
        feeders: dict[int, list] = {d: [] for d in range(len(cal.DISTRICTS))}
        secondaries: dict[int, list] = {d: [] for d in range(len(cal.DISTRICTS))}
        for school in self.schools:
            if school.kind in ("primary", "infant"):
                feeders[school.district].append(school)
            elif school.kind == "secondary":
                secondaries[school.district].append(school)

        def pools(by_district):
            everyone = [s for d in sorted(by_district) for s in by_district[d]]
            county = _Pool([s.index for s in everyone], [s.pan for s in everyone])
            return {
                d: _Pool([s.index for s in schools], [s.pan for s in schools]) or county
                for d, schools in by_district.items()
            } | {-1: county}

        self.feeder_pools = pools(feeders)
        self.secondary_pools = pools(secondaries)
        district_weights = [d.population for d in cal.DISTRICTS]
        self.district_pool = _Pool(range(len(cal.DISTRICTS)), district_weights)
        mean_diversity = sum(d.population * d.diversity for d in cal.DISTRICTS) / sum(
            district_weights
        )
        others = {code: share for code, share in cal.ETHNICITY.items() if code != "WBRI"}
        other_total = sum(others.values())
        self.ethnicity_tables = []
        for district in cal.DISTRICTS:
            not_british = other_total * district.diversity / mean_diversity
            codes = ["WBRI", *others]
            weights = [1 - not_british] + [
                share * not_british / other_total for share in others.values()
            ]
            self.ethnicity_tables.append((codes, list(accumulate(weights))))

    def _cohorts(self, rng: random.Random, school: SchoolRecord) -> dict[int, int]:
        sizes: dict[int, int] = {}
        if school.kind == "special":
            return {year: rng.randint(*cal.SPECIAL_COHORT) for year in school.nc_years}
        entry_years = {0, 7}
        for year in school.nc_years:
            if year >= 12:
                continue
            size = school.pan * school.popularity * rng.gauss(1, 0.04)
            cap = school.pan if year in entry_years else school.pan + 3
            sizes[year] = max(3, min(cap, round(size)))
        if school.has_sixth_form:
            stay = cal.SIXTH_FORM_STAY[school.kind]
            twelve = round(school.pan * school.popularity * stay * rng.gauss(1, 0.1))
            sizes[12] = max(5, twelve)
            sizes[13] = max(4, round(twelve * cal.Y13_RETENTION * rng.gauss(1, 0.03)))
        return sizes

    def _pupils(self) -> None:
        rng = self.stream("pupils")
        self._pools()
        self.name_rng = self.stream("names")
        for school in self.schools:
            if school.kind in AP_KINDS:
                continue
            for year, size in self._cohorts(rng, school).items():
                for _ in range(size):
                    self._mainstream_pupil(rng, school, year)

    def _year_of(self, pupil_year: int, nc_year: int) -> int:
        """The academic year in which a pupil now in `pupil_year` was in `nc_year`."""
        return self.year - pupil_year + nc_year

    def _start(self, academic_year: int) -> date:
        return min(term_start(academic_year), self.as_at)

    def _new_pupil(self, rng: random.Random, school: SchoolRecord, year: int, group: str):
        if school.gender == "Girls":
            sex = "F"
        elif school.gender == "Boys":
            sex = "M"
        else:
            sex = "M" if rng.random() < cal.MALE_SHARE else "F"
        codes, cumulative = self.ethnicity_tables[school.district]
        ethnicity = codes[min(bisect(cumulative, rng.random() * cumulative[-1]), len(codes) - 1)]
        born_from = date(self.year - 5 - year, 9, 1).toordinal()
        born_to = date(self.year - 4 - year, 9, 1).toordinal()
        pupil = PupilRecord(
            index=len(self.pupils),
            school=school.index,
            nc_year=year,
            group=group,
            sex=sex,
            ethnicity=ethnicity,
            date_of_birth=date.fromordinal(born_from + int(rng.random() * (born_to - born_from))),
        )
        self._name(pupil)
        self.pupils.append(pupil)
        return pupil

    def _name(self, pupil: PupilRecord) -> None:
        rng = self.name_rng
        heritage = names.HERITAGE_BY_ETHNICITY.get(pupil.ethnicity)
        if heritage and rng.random() < 0.7:
            boys, girls, surnames = names.HERITAGE_NAMES[heritage]
        else:
            boys, girls, surnames = names.BOYS, names.GIRLS, names.SURNAMES
        pupil.first_name = rng.choice(boys if pupil.sex == "M" else girls)
        pupil.last_name = rng.choice(surnames)

    def _mainstream_pupil(self, rng: random.Random, school: SchoolRecord, year: int) -> None:
        pupil = self._new_pupil(rng, school, year, _group_of(school.kind))
        if school.kind == "special":
            entry = school.nc_years[0]
            if year > entry and rng.random() < cal.SPECIAL_FROM_MAINSTREAM:
                moved_in = rng.randint(entry + 1, year)
                self._moved_in(rng, pupil, school, moved_in, same_phase=False)
            else:
                self._entered(rng, pupil, school, entry)
            return
        entry = {"junior": 3}.get(school.kind, 0 if school.kind in PRIMARY_KINDS else 7)
        if year >= 12 and rng.random() < cal.SIXTH_FORM_JOINERS:
            entry = 12
        in_year_possible = self.as_at > term_start(self.year) + timedelta(days=10)
        if year > entry and rng.random() < cal.MOVE_PER_YEAR * (year - entry):
            self._moved_in(rng, pupil, school, rng.randint(entry + 1, year), same_phase=True)
        elif in_year_possible and rng.random() < cal.IN_YEAR_ADMISSION:
            self._moved_in(rng, pupil, school, year, same_phase=True)
        else:
            self._entered(rng, pupil, school, entry)

    def _entered(self, rng, pupil: PupilRecord, school: SchoolRecord, entry: int) -> None:
        """Admitted at the start of the school's entry year, after the schools before it."""
        entry_year = self._year_of(pupil.nc_year, entry)
        history = []
        if entry > 0:
            history = self._history_until(
                rng,
                pupil,
                school.district,
                last_year=entry - 1,
                leaving=term_end(entry_year - 1),
                exclude=school.index,
                partner=school.partner if school.kind == "junior" else None,
            )
        self._enrol(pupil, history, school.index, self._start(entry_year), entry)

    def _moved_in(self, rng, pupil, school, moved_in: int, *, same_phase: bool) -> None:
        """Admitted during NC year `moved_in` (in-year or at the start of that year)."""
        academic_year = self._year_of(pupil.nc_year, moved_in)
        start = term_start(academic_year)
        last = min(term_end(academic_year), self.as_at)
        if not same_phase and rng.random() < 0.6:
            admission = self._start(academic_year)  # special schools: mostly from September
        else:
            admission = _day_between(rng, start + timedelta(days=7), last)
        admission = min(admission, self.as_at)
        leaving = admission - timedelta(days=rng.randint(1, 7))
        last_year = moved_in if leaving >= start else moved_in - 1
        outside = same_phase and academic_year == self.year and rng.random() < cal.FROM_OUTSIDE_KENT
        history = []
        if outside:
            pupil.from_outside_kent = True
        elif last_year >= 0:
            history = self._history_until(
                rng,
                pupil,
                school.district,
                last_year=last_year,
                leaving=leaving,
                exclude=school.index,
            )
        self._enrol(pupil, history, school.index, admission, moved_in)

    def _history_until(
        self,
        rng: random.Random,
        pupil: PupilRecord,
        district: int,
        *,
        last_year: int,
        leaving: date,
        exclude: int,
        partner: int | None = None,
    ) -> list[tuple[int, date, date, int]]:
        """The Kent schools a pupil attended from reception until `leaving` (in NC year
        `last_year`): (school, admission, leaving, NC year on admission), oldest first."""
        if rng.random() > 0.9:
            district = self.district_pool.pick(rng)  # grew up in another district
        reception = self._year_of(pupil.nc_year, 0)
        history: list[tuple[int, date, date, int]] = []
        primary_leaving = leaving if last_year <= 6 else term_end(reception + 6)
        if partner is not None and rng.random() < 0.9:
            first = partner
        else:
            first = self._pick(
                rng,
                self.feeder_pools,
                district,
                exclude,
                term_start(reception),
                through_junior=last_year >= 3,
            )
        if first is None:
            return history
        first_school = self.schools[first]
        if first_school.kind == "infant" and min(last_year, 6) >= 3:
            history.append((first, term_start(reception), term_end(reception + 2), 0))
            junior = first_school.partner
            history.append((junior, term_start(reception + 3), primary_leaving, 3))
        else:
            history.append((first, term_start(reception), primary_leaving, 0))
        if last_year >= 7:
            secondary = self._pick(
                rng, self.secondary_pools, district, exclude, term_start(reception + 7)
            )
            if secondary is not None:
                history.append((secondary, term_start(reception + 7), leaving, 7))
        return history

    def _pick(
        self, rng, pools, district, exclude: int, on: date, *, through_junior: bool = False
    ) -> int | None:
        """A school from the district's pool (else the county's) that is not `exclude` and was
        open on `on`; with `through_junior`, not an infant school whose juniors are `exclude`."""
        pool = pools[district]
        for _ in range(8):
            choice = pool.pick(rng)
            school = self.schools[choice]
            feeds_exclude = through_junior and school.kind == "infant" and school.partner == exclude
            opened = school.opened_on
            if choice != exclude and not feeds_exclude and (opened is None or opened <= on):
                return choice
            pool = pools[-1]
        return None

    def _enrol(self, pupil, history, school: int, admission: date, nc_year: int, reg=SINGLE):
        for earlier, admitted, left, year in history:
            self.enrolments.append(EnrolmentRecord(pupil.index, earlier, admitted, left, year))
        self.enrolments.append(EnrolmentRecord(pupil.index, school, admission, None, nc_year, reg))
        first_school, first_admission = (
            (history[0][0], history[0][1]) if history else (school, admission)
        )
        pupil.first_admission = first_admission
        pupil.upn = self._upn(self.schools[first_school], first_admission)

    def _upn(self, school: SchoolRecord, admitted: date) -> str:
        key = (school.establishment_number, admitted.year)
        serial = self.upn_serials.get(key, 0)
        self.upn_serials[key] = serial + 1
        return make_upn(
            la_code=cal.LA_CODE,
            establishment_number=school.establishment_number,
            year=admitted.year,
            serial=serial,
        )

    def _nc_year_on(self, pupil: PupilRecord, day: date) -> int:
        return pupil.nc_year - (self.year - academic_year_of(day))

    # --- PRUs and the health needs service -----------------------------------------------------

    def _alternative_provision(self) -> None:
        rng = self.stream("alternative_provision")
        current = self._current_enrolments()
        for school in self.schools:
            if school.kind not in AP_KINDS:
                continue
            health = school.kind == "health_needs"
            dual = rng.randint(*(cal.HEALTH_NEEDS_DUAL if health else cal.PRU_DUAL))
            single = rng.randint(*(cal.HEALTH_NEEDS_SINGLE if health else cal.PRU_SINGLE))
            dual = max(1, round(dual * min(1.0, self.scale * 5)))
            single = max(1, round(single * min(1.0, self.scale * 5)))
            candidates, weights = self._ap_candidates(school, health)
            chosen = weighted_sample(rng, candidates, weights, dual)
            for pupil in chosen:
                main = current[pupil.index]
                main.registration = DUAL_MAIN
                pupil.alternative_provision = school.kind
                earliest = max(main.admission_date, self.as_at - timedelta(days=300))
                admission = _day_between(rng, earliest, self.as_at)
                self.enrolments.append(
                    EnrolmentRecord(
                        pupil.index,
                        school.index,
                        admission,
                        None,
                        self._nc_year_on(pupil, admission),
                        DUAL_SUBSIDIARY,
                    )
                )
            past = weighted_sample(
                rng,
                candidates,
                [
                    0 if p.alternative_provision else w
                    for p, w in zip(candidates, weights, strict=True)
                ],
                round(len(chosen) * cal.PRU_PAST_PLACEMENTS),
            )
            for pupil in past:
                main = current[pupil.index]
                earliest = max(main.admission_date, self.as_at - timedelta(days=700))
                admission = _day_between(rng, earliest, self.as_at - timedelta(days=200))
                leaving = admission + timedelta(days=rng.randint(40, 140))
                if admission < main.admission_date or leaving >= self.as_at:
                    continue
                self.enrolments.append(
                    EnrolmentRecord(
                        pupil.index,
                        school.index,
                        admission,
                        leaving,
                        self._nc_year_on(pupil, admission),
                        DUAL_SUBSIDIARY,
                    )
                )
            for _ in range(single):
                self._excluded_pupil(rng, school)

    def _current_enrolments(self) -> dict[int, EnrolmentRecord]:
        return {e.pupil: e for e in self.enrolments if e.leaving_date is None}

    def _ap_candidates(self, school: SchoolRecord, health: bool):
        serves = set(school.serves)
        years = school.nc_years
        candidates, weights = [], []
        for pupil in self.pupils:
            main = self.schools[pupil.school]
            if main.district not in serves or pupil.nc_year not in years:
                continue
            if pupil.alternative_provision or main.kind not in (*PRIMARY_KINDS, *SECONDARY_KINDS):
                continue
            if pupil.nc_year > 11:
                continue
            weight = 1.0
            if not health:
                weight *= 2.0 if pupil.sex == "M" else 1.0
                weight *= 2.5 if pupil.nc_year >= 9 else 1.0
                weight *= 0.1 if main.kind == "grammar" else 1.0
                weight *= 0.15 if pupil.nc_year < 7 else 1.0
            else:
                weight *= 2.0 if pupil.nc_year >= 9 else 1.0
                weight *= 0.3 if pupil.nc_year < 7 else 1.0
            candidates.append(pupil)
            weights.append(weight)
        return candidates, weights

    def _excluded_pupil(self, rng: random.Random, school: SchoolRecord) -> None:
        """A pupil on the PRU's roll alone, after leaving a mainstream school."""
        years = [y for y in school.nc_years if y >= 7] or list(school.nc_years)
        year = rng.choice(years)
        district = school.serves[rng.randrange(len(school.serves))]
        home = SchoolRecord(index=-1, kind=school.kind, district=district)
        pupil = self._new_pupil(rng, home, year, school.kind)
        pupil.school = school.index
        admission = _day_between(rng, self.as_at - timedelta(days=420), self.as_at)
        leaving = admission - timedelta(days=rng.randint(1, 30))
        history = self._history_until(
            rng,
            pupil,
            district,
            last_year=self._nc_year_on(pupil, leaving),
            leaving=leaving,
            exclude=school.index,
        )
        self._enrol(pupil, history, school.index, admission, self._nc_year_on(pupil, admission))

    def _rolls(self) -> None:
        rng = self.stream("rolls")
        on_roll = [0] * len(self.schools)
        places = [0] * len(self.schools)
        sixth = [0] * len(self.schools)
        for enrolment in self.enrolments:
            if enrolment.leaving_date is None:
                places[enrolment.school] += 1
                if enrolment.registration != DUAL_SUBSIDIARY:
                    on_roll[enrolment.school] += 1
        for pupil in self.pupils:
            if pupil.nc_year >= 12:
                sixth[pupil.school] += 1
        for school in self.schools:
            school.number_on_roll = on_roll[school.index]
            if school.kind in PRIMARY_KINDS:
                school.capacity = school.pan * len(school.nc_years)
            elif school.kind in SECONDARY_KINDS:
                sixth_places = math.ceil(sixth[school.index] * rng.uniform(1.05, 1.3) / 10) * 10
                school.capacity = school.pan * 5 + sixth_places
            else:
                school.capacity = math.ceil(places[school.index] * rng.uniform(1.0, 1.12) / 5) * 5

    # --- characteristics -----------------------------------------------------------------------

    def _characteristics(self) -> None:
        rng = self.stream("characteristics")
        pupils = self.pupils
        self.fsm_now: set[int] = set()
        self.sen_now: dict[int, str] = {}
        groups: dict[str, list[PupilRecord]] = {}
        for pupil in pupils:
            groups.setdefault(pupil.group, []).append(pupil)
        for group, members in groups.items():
            self._fsm(rng, group, members)
            self._sen(rng, group, members)
            self._eal(rng, group, members)
            self._young_carers(rng, group, members)
        self._social_care(rng)
        self._medical(rng)

    def _add(self, pupil: PupilRecord, characteristic: str, start: date, end: date | None = None):
        self.periods.append(PeriodRecord(pupil.index, characteristic, start, end))

    def _school_weight(self, pupil: PupilRecord, attribute: str, ap_boost: float) -> float:
        weight = getattr(self.schools[pupil.school], attribute)
        if pupil.alternative_provision:
            weight *= ap_boost
        return weight

    def _fsm(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = {
            "special": cal.FSM_SPECIAL,
            "pru": cal.FSM_PRU,
            "health_needs": cal.FSM_PRU,
        }.get(group) or cal.FSM[group]
        ever6 = cal.FSM6.get(group, rate + 0.03)
        weights = [self._school_weight(p, "deprivation", 2.5) for p in members]
        now = weighted_sample(rng, members, weights, round(rate * len(members)))
        fsm = Characteristic.FSM.value
        history: dict[int, list[tuple[date, date | None]]] = {}
        for pupil in now:
            self.fsm_now.add(pupil.index)
            entry = pupil.first_admission
            start = entry
            if rng.random() > cal.FSM_SINCE_ENTRY:
                start = _day_between(rng, entry, self.as_at - timedelta(days=7))
            spells = []
            if (start - entry).days > 400 and rng.random() < 0.2:
                earlier_end = _day_between(
                    rng, entry + timedelta(days=60), start - timedelta(days=60)
                )
                spells.append(
                    (_day_between(rng, entry, earlier_end - timedelta(days=30)), earlier_end)
                )
            spells.append((start, None))
            history[pupil.index] = spells
        # FSM that ended within the last six years (FSM6 but not FSM now).
        six_years_ago = _years_before(self.as_at, 6)
        room = self.as_at - timedelta(days=90)
        recent_weights = [
            0 if p.index in history or p.first_admission > room - timedelta(days=60) else w
            for p, w in zip(members, weights, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, recent_weights, round((ever6 - rate) * len(members))
        ):
            earliest_end = max(pupil.first_admission + timedelta(days=60), six_years_ago)
            end = _day_between(rng, earliest_end, room)
            start = _day_between(rng, pupil.first_admission, end - timedelta(days=30))
            history[pupil.index] = [(start, end)]
        # FSM that ended longer ago (history only).
        old_share = cal.FSM_ENDED_LONG_AGO.get(group, 0.0)
        cut = six_years_ago - timedelta(days=60)
        old_weights = [
            0 if p.index in history or p.first_admission >= cut - timedelta(days=60) else w
            for p, w in zip(members, weights, strict=True)
        ]
        for pupil in weighted_sample(rng, members, old_weights, round(old_share * len(members))):
            end = _day_between(rng, pupil.first_admission + timedelta(days=60), cut)
            start = _day_between(rng, pupil.first_admission, end - timedelta(days=30))
            history[pupil.index] = [(start, end)]
        fsm6 = Characteristic.FSM6.value
        for pupil in members:
            spells = history.get(pupil.index)
            if not spells:
                continue
            for start, end in spells:
                self._add(pupil, fsm, start, end)
            last_end = spells[-1][1]
            ever6_end = None
            if last_end is not None and _years_after(last_end, 6) < self.as_at:
                ever6_end = _years_after(last_end, 6)
            self._add(pupil, fsm6, spells[0][0], ever6_end)

    def _sen(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        if group == "special":
            ehcp_rate, support_rate = cal.EHCP_SPECIAL, cal.SEN_SUPPORT_SPECIAL
        elif group == "pru":
            ehcp_rate, support_rate = cal.EHCP_PRU, cal.SEN_SUPPORT_PRU
        elif group == "health_needs":
            ehcp_rate, support_rate = cal.EHCP_HEALTH_NEEDS, cal.SEN_SUPPORT_HEALTH_NEEDS
        else:
            ehcp_rate, support_rate = cal.EHCP[group], cal.SEN_SUPPORT[group]
        base = [self._school_weight(p, "sen_factor", 4.0) for p in members]
        ehcp_weights = [
            w * _sex_factor(p.sex, cal.EHCP_BOY_RATIO) for p, w in zip(members, base, strict=True)
        ]
        ehcp = Characteristic.EHC_PLAN.value
        support = Characteristic.SEN_SUPPORT.value
        with_plan = weighted_sample(rng, members, ehcp_weights, round(ehcp_rate * len(members)))
        for pupil in with_plan:
            self.sen_now[pupil.index] = ehcp
            entry = pupil.first_admission
            if group == "special":
                special_admission = self._admission_here(pupil)
                earliest = max(
                    pupil.date_of_birth + timedelta(days=730), entry - timedelta(days=365)
                )
                start = _day_between(rng, earliest, max(earliest, special_admission))
            else:
                # Plans start after a year or so in school, or before school for the youngest.
                earliest = entry + timedelta(days=300)
                if earliest > self.as_at - timedelta(days=14):
                    earliest = max(
                        pupil.date_of_birth + timedelta(days=900), entry - timedelta(days=400)
                    )
                start = _day_between(rng, earliest, self.as_at - timedelta(days=14))
            start = min(start, self.as_at)
            support_from = max(entry, pupil.date_of_birth + timedelta(days=900))
            if rng.random() < cal.EHCP_AFTER_SEN_SUPPORT and (start - support_from).days > 120:
                began = _day_between(rng, support_from, start - timedelta(days=90))
                self._add(pupil, support, began, start - timedelta(days=1))
            self._add(pupil, ehcp, start)
        support_weights = [
            0 if p.index in self.sen_now else w * _sex_factor(p.sex, cal.SEN_SUPPORT_BOY_RATIO)
            for p, w in zip(members, base, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, support_weights, round(support_rate * len(members))
        ):
            self.sen_now[pupil.index] = support
            start = _day_between(
                rng, pupil.first_admission + timedelta(days=30), self.as_at - timedelta(days=7)
            )
            self._add(pupil, support, min(start, self.as_at))
        # Past SEN support that ended, and the odd plan that ceased: history only.
        room = self.as_at - timedelta(days=60)
        past_weights = [
            0 if p.index in self.sen_now or p.first_admission > room - timedelta(days=150) else w
            for p, w in zip(members, base, strict=True)
        ]
        ended = weighted_sample(
            rng, members, past_weights, round(cal.SEN_SUPPORT_ENDED * len(members))
        )
        ended_set = {p.index for p in ended}
        for pupil in ended:
            end = _day_between(rng, pupil.first_admission + timedelta(days=150), room)
            start = _day_between(
                rng, pupil.first_admission + timedelta(days=30), end - timedelta(days=90)
            )
            self._add(pupil, support, start, end)
        ceased_weights = [
            0 if p.index in ended_set or p.first_admission > room - timedelta(days=400) else w
            for p, w in zip(members, past_weights, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, ceased_weights, round(cal.EHCP_CEASED * len(members))
        ):
            end = _day_between(rng, pupil.first_admission + timedelta(days=400), room)
            start = _day_between(
                rng, pupil.first_admission + timedelta(days=30), end - timedelta(days=365)
            )
            self._add(pupil, ehcp, start, end)

    def _admission_here(self, pupil: PupilRecord) -> date:
        if self.current_admission is None:
            self.current_admission = {
                (e.pupil, e.school): e.admission_date
                for e in self.enrolments
                if e.leaving_date is None
            }
        return self.current_admission.get((pupil.index, pupil.school), pupil.first_admission)

    def _eal(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = cal.EAL.get(group, cal.EAL["secondary"])
        weights = [
            cal.EAL_BY_ETHNICITY[p.ethnicity] * (3.0 if p.from_outside_kent else 1.0)
            for p in members
        ]
        for pupil in weighted_sample(rng, members, weights, round(rate * len(members))):
            self._add(pupil, Characteristic.EAL.value, pupil.first_admission)

    def _young_carers(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = cal.YOUNG_CARER.get(group, cal.YOUNG_CARER["secondary"])
        weights = [2.0 if p.index in self.fsm_now else 1.0 for p in members]
        for pupil in weighted_sample(rng, members, weights, round(rate * len(members))):
            earliest = max(pupil.first_admission, _years_before(self.as_at, 3))
            start = _day_between(rng, earliest, self.as_at - timedelta(days=7))
            self._add(pupil, Characteristic.YOUNG_CARER.value, min(start, self.as_at))

    def _social_care(self, rng: random.Random) -> None:
        """Children in need (all of them: CLA and CPP included, as in the CIN census), looked
        after, on a protection plan, previously looked after; and some who were."""
        pupils = self.pupils
        total = len(pupils)
        ehcp = Characteristic.EHC_PLAN.value
        risk = []
        for pupil in pupils:
            weight = cal.SOCIAL_CARE_RISK_FSM if pupil.index in self.fsm_now else 1.0
            sen = self.sen_now.get(pupil.index)
            if sen == ehcp:
                weight *= cal.SOCIAL_CARE_RISK_EHCP
            elif sen is not None:
                weight *= cal.SOCIAL_CARE_RISK_SEN_SUPPORT
            risk.append(weight)
        taken = [False] * total

        def draw(share: float, weights=None) -> list[PupilRecord]:
            weights = weights or risk
            available = [0 if taken[i] else w for i, w in enumerate(weights)]
            chosen = weighted_sample(rng, pupils, available, round(share * total))
            for pupil in chosen:
                taken[pupil.index] = True
            return chosen

        cla, cin, cpp = (
            Characteristic.LOOKED_AFTER.value,
            Characteristic.CHILD_IN_NEED.value,
            Characteristic.CHILD_PROTECTION_PLAN.value,
        )
        as_at = self.as_at
        older = [w * (1.5 if p.nc_year >= 7 else 1.0) for p, w in zip(pupils, risk, strict=True)]
        for pupil in draw(cal.CLA, older):
            earliest = max(pupil.date_of_birth + timedelta(days=30), _years_before(as_at, 8))
            start = _day_between(rng, earliest, as_at - timedelta(days=14))
            self._add(pupil, cla, start)
            self._add(
                pupil, cin, max(pupil.date_of_birth, start - timedelta(days=rng.randint(30, 365)))
            )
        for pupil in draw(cal.CHILD_PROTECTION_PLAN):
            start = _day_between(rng, _years_before(as_at, 2), as_at - timedelta(days=14))
            start = max(start, pupil.date_of_birth)
            self._add(pupil, cpp, start)
            self._add(
                pupil, cin, max(pupil.date_of_birth, start - timedelta(days=rng.randint(14, 200)))
            )
        for pupil in draw(cal.CHILD_IN_NEED - cal.CLA - cal.CHILD_PROTECTION_PLAN):
            start = _day_between(rng, _years_before(as_at, 3), as_at - timedelta(days=7))
            self._add(pupil, cin, max(start, pupil.date_of_birth))
        # Previously looked after: in care when small, then adopted or under an order.
        plac = Characteristic.PREVIOUSLY_LOOKED_AFTER.value
        for pupil in draw(cal.PREVIOUSLY_LOOKED_AFTER, [1.0] * total):
            start = pupil.date_of_birth + timedelta(days=rng.randint(10, 1200))
            end = min(start + timedelta(days=rng.randint(180, 900)), as_at - timedelta(days=30))
            if end <= start:
                continue
            self._add(pupil, cin, start, end)
            self._add(pupil, cla, start, end)
            self._add(pupil, plac, end + timedelta(days=1))
        # Ended episodes: history the Virtual School and Front Door see.
        for share, kinds in (
            (cal.CIN_ENDED, (cin,)),
            (cal.CPP_ENDED, (cin, cpp)),
            (cal.CLA_ENDED, (cin, cla)),
        ):
            for pupil in draw(share):
                earliest = max(pupil.date_of_birth + timedelta(days=365), _years_before(as_at, 6))
                start = _day_between(rng, earliest, as_at - timedelta(days=120))
                end = min(start + timedelta(days=rng.randint(30, 500)), as_at - timedelta(days=14))
                for kind in kinds:
                    self._add(pupil, kind, start, max(start, end))

    def _medical(self, rng: random.Random) -> None:
        medical = Characteristic.MEDICAL_CONDITION.value
        health = [
            p
            for p in self.pupils
            if p.alternative_provision == "health_needs" or p.group == "health_needs"
        ]
        chosen = {p.index for p in health}
        remaining = round(cal.MEDICAL_CONDITION * len(self.pupils)) - len(health)
        weights = [0 if p.index in chosen else 1.0 for p in self.pupils]
        for pupil in health + weighted_sample(rng, self.pupils, weights, remaining):
            start = _day_between(rng, pupil.first_admission, self.as_at - timedelta(days=7))
            self._add(pupil, medical, min(start, self.as_at))

    # --- Ofsted --------------------------------------------------------------------------------

    def _inspections(self) -> None:
        rng = self.stream("ofsted")
        schools = self.schools
        grades = [
            g
            for g, n in zip(
                cal.LATEST_GRADE,
                apportion(len(schools), list(cal.LATEST_GRADE.values())),
                strict=True,
            )
            for _ in range(n)
        ]
        # Worse grades lean towards more deprived schools.
        order = sorted(
            range(len(schools)),
            key=lambda i: rng.gauss(0, 1) - 0.6 * math.log(schools[i].deprivation),
            reverse=True,
        )
        latest = dict(zip(order, grades, strict=True))
        last_day = min(cal.LAST_SINGLE_WORD_GRADES, self.as_at - timedelta(days=30))
        first_day = max(cal.CIF_2015_START + timedelta(days=30), _years_before(last_day, 6))
        by_school: dict[int, list[InspectionRecord]] = {}
        for school in schools:
            opened = school.opened_on
            earliest = first_day if opened is None else max(first_day, _years_after(opened, 2))
            day = _day_between(rng, earliest, last_day)
            grade = latest[school.index]
            wanted = _choice(rng, cal.GRADED_INSPECTIONS)
            records = []
            for _ in range(wanted):
                if day < cal.CIF_2015_START or (opened is not None and day < opened):
                    break
                records.append(self._graded(rng, school, day, grade))
                grade = _previous_grade(rng, grade)
                day = _weekday_on_or_before(day - timedelta(days=rng.randint(700, 1600)))
            by_school[school.index] = records
        if self.as_at > cal.REPORT_CARD_START + timedelta(days=7):
            count = round(cal.REPORT_CARD_SHARE * len(schools))
            for index in sorted(rng.sample(range(len(schools)), count)):
                school = schools[index]
                last = by_school[index][0].overall_effectiveness if by_school[index] else 2
                by_school[index].insert(0, self._report_card(rng, school, last))
        for school in schools:
            self.inspections.extend(by_school[school.index])

    def _published(self, rng: random.Random, day: date) -> date | None:
        published = day + timedelta(days=rng.randint(18, 40))
        return published if published <= self.as_at else None

    def _graded(self, rng: random.Random, school, day: date, grade: int) -> InspectionRecord:
        def near(value: int) -> int:
            if rng.random() < 0.7:
                return value
            return min(4, max(1, value + rng.choice((-1, 1))))

        framework = (
            OfstedInspection.Framework.CIF_2015
            if day < cal.EIF_2019_START
            else OfstedInspection.Framework.EIF_2019
        )
        return InspectionRecord(
            school=school.index,
            inspection_date=day,
            published_on=self._published(rng, day),
            framework=framework.value,
            overall_effectiveness=grade,
            quality_of_education=grade,
            behaviour_and_attitudes=near(grade),
            personal_development=min(grade, near(grade)),
            leadership_and_management=near(grade),
            safeguarding_effective=not (grade == 4 and rng.random() < 0.6),
        )

    def _report_card(self, rng: random.Random, school, last_grade: int) -> InspectionRecord:
        day = _day_between(rng, cal.REPORT_CARD_START, self.as_at - timedelta(days=3))
        # A school's areas mostly share one grade, which leans on its last graded outcome.
        shift = {1: -1, 2: 0, 3: 0, 4: 1}[last_grade]
        base = _choice(rng, cal.REPORT_CARD_GRADES)
        if rng.random() < 0.35:
            base = min(5, max(1, base + shift))
        areas = list(CORE_AREAS)
        if school.kind in ("primary", "infant"):
            areas.append(ReportCardArea.EARLY_YEARS)
        if school.has_sixth_form:
            areas.append(ReportCardArea.SIXTH_FORM)
        evaluations = [
            (area.value, base if rng.random() < 0.55 else _choice(rng, cal.REPORT_CARD_GRADES))
            for area in areas
        ]
        return InspectionRecord(
            school=school.index,
            inspection_date=day,
            published_on=self._published(rng, day),
            framework=OfstedInspection.Framework.REPORT_CARD_2025.value,
            safeguarding_effective=rng.random() >= cal.SAFEGUARDING_NOT_MET,
            evaluations=evaluations,
        )


def _group_of(kind: str) -> str:
    if kind in PRIMARY_KINDS:
        return "primary"
    if kind in SECONDARY_KINDS:
        return "secondary"
    return kind


def _sex_factor(sex: str, boy_ratio: float) -> float:
    return boy_ratio if sex == "M" else 1.0


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _years_after(day: date, years: int) -> date:
    return _years_before(day, -years)


def _previous_grade(rng: random.Random, grade: int) -> int:
    table = {
        1: {1: 0.5, 2: 0.5},
        2: {1: 0.15, 2: 0.6, 3: 0.25},
        3: {2: 0.5, 3: 0.35, 4: 0.15},
        4: {2: 0.5, 3: 0.5},
    }[grade]
    return _choice(rng, table)


# --- names and numbers -------------------------------------------------------------------------


class _EstablishmentNumbers:
    """DfE establishment numbers by type, as LAs allocate them: 1100s PRUs, 2000s community
    and academy primaries, 3000s voluntary primaries (VC below 3300, VA above), 4000s
    secondaries (4500s voluntary), 5200s foundation primaries, 5400s foundation secondaries,
    7000s special schools."""

    RANGES = {
        "pru": (1100, 1199),
        "primary": (2001, 2999),
        "primary_vc": (3000, 3299),
        "primary_va": (3300, 3999),
        "primary_foundation": (5200, 5299),
        "secondary": (4000, 4499),
        "secondary_voluntary": (4500, 4999),
        "secondary_foundation": (5400, 5499),
        "special": (7000, 7999),
    }

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.free: dict[str, list[int]] = {}

    def take(self, school: SchoolRecord) -> int:
        pool = self._pool(school)
        if pool not in self.free:
            first, last = self.RANGES[pool]
            numbers = list(range(first, last + 1))
            self.rng.shuffle(numbers)
            self.free[pool] = numbers
        return self.free[pool].pop()

    @staticmethod
    def _pool(school: SchoolRecord) -> str:
        if school.kind in AP_KINDS:
            return "pru"
        if school.kind == "special":
            return "special"
        faith = school.religious_character != NOT_RELIGIOUS
        if school.kind in PRIMARY_KINDS:
            if school.route == "foundation":
                return "primary_foundation"
            if school.route == "va":
                return "primary_va"
            if school.route == "vc" or faith:
                return "primary_vc"
            return "primary"
        if school.route == "foundation":
            return "secondary_foundation"
        if school.route in ("va", "vc") or faith:
            return "secondary_voluntary"
        return "secondary"


class _SchoolNames:
    """Fictional school names: a plant and a landscape word, or a saint for church schools.
    A name already used in the county is prefixed with the school's town."""

    def __init__(self, rng: random.Random):
        stems = []
        for plant in names.NAME_PLANTS:
            for landscape in names.NAME_LANDSCAPES:
                if plant[-1] == landscape[0]:
                    continue  # "Elmmere", "Ashhurst"
                if len(plant) <= names.SHORT_PLANT:
                    stem = plant + landscape
                else:
                    stem = f"{plant} {landscape.capitalize()}"
                if stem not in names.BLOCKED_STEMS:
                    stems.append(stem)
        rng.shuffle(stems)
        self.stems = stems
        self.saints = list(names.SAINTS)
        rng.shuffle(self.saints)
        self.used: set[str] = set()

    def _stem(self) -> str:
        return self.stems.pop()

    def _saint(self, rng: random.Random) -> str:
        saint = self.saints.pop() if self.saints else rng.choice(names.SAINTS)
        return f"St {saint}'" if saint.endswith("s") else f"St {saint}'s"

    def _unique(self, name: str, town: str) -> str:
        if name in self.used:
            name = f"{town} {name}"
        while name in self.used:
            name = f"{town} {self._stem()} {name.removeprefix(town + ' ')}"
        self.used.add(name)
        return name

    def primary(self, rng: random.Random, school: SchoolRecord) -> str:
        religion = school.religious_character
        if religion == "Church of England":
            church = "Church of England Primary " + ("Academy" if school.is_academy else "School")
            if rng.random() < 0.6:
                return self._unique(f"{self._saint(rng)} {church}", school.town)
            return self._unique(f"{self._stem()} {church}", school.town)
        if religion == "Roman Catholic":
            return self._unique(f"{self._saint(rng)} Catholic Primary School", school.town)
        if religion == "Methodist":
            return self._unique(f"{self._stem()} Methodist Primary School", school.town)
        stem = self._stem()
        if school.route == "community" and rng.random() < 0.3:
            return self._unique(f"{stem} Community Primary School", school.town)
        if school.route in ("sponsor_led", "free_school"):
            return self._unique(f"{stem} Primary Academy", school.town)
        if school.route == "converter":
            ending = _choice(rng, {"Primary School": 4, "Primary Academy": 3, "Academy": 3})
            return self._unique(f"{stem} {ending}", school.town)
        return self._unique(f"{stem} Primary School", school.town)

    def pair(self, rng: random.Random, infant: SchoolRecord) -> tuple[str, str]:
        stem = self._stem()
        ending = "Academy" if infant.is_academy else "School"
        church = " Church of England" if infant.religious_character == "Church of England" else ""
        return (
            self._unique(f"{stem}{church} Infant {ending}", infant.town),
            self._unique(f"{stem}{church} Junior {ending}", infant.town),
        )

    def secondary(self, rng: random.Random, school: SchoolRecord, *, faith: bool) -> str:
        if faith:
            religion = school.religious_character
            if religion == "Roman Catholic":
                return self._unique(f"{self._saint(rng)} Catholic School", school.town)
            ending = "Academy" if school.is_academy else "School"
            return self._unique(f"{self._saint(rng)} Church of England {ending}", school.town)
        stem = self._stem()
        if school.is_academy:
            ending = _choice(rng, {"Academy": 5, "School": 2, "High School": 2})
        else:
            ending = _choice(rng, {"School": 4, "High School": 3, "Community College": 1})
        return self._unique(f"{stem} {ending}", school.town)

    def grammar(self, rng: random.Random, school: SchoolRecord) -> str:
        stem = self._stem()
        if school.gender == "Girls":
            ending = rng.choice(("Grammar School for Girls", "Girls' Grammar School"))
        elif school.gender == "Boys":
            ending = rng.choice(("Grammar School for Boys", "Boys' Grammar School"))
        else:
            ending = "Grammar School"
        return self._unique(f"{stem} {ending}", school.town)

    def special(self, rng: random.Random, school: SchoolRecord) -> str:
        ending = (
            "Academy" if school.is_academy else rng.choice(("School", "School", "Special School"))
        )
        return self._unique(f"{self._stem()} {ending}", school.town)
