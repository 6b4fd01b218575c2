"""Every URL pattern, as every persona: allowed or denied, exactly as the table says.

A new URL pattern without an entry in EXPECTED fails the test, so nothing ships unguarded.
Kwargs point at school A and its pupil (see conftest.County)."""

from datetime import date

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from frontdoor.attendance.models import (
    DfeAttendanceFigure,
    LiaisonAssignment,
    TargetingSupportMeeting,
)
from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.conftest import PERSONAS
from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of
from frontdoor.core.models import User
from frontdoor.core.roles import Agency, Role
from frontdoor.funding.services import scenario_examples_load, schools_dataset_save
from frontdoor.funding.tests.schools import county as funding_county
from frontdoor.send.models import Delivery, EhcRequest, Requester, Stage
from frontdoor.send.models_disagreements import AppealableDecision, Disagreement
from frontdoor.send.models_panel import PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview
from frontdoor.send.models_transfers import PhaseTransfer, TransferKind
from frontdoor.support.models import (
    DistrictConversation,
    PathwayNotification,
    RequestChild,
    RequestDocument,
    SupportRequest,
)
from frontdoor.support.models_cases import Case, Team

EVERYONE = frozenset(PERSONAS)
# Parents and young people follow their own child's EHC case; the rest of the service, beyond
# the public register and their account, is for professionals.
PROFESSIONALS = EVERYONE - {"parent"}
LA_ADMIN = frozenset({"la_admin"})
# Personas whose scope includes school A and its pupil Amelia (see test_access.py).
SEE_SCHOOL_A_PUPIL = frozenset(
    {
        "attendance_officer_north",
        "attendance_manager",
        "front_door",
        "early_help_north",
        "social_worker_north",
        "head_a",
        "attendance_lead_a",
        "senco_a",
    }
)
# The virtual school reaches every roll but sees only its own children on it.
SEE_SCHOOL_A_ROLL = SEE_SCHOOL_A_PUPIL | {"virtual_school"}
PUPIL_ROLES = SEE_SCHOOL_A_ROLL | {
    "attendance_officer_south",
    "send_caseworker_south",
    "head_b",
    "trust_weald",
}

# Attendance figures: council education staff everywhere, school staff for school A.
COUNCIL_ATTENDANCE = frozenset(
    {
        "la_admin",
        "attendance_officer_north",
        "attendance_officer_south",
        "attendance_manager",
        "front_door",
        "early_help_north",
        "social_worker_north",
        "send_caseworker_south",
        "virtual_school",
        "analyst",
    }
)
SCHOOL_A_ATTENDANCE = COUNCIL_ATTENDANCE | {"head_a", "attendance_lead_a", "senco_a"}
# Targeting Support Meetings: the officers for school A's district, and its staff.
SCHOOL_A_MEETINGS = frozenset(
    {"attendance_officer_north", "attendance_manager", "head_a", "attendance_lead_a", "senco_a"}
)

# Requests for Support: everyone but the council's back office may make one. The one in the
# URLs was submitted by another partner about a child at school A: the Front Door and school
# A's staff may open it; the police partner may not (it is not theirs); nobody may change it.
REQUESTERS = PROFESSIONALS - {"la_admin", "finance", "analyst"}
SCHOOL_A_REQUEST = frozenset({"front_door", "head_a", "attendance_lead_a", "senco_a"})
PATHWAY_USERS = frozenset(
    {
        "head_a",
        "head_b",
        "attendance_lead_a",
        "senco_a",
        "attendance_officer_north",
        "attendance_officer_south",
        "attendance_manager",
    }
)
FUNDING = frozenset({"finance", "la_admin"})
SEND_CASEWORKERS = frozenset({"send_caseworker_south"})
# Published schools block lines: a school's staff and a trust's users, their own schools only.
OWN_SCHOOL_FUNDING = frozenset({"head_a", "head_b", "attendance_lead_a", "senco_a", "trust_weald"})

