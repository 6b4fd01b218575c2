"""Reads for the family's pages and the school's list of its pupils' EHC cases. The family's
start from `access.scope_family_send_cases` (their own children only), the school's from
`access.scope_school_send_cases` (the children on their roll); who else can see a case from
`access.send_case_viewers`. Everything is put in the words a parent would use."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from frontdoor.core import access
from frontdoor.core.models import User
from frontdoor.core.roles import SCHOOL_ROLES, Role
from frontdoor.pupils.models import Enrolment, Pupil
from frontdoor.pupils.selectors import current_schools
from frontdoor.send import clock, plan_content, reviews
from frontdoor.send.models import CLOSED_STAGES, EhcRequest, Stage
from frontdoor.send.models_notifications import Notification
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.notifications import NEXT_STEP_WORDS
from frontdoor.send.virtual_school import current_term

NOTIFICATIONS_SHOWN = 30
SCHOOL_PLANS_PER_PAGE = 50

# Where a request stands, as the family would say it.
STAGE_WORDS = {
    Stage.RECEIVED: "The council is deciding whether to carry out an EHC needs assessment",
    Stage.REFUSED: "The council decided not to carry out an EHC needs assessment",
    Stage.ASSESSING: "The council is carrying out an EHC needs assessment",
    Stage.NOT_ISSUING: "The council decided not to issue an EHC plan after the assessment",
    Stage.DRAFTING: "The council is writing the draft EHC plan",
    Stage.DRAFT_SERVED: "The draft EHC plan is with you for your comments",
    Stage.ISSUED: "The final EHC plan has been issued",
    Stage.WITHDRAWN: "The request was withdrawn",
}


@dataclass(frozen=True)
class Event:
    on: date
    what: str


@dataclass(frozen=True)
class NextStep:
    what: str
    due: date
    status: str  # clock's "overdue", "due soon" or "not yet due"


@dataclass(frozen=True)
class PlanSection:
    letter: str
    title: str
    lines: list[str]


@dataclass(frozen=True)
class Viewer:
    who: str
    why: str


@dataclass
class FamilyCase:
    """One EHC case of the family's child: the request and the plan it led to (either may be
    missing: a plan taken over from another council has no request here)."""

    pupil: Pupil
    request: EhcRequest | None
    plan: EhcPlan | None
    stage: str = ""
    next_step: NextStep | None = None
    history: list[Event] = field(default_factory=list)
    plan_version: PlanVersion | None = None
    plan_sections: list[PlanSection] = field(default_factory=list)
    next_review: date | None = None
    review_under_way: AnnualReview | None = None
    viewers: list[Viewer] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return (self.request or self.plan).reference

    @property
    def named_setting(self):
        """The school or college the plan names (the request's, before the plan is saved)."""
        if self.plan is not None and self.plan.named_setting_id:
            return self.plan.named_setting
        return self.request.named_setting if self.request is not None else None

    @property
    def awaiting_comments(self) -> bool:
        """Whether the draft is with the family and their comments are not yet in."""
        request = self.request
        return (
            request is not None
            and request.stage == Stage.DRAFT_SERVED
            and request.representations_on is None
        )


# The family's cases --------------------------------------------------------------------------


def _family_requests(user) -> QuerySet[EhcRequest]:
    return access.scope_family_send_cases(
        user, EhcRequest.objects.select_related("pupil", "district", "caseworker", "named_setting")
    )


def _family_plans(user) -> QuerySet[EhcPlan]:
    return access.scope_family_send_cases(
        user,
        EhcPlan.objects.select_related("pupil", "district", "named_setting").prefetch_related(
            "reviews",
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.filter(status=PlanVersion.Status.FINAL),
                to_attr="final_versions",
            ),
        ),
    )


def family_request_for(user, ehc_request_id: int) -> EhcRequest | None:
    """The request, if it is one of the family's own children's (None otherwise)."""
    return _family_requests(user).filter(pk=ehc_request_id).first()


def family_cases(user, *, today: date, ehc_request: EhcRequest | None = None) -> list[FamilyCase]:
    """The cases of the children the user follows (or the one case of `ehc_request`), the
    most recent request first."""
    requests = _family_requests(user).order_by("pupil__first_name", "-received_on", "-pk")
    plans = _family_plans(user)
    if ehc_request is not None:
        requests = requests.filter(pk=ehc_request.pk)
        plans = plans.filter(request=ehc_request)
    plans_by_request = {}
    plans_alone = []
    for plan in plans:
        if plan.request_id is not None:
            plans_by_request[plan.request_id] = plan
        else:
            plans_alone.append(plan)
    cases = [FamilyCase(r.pupil, r, plans_by_request.get(r.pk)) for r in requests]
    cases += [FamilyCase(p.pupil, None, p) for p in plans_alone]
    for case in cases:
        _describe(case, today)
    _add_viewers(cases, today)
    return cases


