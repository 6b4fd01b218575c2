"""The placement panel's rules and commitments; a disagreement's windows."""

import importlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.core.models import AuditEvent
from frontdoor.send import disagreements, panel
from frontdoor.send.models_disagreements import (
    AppealableDecision,
    Disagreement,
    MediationAgreement,
    TribunalOrder,
)
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview
from frontdoor.send.services import SendRefused

ALL = [d.value for d in Discipline]


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


# The panel's reads and the end of a placement -------------------------------------------------


def test_an_end_date_ends_the_commitment_and_must_follow_the_start(plan, caseworker):
    request = submit(plan, caseworker)
    decide = dict(
        panel=request,
        decision=PanelDecision.AGREED,
        members=ALL,
        conditions="",
        review_on=date(2026, 3, 1),
        on=date(2025, 3, 20),
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="end date must be after the placement starts"):
        panel.panel_decide(ends_on=date(2025, 9, 1), **decide)
    panel.panel_decide(ends_on=date(2026, 7, 31), **decide)
    assert panel.independent_commitments(date(2026, 7, 31)).placements == 1  # its last day
    assert panel.independent_commitments(date(2026, 8, 1)).placements == 0


def test_the_forecasts_read_is_for_finance_and_caseworkers_only(plan, caseworker, persona):
    request = submit(plan, caseworker)
    panel.panel_decide(
        panel=request,
        decision=PanelDecision.AGREED,
        members=ALL,
        conditions="",
        review_on=date(2026, 3, 1),
        on=date(2025, 3, 20),
        by=caseworker,
    )
    on = date(2025, 10, 1)
    for name in ("finance", "send_caseworker_south"):
        figures = panel.forecast_commitments(
            persona(name) if name == "finance" else caseworker, on=on
        )
        assert (figures.placements, figures.unit_cost) == (1, Decimal("62000"))
    with pytest.raises(PermissionDenied):
        panel.forecast_commitments(persona("head_a"), on=on)


def test_the_queue_and_the_outcomes_over_the_last_year(plan, caseworker, county):
    north_plan = EhcPlan.objects.create(
        reference="PLAN-N", pupil=county.pupil_a, district=county.north, issued_on=date(2024, 1, 1)
    )
    waiting = submit(plan, caseworker)
    outcomes = []
    for decision, day in (
        (PanelDecision.DEFERRED, date(2025, 3, 20)),
        (PanelDecision.DECLINED, date(2025, 3, 21)),
        (PanelDecision.AGREED, date(2024, 11, 20)),  # before the year up to 1 December 2025
    ):
        request = submit(plan, caseworker, on=date(2024, 10, 2))
        panel.panel_decide(
            panel=request,
            decision=decision,
            members=ALL,
            conditions="",
            review_on=date(2026, 6, 1),
            on=day,
            by=caseworker,
        )
        outcomes.append(request)
    north = PanelRequest.objects.create(
        plan=north_plan,
        kind=PanelKind.INDEPENDENT,
        setting_name="Rowan",
        annual_cost=Decimal(70000),
        starts_on=date(2024, 9, 1),
        evidence="-",
        submitted_on=date(2024, 6, 1),
    )
    found = list(panel.panel_requests(caseworker, panel.PanelFilters(), today=date(2025, 12, 1)))
    # Awaiting first, then deferred, then decided latest first; north's is not in the area.
    assert found == [waiting, outcomes[0], outcomes[1], outcomes[2]]
    assert north not in found
    summary = panel.panel_summary(caseworker, today=date(2025, 12, 1))
    assert (summary.awaiting, summary.deferred) == (1, 1)
    assert dict(summary.outcomes) == {
        "Agreed": 0,  # 20 November 2024 is before 1 December 2024
        "Agreed with conditions": 0,
        "Deferred for more evidence": 1,
        "Declined": 1,
    }
    assert (summary.area.placements, summary.county.placements) == (1, 1)
    awaiting = panel.PanelFilters(decision=panel.AWAITING)
    assert list(panel.panel_requests(caseworker, awaiting, today=date(2025, 12, 1))) == [waiting]


