"""The plan pages: the list (search, filters, paging), a plan section by section with its golden
thread and versions, starting and issuing an amendment, the editor (saving what was typed, its
errors and its problems), a version and the differences between two, and starting a draft from
a request. Also the editor's reading and writing of plan content, and the page's layout of it."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.send import plan_content, plan_services, services
from frontdoor.send.forms_plans import PlanEditor
from frontdoor.send.models import Delivery, Requester, Stage
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview
from frontdoor.send.selectors_plans import plan_layout, reviews_due
from frontdoor.send.tests.plans import complete, issued_plan

LONDON = ZoneInfo("Europe/London")


def make_plan(county, reference="PLAN-000001", *, district=None, pupil=None, content=None, **more):
    return issued_plan(
        reference,
        pupil=pupil or county.pupil_b,
        district=district or county.south,
        issued_on=more.pop("issued_on", date(2025, 5, 1)),
        content=content,
        named_setting=more.pop("named_setting", county.school_b),
        **more,
    )


def drafting_request(county, by):
    request = services.ehc_request_receive(
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="",
        delivery=Delivery.EMAIL,
        sent_at=datetime(2026, 9, 1, 9, 30, tzinfo=LONDON),
        by=by,
    )
    services.assessment_decide(request=request, assess=True, on=date(2026, 10, 1), by=by)
    services.plan_decide(request=request, issue=True, on=date(2026, 10, 20), by=by)
    return request


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def editor_data(content: dict, **changes) -> dict:
    """What the editor's page posts for `content` untouched, with `changes` over it."""
    editor = PlanEditor(content)
    data = {}
    for name in editor.single.fields:
        value = editor.single[name].value()
        data[f"plan-{name}"] = "" if value is None else value
    for key, rows in editor.rows.items():
        management = rows.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{key}-{name}"] = management[name].value()
        for row in rows.forms:
            for name in row.fields:
                value = row[name].value()
                if name == "DELETE" or value in (None, ""):
                    continue
                data[row.add_prefix(name)] = value
    data.update(changes)
    return data


# The list --------------------------------------------------------------------------------


def test_the_list_shows_the_areas_plans_with_their_latest_version_and_review(
    client_, county, caseworker
):
    south = make_plan(county)
    make_plan(county, "PLAN-000002", district=county.north, pupil=county.pupil_a)
    PlanVersion.objects.create(plan=south, number=2, reason=PlanVersion.Reason.REVIEW)
    AnnualReview.objects.create(
        plan=south,
        due_on=date(2026, 5, 1),
        meeting_on=date(2026, 4, 20),
        decision_on=date(2026, 4, 30),
        decision="maintain",
    )
    page = client_.get(reverse("send_plans")).content.decode()
    assert "PLAN-000001" in page and "PLAN-000002" not in page
    assert "Bella Stone" in page and "Beech Academy" in page
    assert "1 May 2025" in page  # issued
    assert "Version 2" in page and "Draft" in page
    assert "20 Apr 2027" in page  # 12 months from the last review's meeting
    assert AuditEvent.objects.filter(action="ehc_plan.list", actor=caseworker).exists()


def test_the_list_searches_and_filters(client_, county):
    bella = make_plan(county)
    dora = make_plan(county, "PLAN-000003", pupil=county.pupil_left_a)
    PlanVersion.objects.create(plan=dora, number=2, reason=PlanVersion.Reason.OTHER)
    url = reverse("send_plans")

    def shown(**query) -> set[str]:
        page = client_.get(url, query).content.decode()
        return {p.reference for p in (bella, dora) if p.reference in page}

    assert shown() == {"PLAN-000001", "PLAN-000003"}
    assert shown(q="stone") == {"PLAN-000001"}
    assert shown(q="Dora Ma") == {"PLAN-000003"}
    assert shown(q="plan-000001") == {"PLAN-000001"}
    assert shown(q="Bella Marsh") == set()
    assert shown(amending="on") == {"PLAN-000003"}
    assert shown(district=county.south.pk) == {"PLAN-000001", "PLAN-000003"}