EXPECTED = {
    "home": EVERYONE,
    "login": EVERYONE,  # a signed-in user is sent on to the home page
    # Open to all: the link's token is the key, and a bad one (as in the URLs) says so.
    "account_invitation": EVERYONE,
    "logout": EVERYONE,
    "password_change": EVERYONE,
    "two_factor": EVERYONE,
    "two_factor_setup": EVERYONE,
    "healthz": EVERYONE,
    "audit_search": LA_ADMIN,
    "establishment_list": EVERYONE,
    "establishment_detail": EVERYONE,
    "establishment_pupils": SEE_SCHOOL_A_ROLL,
    "gias_import": LA_ADMIN,
    "pupil_search": PUPIL_ROLES,
    "pupil_detail": SEE_SCHOOL_A_PUPIL,
    "attendance_home": PROFESSIONALS - {"finance", "partner_police"},
    "attendance_county": COUNCIL_ATTENDANCE,
    "attendance_district": COUNCIL_ATTENDANCE,
    "attendance_school": SCHOOL_A_ATTENDANCE,
    "attendance_year_group": SCHOOL_A_ATTENDANCE,
    "worklist_index": PUPIL_ROLES,
    "worklist_pupils": PUPIL_ROLES,
    "support_ladder": SEE_SCHOOL_A_PUPIL,
    "exclusions_county": COUNCIL_ATTENDANCE,
    "exclusions_school": SCHOOL_A_ATTENDANCE,
    "responsibilities": SCHOOL_A_ATTENDANCE,
    "tsm_coverage": COUNCIL_ATTENDANCE,
    "tsm_school": SCHOOL_A_MEETINGS,
    "tsm_pack": SCHOOL_A_MEETINGS,
    "api_tokens": PROFESSIONALS - {"finance", "partner_police"},
    "api_token_revoke": frozenset(),  # nobody's token 999999: every persona is refused
    "api_openapi": EVERYONE,
    "api_areas": PROFESSIONALS - {"finance", "partner_police"},
    "api_county": COUNCIL_ATTENDANCE,
    "api_district": COUNCIL_ATTENDANCE,
    "api_school": SCHOOL_A_ATTENDANCE,
    "api_year_group": SCHOOL_A_ATTENDANCE,
    "api_worklist": PUPIL_ROLES,
    "support_request_list": REQUESTERS,
    "support_request_start": REQUESTERS,
    "support_request_detail": SCHOOL_A_REQUEST,
    "support_request_children": frozenset(),
    "support_request_child_remove": frozenset(),
    "support_request_page": frozenset(),
    "support_request_check": frozenset(),
    "support_request_documents": frozenset(),
    "support_request_document": SCHOOL_A_REQUEST,
    "support_request_document_remove": frozenset(),
    "support_triage_queue": frozenset({"front_door"}),
    "support_triage": frozenset({"front_door"}),
    "support_sign_off": frozenset(),  # Front Door managers only; no persona is one
    # District Conversations: the Front Door and Early Help; the one in the URLs is North's.
    "support_conversations": frozenset({"front_door", "early_help_north"}),
    "support_conversation_new": frozenset({"front_door", "early_help_north"}),
    "support_conversation": frozenset({"front_door", "early_help_north"}),
    # Cases: each team its own list; the one in the URLs is a North social work case, which
    # the Front Door may read too.
    "support_cases": frozenset({"early_help_north", "social_worker_north"}),
    "support_case": frozenset({"front_door", "social_worker_north"}),
    # The Front Door's measures: aggregates, for the teams that run and receive its work.
    "support_measures": frozenset(
        {"front_door", "early_help_north", "social_worker_north", "analyst", "la_admin"}
    ),
    # School pathways: schools' staff send them; the council's attendance officers own them.
    "pathways": PATHWAY_USERS,
    "pathway_new": frozenset({"head_a", "head_b", "attendance_lead_a", "senco_a"}),
    "pathway": frozenset(
        {"head_a", "attendance_lead_a", "senco_a", "attendance_officer_north", "attendance_manager"}
    ),
    # Funding models: county figures, for finance officers and administrators.
    **dict.fromkeys(
        [
            "funding_home",
            "funding_examples_load",
            "funding_scenario_toml",
            "funding_scenario_copy",
            "funding_scenario_delete",
            "funding_high_needs",
            "funding_high_needs_new",
            "funding_high_needs_compare",
            "funding_high_needs_scenario",
            "funding_high_needs_edit",
            "funding_ap",
            "funding_ap_new",
            "funding_ap_scenario",
            "funding_ap_edit",
            "funding_lff",
            "funding_lff_new",
            "funding_lff_compare",
            "funding_lff_scenario",
            "funding_lff_edit",
            "funding_lff_publish",
            "funding_datasets",
            "funding_dataset_upload",
            "funding_dataset",
            "funding_dataset_delete",
        ],
        FUNDING,
    ),
    "funding_my_school": OWN_SCHOOL_FUNDING,
    # SEND casework: the SEND caseworkers of the area; the request, plan, review, transfer,
    # panel request and disagreement in the URLs are South's.
    **dict.fromkeys(
        [
            "send_caseload",
            "send_request_new",
            "send_request",
            "send_request_plan",
            "send_plans",
            "send_plan",
            "send_plan_edit",
            "send_plan_version",
            "send_reviews",
            "send_reviews_termly",
            "send_review",
            "send_review_open",
            "send_transfers",
            "send_transfer_cohort",
            "send_transfer",
            "send_panel",
            "send_panel_new",
            "send_panel_request",
            "send_disagreements",
            "send_disagreement_new",
            "send_disagreement",
        ],
        SEND_CASEWORKERS,
    ),
    # SEND figures, without names: the caseworkers (their area), analysts and administrators.
    "send_performance": frozenset({"send_caseworker_south", "analyst", "la_admin"}),
    # The inclusion dashboard: aggregates by school for the council's staff.
    "send_inclusion": COUNCIL_ATTENDANCE,
    "send_inclusion_school": COUNCIL_ATTENDANCE,
    # The Virtual School's children; Amelia (in the URLs) is not one of them, so nobody may
    # record her PEP.
    "send_virtual_school": frozenset({"virtual_school"}),
    "send_pep": frozenset(),
    # Family access to Bella's case (South's; her id is in the URL): South's caseworker.
    "send_family_access": SEND_CASEWORKERS,
    # A family follows its own child's case (Bella's request is in the URLs).
    "send_family": frozenset({"parent"}),
    "send_family_case": frozenset({"parent"}),
    # A school's staff, and a trust's users, their pupils' EHC cases.
    "send_school_cases": frozenset({"head_a", "head_b", "senco_a", "trust_weald"}),
}
POST_ONLY = {
    "logout",
    "admin:logout",
    "api_token_revoke",
    "support_request_child_remove",
    "support_request_document_remove",
    "funding_examples_load",
    "funding_lff_publish",
    "send_review_open",
}
# Admin URLs that need more than an object id to make sense in a GET.
ADMIN_QUERY = {
    "admin:autocomplete": {"app_label": "core", "model_name": "user", "field_name": "trust"}
}
# Read-only in the admin (figures change only by importing a file): nobody may add or delete.
ADMIN_READ_ONLY = {
    "admin:attendance_dfeattendancefigure_add",
    "admin:attendance_dfeattendancefigure_delete",
    "admin:funding_scenario_add",  # scenarios are made in the Funding pages, which check them
}
# URLs about a child's EHC case, which Amelia has none of: they point at Bella (South's).
PUPIL_B_URLS = {"send_family_access"}
ADMIN_SKIP = {"admin:view_on_site"}  # redirects to an object's own page; no model here has one


