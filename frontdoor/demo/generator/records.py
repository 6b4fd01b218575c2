"""The county's plain records (no database), and the words and kinds they use."""

from dataclasses import dataclass, field
from datetime import date

from frontdoor.demo import calibration as cal
from frontdoor.pupils.models import Enrolment
from frontdoor.schools.models import OfstedInspection

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
class ExclusionRecord:
    """A permanent exclusion: the pupil's enrolment at the school ends on `start_date`."""

    pupil: int
    school: int
    start_date: date


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
    permanent_exclusions: list[ExclusionRecord] = field(default_factory=list)