def test_the_evidence_pack_reads_the_latest_final_version_and_the_last_review(plan):
    PlanVersion.objects.create(
        plan=plan, number=1, status=PlanVersion.Status.FINAL, content={"B": [{"id": "b1"}]}
    )
    PlanVersion.objects.create(
        plan=plan,
        number=2,
        status=PlanVersion.Status.FINAL,
        content={"B": [{"id": "b1", "area": "semh", "text": "anxiety"}], "I": {"name": "X"}},
    )
    PlanVersion.objects.create(plan=plan, number=3, content={"B": []})  # a draft
    AnnualReview.objects.create(plan=plan, due_on=date(2025, 10, 1), meeting_on=date(2025, 9, 20))
    AnnualReview.objects.create(plan=plan, due_on=date(2026, 9, 20))  # not met yet
    pack = panel.evidence_pack(plan)
    assert pack.version.number == 2
    assert pack.needs[0]["area_label"] == "Social, emotional and mental health"
    assert pack.placement == {"name": "X"} and pack.provision == []
    assert pack.last_review.meeting_on == date(2025, 9, 20)
    assert pack.advice == []


# A disagreement's steps and where it stands ---------------------------------------------------


@pytest.fixture
def letter(county):
    return Disagreement.objects.create(
        pupil=county.pupil_b,
        district=county.south,
        decision=AppealableDecision.CONTENTS,
        decision_letter_on=date(2025, 6, 30),
    )


def test_a_disagreement_is_recorded_only_in_the_caseworkers_area(county, caseworker):
    record = dict(
        pupil=county.pupil_b,
        decision=AppealableDecision.REFUSE_ASSESS,
        decision_letter_on=date(2025, 6, 30),
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="North is not in your area"):
        disagreements.disagreement_record(district=county.north, **record)
    with pytest.raises(SendRefused, match="Choose the decision"):
        disagreements.disagreement_record(district=county.south, **(record | {"decision": "x"}))
    made = disagreements.disagreement_record(district=county.south, **record)
    assert made.recorded_by == caseworker


def test_mediation_is_declined_or_requested_once(letter, caseworker):
    disagreements.mediation_declined_record(
        disagreement=letter, on=date(2025, 7, 10), by=caseworker
    )
    with pytest.raises(SendRefused, match="declined mediation on 10 July 2025"):
        disagreements.mediation_requested_record(
            disagreement=letter, on=date(2025, 7, 11), by=caseworker
        )
    with pytest.raises(SendRefused, match="asked for mediation first"):
        disagreements.mediation_held_record(
            disagreement=letter, on=date(2025, 7, 20), agreement="none", by=caseworker
        )


def test_the_steps_follow_each_other(letter, caseworker):
    step = dict(disagreement=letter, by=caseworker)
    with pytest.raises(SendRefused, match="before the certificate"):
        disagreements.certificate_issue(on=date(2025, 7, 1), **step)
    with pytest.raises(SendRefused, match="appeal's registration before"):
        disagreements.tribunal_order_record(order=TribunalOrder.AMEND, on=date(2025, 9, 1), **step)
    with pytest.raises(SendRefused, match="cannot be before the decision letter"):
        disagreements.appeal_register(on=date(2025, 6, 1), **step)
    disagreements.appeal_register(on=date(2025, 9, 1), **step)
    with pytest.raises(SendRefused, match="no Tribunal order or mediation agreement to carry out"):
        disagreements.disagreement_order_step_record(
            step="amended_plan", on=date(2025, 9, 2), **step
        )
    disagreements.tribunal_order_record(order=TribunalOrder.DISMISSED, on=date(2025, 11, 3), **step)
    with pytest.raises(SendRefused, match="no Tribunal order or mediation agreement to carry out"):
        disagreements.disagreement_order_step_record(
            step="amended_plan", on=date(2025, 11, 4), **step
        )


def test_a_step_outside_the_area_is_refused(county, persona):
    north = Disagreement.objects.create(
        pupil=county.pupil_a,
        district=county.north,
        decision=AppealableDecision.CEASE,
        decision_letter_on=date(2025, 6, 30),
    )
    with pytest.raises(SendRefused, match="not in your area"):
        disagreements.appeal_register(
            disagreement=north, on=date(2025, 7, 1), by=persona("send_caseworker_south")
        )