@pytest.fixture
def reference_rows(county):
    """A row for each admin model the county fixture has none of, so that its pages have an
    object to show, and a meeting for school A."""
    DfeAttendanceFigure.objects.create(
        period_kind=DfeAttendanceFigure.PeriodKind.YEAR_TO_DATE,
        academic_year=2024,
        time_period="202425",
        time_identifier="Academic year",
        geographic_level=DfeAttendanceFigure.Level.NATIONAL,
        area_code="E92000001",
        area_name="England",
        phase=DfeAttendanceFigure.Phase.TOTAL,
        possible_sessions=1000,
        source_file="EES_ytd_data_202425.csv",
        imported_at=timezone.now(),
    )
    booker = User.objects.create(username="booker")
    LiaisonAssignment.objects.create(
        establishment=county.school_a, officer=booker, since=date(2024, 9, 1)
    )
    year = academic_year_of(timezone.localdate())
    TargetingSupportMeeting.objects.create(
        establishment=county.school_a,
        academic_year=year,
        number=1,
        meeting_date=term_dates.terms(year)[0].start,
        booked_by=booker,
    )
    referrer = User.objects.create(
        username="health.visitor", role=Role.PARTNER, agency=Agency.HEALTH
    )
    submitted = SupportRequest.objects.create(
        created_by=referrer,
        status=SupportRequest.Status.SUBMITTED,
        reference="RFS-000001",
        submitted_at=timezone.now(),
        received_on=timezone.localdate(),
    )
    RequestChild.objects.create(
        request=submitted, first_name="Amelia", last_name="A", school=county.school_a
    )
    county.support_request = submitted
    county.document = RequestDocument(
        request=submitted,
        name="plan.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=referrer,
    )
    county.document.file.save("plan", ContentFile(b"%PDF-1.7\n"))
    county.case = Case.objects.create(
        request=submitted,
        child=submitted.children.get(),
        team=Team.SOCIAL_WORK_TEAM,
        district=county.north,
        opened_on=timezone.localdate(),
    )
    county.conversation = DistrictConversation.objects.create(
        district=county.north,
        asked_on=timezone.localdate(),
        asked_by_name="Hana Head",
        asked_by_organisation="Alder Primary School",
        about="A family new to the area who would like to find a parenting group.",
        recorded_by=booker,
    )
    county.pathway_notification = PathwayNotification.objects.create(
        reference="PWY-000001",
        pathway="part-time-timetable",
        team="attendance",
        school=county.school_a,
        pupil=county.pupil_a,
        answers={"sessions_a_week": 6},
        submitted_by=referrer,
        submitted_at=timezone.now(),
        received_on=timezone.localdate(),
        due_on=timezone.localdate(),
    )
    today = timezone.localdate()
    # At the drafting stage, so that its plan may be started.
    county.ehc_request = EhcRequest.objects.create(
        reference="EHC-000001",
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        delivery=Delivery.EMAIL,
        sent_at=timezone.now(),
        received_on=today,
        assessment_decided_on=today,
        plan_decided_on=today,
        stage=Stage.DRAFTING,
    )
    county.plan = EhcPlan.objects.create(
        reference="PLAN-000001", pupil=county.pupil_b, district=county.south, issued_on=today
    )
    PlanVersion.objects.create(
        plan=county.plan, number=1, status=PlanVersion.Status.FINAL, content={}, made_on=today
    )
    county.review = AnnualReview.objects.create(plan=county.plan, due_on=today)
    county.transfer = PhaseTransfer.objects.create(
        plan=county.plan, transfer_year=2029, kind=TransferKind.TO_POST_16
    )
    county.panel_request = PanelRequest.objects.create(
        plan=county.plan,
        kind=PanelKind.INDEPENDENT,
        annual_cost=60000,
        starts_on=today,
        evidence="No local special school can meet her sensory needs.",
        submitted_on=today,
    )
    county.disagreement = Disagreement.objects.create(
        pupil=county.pupil_b,
        district=county.south,
        decision=AppealableDecision.CONTENTS,
        decision_letter_on=today,
    )
    examples = {scenario.name: scenario for scenario in scenario_examples_load(by=None)}
    county.high_needs_scenario = examples["Current trajectory"]
    county.ap_scenario = examples["2018 consultation, delegated option"]
    county.lff_scenario = examples["Continue the targeted approach"]
    county.dataset = schools_dataset_save(
        by=None, name="Schools", description="", schools=funding_county(6)
    )
    return county


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_names() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)} - ADMIN_SKIP)


