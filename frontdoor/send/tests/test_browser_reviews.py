"""A SEND caseworker finds an overdue annual review in the list and takes it to the amended
plan in the browser (headless Chromium; skipped without it, as frontdoor/tests/test_browser.py
is)."""

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.send import deadlines
from frontdoor.send.tests.browsing import answer_step
from frontdoor.send.tests.plans import issued_plan
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_takes_an_overdue_review_to_the_amended_plan(page, live_server, county):  # noqa: F811
    today = timezone.localdate()

    def days_ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    issued = today - timedelta(days=500)  # its review fell due about 135 days ago
    plan = issued_plan(
        "PLAN-B0001",
        pupil=county.pupil_b,
        district=county.south,
        issued_on=issued,
        named_setting=county.school_b,
    )
    user = make_persona(county, "send_caseworker_south")
    sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/send/reviews/?overdue=on")

    row = page.get_by_role("row").filter(has_text=plan.reference)
    expect(row).to_contain_text("Meeting not held by the due date")
    expect(row).to_contain_text(f"{deadlines.review_due(issued):%-d %B %Y}")
    row.get_by_role("button", name=f"Start the review of {plan.reference}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("opened")

    step = partial(answer_step, page)

    step(
        "Record the meeting",
        **{
            "Date of the review meeting": days_ago(60),
            "Date the invitations and advice were sent": days_ago(50),
        },
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 2 weeks before")
    step("Record the meeting", **{"Date the invitations and advice were sent": days_ago(80)})
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("arranged")
    step("Record the report", **{"Date the report was received": days_ago(50)})
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("report")
    step(
        "Record the decision",
        **{
            "Amend the plan": True,
            "Date of the decision": days_ago(40),
            "Section F, provision f1: hours a week": "5",
        },
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision")
    expect(page.get_by_role("heading", name="Proposed amendments")).to_be_visible()
    expect(page.locator("main")).to_contain_text("hours a week: removed: 2.5 added: 5")
    step("Issue the amended plan", **{"Date the amended plan was issued": days_ago(10)})

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Amended plan issued."
    )
    clock = page.locator("table").first
    for label in ("Hold the annual review", "Decide on the review", "Issue the amended plan"):
        expect(clock.get_by_role("row").filter(has_text=label)).to_be_visible()
    # The meeting was held after the due date; the decision within 4 weeks of it.
    expect(clock.get_by_role("row").filter(has_text="Hold the annual review")).to_contain_text(
        "Done late"
    )
    expect(clock.get_by_role("row").filter(has_text="Decide on the review")).to_contain_text("Done")
    expect(page.locator("main .govuk-tag").first).to_have_text("Complete")
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