def test_mediation_held_brings_the_certificate_within_3_working_days(letter):
    letter.mediation_requested_on = date(2025, 7, 7)
    letter.mediation_held_on = date(2025, 8, 22)  # a Friday; 25 August is a bank holiday
    found = {w.step: w.due for w in disagreements.windows(letter)}
    assert found["mediation"] == date(2025, 8, 6)  # 30 days from 7 July
    assert found["certificate"] == date(2025, 8, 28)  # Tue 26, Wed 27, Thu 28


@pytest.mark.parametrize(
    ("dates", "today", "statuses", "priority"),
    [
        # Nothing yet, 10 days after the letter: both family windows ahead.
        ({}, date(2025, 7, 10), {"mediation_adviser": "not yet due", "appeal": "not yet due"}, 3),
        # Both family windows passed untouched: closed, not overdue, and the case is closed.
        ({}, date(2025, 10, 1), {"mediation_adviser": "closed", "appeal": "closed"}, 4),
        # Declined on 10 July, no certificate by 16 July: the council's duty is overdue.
        (
            {"mediation_declined_on": date(2025, 7, 10)},
            date(2025, 7, 16),
            {"mediation_adviser": "done", "certificate": "overdue", "appeal": "not yet due"},
            2,
        ),
        # An order to name a school made 3 November: 2 weeks, due 17 November.
        (
            {
                "appeal_registered_on": date(2025, 8, 20),
                "order": TribunalOrder.NAME_SCHOOL,
                "order_made_on": date(2025, 11, 3),
            },
            date(2025, 11, 18),
            {"mediation_adviser": "closed", "appeal": "done", "amended_plan": "overdue"},
            0,
        ),
        # The same order complied with a day late.
        (
            {
                "appeal_registered_on": date(2025, 8, 20),
                "order": TribunalOrder.NAME_SCHOOL,
                "order_made_on": date(2025, 11, 3),
                "order_steps_done": {"amended_plan": "2025-11-18"},
            },
            date(2025, 12, 1),
            {"mediation_adviser": "closed", "appeal": "done", "amended_plan": "done late"},
            4,
        ),
    ],
)
def test_where_a_disagreement_stands(letter, dates, today, statuses, priority):
    for name, value in dates.items():
        setattr(letter, name, value)
    standing = disagreements.standing(letter, today)
    assert {w.step: w.status(today) for w in standing.windows} == statuses
    assert standing.priority == priority


def test_an_appeal_awaiting_the_tribunal_stays_open(letter):
    letter.appeal_registered_on = date(2025, 8, 20)
    standing = disagreements.standing(letter, date(2026, 1, 5))
    assert standing.is_open and standing.next_window is None
    assert standing.stage == "Appeal registered"


# Each step of a Tribunal order on its own date ----------------------------------------------

# An order to assess made on Monday 3 November 2025 (reg 44): notify within 2 weeks (Monday 17
# November), decide not to issue within 10 (Monday 12 January 2026), the final plan within 14
# (3 November + 98 days = Monday 9 February 2026).
MADE = date(2025, 11, 3)
NOTIFY_DUE, NOT_TO_ISSUE_DUE, FINAL_DUE = date(2025, 11, 17), date(2026, 1, 12), date(2026, 2, 9)


@pytest.fixture
def assess(letter):
    letter.decision = AppealableDecision.REFUSE_ASSESS
    letter.appeal_registered_on = date(2025, 8, 20)
    letter.order, letter.order_made_on = TribunalOrder.ASSESS, MADE
    letter.save()
    return letter


def order_statuses(d, today) -> dict[str, tuple]:
    found = disagreements.standing(d, today)
    return {w.step: (w.due, w.done_on, w.status(today)) for w in found.order_windows}


def test_an_order_to_assess_has_a_limit_for_each_step(assess):
    assert order_statuses(assess, date(2025, 11, 10)) == {
        "notify": (NOTIFY_DUE, None, "due soon"),
        "decision_not_to_issue": (NOT_TO_ISSUE_DUE, None, "not yet due"),
        "final_plan": (FINAL_DUE, None, "not yet due"),
    }
    assert disagreements.standing(assess, date(2025, 11, 10)).priority == 1