def _pattern(name: str) -> URLPattern:
    return next(pattern for n, pattern in _walk(get_resolver().url_patterns) if n == name)


def _admin_kwargs(name: str, county) -> dict:
    """Values for an admin URL: the model comes from the URL name (admin:<app>_<model>_<view>)."""
    wanted = set(_pattern(name).pattern.regex.groupindex)
    if not wanted:
        return {}
    if wanted == {"app_label"}:
        return {"app_label": "core"}
    if name == "admin:auth_user_password_change":  # UserAdmin's fixed name, for core.User
        name = "admin:core_user_password_change"
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            instance = model.objects.order_by("pk").first()
            return {key: str(instance.pk) for key in wanted}
    raise AssertionError(f"No kwargs known for {name}")


def url_for(name: str, county) -> str:
    if name.startswith("admin:"):
        return reverse(name, kwargs=_admin_kwargs(name, county))
    kwargs = {
        "urn": county.school_a.urn,
        "pupil_id": county.pupil_a.pk,
        "code": county.north.code,
        "nc_year": 5,
        "slug": "persistent",
        "token_id": 999999,
        "number": 1,
        "request_id": county.support_request.pk,
        "child_id": county.support_request.children.get().pk,
        "page": "family",
        "conversation_id": county.conversation.pk,
        "document_id": county.document.pk,
        "case_id": county.case.pk,
        "pathway": "suspension",
        "notification_id": county.pathway_notification.pk,
        "scenario_id": county.high_needs_scenario.pk,
        "ap_scenario_id": county.ap_scenario.pk,
        "lff_scenario_id": county.lff_scenario.pk,
        "dataset_id": county.dataset.pk,
        "ehc_request_id": county.ehc_request.pk,
        "plan_id": county.plan.pk,
        "review_id": county.review.pk,
        "year": 2029,
        "kind": TransferKind.PRIMARY_TO_SECONDARY,
        "transfer_id": county.transfer.pk,
        "panel_request_id": county.panel_request.pk,
        "disagreement_id": county.disagreement.pk,
        "uidb64": "MQ",
        "token": "not-a-token",
    }
    if name in PUPIL_B_URLS:
        kwargs["pupil_id"] = county.pupil_b.pk
    wanted = set(_pattern(name).pattern.regex.groupindex)
    return reverse(name, kwargs={key: kwargs[key] for key in wanted})


