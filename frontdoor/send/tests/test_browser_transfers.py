"""A SEND caseworker works a year's phase transfers in the browser: opens them, goes into the
Year 6 to Year 7 cohort, takes a child to a District Placement Meeting, names the setting and
issues the amended plan, and sees the progress change (headless Chromium; skipped without it)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.send.models_plans import EhcPlan
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_takes_a_year_6_child_through_a_placement_meeting(
    page,  # noqa: F811
    live_server,
    county,
):
    # Amelia (reception in 2022) moves to secondary in September 2029, Bella to post-16.
    for number, pupil in enumerate([county.pupil_a, county.pupil_b]):
        EhcPlan.objects.create(
            reference=f"PLAN-B{number}",
            pupil=pupil,
            district=county.south,
            issued_on=date(2024, 10, 1),
            named_setting=county.school_a if pupil == county.pupil_a else county.school_b,
        )
    user = make_persona(county, "send_caseworker_south")
    sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/send/transfers/")

    page.get_by_label("Year of the move (September)").select_option(label="September 2029")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Phase transfers: moves in September 2029"
    )
    page.get_by_role("button", name="Open this year’s transfers").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 transfers opened for September 2029."
    )

    def issued_by_deadline(row: str):
        cells = page.get_by_role("row", name=re.compile(row)).first.get_by_role("cell")
        return cells.nth(1)

    expect(issued_by_deadline("Year 6 to Year 7")).to_have_text("0")
    page.get_by_role("link", name="Year 6 to Year 7").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Year 6 to Year 7")
    expect(page.locator("main")).not_to_contain_text("Bella Stone")
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.locator("main")).to_contain_text("Thursday 23 November 2028")  # review meeting

    page.get_by_label("Date of the District Placement Meeting").fill("2028-12-05")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("cohort 2")
    expect(page.locator("main")).to_contain_text("Arranged for Tuesday 5 December 2028")

    page.get_by_label("School or college named in the amended plan (section I)").select_option(
        label=f"{county.school_b.name}, South"
    )
    page.get_by_role("button", name="Issue the amended plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Amended plan issued."
    )
    expect(page.locator("main .govuk-tag").first).to_have_text("Issued by the deadline")
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)

    page.get_by_role("link", name="Year 6 to Year 7: September 2029").click()
    expect(page.locator("main")).to_contain_text("2: District Placement Meeting")
    page.get_by_role("link", name="Phase transfers: September 2029").click()
    expect(page.locator("main")).to_contain_text("1 of 2 amended plans issued")
    expect(issued_by_deadline("Year 6 to Year 7")).to_have_text("1")
    expect(issued_by_deadline("District Placement Meeting")).to_have_text("1")