def _describe(case: FamilyCase, today: date) -> None:
    if case.request is not None:
        request = case.request
        case.stage = STAGE_WORDS[request.stage]
        step = clock.next_step(request)
        if step is not None:
            case.next_step = NextStep(NEXT_STEP_WORDS[step.step], step.due, step.status(today))
        case.history = request_history(request)
    plan = case.plan
    if plan is None:
        return
    finals = plan.final_versions
    case.plan_version = finals[-1] if finals else None
    if case.plan_version is not None:
        case.plan_sections = plan_sections(case.plan_version.content)
    case.history += plan_history(plan, finals, today)
    case.history.sort(key=lambda event: event.on)
    if plan.ceased_on:
        case.stage = f"The EHC plan stopped on {plan.ceased_on:%-d %B %Y}"
        return
    if case.request is None:
        case.stage = "The EHC plan is in force"
    standing = next(iter(reviews.standings([plan])), None)
    if standing is not None:
        case.next_review, case.review_under_way = standing.due, standing.under_way


def request_history(request: EhcRequest) -> list[Event]:
    """The steps taken so far, with their dates."""
    assessing = request.stage != Stage.REFUSED
    issuing = request.stage != Stage.NOT_ISSUING
    steps = [
        (request.received_on, "The council received the request for an assessment"),
        (
            request.assessment_decided_on,
            "The council decided to carry out an assessment"
            if assessing
            else "The council decided not to carry out an assessment",
        ),
        (
            request.plan_decided_on,
            "The council decided to issue an EHC plan"
            if issuing
            else "The council decided not to issue an EHC plan",
        ),
        (request.draft_served_on, "The council sent you the draft plan"),
        (request.representations_on, "The council received your comments on the draft"),
        (request.final_issued_on, "The council issued the final plan"),
        (request.withdrawn_on, "The request was withdrawn"),
    ]
    return [Event(on, what) for on, what in steps if on is not None]


def plan_history(plan: EhcPlan, finals: list[PlanVersion], today: date) -> list[Event]:
    events = [
        Event(v.made_on, f"Version {v.number} of the plan became final ({v.get_reason_display()})")
        for v in finals
        if v.made_on and v.number > 1
    ]
    for review in plan.reviews.all():
        if review.meeting_on and review.meeting_on <= today:
            events.append(Event(review.meeting_on, "Annual review meeting"))
        if review.decision_on:
            decided = ReviewDecision(review.decision).label.lower()
            events.append(
                Event(review.decision_on, f"After the review, the council decided to {decided}")
            )
    if plan.ceased_on:
        events.append(Event(plan.ceased_on, "The plan stopped"))
    return events


def plan_sections(content: dict) -> list[PlanSection]:
    """The plan's sections A to K, each as lines a family can read (empty sections included:
    a family should see that a section says nothing)."""
    return [
        PlanSection(letter, title, _lines(content.get(letter)))
        for letter, title in plan_content.SECTIONS.items()
    ]


def _lines(value) -> list[str]:
    if value in (None, "", [], {}):
        return []
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, dict):
        return [_line(value)]
    return [_line(item) for item in value]


