"""A SEND caseworker takes a request for an EHC needs assessment from receipt to a final plan in
the browser (headless Chromium; skipped without it, as frontdoor/tests/test_browser.py is)."""

import re

import pytest
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.send.tests.browsing import answer_step
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_takes_a_request_to_a_final_plan(page, live_server, county):  # noqa: F811
    user = make_persona(county, "send_caseworker_south")
    sign_in(page, live_server, user.username)
    page.get_by_role("link", name="SEND casework").click()
    page.get_by_role("button", name="Receive a new request").click()

    page.get_by_label("Child’s name or UPN").fill("stone")
    page.get_by_role("button", name="Find the child").click()
    page.get_by_role("link", name="Choose Bella Stone").click()
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Their name").fill("Ms Stone")
    page.get_by_label("By email or online").check()
    page.get_by_label("Date it was sent").fill("2026-09-01")
    page.get_by_label("Time it was sent").fill("17:45")
    page.get_by_role("button", name="Check the dates").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Wednesday 2 September 2026")
    page.get_by_role("button", name="Receive the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("received")
    expect(page.locator("main")).to_contain_text("Statutory clock")

    def step(button: str, **answers):
        answer_step(page, button, **answers)
        expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    step("Record the decision", **{"Yes, assess": True, "Date of the decision": "2026-10-01"})
    step(
        "Record the decision",
        **{"Yes, issue a plan (write the draft)": True, "Date of the decision": "2026-10-20"},
    )
    step("Record the draft as served", **{"Date the draft was served": "2026-11-02"})
    expect(page.locator("main")).to_contain_text("Due by Monday 16 November 2026")
    step("Record the comments", **{"Date the family’s comments came in": "2026-11-10"})
    page.get_by_label("School or college named in section I").select_option(
        label=str(county.school_b)
    )
    step("Issue the final plan", **{"Date the final plan was issued": "2026-11-20"})

    expect(page.locator("main .govuk-tag").first).to_have_text("Final plan issued")
    expect(page.locator("main")).to_contain_text(county.school_b.name)
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
    page.get_by_role("link", name="EHC needs assessments").first.click()
    expect(page).to_have_url(re.compile(r"/send/requests/$"))