def expected_allowed(name: str) -> frozenset[str]:
    if name in ADMIN_READ_ONLY:
        return frozenset()
    if name.startswith("admin:"):
        return LA_ADMIN
    return EXPECTED[name]


def test_every_url_pattern_has_an_expectation():
    missing = [
        name for name in url_names() if not name.startswith("admin:") and name not in EXPECTED
    ]
    assert not missing, f"Add these URL names to EXPECTED: {missing}"
    stale = set(EXPECTED) - set(url_names())
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


def _request(client, name, url):
    if name in POST_ONLY:
        return client.post(url)
    return client.get(url, ADMIN_QUERY.get(name, {}))


def _is_denied(name, response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and name in POST_ONLY - {"logout", "admin:logout"}:
        return False  # a POST that worked and went back to its page
    if response.status_code == 302 and name not in POST_ONLY:  # signing out leads to sign-in
        return response.url.startswith(("/accounts/login/", "/admin/login/"))
    return False


def _verdict(name, persona_name, response) -> str | None:
    allowed = persona_name in expected_allowed(name)
    if allowed != _is_denied(name, response):
        return None
    expected = "allowed" if allowed else "denied"
    return f"{name}: expected {expected}, got {response.status_code}"


@pytest.mark.parametrize("persona_name", sorted(PERSONAS))
def test_role_url_matrix(reference_rows, client, persona, persona_name, tmp_path):
    county = reference_rows
    county_with_registers(tmp_path)  # attendance figures for the pages and the API
    user = persona(persona_name)
    client.force_login(user)
    problems = []
    # Sign-out URLs last, signing back in after each.
    names = sorted(url_names(), key=lambda name: name in POST_ONLY)
    for name in names:
        response = _request(client, name, url_for(name, county))
        assert response.status_code < 500, f"{name}: server error"
        problems.append(_verdict(name, persona_name, response))
        if name in POST_ONLY:
            client.force_login(user)
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


OPEN_URLS = ("login", "healthz", "account_invitation")


@pytest.mark.parametrize("name", [n for n in url_names() if n not in OPEN_URLS])
def test_anonymous_visitors_are_sent_to_sign_in(client, reference_rows, persona, name):
    county = reference_rows
    persona("analyst")  # so that the admin's user pages have a user to point at
    url = url_for(name, county)
    response = _request(client, name, url)
    if url.startswith("/api/"):  # an API answers; it does not redirect
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        return
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_login_and_healthz_are_open(client, county):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
    invitation = reverse("account_invitation", kwargs={"uidb64": "MQ", "token": "not-a-token"})
    assert b"This link does not work" in client.get(invitation).content
