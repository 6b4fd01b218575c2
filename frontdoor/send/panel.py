"""The placement panel's work: a caseworker submits a request with its evidence pack; the panel,
quorate only with all four disciplines, decides, with conditions and a review date; and the
agreed independent placements in force are the commitments the high needs forecast counts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum

from frontdoor.core import audit
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind, PanelRequest
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
    date_checked(on, panel.submitted_on, "the request was submitted", "on")
    panel.decision, panel.members, panel.panel_on = decision, sorted(members), on
    panel.conditions, panel.review_on = conditions.strip(), review_on
    panel.save(update_fields=["decision", "members", "panel_on", "conditions", "review_on"])
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
