"""Every change to a Request for Support: start a draft, save a page of answers, add or remove a
child, submit; then the Front Door matches its children, decides, and a manager signs off.
Drafts belong to whoever started them; once submitted, only the Front Door changes a request."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.notifications import notify_on_commit
from frontdoor.core.roles import SCHOOL_ROLES, Agency, Role
from frontdoor.pupils.selectors import current_schools, pupils_visible_to
from frontdoor.schools.models import District
from frontdoor.support import cases, clocks, rate_limits
from frontdoor.support.levels import Route, SupportLevel, routes_allowed
from frontdoor.support.models import (
    Consent,
    ReferralSource,
    RequestChild,
    SupportRequest,
    TriageDecision,
)

# The census source a user's requests usually come from; they can change it on the form.
AGENCY_SOURCES = {
    Agency.POLICE: ReferralSource.POLICE,
    Agency.HEALTH: ReferralSource.HEALTH,
    Agency.EDUCATION: ReferralSource.EDUCATION_SERVICES,
    Agency.HOUSING: ReferralSource.HOUSING,
    Agency.PROBATION: ReferralSource.LEGAL,
    Agency.VOLUNTARY: ReferralSource.OTHER,
}
ROLE_SOURCES = {
    Role.EARLY_HELP: ReferralSource.EARLY_HELP,
    Role.ATTENDANCE_OFFICER: ReferralSource.EDUCATION_SERVICES,
    Role.SEND_CASEWORKER: ReferralSource.EDUCATION_SERVICES,
    Role.VIRTUAL_SCHOOL: ReferralSource.EDUCATION_SERVICES,
    Role.TRUST: ReferralSource.SCHOOLS,
}


class RequestIncomplete(Exception):
    """The request cannot be submitted yet: `missing` lists (page, what to answer)."""

    def __init__(self, missing: list[tuple[str, str]]):
        super().__init__("; ".join(message for _, message in missing))
        self.missing = missing


@transaction.atomic
def support_request_start(*, by, client_address: str | None = None) -> SupportRequest:
    access.require(by, Permission.REQUEST_SUPPORT)
    rate_limits.check_can_start(by=by)
    request = SupportRequest.objects.create(
        created_by=by,
        referrer_name=by.get_full_name(),
        referrer_role=by.job_title,
        referrer_organisation=_organisation(by),
        referrer_email=by.email,
        source=_source(by),
    )
    audit.record(by, rate_limits.START, request, ip_address=client_address)
    return request


@transaction.atomic
def support_request_update(*, request: SupportRequest, by, answers: dict) -> SupportRequest:
    """Save a page of answers to a draft (the form has validated them)."""
    request = own_draft(request, by)
    for field, value in answers.items():
        setattr(request, field, value)
    if request.consent != Consent.NOT_SOUGHT:
        request.consent_not_sought_reason = ""
    request.save()
    audit.record(by, "support_request.update", request, detail={"fields": sorted(answers)})
    return request


@transaction.atomic
def request_child_add(*, request: SupportRequest, by, answers: dict) -> RequestChild:
    request = own_draft(request, by)
    child = RequestChild.objects.create(request=request, **answers)
    audit.record(by, "support_request.child_add", request)
    return child


@transaction.atomic
def request_child_remove(*, request: SupportRequest, by, child_id: int) -> None:
    request = own_draft(request, by)
    request.children.filter(pk=child_id).delete()
    audit.record(by, "support_request.child_remove", request)


def missing_answers(request: SupportRequest) -> list[tuple[str, str]]:
    """What must still be answered before the request can be submitted, page by page."""
    missing = []
    if not request.children.exists():
        missing.append(("children", "Add the child or children the request is about"))
    if not request.parents.strip():
        missing.append(("family", "Enter the parents or carers"))
    if not request.concerns.strip():
        missing.append(("concerns", "Describe your concerns"))
    if not request.tried.strip():
        missing.append(("tried", "Say what has been tried so far"))
    if not request.consent:
        missing.append(("consent", "Say whether the family has agreed to this request"))
    elif request.consent == Consent.NOT_SOUGHT and not request.consent_not_sought_reason.strip():
        missing.append(("consent", "Explain why asking for consent would increase the risk"))
    if not request.referrer_name.strip():
        missing.append(("referrer", "Enter your name"))
    if not (request.referrer_phone.strip() or request.referrer_email.strip()):
        missing.append(("referrer", "Enter a phone number or email address we can reach you on"))
    if not request.source:
        missing.append(("referrer", "Select who is making the request"))
    return missing


@transaction.atomic
def support_request_submit(
    *, request: SupportRequest, by, at=None, client_address: str | None = None
) -> SupportRequest:
    """Submit a complete draft: it gets its reference, its receipt date (which starts the Front
    Door's one-working-day decision clock), and an acknowledgement by email; the family gets a
    copy when they agreed to the request and gave an address. Over the rate limits
    (rate_limits.py) it stays a draft."""
    request = own_draft(request, by)
    if missing := missing_answers(request):
        raise RequestIncomplete(missing)
    rate_limits.check_can_submit(by=by, client_address=client_address)
    at = at or timezone.now()
    request.status = SupportRequest.Status.SUBMITTED
    request.submitted_at = at
    request.received_on = clocks.received_on(at)
    request.reference = f"RFS-{request.pk:06d}"
    request.save()
    audit.record(by, rate_limits.SUBMIT, request, ip_address=client_address)
    context = {
        "request": request,
        "children": list(request.children.all()),
        "decision_due": clocks.decision_due(request.received_on),
        "url": settings.FRONTDOOR_BASE_URL + f"/requests/{request.pk}/",
    }
    notify_on_commit(to=[request.referrer_email], template="support/received", context=context)
    if request.consent == Consent.GIVEN and request.family_email:
        notify_on_commit(to=[request.family_email], template="support/family_copy", context=context)
    return request


def own_draft(request: SupportRequest, by) -> SupportRequest:
    """The request as it is now, locked until the transaction ends, if it is still a draft of
    `by`'s (the caller's copy may be stale: submitted in another tab)."""
    access.require(by, Permission.REQUEST_SUPPORT)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.created_by_id != by.pk:
        raise PermissionDenied("Only the person who started a request can change it.")
    if request.status != SupportRequest.Status.DRAFT:
        raise PermissionDenied("This request has been submitted: it can no longer be changed.")
    return request


def _organisation(user) -> str:
    if user.role in SCHOOL_ROLES:
        school = user.schools.order_by("name").first()
        return school.name if school else ""
    if user.role == Role.TRUST and user.trust_id:
        return user.trust.name
    if user.role == Role.PARTNER and user.agency:
        return Agency(user.agency).label
    return settings.FRONTDOOR_COUNCIL_NAME


def _source(user) -> str:
    if user.role in SCHOOL_ROLES:
        return ReferralSource.SCHOOLS
    if user.role == Role.PARTNER:
        return AGENCY_SOURCES.get(user.agency, ReferralSource.OTHER) if user.agency else ""
    return ROLE_SOURCES.get(user.role, "")


class DecisionRefused(Exception):
    """A triage step the rules do not allow, with a message the practitioner can act on;
    `field` is the answer it is about, when it is not the route."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def request_child_match(*, request: SupportRequest, by, child_id: int, pupil) -> RequestChild:
    """Link a child on the request to the county's record of them (or unlink: pupil=None)."""
    access.require(by, Permission.TRIAGE_REQUESTS)
    child = request.children.select_for_update().get(pk=child_id)
    if pupil is not None and not pupils_visible_to(by).filter(pk=pupil.pk).exists():
        raise PermissionDenied("That pupil is not in your records.")
    child.pupil = pupil
    child.save(update_fields=["pupil"])
    audit.record(by, "support_request.child_match", request, detail={"child": child.pk})
    return child