def _line(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    text = str(item.get("text") or item.get("name") or item.get("from") or "").strip()
    details = []
    if item.get("area") in plan_content.AREAS:
        details.append(plan_content.AREAS[item["area"]])
    for key, label in (("who", "who"), ("how_often", "how often"), ("by", "by")):
        if str(item.get(key, "")).strip():
            details.append(f"{label}: {item[key]}")
    if isinstance(item.get("hours_a_week"), int | float):
        details.append(f"{item['hours_a_week']:g} hours a week")
    if item.get("amount"):
        details.append(f"£{item['amount']:,}")
    if str(item.get("arrangements", "")).strip():
        details.append(item["arrangements"])
    return " — ".join(part for part in [text, "; ".join(details)] if part)


# Who can see a case ---------------------------------------------------------------------------


def _add_viewers(cases: list[FamilyCase], today: date) -> None:
    """Who can see each case, grouped as a family would want to know: the named caseworker
    by name, the district's SEND team, the child's school and trust by their names, the
    Virtual School and the family."""
    pupil_ids = {case.pupil.pk for case in cases}
    schools: dict[int, list] = {}
    on_roll = (
        Enrolment.objects.filter(pupil__in=pupil_ids, admission_date__lte=today)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .select_related("establishment__trust")
    )
    for enrolment in on_roll:
        schools.setdefault(enrolment.pupil_id, []).append(enrolment.establishment)
    for case in cases:
        held = case.request or case.plan
        by_role = dict(
            access.send_case_viewers(held, User.objects.all(), today=today)
            .values_list("role")
            .annotate(people=Count("pk", distinct=True))
        )
        case.viewers = _viewers(case, held, by_role, schools.get(case.pupil.pk, []))


def _viewers(case: FamilyCase, held, by_role: dict, schools: list) -> list[Viewer]:
    found = []
    caseworker = case.request.caseworker if case.request else None
    named = caseworker is not None and caseworker.is_active
    if named:
        found.append(
            Viewer(f"{caseworker.get_full_name()}, SEND caseworker", "Your child’s caseworker")
        )
    # The named caseworker works in the district too: counted once, above.
    team = by_role.get(Role.SEND_CASEWORKER, 0) - (1 if named else 0)
    if team > 0:
        found.append(
            Viewer(
                f"The council’s {'other ' if named else ''}SEND caseworkers for "
                f"{held.district.name} ({team} {'person' if team == 1 else 'people'})",
                "They hold the EHC cases of the district",
            )
        )
    if sum(by_role.get(role, 0) for role in SCHOOL_ROLES):
        names = " and ".join(sorted(school.name for school in schools))
        found.append(
            Viewer(f"The headteacher and SENCO at {names}", "Your child is on the school’s roll")
        )
    if by_role.get(Role.TRUST):
        trusts = " and ".join(sorted({s.trust.name for s in schools if s.trust_id}))
        found.append(Viewer(trusts, "The trust runs your child’s school (an academy)"))
    if by_role.get(Role.VIRTUAL_SCHOOL):
        found.append(
            Viewer(
                "The Virtual School",
                "It supports the education of children in care or with a social worker",
            )
        )
    others = by_role.get(Role.PARENT, 0) - 1
    also = f" and {others} other family member{'s' if others > 1 else ''}" if others > 0 else ""
    found.append(Viewer("You" + also, "You follow this case"))
    return found


# The family's notifications ---------------------------------------------------------------


def family_notifications(user) -> list[Notification]:
    """The user's newest notifications, newest first."""
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("ehc_request__pupil", "plan__pupil")
        .order_by("-created_at", "-pk")[:NOTIFICATIONS_SHOWN]
    )


# The school's list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolRequestRow:
    request: EhcRequest
    school: object
    next_step: clock.ClockStep | None
    next_status: str | None


@dataclass(frozen=True)
class SchoolPlanRow:
    standing: reviews.ReviewStanding
    school: object
    status: str  # clock's "overdue", "due soon" or "not yet due"


@dataclass(frozen=True)
class SchoolCases:
    requests: list[SchoolRequestRow]
    plans: Page  # of SchoolPlanRow, soonest review first
    term: object  # term_dates.Term or None
    this_term: list[SchoolPlanRow]  # the reviews due this term


def school_cases(user, *, today: date, page: int = 1) -> SchoolCases:
    """The EHC requests still open and the plans in force of the children on the user's
    schools' roll, with each request's next statutory date and each plan's next review."""
    requests = list(
        access.scope_school_send_cases(
            user, EhcRequest.objects.select_related("pupil", "district"), today=today
        ).exclude(stage__in=CLOSED_STAGES)
    )
    plans = access.scope_school_send_cases(
        user,
        EhcPlan.objects.filter(issued_on__isnull=False, ceased_on__isnull=True)
        .select_related("pupil")
        .prefetch_related("reviews"),
        today=today,
    )
    standings = sorted(reviews.standings(plans), key=lambda s: (s.due, s.plan.pk))
    pupil_ids = {r.pupil_id for r in requests} | {s.plan.pupil_id for s in standings}
    schools = current_schools(user=user, pupil_ids=pupil_ids)
    rows = []
    for request in requests:
        step = clock.next_step(request)
        rows.append(
            SchoolRequestRow(
                request, schools.get(request.pupil_id), step, step and step.status(today)
            )
        )
    rows.sort(key=lambda row: row.next_step.due if row.next_step else date.max)
    plan_rows = [
        SchoolPlanRow(s, schools.get(s.plan.pupil_id), review_status(s.due, today))
        for s in standings
    ]
    term = current_term(today)
    this_term = (
        [row for row in plan_rows if term.start <= row.standing.due <= term.end]
        if term is not None
        else []
    )
    return SchoolCases(
        requests=rows,
        plans=Paginator(plan_rows, SCHOOL_PLANS_PER_PAGE).get_page(page),
        term=term,
        this_term=this_term,
    )


def review_status(due: date, today: date) -> str:
    """A review's standing against the date it is due, as the clock words it."""
    return clock.ClockStep("review_meeting", due, "", None).status(today)
