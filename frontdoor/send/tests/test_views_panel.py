"""The placement panel's pages: the list with its commitments and filters, a new request with
the evidence pack, and a request's page with the panel's decision (refused when not quorate or
without its conditions or review date, with nothing changed), and who may see which."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.send import panel
from frontdoor.send.models_panel import PanelDecision, PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.tests.plans import issued_plan

ALL = ["sen", "psychology", "finance", "headteacher"]
CONTENT = {
    "B": [{"id": "b1", "area": "communication", "text": "has severe speech and language needs"}],
    "F": [
        {
            "id": "f1",
            "text": "daily speech and language therapy",
            "serves": ["e1"],
            "who": "speech and language therapist",
            "how_often": "daily",
            "hours_a_week": 5,
        }
    ],
    "I": {"name": "Beech Academy", "type": "mainstream"},
}


def make_plan(pupil, district, reference) -> EhcPlan:
    return issued_plan(
        reference, pupil=pupil, district=district, issued_on=date(2025, 1, 10), content=CONTENT
    )


@pytest.fixture
def plan(county):
    return make_plan(county.pupil_b, county.south, "PLAN-S1")


@pytest.fixture
def north_plan(county):
    return make_plan(county.pupil_a, county.north, "PLAN-N1")


def submit(plan, by, **changes) -> PanelRequest:
    fields = dict(
        plan=plan,
        kind=PanelKind.INDEPENDENT,
        setting_name="Oak Tree School",
        annual_cost=Decimal("62000"),
        starts_on=date(2026, 1, 5),
        evidence="No maintained special school can offer the therapy.",
        on=date(2025, 11, 3),
        by=by,
    )
    return panel.panel_request_submit(**(fields | changes))


def decide(request, by, decision=PanelDecision.AGREED, **changes) -> PanelRequest:
    fields = dict(
        panel=request,
        decision=decision,
        members=ALL,
        conditions="",
        review_on=date(2026, 11, 1),
        on=date(2025, 11, 20),
        by=by,
    )
    return panel.panel_decide(**(fields | changes))


def request_url(request) -> str:
    return reverse("send_panel_request", kwargs={"panel_request_id": request.pk})


def error_summary(response) -> str:
    html = response.content.decode()
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_the_list_shows_the_areas_requests_and_the_running_commitments(
    client_, caseworker, plan, north_plan
):
    agreed = submit(plan, caseworker)
    decide(agreed, caseworker)
    waiting = submit(plan, caseworker, setting_name="Willow House", annual_cost=Decimal(48000))
    PanelRequest.objects.create(
        plan=north_plan,
        kind=PanelKind.INDEPENDENT,
        setting_name="Rowan College",
        annual_cost=Decimal(70000),
        starts_on=date(2025, 9, 1),
        evidence="-",
        submitted_on=date(2025, 6, 1),
        decision=PanelDecision.AGREED,
        panel_on=date(2025, 6, 20),
        members=ALL,
        review_on=date(2026, 6, 20),
    )
    page = client_.get(reverse("send_panel")).content.decode()
    assert "Willow House" in page and "Oak Tree School" in page
    assert "Rowan College" not in page  # north is not the caseworker's area
    # Waiting first, then decided.
    assert page.index(f"Request {waiting.pk}<") < page.index(f"Request {agreed.pk}<")
    # The area runs 1 placement at £62,000; the county 2 at £132,000.
    assert re.search(r"Your area</th>\s*<td[^>]*>1</td>\s*<td[^>]*>£62,000</td>", page)
    assert re.search(r"The county</th>\s*<td[^>]*>2</td>\s*<td[^>]*>£132,000</td>", page)


def test_the_list_filters_by_decision_and_pages(client_, caseworker, plan):
    for number in range(27):
        submit(plan, caseworker, setting_name=f"School {number:02d}")
    decide(PanelRequest.objects.first(), caseworker, decision=PanelDecision.DECLINED)
    page = client_.get(reverse("send_panel"), {"decision": "declined"}).content.decode()
    assert "1 request: awaiting" in page and "School 00" in page and "School 01" not in page
    awaiting = client_.get(reverse("send_panel"), {"decision": "awaiting"}).content.decode()
    assert "26 requests" in awaiting and "page 1 of 2" in awaiting
    second = client_.get(reverse("send_panel"), {"decision": "awaiting", "page": 2})
    assert "page 2 of 2" in second.content.decode()


def test_a_new_request_shows_the_evidence_held_and_is_submitted(client_, plan):
    url = reverse("send_panel_new") + f"?plan={plan.pk}"
    page = client_.get(url).content.decode()
    assert "has severe speech and language needs" in page
    assert "daily speech and language therapy" in page
    assert "Communication and interaction" in page
    assert AuditEvent.objects.filter(action="ehc_plan.view", object_id=str(plan.pk)).exists()
    response = client_.post(
        url,
        {
            "plan": plan.pk,
            "kind": PanelKind.INDEPENDENT,
            "setting_name": "Oak Tree School",
            "annual_cost": "62000",
            "starts_on": "2026-01-05",
            "evidence": "No maintained special school can offer the therapy.",
            "submitted_on": "2025-11-03",
        },
    )
    made = PanelRequest.objects.get()
    assert response.status_code == 302 and response.url == request_url(made)
    assert (made.setting_name, made.annual_cost, made.submitted_on) == (
        "Oak Tree School",
        Decimal("62000"),
        date(2025, 11, 3),
    )


def test_a_refused_request_keeps_what_was_typed_and_saves_nothing(client_, plan):
    url = reverse("send_panel_new") + f"?plan={plan.pk}"
    response = client_.post(
        url,
        {
            "plan": plan.pk,
            "kind": PanelKind.INDEPENDENT,
            "setting_name": "",
            "annual_cost": "62000",
            "starts_on": "2026-01-05",
            "evidence": "Reasons the panel should read",
            "submitted_on": "2025-11-03",
        },
    )
    assert response.status_code == 200
    assert "Name the independent or non-maintained school." in error_summary(response)
    assert "Reasons the panel should read" in response.content.decode()
    assert not PanelRequest.objects.exists()


def test_a_plan_is_found_by_its_reference(client_, plan, north_plan):
    response = client_.get(reverse("send_panel_new"), {"reference": "plan-s1"})
    assert response.status_code == 302 and response.url.endswith(f"?plan={plan.pk}")
    missing = client_.get(reverse("send_panel_new"), {"reference": "PLAN-N1"})
    assert "No plan in force in your area has that reference" in missing.content.decode()


def test_a_plan_outside_the_area_cannot_be_taken_to_the_panel(client_, north_plan):
    url = reverse("send_panel_new") + f"?plan={north_plan.pk}"
    assert client_.get(url).status_code == 404
    assert client_.post(url, {"plan": north_plan.pk}).status_code == 404


def test_the_request_page_shows_the_pack_and_is_audited(client_, caseworker, plan):
    request = submit(plan, caseworker)
    page = client_.get(request_url(request)).content.decode()
    assert "No maintained special school can offer the therapy." in page
    assert "has severe speech and language needs" in page
    assert "Beech Academy" in page  # section I
    assert "Record the panel’s decision" in page
    assert AuditEvent.objects.filter(
        action="panel_request.view", object_id=str(request.pk)
    ).exists()


def decision_post(**changes) -> dict:
    return {
        "panel_on": "2025-11-20",
        "members": ALL,
        "decision": PanelDecision.CONDITIONS,
        "conditions": "Review progress after two terms.",
        "review_on": "2026-07-01",
        "ends_on": "",
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"members": ["sen", "psychology", "headteacher"]}, "not quorate without: Finance"),
        ({"conditions": ""}, "Set out the conditions."),
        ({"review_on": ""}, "Give a date after the panel to review what it agreed."),
        ({"ends_on": "2025-12-01"}, "The end date must be after the placement starts"),
    ],
)
def test_a_decision_is_refused_without_a_quorum_conditions_or_review_date(
    client_, caseworker, plan, changes, message
):
    request = submit(plan, caseworker)
    response = client_.post(request_url(request), decision_post(**changes))
    assert response.status_code == 200
    assert message in error_summary(response)
    request.refresh_from_db()
    assert request.decision == "" and request.panel_on is None


def test_the_panels_decision_is_recorded_and_the_form_goes(client_, caseworker, plan):
    request = submit(plan, caseworker)
    response = client_.post(request_url(request), decision_post(ends_on="2027-07-31"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decision == PanelDecision.CONDITIONS
    assert (request.review_on, request.ends_on) == (date(2026, 7, 1), date(2027, 7, 31))
    page = client_.get(request_url(request)).content.decode()
    assert "Record the panel’s decision" not in page
    assert "Review progress after two terms." in page
    assert "SEN service, Educational psychology, Finance, Special school headteacher" in page
    assert client_.post(request_url(request), decision_post()).status_code == 404


def test_a_deferred_request_can_be_decided_again(client_, caseworker, plan):
    request = submit(plan, caseworker)
    decide(request, caseworker, decision=PanelDecision.DEFERRED, review_on=None)
    page = client_.get(request_url(request)).content.decode()
    assert "Decide after the deferral" in page
    client_.post(request_url(request), decision_post(panel_on="2025-12-10"))
    request.refresh_from_db()
    assert (request.decision, request.panel_on) == (PanelDecision.CONDITIONS, date(2025, 12, 10))


def test_a_request_outside_the_area_is_not_found(client_, persona, north_plan):
    request = PanelRequest.objects.create(
        plan=north_plan,
        kind=PanelKind.FUNDING,
        annual_cost=Decimal(9000),
        starts_on=date(2025, 9, 1),
        evidence="-",
        submitted_on=date(2025, 6, 1),
    )
    assert client_.get(request_url(request)).status_code == 404
    assert client_.post(request_url(request), decision_post()).status_code == 404


@pytest.mark.parametrize("name", ["finance", "head_a", "analyst", "attendance_officer_south"])
def test_other_roles_are_refused_the_panel(signed_in, plan, name):
    client = signed_in(name)
    request = PanelRequest.objects.create(
        plan=plan,
        kind=PanelKind.FUNDING,
        annual_cost=Decimal(9000),
        starts_on=date(2025, 9, 1),
        evidence="-",
        submitted_on=date(2025, 6, 1),
    )
    for url in (
        reverse("send_panel"),
        reverse("send_panel_new") + f"?plan={plan.pk}",
        request_url(request),
    ):
        assert client.get(url).status_code == 403


def test_a_review_date_passed_is_flagged_on_the_list(client_, caseworker, plan):
    request = submit(plan, caseworker, on=date(2025, 2, 1), starts_on=date(2025, 3, 1))
    decide(request, caseworker, on=date(2025, 2, 15), review_on=date(2025, 9, 1))
    later = submit(plan, caseworker, setting_name="Hazel House")
    decide(later, caseworker, review_on=date.today() + timedelta(days=30))
    page = client_.get(reverse("send_panel")).content.decode()
    assert page.count("Review overdue") == 1
