"""The work a signed-off decision starts, and the cases' own steps: a District Conversation
for the district's Early Help team, or a case for each child at an Early Help unit or a
Children's Social Work Team; then allocating a case to a worker, recording a social work
case's assessment, and closing a case."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.support import clocks
from frontdoor.support.levels import INDICATOR_BY_CODE, Route
from frontdoor.support.models import TriageDecision
from frontdoor.support.models_cases import AssessmentOutcome, Case, CaseClosure, Team
from frontdoor.support.models_conversations import DistrictConversation


class CaseRefused(Exception):
    """A step the rules do not allow, with a message the person can act on; `field` is the
    answer it is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def decision_route(*, decision: TriageDecision, by) -> None:
    """Send a decision, as it is signed off, to where it goes. Called by `triage_sign_off`
    inside its transaction, so the request is never decided without its work started."""
    if not access.can_sign_off_decisions(by):
        raise PermissionDenied("Only a Front Door manager can sign off decisions.")
    request = decision.request
    if decision.route == Route.DISTRICT_CONVERSATION:
        conversation = DistrictConversation.objects.create(
            district=decision.district,
            request=request,
            followed_referral=True,
            # The district hears of it now, whenever the request itself arrived.
            asked_on=clocks.received_on(timezone.now()),
            asked_by_name=request.referrer_name,
            asked_by_role=request.referrer_role,
            asked_by_organisation=request.referrer_organisation,
            about=_about(decision),
            recorded_by=by,
        )
        audit.record(by, "district_conversation.log", conversation)
    if decision.route in (Route.EARLY_HELP_UNIT, Route.SOCIAL_WORK_TEAM):
        opened = Case.objects.bulk_create(
            Case(
                request=request,
                child=child,
                team=decision.route,
                district=decision.district,
                opened_on=timezone.localdate(),
            )
            for child in request.children.order_by("pk")
        )
        for case in opened:
            audit.record(by, "case.open", case, detail={"request": request.pk})


def _about(decision: TriageDecision) -> str:
    """What the district is asked about, without the children's or family's names: the level
    and the guidance's indicators, which are written as any child or parent would say them."""
    indicators = [
        INDICATOR_BY_CODE[code].text for code in decision.indicators if code in INDICATOR_BY_CODE
    ]
    lines = [
        f"Routed by the Front Door from Request for Support {decision.request.reference}, "
        f"at {decision.get_level_display()}."
    ]
    if indicators:
        lines += ["Indicators:", *(f"- {text}" for text in indicators)]
    return "\n".join(lines)


@transaction.atomic
def case_allocate(*, case: Case, worker, by) -> Case:
    """Give the case to a worker of its team who covers its district (again, to move it on)."""
    case = _case_to_change(case, by)
    if case.closed_on is not None:
        raise CaseRefused(f"This case was closed on {case.closed_on:%-d %B %Y}: it has no worker")
    if not (
        worker.is_active
        and access.can(worker, Permission.WORK_CASES)
        and access.scope_cases(worker, Case.objects.filter(pk=case.pk)).exists()
    ):
        raise CaseRefused(
            f"Choose a worker from the {case.get_team_display()} for {case.district}", "worker"
        )
    case.worker, case.allocated_on = worker, timezone.localdate()
    case.save(update_fields=["worker", "allocated_on"])
    audit.record(by, "case.allocate", case, detail={"worker": worker.pk})
    return case


@transaction.atomic
def case_assessment_complete(*, case: Case, completed_on: date, outcome: str, by) -> Case:
    """Record a social work case's child and family assessment, once: its date stops the
    45-working-day clock (`clocks.assessment_due`)."""
    case = _case_to_change(case, by)
    if case.team != Team.SOCIAL_WORK_TEAM:
        raise CaseRefused(
            "Only a Children’s Social Work Team case has a child and family assessment"
        )
    if case.assessment_completed_on is not None:
        raise CaseRefused(
            f"The assessment was recorded as completed on "
            f"{case.assessment_completed_on:%-d %B %Y}: it cannot be recorded again"
        )
    if case.closed_on is not None:
        raise CaseRefused(f"This case was closed on {case.closed_on:%-d %B %Y}")
    if outcome not in AssessmentOutcome.values:
        raise CaseRefused("Select what the assessment found", "outcome")
    _check_day(case, completed_on, "completed_on", "The date of the assessment")
    case.assessment_completed_on, case.assessment_outcome = completed_on, outcome
    case.save(update_fields=["assessment_completed_on", "assessment_outcome"])
    audit.record(
        by,
        "case.assessment_complete",
        case,
        detail={"outcome": outcome, "late": case.assessment_is_late(completed_on)},
    )
    return case


@transaction.atomic
def case_close(*, case: Case, closed_on: date, reason: str, by) -> Case:
    """Close a case. A social work case closes only once its assessment is done: the census
    counts a referral's assessment, and a case closed without one would hide it."""
    case = _case_to_change(case, by)
    if case.closed_on is not None:
        raise CaseRefused(f"This case was already closed on {case.closed_on:%-d %B %Y}")
    if case.awaiting_assessment:
        raise CaseRefused("Record the child and family assessment before closing the case")
    if reason not in CaseClosure.values:
        raise CaseRefused("Select why the case is closing", "reason")
    _check_day(case, closed_on, "closed_on", "The date the case closed")
    if case.assessment_completed_on and closed_on < case.assessment_completed_on:
        raise CaseRefused(
            f"The case cannot close before its assessment was completed, on "
            f"{case.assessment_completed_on:%-d %B %Y}",
            "closed_on",
        )
    case.closed_on, case.closure_reason = closed_on, reason
    case.save(update_fields=["closed_on", "closure_reason"])
    audit.record(by, "case.close", case, detail={"reason": reason})
    return case


def _case_to_change(case: Case, by) -> Case:
    """The case as it is now, locked until the transaction ends, if `by` works cases and this
    one is in their reach (the Front Door may read cases, not change them)."""
    access.require(by, Permission.WORK_CASES)
    found = access.scope_cases(by, Case.objects.select_for_update()).filter(pk=case.pk).first()
    if found is None:
        raise PermissionDenied("That case is not in your team's districts.")
    return found


def _check_day(case: Case, day: date, field: str, what: str) -> None:
    if day < case.opened_on:
        raise CaseRefused(
            f"{what} cannot be before the case opened, on {case.opened_on:%-d %B %Y}", field
        )
    if day > timezone.localdate():
        raise CaseRefused(f"{what} cannot be in the future", field)