def record(*, disagreement, **step) -> None:
    """Record a step and read the disagreement again, as the page does after its redirect."""
    disagreements.disagreement_order_step_record(disagreement=disagreement, **step)
    disagreement.refresh_from_db()


def test_each_step_is_met_or_late_on_its_own_date(assess, caseworker):
    step = dict(disagreement=assess, by=caseworker)
    record(step="notify", on=date(2025, 11, 14), **step)
    # 10 weeks pass with no decision not to issue: that window closes and the plan is owed.
    assert order_statuses(assess, date(2026, 1, 20)) == {
        "notify": (NOTIFY_DUE, date(2025, 11, 14), "done"),
        "decision_not_to_issue": (NOT_TO_ISSUE_DUE, None, "closed"),
        "final_plan": (FINAL_DUE, None, "not yet due"),
    }
    late = disagreements.standing(assess, date(2026, 2, 10))
    assert late.priority == 0 and late.next_limit.step == "final_plan"
    assert late.stage == "Tribunal: assess (or re-assess)"
    record(step="final_plan", on=date(2026, 2, 16), **step)
    assess.refresh_from_db()
    assert assess.order_steps_done == {"notify": "2025-11-14", "final_plan": "2026-02-16"}
    # Notified on time, the plan a week late: the one met and the other late, not both met.
    assert order_statuses(assess, date(2026, 3, 1)) == {
        "notify": (NOTIFY_DUE, date(2025, 11, 14), "done"),
        "decision_not_to_issue": (NOT_TO_ISSUE_DUE, None, "not needed"),
        "final_plan": (FINAL_DUE, date(2026, 2, 16), "done late"),
    }
    done = disagreements.standing(assess, date(2026, 3, 1))
    assert done.stage == "Order complied with" and not done.is_open and done.priority == 4
    recorded = AuditEvent.objects.filter(action="disagreement.order_step", object_id=str(assess.pk))
    assert [e.detail["step"] for e in recorded.order_by("pk")] == ["notify", "final_plan"]


def test_notified_late_and_decided_on_time(assess, caseworker):
    step = dict(disagreement=assess, by=caseworker)
    record(step="notify", on=date(2025, 11, 20), **step)
    record(step="decision_not_to_issue", on=date(2026, 1, 9), **step)
    assert order_statuses(assess, date(2026, 3, 1)) == {
        "notify": (NOTIFY_DUE, date(2025, 11, 20), "done late"),
        "decision_not_to_issue": (NOT_TO_ISSUE_DUE, date(2026, 1, 9), "done"),
        "final_plan": (FINAL_DUE, None, "not needed"),
    }
    assert disagreements.order_steps_open(assess) == []
    assert disagreements.order_carried_out(assess)


def test_make_and_maintain_steps_follow_each_other(letter, caseworker):
    letter.appeal_registered_on = date(2025, 8, 20)
    letter.order, letter.order_made_on = TribunalOrder.MAKE_AND_MAINTAIN, MADE
    letter.save()
    assert disagreements.order_steps_open(letter) == ["draft_plan"]
    record(step="draft_plan", on=date(2025, 12, 5), disagreement=letter, by=caseworker)
    assert disagreements.order_steps_open(letter) == ["final_plan"]
    # The draft on time (due 8 December) while the final plan (19 January) is overdue.
    assert order_statuses(letter, date(2026, 1, 20)) == {
        "draft_plan": (date(2025, 12, 8), date(2025, 12, 5), "done"),
        "final_plan": (date(2026, 1, 19), None, "overdue"),
    }


