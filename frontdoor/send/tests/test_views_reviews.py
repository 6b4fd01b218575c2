"""The annual review pages: the caseload's reviews with the overdue first, the termly lists
for schools and their download, a review's page with each step (done, or refused with the
reason in the error summary and nothing changed), and who may see which."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.send import deadlines, reviews
from frontdoor.send.forms_reviews import term_key
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.models_transfers import PhaseTransfer, TransferKind
from frontdoor.send.tests.plans import complete, issued_plan

TODAY = timezone.localdate()


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def a_plan(county, *, issued_on: date, number: int = 1, district=None, school=None) -> EhcPlan:
    return issued_plan(
        f"PLAN-V{number}",
        pupil=county.pupil_b,
        district=district or county.south,
        issued_on=issued_on,
        named_setting=school,
    )


@pytest.fixture
def overdue_plan(county) -> EhcPlan:
    """Issued 500 days ago: its first review fell due about 135 days ago and was not held."""
    return a_plan(county, issued_on=TODAY - timedelta(days=500), school=county.school_b)


def due_this_term(county):
    """A plan whose review falls due after today in the coming term (this one, in term time)."""
    term = reviews.term_for(TODAY + timedelta(days=1))
    due = max(term.start, TODAY + timedelta(days=1))
    return a_plan(county, issued_on=deadlines.add_months(due, -12), number=2), term


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_an_overdue_review_first_with_the_step_that_is_late(
    client_, county, overdue_plan
):
    coming, term = due_this_term(county)
    response = client_.get(reverse("send_reviews"), {"term": term_key(term)})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(overdue_plan.reference) < html.index(coming.reference)
    assert "Meeting not held by the due date" in html
    due = deadlines.review_due(overdue_plan.issued_on)
    assert f"(due {due:%-d %B %Y})" in html
    assert "Start the review" in html
    assert AuditEvent.objects.filter(action="send_reviews.view").count() == 1


def test_the_list_filters_to_the_overdue_and_to_a_school(client_, county, overdue_plan):
    coming, term = due_this_term(county)
    url = reverse("send_reviews")
    html = client_.get(url, {"term": term_key(term), "overdue": "on"}).content.decode()
    assert overdue_plan.reference in html and coming.reference not in html
    html = client_.get(url, {"term": term_key(term), "school": county.school_b.pk}).content
    assert overdue_plan.reference in html.decode() and coming.reference not in html.decode()


def test_the_area_figures_count_the_review_not_held(client_, county, overdue_plan):
    response = client_.get(reverse("send_reviews"))
    figures = response.context["summary"]
    assert figures.overdue_now == 1
    assert dict(figures.overdue_by_step)["Meeting not held by the due date"] == 1


# Who may see -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["head_b", "attendance_officer_south", "analyst"])
def test_only_send_caseworkers_reach_the_review_pages(client, persona, county, overdue_plan, name):
    client.force_login(persona(name))
    for url in (reverse("send_reviews"), reverse("send_reviews_termly")):
        assert client.get(url).status_code == 403
    response = client.post(reverse("send_review_open"), {"plan": overdue_plan.pk})
    assert response.status_code == 403
    assert not AnnualReview.objects.exists()


def test_a_caseworker_of_another_area_sees_none_of_its_reviews(client, county, overdue_plan):
    north = User.objects.create_user(username="send.north", role=Role.SEND_CASEWORKER)
    north.districts.set([county.north])
    client.force_login(north)
    review = AnnualReview.objects.create(plan=overdue_plan, due_on=TODAY)
    assert overdue_plan.reference not in client.get(reverse("send_reviews")).content.decode()
    assert client.get(reverse("send_review", args=[review.pk])).status_code == 404
    opened = client.post(reverse("send_review_open"), {"plan": overdue_plan.pk}, follow=True)
    assert "That plan is not in force in your area" in opened.content.decode()
    assert AnnualReview.objects.count() == 1
    termly = client.get(reverse("send_reviews_termly"), {"download": "csv"})
    assert overdue_plan.reference not in termly.content.decode()


# The termly lists --------------------------------------------------------------------------


def test_the_termly_lists_show_each_schools_reviews_and_download(client_, county):
    term = reviews.term_for(TODAY)
    due = term.start + timedelta(days=10)
    plan = a_plan(county, issued_on=deadlines.add_months(due, -12), school=county.school_b)
    url = reverse("send_reviews_termly")
    html = client_.get(url, {"term": term_key(term)}).content.decode()
    assert county.school_b.name in html and plan.reference in html
    assert "Bella Stone" in html
    assert AuditEvent.objects.filter(action="send_reviews.termly_view").count() == 1

    response = client_.get(
        url, {"term": term_key(term), "school": county.school_b.pk, "download": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:3] == ["School or college", "URN", "Child"]
    assert lines[1][2:6] == ["Bella Stone", "2013-03-02", plan.reference, due.isoformat()]
    assert lines[1][6:] == ["Not yet", "No"]
    exported = AuditEvent.objects.get(action="send_reviews.export")
    assert exported.detail == {"term": term_key(term), "rows": 1}
    assert exported.object_id == str(county.school_b.pk)

    # Moving school the September after the review: the list marks it as the phase transfer
    # review; the download of every school's list has it too.
    PhaseTransfer.objects.create(
        plan=plan, transfer_year=term.academic_year + 1, kind=TransferKind.PRIMARY_TO_SECONDARY
    )
    everything = client_.get(url, {"term": term_key(term), "download": "csv"})
    lines = list(csv.reader(io.StringIO(everything.content.decode())))
    assert [line[4:] for line in lines[1:]] == [[plan.reference, due.isoformat(), "Not yet", "Yes"]]
    assert "all-schools" in everything["Content-Disposition"]


def test_a_term_with_no_reviews_says_so(client_, county, overdue_plan):
    term = reviews.term_for(TODAY + timedelta(days=400))
    html = client_.get(reverse("send_reviews_termly"), {"term": term_key(term)}).content
    assert "No reviews fall due" in html.decode()


# One review, step by step -------------------------------------------------------------------


def post_step(client, review, action: str, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(reverse("send_review", args=[review.pk]), data)


def decision_fields(decision: str, on: str, hours: float = 2.5) -> dict:
    """The decision form as the plan in complete() fills it, with F's hours as given."""
    content = complete()
    provision = content["F"][0]
    return {
        "decision": decision,
        "on": on,
        "A": content["A"],
        "B__b1": content["B"][0]["text"],
        "E__e1": content["E"][0]["text"],
        "F__f1__text": provision["text"],
        "F__f1__who": provision["who"],
        "F__f1__how_often": provision["how_often"],
        "F__f1__hours_a_week": hours,
        "I__name": content["I"]["name"],
    }


