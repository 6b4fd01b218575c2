"""Routing onward: the district a decision goes to, what a sign-off starts (a District
Conversation, a case for each child, or nothing), the cases' own steps, who sees which, and
the cases' pages."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from frontdoor.core import access
from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.support import cases, clocks, services
from frontdoor.support.levels import Route, SupportLevel
from frontdoor.support.models import DistrictConversation, RequestChild, SupportRequest
from frontdoor.support.models_cases import AssessmentOutcome, Case, CaseClosure, Team
from frontdoor.support.selectors import (
    cases_visible_to,
    support_requests_visible_to,
    team_cases,
)
from frontdoor.support.tests.test_requests import complete_draft

OPENED = date(2026, 9, 1)  # a Tuesday, a working day


@pytest.fixture
def practitioner(persona):
    return persona("front_door")


@pytest.fixture
def manager(db):
    return User.objects.create(username="fd.manager", role=Role.FRONT_DOOR, is_manager=True)


def submit(user, county, *, school=True, more_children=()):
    """A submitted request about Amelia (at school A, in North unless `school` is False)."""
    draft = complete_draft(user, county, referrer_organisation="Alder Primary School")
    if not school:
        draft.children.update(school=None)
    for first in more_children:
        RequestChild.objects.create(request=draft, first_name=first, last_name="Able")
    return services.support_request_submit(request=draft, by=user)


def decide(request, by, level, route, indicators=("l3-persistent-absence",), **more):
    return services.triage_decide(
        request=request,
        by=by,
        level=level,
        indicators=list(indicators),
        rationale="Hand-worked.",
        route=route,
        **more,
    )


def social_worker(district, name="sw.south", **more):
    user = User.objects.create(username=name, role=Role.SOCIAL_WORKER, **more)
    user.districts.set([district])
    return user


def make_case(county, team=Team.SOCIAL_WORK_TEAM, district=None, opened_on=OPENED) -> Case:
    referrer = User.objects.get_or_create(username="referrer", role=Role.PARTNER)[0]
    request = SupportRequest.objects.create(
        created_by=referrer,
        status=SupportRequest.Status.DECIDED,
        reference=f"RFS-9{SupportRequest.objects.count():05d}",
    )
    child = RequestChild.objects.create(
        request=request, first_name="Bea", last_name="Case", date_of_birth=date(2015, 2, 3)
    )
    return Case.objects.create(
        request=request,
        child=child,
        team=team,
        district=district or county.north,
        opened_on=opened_on,
    )


# The district a decision goes to.


def test_the_district_is_the_childs_schools_unless_the_practitioner_names_one(
    persona, county, practitioner
):
    head = persona("head_a")
    found = submit(head, county)
    decision = decide(found, practitioner, SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT)
    assert decision.district == county.north  # school A is in North
    found.refresh_from_db()
    found.status = SupportRequest.Status.SUBMITTED  # as if returned by the manager
    found.save()
    decision = decide(
        found, practitioner, SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT, district=county.south
    )
    assert decision.district == county.south


def test_without_a_school_the_district_is_the_matched_pupils_current_school(
    persona, county, practitioner
):
    found = submit(persona("head_a"), county, school=False)
    with pytest.raises(services.DecisionRefused, match="Choose the district"):
        decide(found, practitioner, SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT)
    found.refresh_from_db()
    assert found.status == SupportRequest.Status.SUBMITTED
    # Dora left school A (North) and is on roll at Beech Academy (South) now.
    services.request_child_match(
        request=found,
        by=practitioner,
        child_id=found.children.get().pk,
        pupil=county.pupil_left_a,
    )
    decision = decide(found, practitioner, SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT)
    assert decision.district == county.south


def test_no_further_action_needs_no_district(persona, county, practitioner):
    found = submit(persona("head_a"), county, school=False)
    decision = decide(found, practitioner, SupportLevel.INTENSIVE, Route.NO_FURTHER_ACTION)
    assert decision.district is None


# What a sign-off starts.


def test_a_district_conversation_route_asks_the_district_without_names(
    persona, county, practitioner, manager
):
    found = submit(persona("head_a"), county)
    decide(
        found,
        practitioner,
        SupportLevel.ADDITIONAL,
        Route.DISTRICT_CONVERSATION,
        indicators=["l2-occasional-absence", "l2-parenting-struggle"],
    )
    assert not DistrictConversation.objects.exists()  # not until it is signed off
    services.triage_sign_off(request=found, by=manager, approve=True)
    [conversation] = DistrictConversation.objects.all()
    assert conversation.district == county.north
    assert conversation.request == found and conversation.followed_referral
    assert conversation.asked_on == clocks.received_on(timezone.now())
    assert conversation.asked_by_name == "Hana Head"
    assert conversation.asked_by_organisation == "Alder Primary School"
    assert conversation.recorded_by == manager
    assert "Level 2 – Additional" in conversation.about
    assert "I am sometimes absent from school." in conversation.about
    assert "Amelia" not in conversation.about and "Able" not in conversation.about
    assert conversation.reply_due == clocks.district_conversation_reply_due(conversation.asked_on)
    assert not Case.objects.exists()
    early_help = persona("early_help_north")
    assert access.scope_district_conversations(early_help, DistrictConversation.objects.all())


@pytest.mark.parametrize(
    ("level", "route"),
    [
        (SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT),
        (SupportLevel.SPECIALIST, Route.SOCIAL_WORK_TEAM),
    ],
)
def test_a_team_route_opens_a_case_for_each_child(
    persona, county, practitioner, manager, level, route
):
    found = submit(persona("head_a"), county, more_children=["Ben"])
    decide(found, practitioner, level, route)
    services.triage_sign_off(request=found, by=manager, approve=True)
    opened = list(Case.objects.order_by("child_id"))
    assert [case.child for case in opened] == list(found.children.order_by("pk"))
    assert {(c.team, c.district, c.opened_on) for c in opened} == {
        (route.value, county.north, timezone.localdate())
    }
    assert not DistrictConversation.objects.exists()
    assert AuditEvent.objects.filter(action="case.open").count() == 2


def test_no_further_action_starts_nothing(persona, county, practitioner, manager):
    found = submit(persona("head_a"), county)
    decide(found, practitioner, SupportLevel.INTENSIVE, Route.NO_FURTHER_ACTION)
    services.triage_sign_off(request=found, by=manager, approve=True)
    assert not Case.objects.exists() and not DistrictConversation.objects.exists()


def test_a_decision_without_a_district_is_not_signed_off(persona, county, practitioner, manager):
    """One made before decisions named a district goes back for the practitioner to choose."""
    found = submit(persona("head_a"), county)
    decision = decide(found, practitioner, SupportLevel.INTENSIVE, Route.EARLY_HELP_UNIT)
    decision.district = None
    decision.save()
    with pytest.raises(services.DecisionRefused, match="names no district"):
        services.triage_sign_off(request=found, by=manager, approve=True)
    assert not Case.objects.exists()


# Who sees which.


def test_social_workers_see_their_districts_social_work_requests_and_cases(
    persona, county, practitioner, manager
):
    north, early_help = persona("social_worker_north"), persona("early_help_north")
    south = social_worker(county.south)
    head = persona("head_a")
    found = submit(head, county)  # Amelia's school is in North
    decide(found, practitioner, SupportLevel.SPECIALIST, Route.SOCIAL_WORK_TEAM)
    assert not support_requests_visible_to(north).exists()  # not until signed off
    services.triage_sign_off(request=found, by=manager, approve=True)
    # The practitioner sends the second to South, whatever Amelia's school.
    elsewhere = submit(head, county)
    decide(
        elsewhere,
        practitioner,
        SupportLevel.SPECIALIST,
        Route.SOCIAL_WORK_TEAM,
        district=county.south,
    )
    services.triage_sign_off(request=elsewhere, by=manager, approve=True)
    assert list(support_requests_visible_to(north)) == [found]
    assert list(support_requests_visible_to(south)) == [elsewhere]
    assert not support_requests_visible_to(early_help).exists()
    north_case, south_case = Case.objects.order_by("pk")
    assert list(cases_visible_to(north)) == [north_case]
    assert list(cases_visible_to(south)) == [south_case]
    assert not cases_visible_to(early_help).exists()
    assert set(cases_visible_to(practitioner)) == {north_case, south_case}


def test_early_help_sees_requests_sent_to_its_district_whatever_the_school(
    persona, county, practitioner, manager
):
    found = submit(persona("head_a"), county, school=False)
    decide(
        found,
        practitioner,
        SupportLevel.INTENSIVE,
        Route.EARLY_HELP_UNIT,
        district=county.north,
    )
    services.triage_sign_off(request=found, by=manager, approve=True)
    early_help = persona("early_help_north")
    assert list(support_requests_visible_to(early_help)) == [found]
    assert cases_visible_to(early_help).count() == 1
    assert not cases_visible_to(persona("social_worker_north")).exists()


def test_case_scope_by_persona(persona, county):
    north_sw = make_case(county)
    south_sw = make_case(county, district=county.south)
    north_eh = make_case(county, team=Team.EARLY_HELP_UNIT)
    county_wide = User.objects.create(username="sw.all", role=Role.SOCIAL_WORKER, county_wide=True)
    expected = {
        "social_worker_north": {north_sw},
        "early_help_north": {north_eh},
        "front_door": {north_sw, south_sw, north_eh},
        "head_a": set(),
        "partner_police": set(),
        "analyst": set(),
    }
    for name, cases_seen in expected.items():
        assert set(cases_visible_to(persona(name))) == cases_seen, name
    assert set(cases_visible_to(county_wide)) == {north_sw, south_sw}


# The cases' steps.


def test_a_case_is_allocated_to_a_worker_of_its_team_who_covers_its_district(persona, county):
    case = make_case(county)
    north = persona("social_worker_north")
    colleague = social_worker(county.north, name="sw.north.2")
    for wrong in (
        persona("early_help_north"),  # another team
        social_worker(county.south),  # another district
        social_worker(county.north, name="sw.left", is_active=False),
    ):
        with pytest.raises(cases.CaseRefused, match="Choose a worker") as refused:
            cases.case_allocate(case=case, worker=wrong, by=north)
        assert refused.value.field == "worker"
    assert set(access.case_workers(case, User.objects.all())) == {north, colleague}
    cases.case_allocate(case=case, worker=colleague, by=north)
    case.refresh_from_db()
    assert (case.worker, case.allocated_on) == (colleague, timezone.localdate())
    assert AuditEvent.objects.filter(action="case.allocate", object_id=str(case.pk)).exists()


def test_only_the_team_changes_its_cases(persona, county):
    case = make_case(county)
    with pytest.raises(PermissionDenied):  # the Front Door reads cases, it does not work them
        cases.case_allocate(
            case=case, worker=persona("social_worker_north"), by=persona("front_door")
        )
    with pytest.raises(PermissionDenied):  # not their district
        cases.case_close(
            case=case,
            closed_on=OPENED,
            reason=CaseClosure.NEEDS_MET,
            by=social_worker(county.south),
        )


def test_the_assessment_is_recorded_once_within_the_cases_dates(persona, county):
    north = persona("social_worker_north")
    case = make_case(county)
    today = timezone.localdate()
    for completed_on, message in [
        (OPENED - timedelta(days=1), "before the case opened, on 1 September 2026"),
        (today + timedelta(days=1), "in the future"),
    ]:
        with pytest.raises(cases.CaseRefused, match=message) as refused:
            cases.case_assessment_complete(
                case=case,
                completed_on=completed_on,
                outcome=AssessmentOutcome.CHILD_IN_NEED,
                by=north,
            )
        assert refused.value.field == "completed_on"
    cases.case_assessment_complete(
        case=case, completed_on=OPENED, outcome=AssessmentOutcome.CHILD_IN_NEED, by=north
    )
    with pytest.raises(cases.CaseRefused, match="cannot be recorded again"):
        cases.case_assessment_complete(
            case=case, completed_on=today, outcome=AssessmentOutcome.NOT_IN_NEED, by=north
        )
    case.refresh_from_db()
    assert case.assessment_completed_on == OPENED
    assert case.assessment_outcome == AssessmentOutcome.CHILD_IN_NEED


def test_an_early_help_case_has_no_assessment_and_closes_without_one(persona, county):
    early_help = persona("early_help_north")
    case = make_case(county, team=Team.EARLY_HELP_UNIT)
    with pytest.raises(cases.CaseRefused, match="Only a Children’s Social Work Team case"):
        cases.case_assessment_complete(
            case=case, completed_on=OPENED, outcome=AssessmentOutcome.EARLY_HELP, by=early_help
        )
    cases.case_close(case=case, closed_on=OPENED, reason=CaseClosure.NEEDS_MET, by=early_help)
    case.refresh_from_db()
    assert (case.closed_on, case.status) == (OPENED, "Closed")


def test_a_social_work_case_closes_after_its_assessment_and_once(persona, county):
    north = persona("social_worker_north")
    case = make_case(county)
    today = timezone.localdate()
    with pytest.raises(cases.CaseRefused, match="Record the child and family assessment"):
        cases.case_close(case=case, closed_on=today, reason=CaseClosure.NOT_IN_NEED, by=north)
    assessed_on = OPENED + timedelta(days=14)
    cases.case_assessment_complete(
        case=case, completed_on=assessed_on, outcome=AssessmentOutcome.NOT_IN_NEED, by=north
    )
    for closed_on, message in [
        (OPENED - timedelta(days=1), "before the case opened"),
        (OPENED, "before its assessment was completed"),
        (today + timedelta(days=1), "in the future"),
    ]:
        with pytest.raises(cases.CaseRefused, match=message):
            cases.case_close(
                case=case, closed_on=closed_on, reason=CaseClosure.NOT_IN_NEED, by=north
            )
    cases.case_close(case=case, closed_on=today, reason=CaseClosure.NOT_IN_NEED, by=north)
    with pytest.raises(cases.CaseRefused, match="already closed"):
        cases.case_close(case=case, closed_on=today, reason=CaseClosure.NEEDS_MET, by=north)
    with pytest.raises(cases.CaseRefused, match="closed on"):
        cases.case_allocate(case=case, worker=north, by=north)


# The list's filters and the overdue clock.


def test_overdue_cutoff_agrees_with_the_assessment_clock():
    """Filtering on the referral date gives the same cases as working out each due date."""
    for today in (date(2026, 1, 5) + timedelta(days=n) for n in range(0, 700, 5)):
        cutoff = clocks.assessment_overdue_if_opened_before(today)
        for opened in (today - timedelta(days=n) for n in range(58, 72)):
            assert (clocks.assessment_due(opened) < today) == (opened < cutoff), (today, opened)


def test_the_list_filters_mine_unallocated_and_overdue(persona, county):
    north = persona("social_worker_north")
    today = timezone.localdate()
    overdue = make_case(county, opened_on=today - timedelta(days=100))
    mine = make_case(county, opened_on=today)
    cases.case_allocate(case=mine, worker=north, by=north)
    assert list(team_cases(north, today=today)) == [overdue, mine]  # the longest open first
    assert list(team_cases(north, show="mine", today=today)) == [mine]
    assert list(team_cases(north, show="unallocated", today=today)) == [overdue]
    assert list(team_cases(north, show="overdue", today=today)) == [overdue]
    assert overdue.assessment_is_late(today) and not mine.assessment_is_late(today)


# The pages.


def test_a_case_outside_the_users_reach_is_not_found(signed_in, county):
    south = make_case(county, district=county.south)
    early_help = make_case(county, team=Team.EARLY_HELP_UNIT)
    client = signed_in("social_worker_north")
    assert client.get(f"/requests/cases/{south.pk}/").status_code == 404
    assert client.get(f"/requests/cases/{early_help.pk}/").status_code == 404


def test_a_social_worker_allocates_assesses_and_closes_a_case(signed_in, county):
    case = make_case(county)
    client = signed_in("social_worker_north")
    worker = User.objects.get(username="social.worker.north")
    url = f"/requests/cases/{case.pk}/"
    listing = client.get("/requests/cases/")
    assert case.reference in listing.content.decode()
    page = client.get(url)
    assert "Bea Case, born 3 February 2015" in page.content.decode()
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk)).count() == 1
    assert client.post(url, {"action": "allocate", "worker": worker.pk}).status_code == 302
    # A refused step keeps what was typed and says what to do.
    refused = client.post(
        url, {"action": "assess", "completed_on": "2026-08-31", "outcome": "child_in_need"}
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "govuk-error-summary" in html and "before the case opened" in html
    assert 'value="2026-08-31"' in html
    assert re.search(r'value="child_in_need"[^>]*checked', html)
    assessed = client.post(
        url, {"action": "assess", "completed_on": "2026-09-15", "outcome": "child_in_need"}
    )
    assert assessed.status_code == 302
    closed = client.post(url, {"action": "close", "closed_on": "2026-10-01", "reason": "needs_met"})
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.worker == worker
    assert case.assessment_completed_on == date(2026, 9, 15)
    assert (case.closed_on, case.closure_reason) == (date(2026, 10, 1), "needs_met")
    assert client.post(url, {"action": "nonsense"}).status_code == 404


def test_the_front_door_reads_a_case_but_cannot_change_it(signed_in, county):
    case = make_case(county)
    client = signed_in("front_door")
    page = client.get(f"/requests/cases/{case.pk}/")
    assert page.status_code == 200 and 'name="action"' not in page.content.decode()
    assert client.post(f"/requests/cases/{case.pk}/", {"action": "close"}).status_code == 403
    assert client.get("/requests/cases/").status_code == 403


def test_the_request_page_says_where_the_request_went(
    client, persona, county, practitioner, manager
):
    head = persona("head_a")
    found = submit(head, county)
    decide(found, practitioner, SupportLevel.SPECIALIST, Route.SOCIAL_WORK_TEAM)
    services.triage_sign_off(request=found, by=manager, approve=True)
    case = Case.objects.get()
    client.force_login(persona("social_worker_north"))
    html = client.get(f"/requests/{found.pk}/").content.decode()
    assert "Where the request went" in html
    assert f'href="/requests/cases/{case.pk}/"' in html and "Not allocated" in html
    # The referring school sees where it went but cannot open the case.
    client.force_login(head)
    html = client.get(f"/requests/{found.pk}/").content.decode()
    assert case.reference in html and f'href="/requests/cases/{case.pk}/"' not in html


def test_the_triage_form_asks_for_the_district_when_no_child_has_a_school(
    client, persona, county, practitioner
):
    found = submit(persona("head_a"), county, school=False)
    client.force_login(practitioner)
    url = f"/requests/{found.pk}/triage/"
    answers = {
        "action": "decide",
        "level": SupportLevel.INTENSIVE,
        "rationale": "Hand-worked.",
        "route": Route.EARLY_HELP_UNIT,
    }
    page = client.get(url).content.decode()
    assert "Only needed when no child on the request has a school" in page
    refused = client.post(url, answers)
    assert refused.status_code == 200
    assert 'href="#id_district"' in refused.content.decode()  # the summary links to the select
    assert client.post(url, answers | {"district": county.south.code}).status_code == 302
    found.refresh_from_db()
    assert found.decision.district == county.south