def test_the_list_is_paged(client_, county):
    for number in range(1, 53):
        make_plan(county, f"PLAN-{number:06d}")
    first = client_.get(reverse("send_plans")).content.decode()
    assert "52 plans, showing 1 to 50" in first
    assert "PLAN-000050" in first and "PLAN-000051" not in first
    second = client_.get(reverse("send_plans"), {"page": 2}).content.decode()
    assert "PLAN-000052" in second and "PLAN-000001" not in second


@pytest.mark.parametrize("name", ["head_b", "analyst", "senco_a"])
def test_other_roles_may_not_open_the_plans(signed_in, county, name):
    plan = make_plan(county)
    client = signed_in(name)
    assert client.get(reverse("send_plans")).status_code == 403
    assert client.get(reverse("send_plan", args=[plan.pk])).status_code == 403


# One plan --------------------------------------------------------------------------------


def test_a_plan_shows_its_sections_golden_thread_and_versions(client_, county, caseworker):
    plan = make_plan(county)
    response = client_.get(reverse("send_plan", args=[plan.pk]))
    page = response.content.decode()
    assert "Sam likes trains" in page  # A
    assert "Communication and interaction" in page  # B's area
    need_card = page[page.index('id="item-b1"') : page.index('id="section-C"')]
    # The need, the outcome meeting it and the provision serving that, together.
    assert "Sam follows two-step instructions." in need_card
    assert "Speech and language programme" in need_card
    assert "teaching assistant trained by the speech and language therapist" in need_card
    assert "daily" in need_card and "2.5 hours a week" in need_card
    assert "This plan cannot be issued yet" not in page
    assert "Version 1" in page and "1 May 2025" in page
    assert "Start an amendment" in page
    assert AuditEvent.objects.filter(
        action="ehc_plan.view", actor=caseworker, object_id=str(plan.pk)
    ).exists()


def test_a_plans_problems_are_shown_as_a_warning(client_, county):
    content = complete()
    content["F"][0]["serves"] = []
    plan = make_plan(county, content=content)
    page = client_.get(reverse("send_plan", args=[plan.pk])).content.decode()
    assert "This plan cannot be issued yet" in page
    assert "Section F, f1: say which outcome in E it serves" in page
    assert "No provision serves it" in page


def test_a_plan_outside_the_area_is_not_found(client_, county):
    north = make_plan(county, district=county.north, pupil=county.pupil_a)
    assert client_.get(reverse("send_plan", args=[north.pk])).status_code == 404
    assert client_.get(reverse("send_plan_edit", args=[north.pk])).status_code == 404
    assert client_.get(reverse("send_plan_version", args=[north.pk, 1])).status_code == 404


def test_starting_an_amendment_opens_the_editor(client_, county):
    plan = make_plan(county)
    url = reverse("send_plan", args=[plan.pk])
    refused = client_.post(url, {"action": "amend"})
    assert "Select why the plan is being amended" in error_summary(refused)
    assert plan.versions.count() == 1
    response = client_.post(url, {"action": "amend", "amend-reason": "tribunal"})
    assert response.status_code == 302
    assert response["Location"] == reverse("send_plan_edit", args=[plan.pk])
    draft = plan.versions.get(number=2)
    assert (draft.status, draft.reason, draft.content) == ("draft", "tribunal", complete())
    page = client_.get(url).content.decode()
    assert "Edit the draft" in page and "Issue the plan" in page
    assert "Start an amendment" not in page


def test_issuing_a_draft_is_refused_while_it_has_problems(client_, county, caseworker):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content={"A": "New views"})
    url = reverse("send_plan", args=[plan.pk])
    refused = client_.post(url, {"action": "issue", "issue-on": "2026-06-01"})
    assert "Section B: a plan describes at least one" in error_summary(refused)
    assert plan.versions.get(number=2).status == "draft"
    PlanVersion.objects.filter(plan=plan, number=2).update(content=complete() | {"A": "New"})
    issued = client_.post(url, {"action": "issue", "issue-on": "2026-06-01"})
    assert issued.status_code == 302
    version = plan.versions.get(number=2)
    assert (version.status, version.made_on, version.made_by) == (
        "final",
        date(2026, 6, 1),
        caseworker,
    )