def test_a_review_from_opening_to_the_amended_plan(client_, county, overdue_plan):
    response = client_.post(reverse("send_review_open"), {"plan": overdue_plan.pk})
    review = AnnualReview.objects.get(plan=overdue_plan)
    assert response.url == reverse("send_review", args=[review.pk])
    page = client_.get(response.url).content.decode()
    assert "Statutory clock" in page and "Arrange the review meeting" in page
    assert AuditEvent.objects.filter(action="annual_review.view").count() == 1

    # Too little notice: refused at the meeting's date, nothing saved.
    refused = post_step(
        client_,
        review,
        "arrange_meeting",
        meeting_on=days_ago(60),
        invitations_sent_on=days_ago(65),
    )
    assert refused.status_code == 200
    assert "at least 2 weeks before the meeting" in error_summary(refused)
    assert 'href="#id_arrange_meeting-meeting_on"' in error_summary(refused)
    assert 'value="' + days_ago(65) + '"' in refused.content.decode()  # what was typed is kept
    review.refresh_from_db()
    assert review.meeting_on is None

    done = post_step(
        client_,
        review,
        "arrange_meeting",
        meeting_on=days_ago(60),
        invitations_sent_on=days_ago(80),
    )
    assert done.status_code == 302
    page = client_.get(reverse("send_review", args=[review.pk])).content.decode()
    assert "Change the review meeting</h3>" in page and "Arrange the review meeting" not in page
    assert post_step(client_, review, "record_report", on=days_ago(50)).status_code == 302

    # Amending without changing the plan: the amendments must go with the decision.
    same = post_step(client_, review, "decide", **decision_fields("amend", days_ago(40)))
    assert "Set out the proposed amendments" in error_summary(same)
    review.refresh_from_db()
    assert review.decision_on is None

    amend = decision_fields("amend", days_ago(40), hours=5)
    assert post_step(client_, review, "decide", **amend).status_code == 302
    page = client_.get(reverse("send_review", args=[review.pk])).content.decode()
    assert "Proposed amendments" in page
    hidden = '<span class="govuk-visually-hidden">'
    assert f"hours a week: <del>{hidden}removed: </span>2.5</del>" in page
    assert f"<ins>{hidden}added: </span>5</ins>" in page
    close = deadlines.representations_close(TODAY - timedelta(days=40))
    assert f"Until {close:%A %-d %B %Y}" in page

    early = post_step(client_, review, "issue_amended_plan", on=close.isoformat())
    assert "to comment on the amendments" in error_summary(early)
    issued = post_step(client_, review, "issue_amended_plan", on=days_ago(10))
    assert issued.status_code == 302
    review.refresh_from_db()
    assert review.is_complete and review.decision == ReviewDecision.AMEND
    final = overdue_plan.versions.filter(status=PlanVersion.Status.FINAL).last()
    assert final.number == 2 and final.content["F"][0]["hours_a_week"] == 5
    page = client_.get(reverse("send_review", args=[review.pk])).content.decode()
    assert "Amendments made" in page and "Open the next review" in page
    assert "Next steps" not in page


def test_a_step_not_open_on_the_review_is_refused(client_, county, overdue_plan):
    review = AnnualReview.objects.create(plan=overdue_plan, due_on=TODAY)
    assert post_step(client_, review, "decide", decision="maintain").status_code == 404
    assert post_step(client_, review, "no_such_step").status_code == 404
    assert post_step(client_, review, "record_report", on=days_ago(1)).status_code == 404


def test_opening_a_second_review_goes_to_the_one_under_way(client_, county, overdue_plan):
    review = AnnualReview.objects.create(plan=overdue_plan, due_on=TODAY)
    response = client_.post(reverse("send_review_open"), {"plan": overdue_plan.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("send_review", args=[review.pk])
    assert "already has a review under way" in response.content.decode()
    assert AnnualReview.objects.count() == 1
