"""Who may see and do what. The one place these rules live.

Every query that can return a child's data goes through `scope_pupils` (or a selector built on
it); every action checks `can`/`require`. Views never build their own rules. The role × URL
test (frontdoor/tests/test_role_url_matrix.py) walks every URL as every role against this."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from frontdoor.core.calendar import academic_year_of, academic_year_start
from frontdoor.core.roles import COUNCIL_ROLES, DISTRICT_ROLES, SCHOOL_ROLES, Role


class Permission(StrEnum):
    VIEW_PUPILS = "view_pupils"  # open children's records (within the pupil scope)
    VIEW_COUNTY_DASHBOARD = "view_county_dashboard"  # aggregate county figures, no names
    VIEW_ATTENDANCE = "view_attendance"  # attendance figures (aggregates) for the schools in reach
    MANAGE_TSMS = "manage_tsms"  # book and hold Targeting Support Meetings, agree actions
    RECORD_SUPPORT = "record_support"  # record support steps for pupils in scope
    ENFORCE_ATTENDANCE = "enforce_attendance"  # notices to improve, penalty notices, court steps
    RECORD_EXCLUSIONS = "record_exclusions"  # a school's suspensions and permanent exclusions
    KEEP_CHECKLIST = "keep_checklist"  # a school's attendance responsibilities checklist
    VIEW_SCHOOLS = "view_schools"  # the establishment register and Ofsted outcomes
    IMPORT_REFERENCE_DATA = "import_reference_data"  # GIAS and other reference imports
    VIEW_AUDIT = "view_audit"  # search the audit trail
    ADMINISTER = "administer"  # users, roles and reference data in the admin
    REQUEST_SUPPORT = "request_support"  # submit Requests for Support to the Front Door
    TRIAGE_REQUESTS = "triage_requests"  # decide support levels and routes (a manager signs off)
    HOLD_DISTRICT_CONVERSATIONS = "hold_district_conversations"  # log and answer them
    WORK_CASES = "work_cases"  # the cases the Front Door routes to Early Help and social work
    NOTIFY_PATHWAYS = "notify_pathways"  # a school's inclusion and attendance pathways
    RESPOND_PATHWAYS = "respond_pathways"  # the council's teams that own the pathways
    VIEW_SUPPORT_MEASURES = "view_support_measures"  # the Front Door's figures, no children named
    RUN_FUNDING_MODELS = "run_funding_models"  # funding models and scenarios, county figures only
    VIEW_OWN_SCHOOL_FUNDING = "view_own_school_funding"  # published budget lines, own schools only
    WORK_SEND_CASES = "work_send_cases"  # EHC needs assessments and plans in the caseworker's area
    KEEP_PEPS = "keep_peps"  # the Virtual School's personal education plans for its children
    FOLLOW_OWN_SEND_CASE = "follow_own_send_case"  # a family's own children's EHC cases
    VIEW_SCHOOL_SEND = "view_school_send"  # EHC requests and plans of the children on roll
    VIEW_SEND_MEASURES = "view_send_measures"  # SEND performance figures, no children named


# The register and county Ofsted figures are public information: every role may see them.
_EVERYONE = frozenset({Permission.VIEW_SCHOOLS, Permission.VIEW_COUNTY_DASHBOARD})
# Not parents: they follow their own children's EHC cases (scope_family_send_cases) and open
# no pupil record, so scope_pupils and pupil_reach give them nobody.
_PUPIL_ROLES = DISTRICT_ROLES | SCHOOL_ROLES | {Role.FRONT_DOOR, Role.VIRTUAL_SCHOOL, Role.TRUST}

# Requests for Support come from partners, schools and the council's own practitioners; not
# from the council's back office (administrators, finance, analysts), nor from parents: the
# form is the professionals' (with the family's consent); a family asks the council directly.
_REQUESTING_ROLES = frozenset(Role) - {Role.LA_ADMIN, Role.FINANCE, Role.ANALYST, Role.PARENT}

# Attendance figures: the council's education staff for every school, schools and trusts for
# their own. Finance officers and partner agencies have no use for them.
_ATTENDANCE_ROLES = (COUNCIL_ROLES - {Role.FINANCE}) | SCHOOL_ROLES | {Role.TRUST}

# The Front Door's measures: those who run it, the teams it routes to, analysts and admins.
_SUPPORT_MEASURES_ROLES = frozenset(
    {Role.FRONT_DOOR, Role.EARLY_HELP, Role.SOCIAL_WORKER, Role.ANALYST, Role.LA_ADMIN}
)

# A school's staff and a trust's users: their own establishments, never the county's.
_OWN_SCHOOL_ROLES = SCHOOL_ROLES | {Role.TRUST}

# The EHC requests and plans of a school's pupils: those who take part in them (the head and
# the SENCO give the educational advice and hold the reviews; a trust for its academies).
_SCHOOL_SEND_ROLES = frozenset({Role.HEADTEACHER, Role.SENCO, Role.TRUST})

# SEND performance (aggregates): the caseworkers for their area, analysts and administrators.
_SEND_MEASURES_ROLES = frozenset({Role.SEND_CASEWORKER, Role.ANALYST, Role.LA_ADMIN})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    role: _EVERYONE
    | ({Permission.VIEW_PUPILS} if role in _PUPIL_ROLES else set())
    | ({Permission.VIEW_ATTENDANCE} if role in _ATTENDANCE_ROLES else set())
    | (
        {Permission.MANAGE_TSMS, Permission.ENFORCE_ATTENDANCE, Permission.RECORD_SUPPORT}
        if role == Role.ATTENDANCE_OFFICER
        else set()
    )
    | (
        {Permission.RECORD_SUPPORT, Permission.RECORD_EXCLUSIONS, Permission.KEEP_CHECKLIST}
        if role in SCHOOL_ROLES
        else set()
    )
    | ({Permission.REQUEST_SUPPORT} if role in _REQUESTING_ROLES else set())
    | ({Permission.TRIAGE_REQUESTS} if role == Role.FRONT_DOOR else set())
    | (
        {Permission.HOLD_DISTRICT_CONVERSATIONS}
        if role in (Role.EARLY_HELP, Role.FRONT_DOOR)
        else set()
    )
    | ({Permission.WORK_CASES} if role in (Role.EARLY_HELP, Role.SOCIAL_WORKER) else set())
    | ({Permission.NOTIFY_PATHWAYS} if role in SCHOOL_ROLES else set())
    | ({Permission.RESPOND_PATHWAYS} if role == Role.ATTENDANCE_OFFICER else set())
    | ({Permission.VIEW_SUPPORT_MEASURES} if role in _SUPPORT_MEASURES_ROLES else set())
    | ({Permission.RUN_FUNDING_MODELS} if role in (Role.FINANCE, Role.LA_ADMIN) else set())
    | ({Permission.VIEW_OWN_SCHOOL_FUNDING} if role in _OWN_SCHOOL_ROLES else set())
    | ({Permission.WORK_SEND_CASES} if role == Role.SEND_CASEWORKER else set())
    | ({Permission.KEEP_PEPS} if role == Role.VIRTUAL_SCHOOL else set())
    | ({Permission.VIEW_SCHOOL_SEND} if role in _SCHOOL_SEND_ROLES else set())
    | ({Permission.VIEW_SEND_MEASURES} if role in _SEND_MEASURES_ROLES else set())
    # A family sees its own children's cases and nothing else with a child's name in it.
    | ({Permission.FOLLOW_OWN_SEND_CASE} if role == Role.PARENT else set())
    | (
        {Permission.IMPORT_REFERENCE_DATA, Permission.VIEW_AUDIT, Permission.ADMINISTER}
        if role == Role.LA_ADMIN
        else set()
    )
    for role in Role
}


def can(user, permission: Permission) -> bool:
    if not (user and user.is_authenticated and user.is_active and user.role):
        return False
    return permission in ROLE_PERMISSIONS.get(Role(user.role), frozenset())


def require(user, permission: Permission) -> None:
    if not can(user, permission):
        raise PermissionDenied(f"Your role does not allow this ({permission}).")


@dataclass(frozen=True)
class EnrolmentWindow:
    """How far back a school's or district's reach goes: children on roll now, and those who
    left since the start of the previous academic year (last year's registers are still
    discussed at Targeting Support Meetings and annual reviews)."""

    since: date

    @classmethod
    def for_today(cls, today: date | None = None) -> "EnrolmentWindow":
        today = today or timezone.localdate()
        return cls(since=academic_year_start(academic_year_of(today) - 1))


def scope_establishments(user, queryset: QuerySet) -> QuerySet:
    """The establishments whose children the user may see."""
    if not can(user, Permission.VIEW_PUPILS):
        return queryset.none()
    own = _own_establishments(user, queryset)
    if own is not None:
        return own
    if Role(user.role) in DISTRICT_ROLES and not user.county_wide:
        return queryset.filter(district__in=user.districts.values("pk"))
    return queryset


def _own_establishments(user, queryset: QuerySet) -> QuerySet | None:
    """A school's or trust's users' own establishments; None for everyone else."""
    role = Role(user.role)
    if role in SCHOOL_ROLES:
        return queryset.filter(pk__in=user.schools.values("pk"))
    if role == Role.TRUST:
        return queryset.filter(trust_id=user.trust_id) if user.trust_id else queryset.none()
    return None


