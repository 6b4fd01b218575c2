"""Writing and issuing EHC plans: a draft is saved as often as the caseworker likes (it may be
incomplete); a version is made final only when it has no problems (plan_content.problems); an
amendment starts as a draft copy of the plan as it stands. `plan_draft_edit` and
`plan_draft_issue` are what the plan's own pages call: they route a new plan through its
request's steps and a review's amendment through its review, so no statutory clock is skipped."""

from datetime import date

from django.db import transaction

from frontdoor.core import access, audit
from frontdoor.schools.models import Establishment, Sector
from frontdoor.send import notifications, plan_content, services, transfers
from frontdoor.send.models import EhcRequest, Stage
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.services import SendRefused, date_checked, request_locked


@transaction.atomic
def plan_draft_save(*, request: EhcRequest, content: dict, by) -> PlanVersion:
    """The draft of a new plan, while the council writes it or weighs the family's comments."""
    request = request_locked(request, by)
    if request.stage not in (Stage.DRAFTING, Stage.DRAFT_SERVED):
        raise SendRefused("A plan is drafted once the council has decided to issue one.")
    plan, _ = EhcPlan.objects.get_or_create(
        request=request,
        defaults={
            # "R": a plan made from one of this council's requests; plans taken over or
            # migrated from elsewhere are numbered PLAN-000123 and must not collide.
            "reference": f"PLAN-R{request.pk:06d}",
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
    _check_issuable(draft.content)
    draft.status, draft.made_on, draft.made_by = PlanVersion.Status.FINAL, on, by
    draft.save(update_fields=["status", "made_on", "made_by", "updated_at"])
    first_issue = plan.issued_on is None
    if first_issue:
        plan.issued_on = on
        plan.save(update_fields=["issued_on"])
    audit.record(by, "ehc_plan.finalise", plan, detail={"version": draft.number})
    told = first_issue and plan.request_id and plan.request.stage == Stage.ISSUED
    if not told:  # a new plan's request, issued with it, has told the family already
        notifications.family_notify(plan=plan, what_changed=notifications.plan_version_news(draft))
    return draft


@transaction.atomic
def plan_draft_edit(*, plan: EhcPlan, content: dict, by) -> PlanVersion:
    """Save the plan's open draft, whichever it is: a new plan's (its request must be at the
    drafting stages) or an amendment's (started with `plan_amendment_start`)."""
    plan = plan_locked(plan, by)
    if plan.ceased_on:
        raise SendRefused(f"This plan ceased on {plan.ceased_on:%-d %B %Y}.")
    drafting = (Stage.DRAFTING, Stage.DRAFT_SERVED)
    if plan.issued_on is None and plan.request_id and plan.request.stage in drafting:
        return plan_draft_save(request=plan.request, content=content, by=by)
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).last()
    if draft is None:
        raise SendRefused("Start an amendment first: the plan as issued is never changed.")
    draft.content, draft.made_by = content, by
    draft.save(update_fields=["content", "made_by", "updated_at"])
    audit.record(by, "ehc_plan.draft_save", plan, detail={"version": draft.number})
    return draft


@transaction.atomic
def plan_draft_issue(*, plan: EhcPlan, on: date, by) -> PlanVersion:
    """Issue the open draft on `on` by the route the law sets for it: a new plan through its
    request's final step (the family's 15 days, reg 13), an amendment a review proposed through
    that review (reg 22), any other amendment made final as it is. Section I's URN, when it is
    a school or college the council knows, becomes the plan's named setting."""
    plan = plan_locked(plan, by)
    if plan.ceased_on:
        raise SendRefused(f"This plan ceased on {plan.ceased_on:%-d %B %Y}.")
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).last()
    if draft is None:
        raise SendRefused("There is no draft to issue: write the plan first.")
    earlier = plan.versions.filter(status=PlanVersion.Status.FINAL, made_on__isnull=False)
    in_force = earlier.order_by("made_on", "number").last()
    date_checked(on, in_force and in_force.made_on, "the plan in force was issued", "on")
    _check_issuable(draft.content)
    setting = _named_in(draft.content)
    # The settings the plan named before this version: one newly named is a move.
    named_in_force = _named_in(in_force.content) if in_force else None
    named_before = {plan.named_setting_id, named_in_force and named_in_force.pk}
    if plan.issued_on is None and plan.request_id:
        request = plan.request
        if request.stage == Stage.DRAFTING:
            raise SendRefused(
                "Serve the draft on the family first (reg 13): record it on the request's page."
            )
        if request.stage == Stage.DRAFT_SERVED:
            services.final_plan_issue(request=request, named_setting=setting, on=on, by=by)
    awaiting = plan.reviews.filter(
        decision=ReviewDecision.AMEND, amended_issued_on__isnull=True
    ).first()
    if awaiting is not None:
        _issue_for_review(awaiting, on, by)
        issued = PlanVersion.objects.get(pk=draft.pk)
    else:
        issued = plan_version_finalise(plan=plan, on=on, by=by)
    if setting is not None and plan.named_setting_id != setting.pk:
        plan.named_setting = setting
        plan.save(update_fields=["named_setting"])
    moved = setting is not None and setting.pk not in named_before
    if moved or (setting is not None and draft.reason == PlanVersion.Reason.PHASE_TRANSFER):
        # An amended plan naming a new setting is the one a phase transfer waits for.
        transfers.transfer_settle_with_plan(plan=plan, setting=setting, on=on, by=by)
    return issued


@transaction.atomic
def plan_setting_amend(*, plan: EhcPlan, setting: Establishment, on: date, by) -> PlanVersion:
    """The amended plan for a phase transfer: the plan in force with section I naming the new
    setting (and its kind), issued on `on` by `plan_draft_issue`'s route."""
    draft = plan_amendment_start(plan=plan, reason=PlanVersion.Reason.PHASE_TRANSFER, by=by)
    kept = draft.content.get("I") or {}
    draft.content = draft.content | {
        "I": kept | {"urn": setting.urn, "name": setting.name, "type": _setting_type(setting)}
    }
    draft.save(update_fields=["content", "updated_at"])
    return plan_draft_issue(plan=plan, on=on, by=by)


def _setting_type(setting: Establishment) -> str:
    if setting.sector == Sector.SPECIAL:
        return "special"
    return "college" if setting.sector == Sector.SIXTEEN_PLUS else "mainstream"


def _check_issuable(content: dict) -> None:
    found = plan_content.problems(content)
    if found:
        raise SendRefused("The plan cannot be issued yet. " + "; ".join(map(str, found)) + ".")


def _issue_for_review(review: AnnualReview, on: date, by) -> None:
    # review_services builds on this module, so it is imported here, when it is needed.
    from frontdoor.send import review_services

    review_services.review_amended_plan_issue(review=review, on=on, by=by)


def _named_in(content: dict) -> Establishment | None:
    urn = (content.get("I") or {}).get("urn")
    return Establishment.objects.filter(urn=urn).first() if isinstance(urn, int) else None


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
