"""A parent follows their child's EHC needs assessment in the browser: the stage and the next
step with its date, then, once the caseworker records the decision to assess, the notification
that says what changed; and a caseworker gives a new parent access, the parent chooses a
password from the emailed link and signs in to the case (headless Chromium; skipped without
it, as frontdoor/tests/test_browser.py is)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_sees_the_next_step_and_then_what_changed(
    page,  # noqa: F811
    browser,  # noqa: F811
    live_server,
    county,
    caseworker,
    bellas,
):
    parent = make_persona(county, "parent")  # Bella's
    parent.email = "bella.parent@example.invalid"
    parent.save(update_fields=["email"])

    sign_in(page, live_server, parent.username)
    page.wait_for_url(f"{live_server.url}/send/my-case/")  # a family's home is their case
    main = page.locator("main")
    expect(page.get_by_role("heading", name="Your child’s EHC case")).to_be_visible()
    expect(main).to_contain_text(
        "The council is deciding whether to carry out an EHC needs assessment"
    )
    # 6 weeks from 1 September 2026 (reg 5(1)), already past: marked late.
    expect(main).to_contain_text(
        "The council decides whether to carry out an EHC needs assessment, by 13 October 2026"
    )
    expect(main.locator(".govuk-tag--red")).to_have_text("Late")
    expect(main).to_contain_text("Nothing yet.")

    # The caseworker records the decision to assess on the request's own page.
    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(office, live_server, caseworker.username)
    office.wait_for_url(f"{live_server.url}/")
    office.goto(f"{live_server.url}/send/requests/{bellas.pk}/")
    office.get_by_label("Yes, assess", exact=True).check()
    office.get_by_label("Date of the decision", exact=True).fill("2026-10-01")
    office.get_by_role("button", name="Record the decision").click()
    expect(office.locator(".govuk-notification-banner--success")).to_be_visible()
    office.context.close()

    page.reload()
    news = main.locator(".app-family-news li").first
    expect(news.locator(".govuk-tag")).to_have_text("New")
    expect(news).to_contain_text(
        "The council has decided to carry out an EHC needs assessment. Next: professionals "
        "give their advice and the council decides whether to issue an EHC plan, due by "
        "22 December 2026."
    )
    expect(main).to_contain_text("The council is carrying out an EHC needs assessment")
    page.reload()  # shown once as new, then read
    expect(main.locator(".app-family-news .govuk-tag")).to_have_count(0)
    [email] = mail.outbox
    assert email.to == ["bella.parent@example.invalid"]


def test_a_caseworker_invites_a_parent_who_chooses_a_password_and_follows_the_case(
    page,  # noqa: F811
    browser,  # noqa: F811
    live_server,
    county,
    caseworker,
    bellas,
):
    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(office, live_server, caseworker.username)
    office.wait_for_url(f"{live_server.url}/")
    office.goto(f"{live_server.url}/send/requests/{bellas.pk}/")
    office.get_by_role("link", name="Manage family access").click()
    expect(office.locator("main")).to_contain_text("No parent or young person follows")
    office.get_by_label("Full name", exact=True).fill("Rosa Stone")
    office.get_by_label("Email address", exact=True).fill("Rosa.Stone@example.invalid")
    office.get_by_role("button", name="Give access").click()
    expect(office.locator(".govuk-notification-banner--success")).to_contain_text(
        "Account made for Rosa Stone"
    )
    expect(office.locator("main table")).to_contain_text("Invitation sent")
    office.context.close()

    # The invitation's link, followed by the parent, signed out.
    [invitation] = mail.outbox
    assert invitation.to == ["rosa.stone@example.invalid"]
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", invitation.body)[1]
    page.goto(live_server.url + path)
    page.get_by_label("Password", exact=True).fill("harbour lantern copper 71")
    page.get_by_label("Confirm password", exact=True).fill("harbour lantern copper 71")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your password is set"
    )
    sign_in(page, live_server, "rosa.stone@example.invalid", "harbour lantern copper 71")
    page.wait_for_url(f"{live_server.url}/send/my-case/")
    expect(page.locator("main")).to_contain_text(
        "The council is deciding whether to carry out an EHC needs assessment"
    )
    # The link worked once.
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