@transaction.atomic
def triage_decide(
    *,
    request: SupportRequest,
    by,
    level: int,
    indicators: list[str],
    rationale: str,
    route: str,
    district: District | None = None,
) -> TriageDecision:
    """Record the practitioner's decision; it waits for a manager's sign-off. The work goes to
    `district`, or when none is given to the district of the children's schools."""
    access.require(by, Permission.TRIAGE_REQUESTS)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != SupportRequest.Status.SUBMITTED:
        raise DecisionRefused("This request is not waiting for a decision.")
    if Route(route) not in routes_allowed(level):
        allowed = " or ".join(r.label[0].lower() + r.label[1:] for r in routes_allowed(level))
        raise DecisionRefused(f"At {SupportLevel(level).label}, the request goes to {allowed}.")
    district = district or _district_of_children(request, by)
    if district is None and route != Route.NO_FURTHER_ACTION:
        raise DecisionRefused(
            "Choose the district the request goes to: no child on it has a school.", "district"
        )
    decision, _ = TriageDecision.objects.update_or_create(
        request=request,
        defaults={
            "level": level,
            "indicators": indicators,
            "rationale": rationale,
            "route": route,
            "district": district,
            "decided_by": by,
            "decided_at": timezone.now(),
            "signed_off_by": None,
            "signed_off_at": None,
            "returned_note": "",
        },
    )
    request.status = SupportRequest.Status.AWAITING_SIGN_OFF
    request.save(update_fields=["status", "updated_at"])
    audit.record(by, "support_request.decide", request, detail={"level": level, "route": route})
    return decision


