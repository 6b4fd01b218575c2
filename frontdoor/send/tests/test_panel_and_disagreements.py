"""The placement panel's rules and commitments; a disagreement's windows."""

from datetime import date
from decimal import Decimal

import pytest

from frontdoor.send import disagreements, panel
from frontdoor.send.models_disagreements import AppealableDecision, Disagreement, TribunalOrder
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.services import SendRefused

ALL = [d.value for d in Discipline]


@pytest.fixture
def caseworker(persona):
    return persona("send_caseworker_south")


@pytest.fixture
def plan(county):
    return EhcPlan.objects.create(
        reference="PLAN-T1",
        pupil=county.pupil_b,
        district=county.south,
        issued_on=date(2024, 10, 1),
    )


def submit(plan, caseworker, **changes):
    fields = dict(
        plan=plan,
        kind=PanelKind.INDEPENDENT,
        setting_name="Oak Tree School",
        annual_cost=Decimal("62000"),
        starts_on=date(2025, 9, 1),
        evidence="No maintained special school place can meet the need.",
        on=date(2025, 3, 3),
        by=caseworker,
    )
    return panel.panel_request_submit(**(fields | changes))


def test_a_request_needs_its_cost_evidence_and_the_setting(plan, caseworker):
    with pytest.raises(SendRefused, match="Set out the evidence"):
        submit(plan, caseworker, evidence=" ")
    with pytest.raises(SendRefused, match="Give the cost a year"):
        submit(plan, caseworker, annual_cost=Decimal(0))
    with pytest.raises(SendRefused, match="Name the independent"):
        submit(plan, caseworker, setting_name="")


def test_the_panel_must_be_quorate_and_agreements_need_a_review_date(plan, caseworker):
    request = submit(plan, caseworker)
    decide = dict(
        panel=request,
        decision=PanelDecision.CONDITIONS,
        conditions="Review after one term",
        review_on=date(2025, 12, 1),
        on=date(2025, 3, 20),
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="not quorate without: Finance"):
        panel.panel_decide(members=["sen", "psychology", "headteacher"], **decide)
    with pytest.raises(SendRefused, match="Set out the conditions"):
        panel.panel_decide(members=ALL, **(decide | {"conditions": ""}))
    with pytest.raises(SendRefused, match="a date after the panel"):
        panel.panel_decide(members=ALL, **(decide | {"review_on": None}))
    decided = panel.panel_decide(members=ALL, **decide)
    assert decided.decision == PanelDecision.CONDITIONS


def test_agreed_independent_placements_are_the_forecasts_commitments(plan, caseworker):
    for cost, decision in ((62000, PanelDecision.AGREED), (48000, PanelDecision.DECLINED)):
        request = submit(plan, caseworker, annual_cost=Decimal(cost))
        panel.panel_decide(
            panel=request,
            decision=decision,
            members=ALL,
            conditions="",
            review_on=date(2026, 3, 1),
            on=date(2025, 3, 20),
            by=caseworker,
        )
    assert panel.independent_commitments(date(2025, 8, 31)).placements == 0  # not started yet
    running = panel.independent_commitments(date(2025, 10, 1))
    assert (running.placements, running.annual_cost) == (1, Decimal("62000"))


def test_a_disagreements_windows(county):
    d = Disagreement.objects.create(
        pupil=county.pupil_b,
        district=county.south,
        decision=AppealableDecision.REFUSE_ASSESS,
        decision_letter_on=date(2025, 6, 30),
        mediation_declined_on=date(2025, 7, 10),
        certificate_issued_on=date(2025, 7, 14),
    )
    found = {w.step: w.due for w in disagreements.windows(d)}
    assert found == {
        "mediation_adviser": date(2025, 8, 30),
        "certificate": date(2025, 7, 15),  # 3 working days after Thursday 10 July
        "appeal": date(2025, 9, 1),  # 30 August → the first working day of September
    }
    d.appeal_registered_on = date(2025, 8, 20)
    d.order, d.order_made_on = TribunalOrder.MAKE_AND_MAINTAIN, date(2025, 11, 3)
    found = {w.step: w.due for w in disagreements.windows(d)}
    assert found["draft_plan"] == date(2025, 12, 8) and found["final_plan"] == date(2026, 1, 19)
    assert [w.step for w in disagreements.open_windows(d, date(2025, 12, 1))] == [
        "draft_plan",
        "final_plan",
    ]