@pytest.mark.parametrize(
    ("done", "step", "on", "field", "message"),
    [
        ({}, "amended_plan", date(2025, 11, 10), "step", "Choose a step of this order"),
        ({}, "final_plan", date(2025, 11, 10), "step", "Record first the date the family was told"),
        ({}, "notify", date(2025, 11, 2), "on", "cannot be before the order was made"),
        ({}, "notify", date(2099, 1, 1), "on", "cannot be in the future"),
        (
            {"notify": "2025-11-14"},
            "final_plan",
            date(2025, 11, 13),
            "on",
            r"cannot be before the family was told the assessment will be made \(14 November",
        ),
        (
            {"notify": "2025-11-14"},
            "notify",
            date(2025, 11, 20),
            "step",
            "already recorded: the family was told the assessment will be made on 14 November",
        ),
        (
            {"notify": "2025-11-14", "final_plan": "2026-02-06"},
            "decision_not_to_issue",
            date(2026, 2, 7),
            "step",
            "order is carried out: the final plan was issued on 6 February 2026",
        ),
    ],
)
def test_a_step_of_the_order_is_refused(assess, caseworker, done, step, on, field, message):
    assess.order_steps_done = done
    assess.save()
    with pytest.raises(SendRefused, match=message) as refused:
        disagreements.disagreement_order_step_record(
            disagreement=assess, step=step, on=on, by=caseworker
        )
    assert refused.value.field == field
    assess.refresh_from_db()
    assert assess.order_steps_done == done
    assert not AuditEvent.objects.filter(action="disagreement.order_step").exists()


def test_the_list_sorts_orders_by_their_earliest_unmet_step(assess, county, caseworker):
    # A second order, made a week later and untouched: its notice is due on 24 November.
    later = Disagreement.objects.create(
        pupil=county.pupil_left_a,
        district=county.south,
        decision=AppealableDecision.REFUSE_ASSESS,
        decision_letter_on=date(2025, 6, 30),
        appeal_registered_on=date(2025, 8, 20),
        order=TribunalOrder.ASSESS,
        order_made_on=date(2025, 11, 10),
    )
    # The first notified on time: its earliest unmet step is 12 January, after the other's.
    assess.order_steps_done = {"notify": "2025-11-14"}
    assess.save()
    rows = disagreements.disagreement_list(caseworker, today=date(2025, 11, 20))
    assert [row.disagreement for row in rows] == [later, assess]
    assert [row.next_limit.due for row in rows] == [date(2025, 11, 24), NOT_TO_ISSUE_DUE]
    # Once the later one's notice is overdue it stays first; a late step does not hide behind
    # the order's other limits.
    rows = disagreements.disagreement_list(caseworker, today=date(2025, 11, 25))
    assert [(row.disagreement, row.priority) for row in rows] == [(later, 0), (assess, 1)]


# The migration that gives each step of an order its own date --------------------------------

migration = importlib.import_module("frontdoor.send.migrations.0004_order_steps")


class _Saved(SimpleNamespace):
    def save(self, update_fields):
        self.saved = update_fields


def _apps(rows):
    class Manager:
        def exclude(self, **_):
            return self

        def only(self, *_):
            return rows

    return SimpleNamespace(get_model=lambda *_: SimpleNamespace(objects=Manager()))


def test_the_migration_carries_the_compliance_date_to_every_step_of_the_order():
    complied = date(2026, 2, 16)
    assert migration.steps_done_for("assess", complied) == {
        "notify": "2026-02-16",
        "decision_not_to_issue": "2026-02-16",
        "final_plan": "2026-02-16",
    }
    assert migration.steps_done_for("make_and_maintain", complied) == {
        "draft_plan": "2026-02-16",
        "final_plan": "2026-02-16",
    }
    assert migration.steps_done_for("name_school", None) == {}
    rows = [
        _Saved(order="amend", order_complied_on=complied),
        _Saved(order="dismissed", order_complied_on=complied),
    ]
    migration.carry_over(_apps(rows), None)
    assert rows[0].order_steps_done == {"amended_plan": "2026-02-16"}
    assert rows[1].order_steps_done == {}  # a dismissed appeal has no steps
    assert rows[0].saved == ["order_steps_done"]


def test_the_migration_goes_back_to_the_last_steps_date():
    rows = [_Saved(order_steps_done={"draft_plan": "2025-12-05", "final_plan": "2026-01-20"})]
    migration.carry_back(_apps(rows), None)
    assert rows[0].order_complied_on == date(2026, 1, 20)
    assert migration.complied_on_for({}) is None