def scope_funding_schools(user, queryset: QuerySet) -> QuerySet:
    """The establishments whose lines in a published schools block scenario the user may see:
    a school's staff their school(s), a trust's users its academies. Finance officers see every
    school through the funding pages themselves (RUN_FUNDING_MODELS), not through this."""
    if not can(user, Permission.VIEW_OWN_SCHOOL_FUNDING):
        return queryset.none()
    return _own_establishments(user, queryset)


def scope_send_requests(user, queryset: QuerySet) -> QuerySet:
    """The EHC needs assessment requests a SEND caseworker works: their area's districts, or
    every district when county-wide."""
    if not can(user, Permission.WORK_SEND_CASES):
        return queryset.none()
    if user.county_wide:
        return queryset
    return queryset.filter(district__in=user.districts.values("pk"))


def scope_send_plans(user, queryset: QuerySet) -> QuerySet:
    """The EHC plans a SEND caseworker keeps: those held in their area's districts."""
    return scope_send_requests(user, queryset)


def scope_send_measures(user, queryset: QuerySet) -> QuerySet:
    """The EHC requests whose counts go into the SEND performance figures: a caseworker's area
    (as they work it), the whole county for analysts and administrators. Aggregates only."""
    if not can(user, Permission.VIEW_SEND_MEASURES):
        return queryset.none()
    if can(user, Permission.WORK_SEND_CASES):
        return scope_send_requests(user, queryset)
    return queryset