def _district_of_children(request: SupportRequest, by) -> District | None:
    """The district of the first child's school as the referrer named it; failing that, of the
    school a matched child is on roll at now."""
    children = list(request.children.select_related("school__district").order_by("pk"))
    for child in children:
        if child.school is not None and child.school.district is not None:
            return child.school.district
    schools = current_schools(user=by, pupil_ids=[c.pupil_id for c in children if c.pupil_id])
    for child in children:
        if (school := schools.get(child.pupil_id)) is not None and school.district is not None:
            return school.district
    return None


@transaction.atomic
def triage_sign_off(*, request: SupportRequest, by, approve: bool, note: str = "") -> None:
    """A manager other than the decider approves the decision (the outcome goes to the
    referrer) or returns it to the queue with a note."""
    if not access.can_sign_off_decisions(by):
        raise PermissionDenied("Only a Front Door manager can sign off decisions.")
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != SupportRequest.Status.AWAITING_SIGN_OFF:
        raise DecisionRefused("This request has no decision waiting for sign-off.")
    decision = request.decision
    if decision.decided_by_id == by.pk:
        raise DecisionRefused("Another manager must sign off a decision you made yourself.")
    if approve and decision.district_id is None and decision.route != Route.NO_FURTHER_ACTION:
        # Decided before decisions named a district: the practitioner must choose one.
        raise DecisionRefused("The decision names no district: return it to choose one.")
    if not approve:
        if not note.strip():
            raise DecisionRefused("Say why you are returning the decision.")
        decision.returned_note = note
        decision.save(update_fields=["returned_note"])
        request.status = SupportRequest.Status.SUBMITTED
        request.save(update_fields=["status", "updated_at"])
        audit.record(by, "support_request.return", request)
        return
    decision.signed_off_by, decision.signed_off_at = by, timezone.now()
    decision.save(update_fields=["signed_off_by", "signed_off_at"])
    request.status = SupportRequest.Status.DECIDED
    request.save(update_fields=["status", "updated_at"])
    audit.record(by, "support_request.sign_off", request)
    cases.decision_route(decision=decision, by=by)
    context = {
        "request": request,
        "decision": decision,
        "reply_due": clocks.district_conversation_reply_due(timezone.localdate())
        if decision.route == Route.DISTRICT_CONVERSATION
        else None,
        "url": settings.FRONTDOOR_BASE_URL + f"/requests/{request.pk}/",
    }
    notify_on_commit(to=[request.referrer_email], template="support/outcome", context=context)
