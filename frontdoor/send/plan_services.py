"""Writing and issuing EHC plans: a draft is saved as often as the caseworker likes (it may be
incomplete); a version is made final only when it has no problems (plan_content.problems); an
amendment starts as a draft copy of the plan as it stands."""

from datetime import date

from django.db import transaction

from frontdoor.core import access, audit
from frontdoor.send import plan_content
from frontdoor.send.models import EhcRequest, Stage
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.services import SendRefused, request_locked


@transaction.atomic
def plan_draft_save(*, request: EhcRequest, content: dict, by) -> PlanVersion:
    """The draft of a new plan, while the council writes it or weighs the family's comments."""
    request = request_locked(request, by)
    if request.stage not in (Stage.DRAFTING, Stage.DRAFT_SERVED):
        raise SendRefused("A plan is drafted once the council has decided to issue one.")
    plan, _ = EhcPlan.objects.get_or_create(
        request=request,
        defaults={
            "reference": f"PLAN-{request.pk:06d}",
            "pupil": request.pupil,
            "district": request.district,
        },
    )
    version = _draft_of(plan, PlanVersion.Reason.NEW, by)
    version.content = content
    version.made_by = by
    version.save(update_fields=["content", "made_by", "updated_at"])
    audit.record(by, "ehc_plan.draft_save", plan)
    return version


@transaction.atomic
def plan_amendment_start(*, plan: EhcPlan, reason: str, by) -> PlanVersion:
    """A draft amendment: the plan's current final content, to change and then issue."""
    plan = plan_locked(plan, by)
    if plan.ceased_on:
        raise SendRefused(f"This plan ceased on {plan.ceased_on:%-d %B %Y}.")
    version = _draft_of(plan, reason, by)
    audit.record(by, "ehc_plan.amendment_start", plan, detail={"reason": reason})
    return version


@transaction.atomic
def plan_version_finalise(*, plan: EhcPlan, on: date, by) -> PlanVersion:
    """Make the plan's draft final on `on`: refused while its content has problems."""
    plan = plan_locked(plan, by)
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).last()
    if draft is None:
        raise SendRefused("There is no draft to issue: write the plan first.")
    found = plan_content.problems(draft.content)
    if found:
        raise SendRefused("The plan cannot be issued yet. " + "; ".join(map(str, found)) + ".")
    draft.status, draft.made_on, draft.made_by = PlanVersion.Status.FINAL, on, by
    draft.save(update_fields=["status", "made_on", "made_by", "updated_at"])
    if plan.issued_on is None:
        plan.issued_on = on
        plan.save(update_fields=["issued_on"])
    audit.record(by, "ehc_plan.finalise", plan, detail={"version": draft.number})
    return draft


def _draft_of(plan: EhcPlan, reason: str, by) -> PlanVersion:
    latest = plan.versions.last()
    if latest is not None and latest.status == PlanVersion.Status.DRAFT:
        return latest
    return PlanVersion.objects.create(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        reason=reason,
        content=dict(latest.content) if latest else {},
        made_by=by,
    )


def plan_locked(plan: EhcPlan, by) -> EhcPlan:
    found = access.scope_send_plans(by, EhcPlan.objects.select_for_update()).filter(pk=plan.pk)
    locked = found.first()
    if locked is None:
        raise SendRefused("This plan is not in your area.")
    return locked