def send_measures_county_wide(user) -> bool:
    """Whether the user's SEND figures are the county's (not one caseworker's area)."""
    if not can(user, Permission.VIEW_SEND_MEASURES):
        return False
    return user.county_wide or not can(user, Permission.WORK_SEND_CASES)


def scope_family_send_cases(user, queryset: QuerySet) -> QuerySet:
    """The EHC requests or plans (anything with a `pupil`) a parent or young person follows:
    those of the children an LA administrator linked to them, and no others."""
    if not can(user, Permission.FOLLOW_OWN_SEND_CASE):
        return queryset.none()
    return queryset.filter(pupil__in=user.children.values("pk"))


def _on_roll_now(schools: QuerySet, today: date | None = None) -> QuerySet:
    """The enrolments of children on the schools' roll today."""
    from frontdoor.pupils.models import Enrolment

    today = today or timezone.localdate()
    return Enrolment.objects.filter(establishment__in=schools, admission_date__lte=today).filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today)
    )


def scope_school_send_cases(user, queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """The EHC requests or plans (anything with a `pupil`) a school's head or SENCO, or a
    trust's user, may read: those of the children on their schools' roll today."""
    from frontdoor.schools.models import Establishment

    if not can(user, Permission.VIEW_SCHOOL_SEND):
        return queryset.none()
    schools = _own_establishments(user, Establishment.objects.all())
    return queryset.filter(pupil__in=_on_roll_now(schools, today).values("pupil"))


def send_case_viewers(case, users: QuerySet, *, today: date | None = None) -> QuerySet:
    """The active users who may see an EHC request or plan: the rules of `scope_send_requests`,
    `scope_school_send_cases`, `scope_pupils` (the Virtual School) and
    `scope_family_send_cases`, seen from the case's side, as `case_workers` does for cases."""
    from frontdoor.pupils.models import VIRTUAL_SCHOOL_CHARACTERISTICS, CharacteristicPeriod
    from frontdoor.schools.models import Establishment

    caseworkers = Q(role=Role.SEND_CASEWORKER) & (
        Q(county_wide=True) | Q(districts=case.district_id)
    )
    schools = Establishment.objects.filter(
        pk__in=_on_roll_now(Establishment.objects.all(), today)
        .filter(pupil=case.pupil_id)
        .values("establishment")
    )
    school_staff = Q(role__in=SCHOOL_ROLES & _SCHOOL_SEND_ROLES, schools__in=schools) | Q(
        role=Role.TRUST, trust__in=schools.filter(trust__isnull=False).values("trust")
    )
    family = Q(role=Role.PARENT, children=case.pupil_id)
    seen_by = caseworkers | school_staff | family
    window = EnrolmentWindow.for_today(today)
    virtual_school_child = (
        CharacteristicPeriod.objects.filter(
            pupil=case.pupil_id, characteristic__in=VIRTUAL_SCHOOL_CHARACTERISTICS
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=window.since))
        .exists()
    )
    if virtual_school_child:
        seen_by |= Q(role=Role.VIRTUAL_SCHOOL)
    return users.filter(is_active=True).filter(seen_by).distinct()


