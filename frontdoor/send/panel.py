"""The placement panel's work: a caseworker submits a request with its evidence pack; the panel,
quorate only with all four disciplines, decides, with conditions and a review date; and the
agreed independent placements in force are the commitments the high needs forecast counts.
The reads for the panel's pages (scoped to the caseworker's area) and the forecast's aggregate
read (no names, for finance officers too) are at the end."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send.models import AdviceRequest
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview
from frontdoor.send.plan_content import AREAS
from frontdoor.send.plan_services import plan_locked
from frontdoor.send.services import SendRefused, date_checked

AGREED = (PanelDecision.AGREED, PanelDecision.CONDITIONS)


@transaction.atomic
def panel_request_submit(
    *,
    plan,
    kind: str,
    setting_name: str,
    annual_cost: Decimal,
    starts_on: date,
    evidence: str,
    on: date,
    by,
) -> PanelRequest:
    plan = plan_locked(plan, by)
    if kind not in PanelKind.values:
        raise SendRefused("Choose what the panel is asked for.", "kind")
    if annual_cost <= 0:
        raise SendRefused("Give the cost a year in pounds.", "annual_cost")
    if not evidence.strip():
        raise SendRefused(
            "Set out the evidence: why the provision in the plan cannot be made locally.",
            "evidence",
        )
    if kind == PanelKind.INDEPENDENT and not setting_name.strip():
        raise SendRefused("Name the independent or non-maintained school.", "setting_name")
    date_checked(on, plan.issued_on, "the plan was issued", "on")
    panel = PanelRequest.objects.create(
        plan=plan,
        kind=kind,
        setting_name=setting_name.strip(),
        annual_cost=annual_cost,
        starts_on=starts_on,
        evidence=evidence.strip(),
        submitted_on=on,
        submitted_by=by,
    )
    audit.record(by, "panel_request.submit", plan, detail={"kind": kind})
    return panel


@transaction.atomic
def panel_decide(
    *,
    panel: PanelRequest,
    decision: str,
    members: list[str],
    conditions: str,
    review_on: date | None,
    on: date,
    by,
    ends_on: date | None = None,
) -> PanelRequest:
    plan_locked(panel.plan, by)
    panel = PanelRequest.objects.select_for_update().get(pk=panel.pk)
    if panel.decision and panel.decision != PanelDecision.DEFERRED:
        raise SendRefused(f"The panel decided this on {panel.panel_on:%-d %B %Y}.")
    missing = [d.label for d in Discipline if d.value not in members]
    if missing:
        raise SendRefused(
            "The panel is not quorate without: " + ", ".join(missing) + ".", "members"
        )
    if decision not in PanelDecision.values:
        raise SendRefused("Choose the panel's decision.", "decision")
    if decision == PanelDecision.CONDITIONS and not conditions.strip():
        raise SendRefused("Set out the conditions.", "conditions")
    if decision in AGREED and (review_on is None or review_on <= on):
        raise SendRefused("Give a date after the panel to review what it agreed.", "review_on")
    if ends_on is not None and ends_on <= panel.starts_on:
        raise SendRefused(
            f"The end date must be after the placement starts ({panel.starts_on:%-d %B %Y}).",
            "ends_on",
        )
    date_checked(on, panel.submitted_on, "the request was submitted", "on")
    panel.decision, panel.members, panel.panel_on = decision, sorted(members), on
    panel.conditions, panel.review_on = conditions.strip(), review_on
    panel.ends_on = ends_on
    panel.save(
        update_fields=["decision", "members", "panel_on", "conditions", "review_on", "ends_on"]
    )
    audit.record(by, "panel_request.decide", panel.plan, detail={"decision": decision})
    return panel


@dataclass(frozen=True)
class Commitments:
    placements: int
    annual_cost: Decimal

    @property
    def unit_cost(self) -> Decimal | None:
        return self.annual_cost / self.placements if self.placements else None


def independent_commitments(on: date, panels=None) -> Commitments:
    """Agreed independent and non-maintained placements running on `on`: how many, and their
    cost a year. The high needs forecast's `demand.independent` can start from these."""
    panels = PanelRequest.objects.all() if panels is None else panels
    running = panels.filter(
        kind=PanelKind.INDEPENDENT, decision__in=AGREED, starts_on__lte=on
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    figures = running.aggregate(cost=Sum("annual_cost"))
    return Commitments(running.count(), figures["cost"] or Decimal(0))


def forecast_commitments(user, *, on: date) -> Commitments:
    """The county's agreed independent placements running on `on`, for the high needs forecast:
    a count and a sum, no child named, so finance officers may read it as caseworkers do."""
    if not (
        access.can(user, Permission.RUN_FUNDING_MODELS)
        or access.can(user, Permission.WORK_SEND_CASES)
    ):
        raise PermissionDenied("Your role does not allow this.")
    return independent_commitments(on)


# The panel's pages --------------------------------------------------------------------------

AWAITING = "awaiting"  # the filter's name for requests no panel has decided yet
OUTCOME_WINDOW = timedelta(days=365)  # decisions by outcome are counted over the last year


def panel_requests_visible_to(user) -> QuerySet[PanelRequest]:
    """The requests about plans held in the caseworker's area."""
    plans = access.scope_send_plans(user, EhcPlan.objects.all())
    return PanelRequest.objects.filter(plan__in=plans).select_related(
        "plan__pupil", "plan__district", "submitted_by"
    )


def panel_request_for(user, panel_request_id: int) -> PanelRequest | None:
    return panel_requests_visible_to(user).filter(pk=panel_request_id).first()


def panel_plan_for(user, plan_id) -> EhcPlan | None:
    """A plan in force in the caseworker's area, to take to the panel."""
    plans = access.scope_send_plans(user, EhcPlan.objects.select_related("pupil", "district"))
    return plans.filter(pk=plan_id, issued_on__isnull=False, ceased_on__isnull=True).first()


def panel_plan_by_reference(user, reference: str) -> EhcPlan | None:
    plans = access.scope_send_plans(user, EhcPlan.objects.all())
    found = plans.filter(reference__iexact=reference.strip(), issued_on__isnull=False)
    return found.filter(ceased_on__isnull=True).first()


def members_named(panel: PanelRequest) -> list[str]:
    """The disciplines at the panel, as the page names them."""
    return [d.label for d in Discipline if d.value in panel.members]


@dataclass(frozen=True)
class PanelFilters:
    kind: str = ""
    decision: str = ""  # AWAITING, a PanelDecision, or "" for any
    district: object = None


def panel_requests(user, filters: PanelFilters, *, today: date) -> QuerySet[PanelRequest]:
    """Awaiting a panel first (oldest first), then deferred, then decided (latest first); each
    with `review_overdue`: an agreement whose review date has passed."""
    found = panel_requests_visible_to(user)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.decision == AWAITING:
        found = found.filter(decision="")
    elif filters.decision:
        found = found.filter(decision=filters.decision)
    if filters.district is not None:
        found = found.filter(plan__district=filters.district)
    order = Case(
        When(decision="", then=Value(0)),
        When(decision=PanelDecision.DEFERRED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    overdue = Case(
        When(decision__in=AGREED, review_on__lt=today, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return found.annotate(queue=order, review_overdue=overdue).order_by(
        "queue", "-panel_on", "submitted_on", "pk"
    )


@dataclass(frozen=True)
class PanelSummary:
    area: Commitments
    county: Commitments
    awaiting: int
    deferred: int
    outcomes: list[tuple[str, int]]  # (decision's label, how many) over OUTCOME_WINDOW
    since: date


def panel_summary(user, *, today: date) -> PanelSummary:
    """The running commitments in the area and the county, the queue, and the last year's
    decisions in the area by outcome: a few aggregate queries, whatever the county's size."""
    mine = panel_requests_visible_to(user)
    since = today - OUTCOME_WINDOW
    queue = mine.aggregate(
        awaiting=Count("pk", filter=Q(decision="")),
        deferred=Count("pk", filter=Q(decision=PanelDecision.DEFERRED)),
    )
    counted = dict(
        mine.filter(panel_on__gte=since, panel_on__lte=today)
        .exclude(decision="")
        .values_list("decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return PanelSummary(
        area=independent_commitments(today, panels=mine),
        county=independent_commitments(today),
        awaiting=queue["awaiting"],
        deferred=queue["deferred"],
        outcomes=[(d.label, counted.get(d.value, 0)) for d in PanelDecision],
        since=since,
    )


@dataclass(frozen=True)
class EvidencePack:
    """What the system already holds about the plan, shown beside the request's own evidence."""

    plan: EhcPlan
    version: PlanVersion | None  # the latest final version
    needs: list[dict]  # section B, each with its area's label
    provision: list[dict]  # section F
    placement: dict  # section I
    last_review: AnnualReview | None
    advice: list[AdviceRequest]  # advice received for the assessment that made the plan


def evidence_pack(plan: EhcPlan) -> EvidencePack:
    version = plan.versions.filter(status=PlanVersion.Status.FINAL).order_by("-number").first()
    content = version.content if version else {}
    needs = [
        item | {"area_label": AREAS.get(item.get("area"), "Area not given")}
        for item in content.get("B", [])
    ]
    last_review = (
        plan.reviews.order_by("-meeting_on", "-due_on").filter(meeting_on__isnull=False).first()
    )
    advice = (
        list(AdviceRequest.objects.filter(request_id=plan.request_id, received_on__isnull=False))
        if plan.request_id
        else []
    )
    return EvidencePack(
        plan=plan,
        version=version,
        needs=needs,
        provision=list(content.get("F", [])),
        placement=dict(content.get("I") or {}),
        last_review=last_review,
        advice=advice,
    )