def test_issuing_needs_a_date(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    refused = client_.post(reverse("send_plan", args=[plan.pk]), {"action": "issue"})
    assert "Enter the date the plan is issued" in error_summary(refused)


# The editor ------------------------------------------------------------------------------


def test_the_editor_saves_a_new_need_outcome_and_quantified_provision(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    url = reverse("send_plan_edit", args=[plan.pk])
    assert "Need b1" in client_.get(url).content.decode()
    data = editor_data(complete())
    data.update({"B-1-area": "semh", "B-1-text": "Sam worries at lunchtime."})
    response = client_.post(url, data | {"add": "B"})
    assert response.status_code == 302
    assert response["Location"] == url + "#section-B"
    content = plan.versions.get(number=2).content
    assert content["B"][1] == {"id": "b2", "area": "semh", "text": "Sam worries at lunchtime."}
    # Once saved, b2 is offered to a new outcome, and e2 then to new provision.
    data = editor_data(content, **{"E-1-text": "Sam eats with friends.", "E-1-meets": ["b2"]})
    client_.post(url, data)
    content = plan.versions.get(number=2).content
    assert content["E"][1] == {"id": "e2", "text": "Sam eats with friends.", "meets": ["b2"]}
    data = editor_data(
        content,
        **{
            "F-1-text": "Lunch club",
            "F-1-serves": ["e2"],
            "F-1-who": "learning mentor",
            "F-1-how_often": "3 lunchtimes a week",
            "F-1-hours_a_week": "1.5",
        },
    )
    client_.post(url, data)
    content = plan.versions.get(number=2).content
    assert content["F"][1] == {
        "id": "f2",
        "text": "Lunch club",
        "serves": ["e2"],
        "who": "learning mentor",
        "how_often": "3 lunchtimes a week",
        "hours_a_week": 1.5,
    }
    assert "This plan cannot be issued yet" not in client_.get(url).content.decode()


def test_the_editor_keeps_what_was_typed_when_a_field_is_wrong(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    url = reverse("send_plan_edit", args=[plan.pk])
    data = editor_data(
        complete(), **{"F-0-hours_a_week": "lots", "plan-views": "Sam now likes buses."}
    )
    response = client_.post(url, data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Section F, provision 1: Enter the hours a week as a number" in summary
    assert 'href="#id_F-0-hours_a_week"' in summary
    page = response.content.decode()
    assert "Sam now likes buses." in page and 'value="lots"' in page
    assert plan.versions.get(number=2).content == complete()  # nothing saved


def test_a_row_with_details_but_no_description_is_an_error(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    data = editor_data(complete(), **{"F-1-who": "a teaching assistant"})
    response = client_.post(reverse("send_plan_edit", args=[plan.pk]), data)
    assert "Describe the provision, or tick ‘Remove’" in error_summary(response)


def test_saving_an_incomplete_draft_keeps_it_and_lists_its_problems(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    url = reverse("send_plan_edit", args=[plan.pk])
    data = editor_data(complete(), **{"E-0-DELETE": "on"})
    response = client_.post(url, data, follow=True)
    page = response.content.decode()
    assert "Draft saved." in page
    assert "Section E: a plan sets at least one outcome" in page
    assert "Section F, f1: say which outcome in E it serves" in page
    content = plan.versions.get(number=2).content
    assert "E" not in content and content["F"][0]["serves"] == []  # the link to e1 went too


def test_the_editor_needs_an_open_draft(client_, county):
    plan = make_plan(county)
    response = client_.get(reverse("send_plan_edit", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("send_plan", args=[plan.pk])


def test_a_ceased_plans_draft_is_not_saved(client_, county):
    plan = make_plan(county, ceased_on=date(2026, 1, 5))
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    response = client_.post(reverse("send_plan_edit", args=[plan.pk]), editor_data(complete()))
    assert "This plan ceased on 5 January 2026" in error_summary(response)


# A version and the differences -------------------------------------------------------------


def test_a_version_compared_with_the_one_before(client_, county, caseworker):
    plan = make_plan(county)
    after = complete()
    after["F"][0]["hours_a_week"] = 5
    after["A"] = "Sam likes buses."
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=after)
    url = reverse("send_plan_version", args=[plan.pk, 2])
    page = client_.get(url, {"compare": 1}).content.decode()
    assert "what changed from version 1 to version 2" in page
    assert "<del>2.5</del>" in page and "<ins>5</ins>" in page
    assert "<del>trains and wants to work on the railway.</del>" in page
    assert "Sam likes buses." in page  # the version in full below
    # Compared the other way round, it is still the change from 1 to 2.
    reverse_page = client_.get(reverse("send_plan_version", args=[plan.pk, 1]), {"compare": 2})
    assert "<ins>5</ins>" in reverse_page.content.decode()
    assert AuditEvent.objects.filter(action="ehc_plan.view", detail__version=2).exists()


def test_comparing_with_a_version_that_is_not_there(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    url = reverse("send_plan_version", args=[plan.pk, 2])
    response = client_.get(url, {"compare": 7})
    assert "Choose another version of this plan" in error_summary(response)
    same = client_.get(url, {"compare": 1}).content.decode()
    assert "No differences" in same
    assert client_.get(reverse("send_plan_version", args=[plan.pk, 3])).status_code == 404


# From a request to its draft plan --------------------------------------------------------


def test_a_drafting_request_starts_its_draft_plan(client_, county, caseworker):
    request = drafting_request(county, caseworker)
    url = reverse("send_request_plan", args=[request.pk])
    detail = client_.get(reverse("send_request", args=[request.pk])).content.decode()
    assert url in detail
    assert "Start the draft plan" in client_.get(url).content.decode()
    assert not EhcPlan.objects.filter(request=request).exists()  # a GET writes nothing
    response = client_.post(url)
    plan = EhcPlan.objects.get(request=request)
    assert response["Location"] == reverse("send_plan_edit", args=[plan.pk])
    assert plan.versions.get().status == "draft"
    again = client_.get(url)
    assert again["Location"] == reverse("send_plan_edit", args=[plan.pk])
    page = client_.get(reverse("send_plan", args=[plan.pk])).content.decode()
    assert "record it as served" in page and "Issue the plan" not in page


def test_a_request_not_yet_drafting_has_no_plan_to_start(client_, county, caseworker):
    request = drafting_request(county, caseworker)
    request.stage = Stage.ASSESSING
    request.save()
    assert client_.get(reverse("send_request_plan", args=[request.pk])).status_code == 404


# The editor's content and the page's layout, by hand -------------------------------------


def test_an_unchanged_editor_writes_the_content_back_as_it_was():
    editor = PlanEditor(complete(), editor_data(complete()))
    assert editor.is_valid(), editor.errors()
    assert editor.content_typed() == complete()


def test_the_editor_keeps_ids_and_numbers_new_rows_after_the_highest():
    content = complete()
    content["B"].append({"id": "b7", "area": "cognition", "text": "Reading"})
    data = editor_data(
        content,
        **{
            "B-0-id": "b7",  # tampered: b7 is already the second need's
            "B-2-text": "Writing",
            "B-2-area": "cognition",
            "H1-0-text": "Respite care",
            "H1-0-serves": ["e1"],
        },
    )
    editor = PlanEditor(content, data)
    assert editor.is_valid(), editor.errors()
    typed = editor.content_typed()
    # The first row to claim b7 keeps it; no two needs share an id; new ids follow the highest.
    assert [need["id"] for need in typed["B"]] == ["b7", "b8", "b9"]
    assert typed["H1"] == [{"id": "h1-1", "text": "Respite care", "serves": ["e1"]}]


def test_the_editor_writes_sections_i_j_and_k():
    data = editor_data(
        complete(),
        **{
            "plan-setting_urn": "990003",
            "plan-setting_name": "Cedar Special School",
            "plan-setting_type": "special",
            "plan-budget_amount": "1200.00",
            "plan-budget_arrangements": "Direct payment for transport",
            "K-0-kind": "psychological",
            "K-0-given_by": "Educational psychology service",
            "K-0-on": "2026-03-20",
        },
    )
    editor = PlanEditor(complete(), data)
    assert editor.is_valid(), editor.errors()
    typed = editor.content_typed()
    assert typed["I"] == {"urn": 990003, "name": "Cedar Special School", "type": "special"}
    assert typed["J"] == {"amount": 1200, "arrangements": "Direct payment for transport"}
    assert typed["K"] == [
        {"kind": "psychological", "from": "Educational psychology service", "date": "2026-03-20"}
    ]


def test_the_layout_joins_each_need_to_its_outcomes_and_their_provision():
    content = complete()
    content["C"] = [{"id": "c1", "text": "Sam has epilepsy."}]
    content["E"].append({"id": "e2", "text": "Sam stays safe.", "meets": ["b1", "c1"]})
    content["G"] = [{"id": "g1", "text": "Care plan", "serves": ["e2"]}]
    layout = plan_layout(content)
    b1 = layout.needs[0].items[0]
    assert [o.id for o in b1.outcomes] == ["e1", "e2"]
    assert [p.id for p in b1.outcomes[0].provision] == ["f1"]
    assert [p.id for p in b1.outcomes[1].provision] == ["g1"]
    c1 = layout.needs[1].items[0]
    assert [o.id for o in c1.outcomes] == ["e2"]
    assert b1.area == "Communication and interaction"
    assert layout.placement_type == "Mainstream school or academy"


def test_reviews_due_runs_from_the_last_meeting_or_the_plan(county):
    reviewed = make_plan(county)
    AnnualReview.objects.create(
        plan=reviewed,
        due_on=date(2026, 5, 1),
        meeting_on=date(2026, 4, 20),
        decision="maintain",
        decision_on=date(2026, 4, 30),
    )
    fresh = make_plan(county, "PLAN-000002", issued_on=date(2026, 2, 10))
    unissued = make_plan(county, "PLAN-000003", issued_on=None)
    assert reviews_due([reviewed, fresh, unissued]) == {
        reviewed.pk: date(2027, 4, 20),
        fresh.pk: date(2027, 2, 10),
    }


def test_the_editor_keeps_an_items_keys_in_their_order_so_no_change_is_shown():
    content = complete()
    content["E"][0] = {
        "id": "e1",
        "by": "Year 6",
        "text": "Sam follows instructions.",
        "meets": ["b1"],
    }
    content["F"][0]["review"] = "termly"  # a key the editor does not show is kept
    editor = PlanEditor(content, editor_data(content))
    assert editor.is_valid(), editor.errors()
    typed = editor.content_typed()
    assert list(typed["E"][0]) == ["id", "by", "text", "meets"]
    assert typed["F"][0]["review"] == "termly"
    assert plan_content.differences(content, typed) == []


def test_a_form_posted_without_its_rows_counts_is_refused_not_saved(client_, county):
    plan = make_plan(county)
    PlanVersion.objects.create(plan=plan, number=2, reason="other", content=complete())
    data = {k: v for k, v in editor_data(complete()).items() if not k.startswith("E-")}
    response = client_.post(reverse("send_plan_edit", args=[plan.pk]), data)
    assert "Section E: ManagementForm data is missing" in error_summary(response)
    assert plan.versions.get(number=2).content == complete()


def test_a_request_whose_plan_is_written_issues_it_from_the_plan_page(county, client_, caseworker):
    """The request page's own "Issue the final plan" step would leave the written draft a
    draft: once a plan is written, the request page sends the caseworker to the plan's page."""
    request = drafting_request(county, caseworker)
    draft = plan_services.plan_draft_save(request=request, content=complete(), by=caseworker)
    services.draft_serve(request=request, on=date(2026, 10, 27), by=caseworker)
    page = client_.get(reverse("send_request", args=[request.pk])).content.decode()
    assert 'value="issue_final_plan"' not in page
    assert reverse("send_plan", args=[draft.plan_id]) in page
    assert "Issue the final plan from the plan’s page" in page