def in_send_area(user, district) -> bool:
    """Whether a SEND caseworker's area takes in the district (to open a case there)."""
    if not can(user, Permission.WORK_SEND_CASES):
        return False
    return user.county_wide or user.districts.filter(pk=district.pk).exists()


def can_view_county_attendance(user) -> bool:
    """County and district attendance figures (aggregates across schools): council staff."""
    return can(user, Permission.VIEW_ATTENDANCE) and Role(user.role) in COUNCIL_ROLES


def scope_attendance_schools(user, queryset: QuerySet) -> QuerySet:
    """The establishments whose attendance figures the user may see: every school for council
    staff (aggregates carry no names), a school's or trust's own for their users."""
    if not can(user, Permission.VIEW_ATTENDANCE):
        return queryset.none()
    own = _own_establishments(user, queryset)
    return queryset if own is None else own


def scope_pupils(user, queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """The children the user may see. Everything that shows a child starts here."""
    from frontdoor.pupils.models import (
        VIRTUAL_SCHOOL_CHARACTERISTICS,
        CharacteristicPeriod,
        Enrolment,
    )
    from frontdoor.schools.models import Establishment

    if not can(user, Permission.VIEW_PUPILS):
        return queryset.none()
    window = EnrolmentWindow.for_today(today)
    role = Role(user.role)
    if role == Role.VIRTUAL_SCHOOL:
        return queryset.filter(
            Exists(
                CharacteristicPeriod.objects.filter(
                    pupil=OuterRef("pk"), characteristic__in=VIRTUAL_SCHOOL_CHARACTERISTICS
                ).filter(Q(end_date__isnull=True) | Q(end_date__gte=window.since))
            )
        )
    if role == Role.FRONT_DOOR or (role in DISTRICT_ROLES and user.county_wide):
        return queryset
    reachable = scope_establishments(user, Establishment.objects.all())
    return queryset.filter(
        Exists(
            Enrolment.objects.filter(pupil=OuterRef("pk"), establishment__in=reachable).filter(
                Q(leaving_date__isnull=True) | Q(leaving_date__gte=window.since)
            )
        )
    )


def scope_tsm_schools(user, queryset: QuerySet) -> QuerySet:
    """The schools whose Targeting Support Meetings the user may see: an attendance officer's
    schools (their districts, or all when county-wide), and a school's or trust's own staff
    (who attend them)."""
    if can(user, Permission.MANAGE_TSMS):
        return scope_establishments(user, queryset)
    role = Role(user.role) if user.is_authenticated and user.role else None
    if role in SCHOOL_ROLES or role == Role.TRUST:
        return scope_establishments(user, queryset)
    return queryset.none()


def can_sign_off_decisions(user) -> bool:
    """Front Door managers sign off their practitioners' decisions."""
    return can(user, Permission.TRIAGE_REQUESTS) and user.is_manager


def scope_support_requests(user, queryset: QuerySet) -> QuerySet:
    """The Requests for Support the user may see:
    - their own, drafts included;
    - the Front Door: every submitted one;
    - a school's or trust's staff: submitted requests about a child who goes to one of their
      schools, as the referrer named it or as the Front Door matched the child to a pupil;
    - Early Help: decided requests routed to Early Help or a District Conversation, sent to one
      of their districts or about a child at a school in one (every district when county-wide);
    - social workers: decided requests routed to a Social Work Team, sent to one of their
      districts (every district when county-wide).
    Partners see only their own, and their outcomes."""
    if not (user and user.is_authenticated and user.is_active and user.role):
        return queryset.none()
    own = Q(created_by=user)
    submitted = ~Q(status="draft")
    role = Role(user.role)
    if role == Role.FRONT_DOOR:
        return queryset.filter(own | submitted)
    from frontdoor.pupils.models import Enrolment
    from frontdoor.schools.models import Establishment

    if role in _CASE_ROUTES:
        routed = Q(status="decided", decision__route__in=_CASE_ROUTES[role])
        if not user.county_wide:
            theirs = user.districts.values("pk")
            sent_there = Q(decision__district__in=theirs)
            if role == Role.EARLY_HELP:  # decisions from before they named a district
                sent_there |= Q(children__school__district__in=theirs)
            routed &= sent_there
        return queryset.filter(own | routed).distinct()
    schools = _own_establishments(user, Establishment.objects.all())
    if schools is None:
        return queryset.filter(own)
    on_roll = Enrolment.objects.filter(establishment__in=schools, leaving_date__isnull=True)
    about_their_pupils = (
        Q(children__school__in=schools) | Q(children__pupil__in=on_roll.values("pupil"))
    ) & submitted
    return queryset.filter(own | about_their_pupils).distinct()


def scope_conversation_districts(user, queryset: QuerySet) -> QuerySet:
    """The districts whose District Conversations the user may log, answer and see: their own
    for Early Help (every district when county-wide); every district for the Front Door, which
    routes requests to them."""
    if not can(user, Permission.HOLD_DISTRICT_CONVERSATIONS):
        return queryset.none()
    if Role(user.role) in DISTRICT_ROLES and not user.county_wide:
        return queryset.filter(pk__in=user.districts.values("pk"))
    return queryset


# The routes whose requests, and the case teams whose cases, each case-working role takes.
_CASE_ROUTES = {
    Role.EARLY_HELP: ("district_conversation", "early_help_unit"),
    Role.SOCIAL_WORKER: ("social_work_team",),
}
_CASE_TEAMS = {Role.EARLY_HELP: "early_help_unit", Role.SOCIAL_WORKER: "social_work_team"}


def scope_cases(user, queryset: QuerySet) -> QuerySet:
    """The cases the user may see: Early Help the Early Help units' and social workers the
    Social Work Teams', in their districts (every district when county-wide); the Front Door
    every case, to follow what its decisions started (only WORK_CASES may change one)."""
    if can(user, Permission.TRIAGE_REQUESTS):
        return queryset
    if not can(user, Permission.WORK_CASES):
        return queryset.none()
    found = queryset.filter(team=_CASE_TEAMS[Role(user.role)])
    if user.county_wide:
        return found
    return found.filter(district__in=user.districts.values("pk"))


def case_workers(case, users: QuerySet) -> QuerySet:
    """The users a case may be allocated to: the active users whose `scope_cases` holds it
    (its team's role, covering its district), the same rule seen from the case's side."""
    roles = [role for role, team in _CASE_TEAMS.items() if team == case.team]
    return (
        users.filter(is_active=True, role__in=roles)
        .filter(Q(county_wide=True) | Q(districts=case.district_id))
        .distinct()
    )


def scope_district_conversations(user, queryset: QuerySet) -> QuerySet:
    """The District Conversations the user may see: those of the districts in their reach."""
    from frontdoor.schools.models import District

    return queryset.filter(district__in=scope_conversation_districts(user, District.objects.all()))


def scope_pathway_notifications(user, queryset: QuerySet) -> QuerySet:
    """A school's inclusion and attendance pathway notifications: its own staff see their
    schools'; the council's attendance officers, who own the pathways, the schools in their
    districts (every school when county-wide)."""
    if not (can(user, Permission.NOTIFY_PATHWAYS) or can(user, Permission.RESPOND_PATHWAYS)):
        return queryset.none()
    from frontdoor.schools.models import Establishment

    return queryset.filter(school__in=scope_establishments(user, Establishment.objects.all()))


@dataclass(frozen=True)
class PupilReach:
    """Whose figures a user may see by name, as filters on attendance rows (what `scope_pupils`
    allows, expressed for data outside the database): schools by URN, districts by code, and
    whether only children with a social worker or in care. None means no limit."""

    urns: frozenset[int] | None = None
    districts: frozenset[str] | None = None
    social_care_only: bool = False


def pupil_reach(user) -> PupilReach | None:
    """The user's reach over named pupils, or None when they may see none."""
    if not can(user, Permission.VIEW_PUPILS):
        return None
    role = Role(user.role)
    if role == Role.VIRTUAL_SCHOOL:
        return PupilReach(social_care_only=True)
    if role == Role.FRONT_DOOR or (role in DISTRICT_ROLES and user.county_wide):
        return PupilReach()
    if role in DISTRICT_ROLES:
        return PupilReach(districts=frozenset(user.districts.values_list("code", flat=True)))
    from frontdoor.schools.models import Establishment

    reachable = scope_establishments(user, Establishment.objects.all())
    return PupilReach(urns=frozenset(reachable.values_list("urn", flat=True)))


def requires_two_factor(user, *, required_for_staff: bool) -> bool:
    """Council staff must verify a second factor when the setting requires it; anyone who has
    set up an authenticator must always use it."""
    if user.role in COUNCIL_ROLES and required_for_staff:
        return True
    return user.has_authenticator
