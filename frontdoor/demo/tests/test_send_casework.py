"""The demo county's SEND casework: every request a possible one, at Kent's rates."""

from datetime import date, timedelta

import pytest

from frontdoor.core import term_dates
from frontdoor.demo.send_casework import send_casework_delete
from frontdoor.demo.send_plans import send_plans_delete
from frontdoor.demo.tests.conftest import AS_AT
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Pupil
from frontdoor.schools.models import Sector
from frontdoor.send import clock, deadlines, disagreements, plan_content
from frontdoor.send.models import AnnualReview, EhcPlan, EhcRequest, PlanVersion, Stage
from frontdoor.send.models_disagreements import (
    AppealableDecision,
    Disagreement,
    TribunalOrder,
)
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind
from frontdoor.send.models_virtual_school import PersonalEducationPlan


@pytest.fixture(scope="module")
def casework(calibrated_county, django_db_blocker):
    """What the county's load wrote (it calls send_casework_save)."""
    with django_db_blocker.unblock():
        yield calibrated_county.rows, list(EhcRequest.objects.all())


def test_it_writes_a_scaled_down_two_years(casework):
    written, requests = casework
    assert written["EHC needs assessment requests"] == len(requests) > 100
    assert len({r.reference for r in requests}) == len(requests)


def test_every_date_follows_the_one_before_and_none_is_after_as_at(casework):
    _, requests = casework
    for r in requests:
        steps = [
            r.received_on,
            r.assessment_decided_on,
            r.plan_decided_on,
            r.draft_served_on,
            r.final_issued_on,
        ]
        done = [day for day in steps if day is not None]
        assert done == sorted(done) and done[-1] <= AS_AT
        assert deadlines.working_day_on_or_after(r.received_on) == r.received_on
        if r.final_issued_on:
            assert r.final_issued_on >= r.draft_served_on + timedelta(days=15)
            assert r.stage == Stage.ISSUED and r.named_setting_id


def test_rates_near_kents(casework):
    _, requests = casework
    decided = [r for r in requests if r.assessment_decided_on]
    refused = sum(r.stage == Stage.REFUSED for r in decided)
    assert 0.18 < refused / len(decided) < 0.36
    issued = [r for r in requests if r.final_issued_on]
    on_time = sum(clock.within_20_weeks(r) for r in issued)
    assert 0.28 < on_time / len(issued) < 0.55


def test_the_plans_and_their_work_are_written_too(casework, django_db_blocker):
    written, _ = casework
    with django_db_blocker.unblock():
        assert written["EHC plans"] == EhcPlan.objects.count() > 100
        assert written["annual reviews"] == AnnualReview.objects.count() > 0
        issued = EhcRequest.objects.filter(stage=Stage.ISSUED)
        assert EhcPlan.objects.filter(request__in=issued).count() <= issued.count()
        assert not [
            p for p in PlanVersion.objects.all() if plan_content.problems(p.content)
        ]  # every demo plan could be issued


def test_disagreements_follow_their_decisions_and_their_order(casework, django_db_blocker):
    written, _ = casework
    with django_db_blocker.unblock():
        found = list(Disagreement.objects.all())
    assert written["disagreements"] == len(found) > 0
    for d in found:
        steps = [d.decision_letter_on, d.certificate_issued_on, d.appeal_registered_on]
        done = [day for day in steps if day is not None]
        assert done == sorted(done) and done[-1] <= AS_AT
        assert not (d.mediation_requested_on and d.mediation_declined_on)
        assert bool(d.order) == bool(d.order_made_on) and (not d.order or d.appeal_registered_on)
        if d.decision == AppealableDecision.REFUSE_ASSESS and d.order:
            assert d.order in (TribunalOrder.ASSESS, TribunalOrder.DISMISSED)
        # A mediation's outcome only once it was held; an agreement only where no appeal followed.
        assert bool(d.mediation_agreement) == bool(d.mediation_held_on)
        agreed = disagreements.by_agreement(d)
        assert not (agreed and d.appeal_registered_on)
        # Each step of the order (or agreement) on its own date, in its sequence, none after AS_AT.
        order_steps = disagreements.order_steps(d)
        assert set(d.order_steps_done) <= set(order_steps)
        assert not d.order_steps_done or d.order != TribunalOrder.DISMISSED
        since = d.mediation_held_on if agreed else d.order_made_on
        on = [
            date.fromisoformat(d.order_steps_done[s])
            for s in order_steps
            if s in d.order_steps_done
        ]
        assert on == sorted(on) and all(since <= day <= AS_AT for day in on)
        # A plan or a decision not to issue one, never both.
        assert not {"decision_not_to_issue", "final_plan"} <= set(d.order_steps_done)
    assert any(d.order_steps_done for d in found)
    assert any(disagreements.by_agreement(d) for d in found)


@pytest.mark.django_db
def test_deleting_takes_the_casework_with_it(casework, django_db_blocker):
    with django_db_blocker.unblock():
        send_plans_delete(pupils=Pupil.objects.all())
        send_casework_delete(pupils=Pupil.objects.all())
        assert not EhcRequest.objects.exists() and not EhcPlan.objects.exists()


def test_each_pep_is_held_in_its_term_while_the_child_is_in_care(casework, django_db_blocker):
    with django_db_blocker.unblock():
        peps = list(PersonalEducationPlan.objects.all())
        came_into_care = dict(
            CharacteristicPeriod.objects.filter(
                characteristic=Characteristic.LOOKED_AFTER, pupil__peps__isnull=False
            ).values_list("pupil_id", "start_date")
        )
    assert peps
    for pep in peps:
        term = term_dates.term(pep.academic_year, pep.term)
        assert pep.held_on in term and pep.held_on <= AS_AT
        assert pep.held_on >= came_into_care[pep.pupil_id]
        assert deadlines.working_day_on_or_after(pep.held_on) == pep.held_on


def test_an_issued_transfer_names_a_setting_of_the_next_phase(casework, django_db_blocker):
    with django_db_blocker.unblock():
        found = PhaseTransfer.objects.select_related("named_setting", "plan__named_setting")
        transfers = list(found)
    issued = [t for t in transfers if t.amended_issued_on]
    assert issued and all(t.named_setting for t in issued)
    assert not any(t.named_setting for t in transfers if not t.amended_issued_on)
    for t in issued:
        was_special = t.plan.named_setting and t.plan.named_setting.sector == Sector.SPECIAL
        if was_special:
            assert t.named_setting.sector == Sector.SPECIAL
        elif t.kind == TransferKind.PRIMARY_TO_SECONDARY:
            assert t.named_setting.sector == Sector.SECONDARY
        if t.cohort == TransferCohort.AGREED:
            assert t.preference == t.named_setting
