"""The Front Door's year as plain records (no database), as `generate_front_door` makes them.

People who act are named by username: the demo sign-ins (`frontdoor.demo.users.DEMO_USERS`)
and the practitioners and referrers made with the activity (`StaffRecord`), whose usernames
start with `users.STAFF_PREFIX`. Schools, districts and pupils are the county's indices."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class StaffRecord:
    """A practitioner or referrer who does not sign in (the demo has no password for them)."""

    username: str
    role: str
    first_name: str
    last_name: str
    job_title: str
    districts: tuple[int, ...] = ()
    schools: tuple[int, ...] = ()
    agency: str = ""
    is_manager: bool = False


@dataclass(slots=True)
class Household:
    index: int
    pupils: list[int]  # the children, oldest first
    parents: str
    address: str
    postcode: str
    household: str
    language: str
    interpreter_needed: bool
    family_email: str


@dataclass(slots=True)
class ChildRecord:
    pupil: int
    school: int  # the school the child was on roll at when the request was made
    upn_given: bool
    matched: bool


@dataclass(slots=True)
class DecisionRecord:
    level: int
    route: str
    indicators: list[str]
    rationale: str
    decided_by: str
    decided_at: datetime
    district: int
    signed_off_by: str = ""
    signed_off_at: datetime | None = None


@dataclass(slots=True)
class RequestRecord:
    number: int  # the order the requests were made in (drafts last)
    household: int
    children: list[ChildRecord]
    status: str
    created_by: str
    created_at: datetime
    source: str
    referrer_name: str
    referrer_role: str
    referrer_organisation: str
    referrer_phone: str
    referrer_email: str
    indicators: list[str]
    concerns: str
    tried: str
    consent: str
    consent_not_sought_reason: str
    submitted_at: datetime | None = None
    received_on: date | None = None
    decision: DecisionRecord | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class ConversationRecord:
    district: int
    asked_on: date
    asked_by_name: str
    asked_by_role: str
    asked_by_organisation: str
    about: str
    followed_referral: bool
    recorded_by: str
    created_at: datetime
    request: int | None = None  # RequestRecord.number
    advice: str = ""
    outcome: str = ""
    replied_on: date | None = None
    replied_by: str = ""


@dataclass(slots=True)
class CaseRecord:
    request: int  # RequestRecord.number
    child: int  # position among the request's children
    team: str
    district: int
    opened_on: date
    worker: str = ""
    allocated_on: date | None = None
    assessment_completed_on: date | None = None
    assessment_outcome: str = ""
    closed_on: date | None = None
    closure_reason: str = ""


@dataclass
class FrontDoorYear:
    first_day: date  # the year's first day; it ends the day before the county's as-at date
    as_at: date
    households: list[Household] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    conversations: list[ConversationRecord] = field(default_factory=list)
    cases: list[CaseRecord] = field(default_factory=list)
    staff: list[StaffRecord] = field(default_factory=list)
