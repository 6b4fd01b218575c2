"""The demo's year of the Front Door: generated the same for a seed, and, loaded with a county at
scale 0.05, consistent with the Front Door's rules and near the Kent figures it is calibrated to
(calibration.py, "The Front Door")."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, F
from django.utils.timezone import localdate

from frontdoor.core.models import User
from frontdoor.demo import calibration as cal
from frontdoor.demo import services
from frontdoor.demo.front_door import generate_front_door
from frontdoor.demo.generator import generate_county
from frontdoor.demo.tests.conftest import AS_AT, PASSWORD
from frontdoor.demo.users import demo_staff
from frontdoor.support import clocks
from frontdoor.support.levels import INDICATOR_BY_CODE, Route, routes_allowed
from frontdoor.support.models import RequestChild, SupportRequest, TriageDecision
from frontdoor.support.models_cases import Case, Team
from frontdoor.support.models_conversations import SUPPORT_OUTCOMES, DistrictConversation
from frontdoor.support.rereferrals import Referral, re_referral_rate

Status = SupportRequest.Status


def test_the_same_county_gives_the_same_year_and_another_seed_does_not():
    county = generate_county(seed=5, scale=0.01, as_at=AS_AT)
    year = generate_front_door(county)
    assert year.requests and year.conversations and year.cases
    assert generate_front_door(county) == year
    other = generate_front_door(generate_county(seed=6, scale=0.01, as_at=AS_AT))
    assert other.requests != year.requests


def test_the_year_is_the_twelve_months_before_the_as_at_date():
    year = generate_front_door(generate_county(seed=5, scale=0.01, as_at=date(2025, 3, 3)))
    submitted = [r.submitted_at.date() for r in year.requests if r.submitted_at]
    assert min(submitted) >= date(2024, 3, 3) and max(submitted) < date(2025, 3, 3)
    assert all(day.weekday() < 5 for day in submitted)


@pytest.mark.django_db
def test_the_load_counts_what_it_wrote(calibrated_county):
    rows = calibrated_county.rows
    assert rows["requests for support"] == SupportRequest.objects.count() > 1000
    assert rows["children on requests"] == RequestChild.objects.count()
    assert rows["triage decisions"] == TriageDecision.objects.count()
    assert rows["District Conversations"] == DistrictConversation.objects.count() > 100
    assert rows["cases"] == Case.objects.count() > 500
    assert rows["Front Door staff"] == demo_staff().count()


@pytest.mark.django_db
def test_references_are_unique_and_drafts_have_none(calibrated_county):
    drafts = SupportRequest.objects.filter(status=Status.DRAFT)
    assert drafts.exists()
    assert not drafts.filter(reference__isnull=False).exists()
    assert not drafts.filter(submitted_at__isnull=False).exists()
    assert set(drafts.values_list("created_by__username", flat=True)) <= {
        "partner.police",
        "partner.health",
        "head.a",
        "attendance.lead",
        "earlyhelp.practitioner",
    }
    submitted = SupportRequest.objects.exclude(status=Status.DRAFT)
    references = list(submitted.values_list("pk", "reference"))
    assert all(reference == f"RFS-{pk:06d}" for pk, reference in references)
    assert len({reference for _, reference in references}) == len(references)


@pytest.mark.django_db
def test_requests_are_received_as_the_clock_says_and_name_one_to_three_pupils(calibrated_county):
    submitted = SupportRequest.objects.exclude(status=Status.DRAFT)
    for request in submitted:
        assert request.submitted_at.weekday() < 5
        assert request.received_on == clocks.received_on(request.submitted_at)
        assert request.created_at <= request.submitted_at
    sizes = Counter(submitted.annotate(n=Count("children")).values_list("n", flat=True))
    assert set(sizes) <= {1, 2, 3} and sizes[1] > sizes[2] > sizes[3] > 0
    sources = Counter(submitted.values_list("source", flat=True))
    assert sources["2A"] / len(submitted) == pytest.approx(0.266, abs=0.03)
    assert sources["6"] / len(submitted) == pytest.approx(0.209, abs=0.03)
    matched = RequestChild.objects.filter(pupil__isnull=False)
    assert matched.count() > 0.8 * RequestChild.objects.filter(request__status="decided").count()
    assert not matched.exclude(first_name=F("pupil__first_name")).exists()
    assert not matched.exclude(date_of_birth=F("pupil__date_of_birth")).exists()


@pytest.mark.django_db
def test_every_decision_is_one_the_rules_allow(calibrated_county):
    decisions = TriageDecision.objects.select_related("request")
    for decision in decisions:
        assert Route(decision.route) in routes_allowed(decision.level)
        levels = {INDICATOR_BY_CODE[code].level for code in decision.indicators}
        assert max(levels, default=1) == decision.level
        assert decision.decided_by_id != decision.signed_off_by_id
    assert (
        not decisions.filter(signed_off_by__isnull=False)
        .exclude(signed_off_by__username="frontdoor.manager")
        .exists()
    )
    routes = Counter(decisions.values_list("route", flat=True))
    assert routes[Route.SOCIAL_WORK_TEAM] / len(decisions) == pytest.approx(0.33, abs=0.04)
    assert routes[Route.NO_FURTHER_ACTION] / len(decisions) < 0.1


@pytest.mark.django_db
def test_the_triage_queue_holds_the_last_working_days_requests(calibrated_county):
    waiting = SupportRequest.objects.filter(status__in=[Status.SUBMITTED, Status.AWAITING_SIGN_OFF])
    assert waiting.filter(status=Status.SUBMITTED).exists()
    assert waiting.filter(status=Status.AWAITING_SIGN_OFF).exists()
    assert not waiting.filter(status=Status.SUBMITTED, decision__isnull=False).exists()
    assert not waiting.filter(decision__signed_off_at__isnull=False).exists()
    oldest = min(waiting.values_list("received_on", flat=True))
    assert clocks.working_days_taken(oldest, AS_AT) <= cal.UNDECIDED_WORKING_DAYS + 1


@pytest.mark.django_db
def test_decisions_and_replies_mostly_meet_their_clocks(calibrated_county):
    decided = TriageDecision.objects.filter(signed_off_at__isnull=False).select_related("request")
    in_time = sum(
        d.decided_at.date() <= clocks.decision_due(d.request.received_on) for d in decided
    )
    assert in_time / len(decided) == pytest.approx(cal.DECIDED_WITHIN_A_WORKING_DAY, abs=0.04)
    assert all(d.decided_at >= d.request.submitted_at for d in decided)
    assert all(d.signed_off_at >= d.decided_at for d in decided)
    replied = DistrictConversation.objects.filter(replied_on__isnull=False)
    assert sum(c.replied_in_time for c in replied) / len(replied) > 0.85


@pytest.mark.django_db
def test_conversations_near_the_2018_briefing(calibrated_county):
    conversations = DistrictConversation.objects.select_related("request__decision")
    total = len(conversations)
    following = [c for c in conversations if c.followed_referral]
    assert len(following) / total == pytest.approx(0.38, abs=0.05)
    for conversation in following:
        assert conversation.request.decision.route == Route.DISTRICT_CONVERSATION
        assert conversation.asked_on >= localdate(conversation.request.decision.signed_off_at)
    assert not conversations.filter(followed_referral=False, request__isnull=False).exists()
    support = sum(c.outcome in SUPPORT_OUTCOMES for c in conversations)
    assert support / total == pytest.approx(cal.CONVERSATIONS_LEADING_TO_SUPPORT, abs=0.07)
    assert all(c.about and c.asked_by_name and c.asked_by_organisation for c in conversations)


@pytest.mark.django_db
def test_cases_only_for_early_help_and_social_work_one_for_each_child(calibrated_county):
    cases = Case.objects.select_related("request__decision", "child")
    assert {case.team for case in cases} == {Team.EARLY_HELP_UNIT, Team.SOCIAL_WORK_TEAM}
    for case in cases:
        decision = case.request.decision
        assert decision.route == case.team and decision.signed_off_at is not None
        assert case.child.request_id == case.request_id
        assert case.opened_on == localdate(decision.signed_off_at)
        assert case.district_id == decision.district_id
        if case.allocated_on:
            assert case.allocated_on >= case.opened_on and case.worker_id
        if case.closed_on:
            assert case.opened_on <= case.closed_on < AS_AT and case.closure_reason
        if case.team == Team.SOCIAL_WORK_TEAM and case.closed_on:
            assert case.assessment_completed_on is not None  # assessed before closing
    routed = RequestChild.objects.filter(
        request__decision__route__in=[Team.EARLY_HELP_UNIT, Team.SOCIAL_WORK_TEAM],
        request__status=Status.DECIDED,
    )
    assert routed.count() == len(cases)
    workers = User.objects.filter(pk__in=cases.values("worker"))
    assert set(workers.values_list("role", flat=True)) == {"early_help", "social_worker"}


@pytest.mark.django_db
def test_assessments_outcomes_and_re_referrals_near_kents(calibrated_county):
    social_work = Case.objects.filter(team=Team.SOCIAL_WORK_TEAM).select_related("request")
    assessed = social_work.filter(assessment_completed_on__isnull=False)
    in_time = sum(not case.assessment_is_late(AS_AT) for case in assessed)
    assert in_time / len(assessed) == pytest.approx(cal.ASSESSED_IN_TIME, abs=0.05)
    not_in_need = assessed.filter(assessment_outcome="not_in_need").count()
    assert not_in_need / len(assessed) == pytest.approx(0.272, abs=0.05)
    referrals = [
        Referral(id=case.pk, child=case.child.pupil_id or -case.child_id, household=None, on=day)
        for case in social_work.select_related("child")
        if (day := case.opened_on)
    ]
    again, made = re_referral_rate(referrals, months=12)
    assert again / made == pytest.approx(cal.RE_REFERRAL, abs=0.05)


@pytest.mark.django_db
def test_caseloads_on_the_as_at_date(calibrated_county):
    loads = Counter(
        Case.objects.filter(closed_on__isnull=True, worker__isnull=False).values_list(
            "worker", flat=True
        )
    )
    median = sorted(loads.values())[len(loads) // 2]
    assert 14 <= median <= 20


@pytest.mark.django_db
def test_delete_takes_the_front_door_year_and_its_staff():
    services.county_delete()  # the module's county, if loaded (back when the test rolls back)
    services.county_load(seed=3, scale=0.01, as_at=AS_AT, password=PASSWORD)
    assert SupportRequest.objects.exists() and demo_staff().exists()
    deleted = services.county_delete()
    assert deleted["requests for support"] > 0 and deleted["Front Door staff"] > 0
    for model in (SupportRequest, RequestChild, TriageDecision, DistrictConversation, Case):
        assert not model.objects.exists(), model
    assert not demo_staff().exists()
    connection.check_constraints()
    services.county_load(seed=3, scale=0.01, as_at=AS_AT, password=PASSWORD)
    assert SupportRequest.objects.exists()
