"""The casework pages: the caseload, receiving a request, a request's page with each step (done,
refused with the reason shown at its field and nothing changed), who may see which, and the
performance page."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.send import services
from frontdoor.send.models import (
    AdviceRequest,
    ClockException,
    Delivery,
    EhcRequest,
    Requester,
    SettingConsultation,
    Stage,
)

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 9, 1, 9, 30, tzinfo=LONDON)  # a Tuesday morning: received that day


def receive(county, by, **more) -> EhcRequest:
    return services.ehc_request_receive(
        pupil=more.pop("pupil", county.pupil_b),
        district=county.south,
        requester=Requester.PARENT,
        requester_name="Ms Stone",
        delivery=Delivery.EMAIL,
        sent_at=more.pop("sent_at", SENT),
        by=by,
    )


def at_stage(county, by, stage: str) -> EhcRequest:
    """A request walked through the services to `stage`."""
    ehc = receive(county, by)
    path = [
        (Stage.ASSESSING, services.assessment_decide, {"assess": True, "on": date(2026, 10, 1)}),
        (Stage.DRAFTING, services.plan_decide, {"issue": True, "on": date(2026, 10, 20)}),
        (Stage.DRAFT_SERVED, services.draft_serve, {"on": date(2026, 11, 2)}),
    ]
    for reached, service, arguments in path:
        if stage == Stage.RECEIVED:
            break
        service(request=ehc, by=by, **arguments)
        if reached == stage:
            break
    ehc.refresh_from_db()
    return ehc


def page_url(ehc) -> str:
    return reverse("send_request", kwargs={"ehc_request_id": ehc.pk})


def post_step(client, ehc, action: str, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(page_url(ehc), data)


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


# The caseload ----------------------------------------------------------------------------


def test_the_caseload_lists_open_requests_with_the_next_step_and_its_tag(
    client_, county, caseworker
):
    ehc = receive(county, caseworker)
    page = client_.get(reverse("send_caseload")).content.decode()
    assert ehc.reference in page
    assert "Bella Stone" in page
    assert "Beech Academy" in page
    assert "Decide whether to assess by 13 Oct 2026" in page  # 6 weeks from 1 September
    assert "govuk-tag--red" in page and "Overdue" in page
    assert "Ms Stone" in page


def test_the_caseload_filters(client_, county, caseworker, persona):
    overdue = receive(county, caseworker)
    other = User.objects.create(username="other.caseworker", role=Role.SEND_CASEWORKER)
    other.districts.set([county.south])
    recent = receive(county, other, sent_at=datetime(2026, 11, 30, 9, tzinfo=LONDON))
    closed = receive(county, caseworker)
    services.ehc_request_withdraw(request=closed, on=date(2026, 9, 2), by=caseworker)
    url = reverse("send_caseload")

    def shown(**query) -> set[str]:
        page = client_.get(url, query).content.decode()
        return {r.reference for r in (overdue, recent, closed) if r.reference in page}

    assert shown() == {overdue.reference, recent.reference}
    assert shown(overdue="on") == {overdue.reference}
    assert shown(mine="on") == {overdue.reference}
    assert shown(show="closed") == {closed.reference}
    assert shown(stage=Stage.ASSESSING) == set()
    assert shown(district=county.south.pk) == {overdue.reference, recent.reference}


def test_the_caseload_is_sorted_by_the_next_limit(client_, county, caseworker):
    later = receive(county, caseworker, sent_at=datetime(2026, 11, 2, 9, tzinfo=LONDON))
    sooner = receive(county, caseworker)
    page = client_.get(reverse("send_caseload")).content.decode()
    assert page.index(sooner.reference) < page.index(later.reference)


def test_the_caseload_runs_the_same_queries_for_many_requests(
    client_, county, caseworker, django_assert_max_num_queries
):
    for _ in range(12):
        receive(county, caseworker)
    with django_assert_max_num_queries(12):
        assert client_.get(reverse("send_caseload")).status_code == 200


def test_other_roles_are_denied_the_casework_pages(signed_in, county, persona):
    ehc = receive(county, persona("send_caseworker_south"))
    client = signed_in("head_b")
    for url in (reverse("send_caseload"), reverse("send_request_new"), page_url(ehc)):
        assert client.get(url).status_code == 403


def test_a_caseworker_of_another_area_cannot_open_the_request(client, county, caseworker):
    ehc = receive(county, caseworker)
    north = User.objects.create(username="send.north", role=Role.SEND_CASEWORKER)
    north.districts.set([county.north])
    client.force_login(north)
    assert client.get(page_url(ehc)).status_code == 404
    assert post_step(client, ehc, "withdraw", on="2026-09-02").status_code == 404
    assert ehc.reference not in client.get(reverse("send_caseload")).content.decode()


# Receiving a request ---------------------------------------------------------------------


def test_the_search_finds_only_children_in_scope(client_, county):
    url = reverse("send_request_new")
    page = client_.get(url, {"q": "stone"}).content.decode()
    assert f"?pupil={county.pupil_b.pk}" in page
    page = client_.get(url, {"q": "hart"}).content.decode()  # Amelia, at a North school
    assert f"?pupil={county.pupil_a.pk}" not in page
    assert "No children in your records match" in page
    # Nor by id in the address.
    assert (
        "Receive the request" not in client_.get(url, {"pupil": county.pupil_a.pk}).content.decode()
    )


def _new_request_data(county, **more):
    return {
        "pupil": county.pupil_b.pk,
        "district": county.south.pk,
        "requester": Requester.PARENT,
        "requester_name": "Ms Stone",
        "delivery": Delivery.EMAIL,
        "sent_on": "2026-09-01",
        "sent_time": "17:30",
        **more,
    }


def test_checking_the_dates_shows_the_day_it_counts_as_received_and_saves_nothing(client_, county):
    url = reverse("send_request_new")
    page = client_.get(url, {"pupil": county.pupil_b.pk}).content.decode()
    assert f'<option value="{county.south.pk}" selected>' in page  # the child's school's district
    response = client_.post(url, {**_new_request_data(county), "check": "1"})
    page = response.content.decode()
    assert "Wednesday 2 September 2026" in page  # after 5pm: the next working day
    assert "Wednesday 14 October 2026" in page  # 6 weeks on
    assert "Wednesday 20 January 2027" in page  # 20 weeks on
    assert not EhcRequest.objects.exists()


def test_receiving_a_request_opens_it(client_, county, caseworker):
    response = client_.post(reverse("send_request_new"), _new_request_data(county))
    ehc = EhcRequest.objects.get()
    assert response.status_code == 302 and response.url == page_url(ehc)
    assert ehc.received_on == date(2026, 9, 2)
    assert ehc.caseworker == caseworker
    assert ehc.requester_name == "Ms Stone"


def test_a_new_request_with_gaps_keeps_what_was_typed(client_, county):
    data = _new_request_data(county, sent_on="", requester="")
    response = client_.post(reverse("send_request_new"), data)
    summary = error_summary(response)
    assert "Enter the date it was sent" in summary and 'href="#id_sent_on"' in summary
    assert "Select who made the request" in summary
    assert 'value="Ms Stone"' in response.content.decode()
    assert not EhcRequest.objects.exists()


def test_a_request_sent_in_the_future_is_refused_at_its_date(client_, county):
    response = client_.post(
        reverse("send_request_new"), _new_request_data(county, sent_on="2099-01-05")
    )
    summary = error_summary(response)
    assert "cannot have been sent in the future" in summary
    assert 'href="#id_sent_on"' in summary
    assert not EhcRequest.objects.exists()


def test_a_district_outside_the_area_is_not_offered(client_, county):
    response = client_.post(
        reverse("send_request_new"), _new_request_data(county, district=county.north.pk)
    )
    assert "Select a district" in error_summary(response)
    assert not EhcRequest.objects.exists()


# A request's page ------------------------------------------------------------------------


def test_the_request_page_shows_the_clock_and_is_audited(client_, county, caseworker):
    ehc = receive(county, caseworker)
    page = client_.get(page_url(ehc)).content.decode()
    assert "Statutory clock" in page
    assert "reg 5(1): 6 weeks from receipt" in page
    assert "Tue 13 Oct 2026" in page
    assert reverse("pupil_detail", kwargs={"pupil_id": county.pupil_b.pk}) in page
    assert "Decide whether to assess" in page and "Issue the final plan" in page
    assert "Serve the draft plan</h3>" not in page  # only the current stage's steps
    assert 'class="govuk-button govuk-button--warning"' in page  # withdrawing closes it
    assert AuditEvent.objects.filter(action="ehc_request.view").count() == 1


# (stage, action, fields, what it changed)
STEPS_DONE = [
    (
        Stage.RECEIVED,
        "decide_assessment",
        {"assess": "yes", "on": "2026-10-01"},
        lambda ehc: ehc.stage == Stage.ASSESSING,
    ),
    (
        Stage.RECEIVED,
        "decide_assessment",
        {"assess": "no", "on": "2026-10-01"},
        lambda ehc: ehc.stage == Stage.REFUSED,
    ),
    (
        Stage.ASSESSING,
        "ask_advice",
        {"kind": "psychological", "from_whom": "EP service", "on": "2026-10-02"},
        lambda ehc: ehc.advice.get().from_whom == "EP service",
    ),
    (
        Stage.ASSESSING,
        "decide_plan",
        {"issue": "no", "on": "2026-10-20"},
        lambda ehc: ehc.stage == Stage.NOT_ISSUING,
    ),
    (
        Stage.ASSESSING,
        "record_exception",
        {"kind": "personal", "evidence": "A family bereavement.", "starts_on": "2026-10-05"},
        lambda ehc: ehc.exceptions.get().evidence == "A family bereavement.",
    ),
    (
        Stage.DRAFTING,
        "serve_draft",
        {"on": "2026-11-02"},
        lambda ehc: ehc.stage == Stage.DRAFT_SERVED,
    ),
    (
        Stage.DRAFT_SERVED,
        "record_representations",
        {"on": "2026-11-10"},
        lambda ehc: ehc.representations_on == date(2026, 11, 10),
    ),
    (
        Stage.DRAFT_SERVED,
        "issue_final_plan",
        {"on": "2026-11-20"},  # the 15 days ran out on 16 November
        lambda ehc: ehc.stage == Stage.ISSUED,
    ),
    (
        Stage.ASSESSING,
        "withdraw",
        {"on": "2026-10-10"},
        lambda ehc: ehc.stage == Stage.WITHDRAWN,
    ),
]


@pytest.mark.parametrize(("stage", "action", "fields", "changed"), STEPS_DONE)
def test_each_step_is_done_and_goes_back_to_the_page(
    client_, county, caseworker, stage, action, fields, changed
):
    ehc = at_stage(county, caseworker, stage)
    response = post_step(client_, ehc, action, **fields)
    assert response.status_code == 302 and response.url == page_url(ehc)
    ehc.refresh_from_db()
    assert changed(ehc)
    assert "govuk-notification-banner--success" in client_.get(response.url).content.decode()


# (stage, action, fields, the refusal, the field it points at)
STEPS_REFUSED = [
    (Stage.RECEIVED, "decide_assessment", {"assess": "yes", "on": "2026-08-01"},
     "cannot be before the request was received", "on"),
    (Stage.ASSESSING, "ask_advice",
     {"kind": "medical", "from_whom": "Paediatrics", "on": "2026-09-20"},
     "cannot be before the decision to assess", "on"),
    (Stage.ASSESSING, "record_exception",
     {"kind": "absent", "evidence": "Abroad.", "starts_on": "2026-08-20"},
     "cannot be before the request was received", "starts_on"),
    (Stage.ASSESSING, "decide_plan", {"issue": "yes", "on": "2099-01-01"},
     "cannot be in the future", "on"),
    (Stage.DRAFTING, "serve_draft", {"on": "2026-10-19"},
     "cannot be before the decision to issue a plan", "on"),
    (Stage.DRAFT_SERVED, "issue_final_plan", {"on": "2026-11-10"},
     "The family has until 16 November 2026 to comment", "on"),
    (Stage.ASSESSING, "withdraw", {"on": "2026-08-01"},
     "cannot be before the request was received", "on"),
]  # fmt: skip


@pytest.mark.parametrize(("stage", "action", "fields", "message", "field"), STEPS_REFUSED)
def test_a_refused_step_says_why_at_its_field_and_changes_nothing(
    client_, county, caseworker, stage, action, fields, message, field
):
    ehc = at_stage(county, caseworker, stage)
    before = EhcRequest.objects.filter(pk=ehc.pk).values().get()
    response = post_step(client_, ehc, action, **fields)
    assert response.status_code == 200
    summary = error_summary(response)
    assert message in summary
    assert f'href="#id_{action}-{field}' in summary
    assert response.content.decode().count("govuk-error-summary") >= 1
    assert EhcRequest.objects.filter(pk=ehc.pk).values().get() == before
    assert not ClockException.objects.exists() and not AdviceRequest.objects.exists()
    assert AuditEvent.objects.filter(action="ehc_request.view").exists()


def test_advice_is_marked_received_with_its_six_weeks(client_, county, caseworker):
    ehc = at_stage(county, caseworker, Stage.ASSESSING)
    advice = services.advice_ask(
        request=ehc, kind="medical", from_whom="Paediatrics", on=date(2026, 10, 2), by=caseworker
    )
    page = client_.get(page_url(ehc)).content.decode()
    assert "13 Nov 2026" in page  # 6 weeks from 2 October (reg 8(1))
    refused = post_step(client_, ehc, "receive_advice", advice=advice.pk, on="2026-10-01")
    assert "cannot be before it was asked for" in error_summary(refused)
    advice.refresh_from_db()
    assert advice.received_on is None
    done = post_step(client_, ehc, "receive_advice", advice=advice.pk, on="2026-10-30")
    assert done.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == date(2026, 10, 30)


def test_a_setting_is_consulted_and_its_refusal_needs_reasons(client_, county, caseworker):
    ehc = at_stage(county, caseworker, Stage.DRAFTING)
    page = client_.get(page_url(ehc), {"setting": "beech"}).content.decode()
    assert f'<option value="{county.school_b.pk}">' in page
    assert 'name="setting" type="search" value="beech"' in page  # the search, as typed
    consulted = post_step(
        client_,
        ehc,
        "consult_setting",
        establishment=county.school_b.pk,
        requested_by_family="on",
        on="2026-10-21",
    )
    assert consulted.status_code == 302
    consultation = SettingConsultation.objects.get()
    assert consultation.requested_by_family
    again = post_step(
        client_, ehc, "consult_setting", establishment=county.school_b.pk, on="2026-10-22"
    )
    assert "already been consulted" in error_summary(again)
    assert SettingConsultation.objects.count() == 1
    unreasoned = post_step(
        client_,
        ehc,
        "answer_consultation",
        consultation=consultation.pk,
        agreed="no",
        ground="resources",
        on="2026-10-30",
    )
    summary = error_summary(unreasoned)
    assert "Give the setting&#x27;s reasons for refusing" in summary
    assert 'href="#id_answer_consultation-reasons"' in summary
    consultation.refresh_from_db()
    assert consultation.responded_on is None
    answered = post_step(
        client_,
        ehc,
        "answer_consultation",
        consultation=consultation.pk,
        agreed="no",
        ground="resources",
        reasons="Full in Year 8.",
        on="2026-10-30",
    )
    assert answered.status_code == 302
    consultation.refresh_from_db()
    assert consultation.response == SettingConsultation.Response.REFUSED
    page = client_.get(page_url(ehc)).content.decode()
    assert "Full in Year 8." in page and "efficient use of resources" in page


def test_the_final_plan_names_the_setting_and_closes_the_request(client_, county, caseworker):
    ehc = at_stage(county, caseworker, Stage.DRAFT_SERVED)
    response = post_step(
        client_, ehc, "issue_final_plan", named_setting=county.school_b.pk, on="2026-11-20"
    )
    assert response.status_code == 302
    page = client_.get(page_url(ehc)).content.decode()
    assert "Final plan issued" in page and "Next steps" not in page
    ehc.refresh_from_db()
    assert ehc.named_setting == county.school_b


def test_a_step_not_open_at_the_stage_is_not_found(client_, county, caseworker):
    ehc = at_stage(county, caseworker, Stage.RECEIVED)
    assert post_step(client_, ehc, "serve_draft", on="2026-10-01").status_code == 404
    assert post_step(client_, ehc, "no_such_step").status_code == 404
    ehc.refresh_from_db()
    assert ehc.stage == Stage.RECEIVED


# Performance -------------------------------------------------------------------------------


def test_the_performance_page_shows_the_20_week_rate_and_outcomes(client_, county, caseworker):
    ehc = at_stage(county, caseworker, Stage.DRAFT_SERVED)
    services.final_plan_issue(request=ehc, named_setting=None, on=date(2026, 11, 20), by=caseworker)
    refused = receive(county, caseworker)
    services.assessment_decide(request=refused, assess=False, on=date(2026, 10, 1), by=caseworker)
    page = client_.get(reverse("send_performance")).content.decode()
    assert "<svg" in page
    assert "100.0%" in page  # one plan, issued in week 12
    assert "Refusal rate: 50.0%" in page  # 1 of 2 decisions whether to assess


def test_the_performance_page_says_when_comparators_are_not_available(
    client_, county, settings, tmp_path
):
    settings.FRONTDOOR_SHARED_DATA = tmp_path
    page = client_.get(reverse("send_performance")).content.decode()
    assert "Not available" in page