# What a mediation ended with -----------------------------------------------------------------


@pytest.fixture
def mediating(letter, caseworker):
    disagreements.mediation_requested_record(
        disagreement=letter, on=date(2025, 7, 7), by=caseworker
    )
    return letter


def agree(mediating, caseworker, agreement: str, agreed: str) -> None:
    """Record the mediation as held on Friday 1 August 2025, with what it agreed."""
    disagreements.mediation_held_record(
        disagreement=mediating,
        on=date(2025, 8, 1),
        agreement=agreement,
        agreed=agreed,
        by=caseworker,
    )
    mediating.refresh_from_db()


def test_a_mediation_must_say_whether_and_what_it_agreed(mediating, caseworker):
    held = dict(disagreement=mediating, on=date(2025, 8, 1), by=caseworker)
    with pytest.raises(SendRefused, match="whether the mediation reached an agreement"):
        disagreements.mediation_held_record(agreement="", **held)
    with pytest.raises(SendRefused, match="Say what the mediation agreed"):
        disagreements.mediation_held_record(agreement=MediationAgreement.ASSESS, agreed=" ", **held)
    mediating.refresh_from_db()
    assert mediating.mediation_held_on is None  # refused: nothing recorded
    disagreements.mediation_held_record(agreement=MediationAgreement.NONE, **held)
    mediating.refresh_from_db()
    assert disagreements.order_steps(mediating) == ()  # no agreement: nothing to carry out
    assert disagreements.standing(mediating, date(2025, 8, 2)).stage == "Mediation held"


@pytest.mark.parametrize(
    "agreement, expected",
    [
        # Hand-worked from Friday 1 August 2025, reg 44's limits for the same order (reg 42).
        (
            MediationAgreement.ASSESS,
            [
                ("notify", date(2025, 8, 15)),
                ("decision_not_to_issue", date(2025, 10, 10)),
                ("final_plan", date(2025, 11, 7)),
            ],
        ),
        (MediationAgreement.NAME_SCHOOL, [("amended_plan", date(2025, 8, 15))]),
        # Not appealable (health or social care provision): 2 weeks.
        (MediationAgreement.OTHER, [("agreed_action", date(2025, 8, 15))]),
    ],
)
def test_an_agreement_binds_the_council_to_its_limits(mediating, caseworker, agreement, expected):
    agree(mediating, caseworker, agreement, "As agreed at the mediation.")
    standing = disagreements.standing(mediating, date(2025, 8, 4))
    assert [(w.step, w.due) for w in standing.order_windows] == expected
    assert all(w.label.startswith("Agreement: ") for w in standing.order_windows)
    assert standing.stage == "Mediation: agreement reached"


def test_an_agreement_is_carried_out_step_by_step(mediating, caseworker):
    agree(
        mediating,
        caseworker,
        MediationAgreement.OTHER,
        "Health will fund speech and language therapy.",
    )
    step = dict(disagreement=mediating, step="agreed_action", by=caseworker)
    with pytest.raises(SendRefused, match="cannot be before the mediation agreement"):
        disagreements.disagreement_order_step_record(on=date(2025, 7, 31), **step)
    disagreements.disagreement_order_step_record(on=date(2025, 8, 18), **step)
    mediating.refresh_from_db()
    standing = disagreements.standing(mediating, date(2025, 8, 20))
    assert [w.status(date(2025, 8, 20)) for w in standing.order_windows] == ["done late"]
    assert standing.stage == "Mediation agreement carried out"


def test_a_tribunal_order_after_an_agreement_is_what_the_council_carries_out(mediating, caseworker):
    agree(mediating, caseworker, MediationAgreement.OTHER, "A meeting with the school.")
    step = dict(disagreement=mediating, by=caseworker)
    disagreements.appeal_register(on=date(2025, 8, 20), **step)
    disagreements.tribunal_order_record(order=TribunalOrder.AMEND, on=date(2025, 12, 1), **step)
    mediating.refresh_from_db()
    assert disagreements.order_steps(mediating) == ("amended_plan",)
    assert disagreements.standing(mediating, date(2025, 12, 2)).order_windows[0].label == (
        "Order: issue the amended plan"
    )
