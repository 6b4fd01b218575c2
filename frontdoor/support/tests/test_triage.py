"""Triage: finding the child, deciding the level and route, a manager's sign-off."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.pupils.models import Pupil
from frontdoor.support import services
from frontdoor.support.levels import Route, SupportLevel
from frontdoor.support.matching import candidates_for, other_requests_about
from frontdoor.support.models import RequestChild, SupportRequest
from frontdoor.support.selectors import support_requests_visible_to, triage_queue
from frontdoor.support.tests.test_requests import complete_draft


@pytest.fixture
def submitted(persona, county):
    head = persona("head_a")
    draft = complete_draft(head, county, referrer_email="head@a.example")
    return services.support_request_submit(request=draft, by=head)


@pytest.fixture
def practitioner(persona):
    return persona("front_door")


@pytest.fixture
def manager(db):
    return User.objects.create(username="fd.manager", role=Role.FRONT_DOOR, is_manager=True)


def decide(request, by, level=SupportLevel.INTENSIVE, route=Route.EARLY_HELP_UNIT):
    return services.triage_decide(
        request=request,
        by=by,
        level=level,
        indicators=["l3-persistent-absence"],
        rationale="Absent three weeks; school support has not worked.",
        route=route,
    )


def test_a_level_4_request_cannot_end_in_no_further_action(persona, practitioner, submitted):
    with pytest.raises(services.DecisionRefused, match="Social Work Team"):
        decide(submitted, practitioner, SupportLevel.SPECIALIST, Route.NO_FURTHER_ACTION)
    with pytest.raises(services.DecisionRefused, match="Early Help unit"):
        decide(submitted, practitioner, SupportLevel.INTENSIVE, Route.SOCIAL_WORK_TEAM)
    submitted.refresh_from_db()
    assert submitted.status == SupportRequest.Status.SUBMITTED


def test_only_the_front_door_decides(persona, submitted):
    with pytest.raises(PermissionDenied):
        decide(submitted, submitted.created_by)


@pytest.mark.django_db(transaction=True)
def test_a_manager_other_than_the_decider_signs_off_and_the_referrer_hears(
    practitioner, persona, submitted, manager
):
    decide(submitted, practitioner)
    submitted.refresh_from_db()
    assert submitted.status == SupportRequest.Status.AWAITING_SIGN_OFF
    with pytest.raises(PermissionDenied):  # a practitioner is not a manager
        services.triage_sign_off(request=submitted, by=practitioner, approve=True)
    mail.outbox.clear()
    services.triage_sign_off(request=submitted, by=manager, approve=True)
    submitted.refresh_from_db()
    assert submitted.status == SupportRequest.Status.DECIDED
    assert submitted.decision.signed_off_by == manager
    [outcome] = mail.outbox
    assert outcome.to == ["head@a.example"]
    assert "Level 3 – Intensive" in outcome.body and "Early Help unit" in outcome.body
    assert "Amelia" not in outcome.body
    assert AuditEvent.objects.filter(action="support_request.sign_off").exists()


def test_a_manager_cannot_sign_off_their_own_decision(submitted, manager):
    decide(submitted, manager)
    with pytest.raises(services.DecisionRefused, match="Another manager"):
        services.triage_sign_off(request=submitted, by=manager, approve=True)


def test_a_returned_decision_goes_back_to_the_queue_with_its_note(
    persona, practitioner, submitted, manager
):
    decide(submitted, practitioner)
    with pytest.raises(services.DecisionRefused, match="why"):
        services.triage_sign_off(request=submitted, by=manager, approve=False)
    services.triage_sign_off(
        request=submitted, by=manager, approve=False, note="Level 4: a strategy discussion."
    )
    submitted.refresh_from_db()
    assert submitted.status == SupportRequest.Status.SUBMITTED
    assert submitted.decision.returned_note == "Level 4: a strategy discussion."
    decide(submitted, practitioner, SupportLevel.SPECIALIST, Route.SOCIAL_WORK_TEAM)
    submitted.refresh_from_db()
    assert submitted.decision.returned_note == ""


def test_candidates_are_ranked_upn_first_then_by_how_much_matches(
    persona, practitioner, county, submitted
):
    born = date(2016, 5, 4)
    twin = Pupil.objects.create(
        upn="A123456789012",
        first_name="Amelia",
        last_name="Able",
        date_of_birth=born,
        sex="F",
        ethnicity="WBRI",
    )
    namesake = Pupil.objects.create(
        upn="B123456789012",
        first_name="Amelia",
        last_name="Able",
        date_of_birth=date(2012, 1, 1),
        sex="F",
        ethnicity="WBRI",
    )
    by_upn = Pupil.objects.create(
        upn="C123456789012",
        first_name="Millie",
        last_name="Baker",
        date_of_birth=date(2016, 1, 1),
        sex="F",
        ethnicity="WBRI",
    )
    child = submitted.children.get()
    child.date_of_birth, child.upn = born, "c123456789012"
    child.save()
    found = candidates_for(child, user=practitioner)
    assert [c.pupil for c in found][:3] == [by_upn, twin, namesake]
    assert found[1].reasons == ("first name", "last name", "date of birth")
    assert found[1].strength == "Strong" and found[2].strength == "Possible"
    # A school sees only its own pupils among the candidates.
    assert candidates_for(child, user=persona("head_b")) == []


def test_other_requests_about_the_same_child_are_shown(persona, practitioner, county, submitted):
    head = persona("attendance_lead_a")
    again = services.support_request_submit(request=complete_draft(head, county), by=head)
    child = again.children.get()
    assert other_requests_about(child) == [submitted]
    services.request_child_match(
        request=again, by=practitioner, child_id=child.pk, pupil=county.pupil_a
    )
    child.refresh_from_db()
    assert other_requests_about(child) == []  # the earlier one is not yet matched to the pupil
    first_child = submitted.children.get()
    first_child.pupil = county.pupil_a
    first_child.save()
    assert other_requests_about(child) == [submitted]


def test_the_queue_puts_the_most_serious_first(persona, practitioner, county, submitted):
    head = persona("attendance_lead_a")
    urgent = services.support_request_submit(
        request=complete_draft(head, county, indicators=["l4-physical-abuse"]), by=head
    )
    order = [found for found, _ in triage_queue(practitioner)]
    assert order == [urgent, submitted]
    assert RequestChild.objects.count() == 2


def test_a_school_sees_a_request_once_its_child_is_matched_to_its_pupil(
    persona, practitioner, county, submitted
):
    head_b = persona("head_b")
    assert not support_requests_visible_to(head_b).exists()
    child = submitted.children.get()
    services.request_child_match(
        request=submitted, by=practitioner, child_id=child.pk, pupil=county.pupil_b
    )
    assert list(support_requests_visible_to(head_b)) == [submitted]


def test_early_help_sees_requests_routed_to_it_in_its_districts(
    persona, practitioner, submitted, manager
):
    north, south = persona("early_help_north"), persona("send_caseworker_south")
    decide(submitted, practitioner)
    assert not support_requests_visible_to(north).exists()  # not until signed off
    services.triage_sign_off(request=submitted, by=manager, approve=True)
    assert list(support_requests_visible_to(north)) == [submitted]  # school A is in North
    assert not support_requests_visible_to(south).exists()


def test_a_tampered_match_form_is_not_found_not_an_error(persona, county, submitted, client):
    client.force_login(persona("front_door"))
    url = f"/requests/{submitted.pk}/triage/"
    for form in (
        {"action": "match"},
        {"action": "match", "child": "x"},
        {"action": "match", "child": "999999"},
    ):
        assert client.post(url, form).status_code == 404
    child = submitted.children.get()
    matched = client.post(url, {"action": "match", "child": child.pk, "pupil": county.pupil_a.pk})
    assert matched.status_code == 302
    child.refresh_from_db()
    assert child.pupil == county.pupil_a
