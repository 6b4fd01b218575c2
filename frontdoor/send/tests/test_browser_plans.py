"""A SEND caseworker writes a draft EHC plan in the browser (a need, an outcome meeting it and
quantified provision serving it), issues it, amends it and reads what the amendment changed
(headless Chromium; skipped without it, as frontdoor/tests/test_browser.py is)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.send import services
from frontdoor.send.models import Delivery, Requester
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row(editor, prefix: str):
    """The editor's fieldset for one row, by its fields' prefix (B-0, E-0, F-0)."""
    rows = editor.locator("fieldset.app-plan-row")
    return rows.filter(has=editor.locator(f"[name='{prefix}-text']"))


def test_a_caseworker_writes_issues_and_amends_a_plan(page, live_server, county):  # noqa: F811
    user = make_persona(county, "send_caseworker_south")
    request = services.ehc_request_receive(
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="Ms Stone",
        delivery=Delivery.EMAIL,
        sent_at=datetime(2026, 9, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")),
        by=user,
    )
    services.assessment_decide(request=request, assess=True, on=date(2026, 10, 1), by=user)
    services.plan_decide(request=request, issue=True, on=date(2026, 10, 20), by=user)

    sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/send/requests/{request.pk}/")
    page.get_by_role("link", name="Write the draft plan (sections A to K)").click()
    page.get_by_role("button", name="Start the draft plan").click()
    expect(page.get_by_role("heading", name="Write the draft plan")).to_be_visible()

    page.get_by_label("The child’s or young person’s views").fill("Bella loves horses.")
    need = row(page, "B-0")
    need.get_by_label("Area of need").select_option(label="Cognition and learning")
    need.get_by_label("The need").fill("Bella reads well below her age.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved")
    expect(page.locator(".app-plan-problems")).to_contain_text("Section E: a plan sets")

    outcome = row(page, "E-0")
    outcome.get_by_label("The outcome").fill("Bella reads a book of her choice.")
    outcome.get_by_label("b1: Bella reads well below her age.").check()
    page.get_by_role("button", name="Save and add another outcome").click()

    provision = row(page, "F-0")
    provision.get_by_label("The provision").fill("Daily phonics programme")
    provision.get_by_label("e1: Bella reads a book of her choice.").check()
    provision.get_by_label("Who provides it").fill("teaching assistant")
    provision.get_by_label("How often").fill("daily")
    provision.get_by_label("Hours a week").fill("many")
    page.get_by_label("School, college or type of setting named").fill(county.school_b.name)
    page.get_by_label("URN").fill(str(county.school_b.urn))
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the hours a week")
    expect(provision.get_by_label("The provision")).to_have_value("Daily phonics programme")
    provision.get_by_label("Hours a week").fill("2.5")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".app-plan-problems")).to_have_count(0)

    # The family have the draft and reply; the plan is issued from its own page.
    services.draft_serve(request=request, on=date(2026, 11, 2), by=user)
    services.representations_record(request=request, on=date(2026, 11, 10), by=user)
    page.get_by_role("link", name="Back to the plan").click()
    need_card = page.locator("#item-b1")
    expect(need_card).to_contain_text("Bella reads a book of her choice.")
    expect(need_card).to_contain_text("Daily phonics programme")
    expect(need_card).to_contain_text("2.5 hours a week")
    page.get_by_label("Date the plan is issued").fill("2026-11-20")
    page.get_by_role("button", name="Issue the plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 1 issued")
    expect(page.locator("main")).to_contain_text("In force")

    page.get_by_label("Amended outside a review").check()
    page.get_by_role("button", name="Start an amendment").click()
    row(page, "F-0").get_by_label("Hours a week").fill("5")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_label("Date the plan is issued").fill("2026-11-27")
    page.get_by_role("button", name="Issue the plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 issued")

    page.get_by_role("link", name="Compare with version 1").click()
    changes = page.locator(".app-plan-changes")
    expect(changes).to_contain_text("F, f1")
    expect(changes.locator("del")).to_have_text("2.5")
    expect(changes.locator("ins")).to_have_text("5")
