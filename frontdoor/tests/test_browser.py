"""Browser tests: a person signs in, reads the page, gets GOV.UK errors on bad input.

Headless Debian Chromium driven by Playwright. Without /usr/bin/chromium these tests skip,
unless FRONTDOOR_REQUIRE_BROWSER is set (as .ci/run does), when they fail."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.conftest import PERSONAS, TEST_PASSWORD, make_persona
from frontdoor.core.models import User
from frontdoor.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("FRONTDOOR_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("FRONTDOOR_REQUIRE_BROWSER"):
            pytest.fail(message + " and FRONTDOOR_REQUIRE_BROWSER is set")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors  # for a test that opens a page expected to fail
    yield page
    context.close()
    # A CSP violation or a broken script shows up as a console error.
    assert not errors, errors


def sign_in(page, live_server, username, password=TEST_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_each_role_signs_in_and_reaches_home(page, live_server, county, name):
    user = make_persona(county, name)
    sign_in(page, live_server, user.username)
    if name == "parent":  # a family's home is their child's case
        page.wait_for_url(f"{live_server.url}/send/my-case/")
        expect(page.get_by_role("heading", name="Your child’s EHC case")).to_be_visible()
    else:
        page.wait_for_url(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="Schools in the county")).to_be_visible()
    expect(
        page.locator(".govuk-service-navigation").get_by_role("link", name="Home")
    ).to_be_visible()
    # Arial, not GDS Transport: this is a council service.
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "arial" in font.lower() and "GDS Transport" not in font
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_bad_sign_in_shows_the_govuk_error_summary(page, live_server, county):
    make_persona(county, "head_a")
    sign_in(page, live_server, "head.a", "not the right password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    # The summary takes focus, the page title says there is an error, the username is kept.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Username").input_value() == "head.a"


def test_empty_search_links_the_error_to_its_field(page, live_server, county):
    make_persona(county, "head_a")
    sign_in(page, live_server, "head.a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/pupils/?q=a")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.name") == "q"


def test_a_head_finds_a_pupil_and_opens_the_record(page, live_server, county):
    make_persona(county, "head_a")
    sign_in(page, live_server, "head.a")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Pupils", exact=True).click()
    page.get_by_label("Name or UPN").fill("hart")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Hart, Amelia").click()
    expect(page.get_by_role("heading", name="Amelia Hart")).to_be_visible()
    expect(page.get_by_role("link", name="Alder Primary School")).to_be_visible()


def test_an_attendance_officer_drills_from_the_county_to_a_pupil(
    page, live_server, county, tmp_path
):
    from frontdoor.attendance.tests.county_registers import county_with_registers

    county_with_registers(tmp_path)
    make_persona(county, "attendance_manager")
    sign_in(page, live_server, "attendance.manager")
    page.wait_for_url(f"{live_server.url}/")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Attendance").click()
    expect(page.get_by_role("heading", name="Kent", exact=True)).to_be_visible()
    expect(page.locator(".app-chart svg")).to_have_count(5)  # charts drawn on the server
    expect(page.get_by_role("row", name=re.compile(r"^Attendance 85\.42%"))).to_be_visible()
    page.get_by_role("link", name="North", exact=True).click()
    page.get_by_role("link", name="Alder Primary School").click()
    page.get_by_role("link", name="Year 2").click()
    expect(page.get_by_role("heading", name="Year 2, Alder Primary School")).to_be_visible()
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", name="Amelia Hart")).to_be_visible()


def test_a_school_user_sees_only_their_school(page, live_server, county, tmp_path):
    from frontdoor.attendance.tests.county_registers import county_with_registers

    county_with_registers(tmp_path)
    make_persona(county, "attendance_lead_a")
    sign_in(page, live_server, "attendance.lead.a")
    page.wait_for_url(f"{live_server.url}/")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Attendance").click()
    expect(page.get_by_role("heading", name="Alder Primary School")).to_be_visible()
    expect(page.locator(".govuk-breadcrumbs")).to_have_count(0)
    response = page.request.get(f"{live_server.url}/attendance/schools/990002/")
    assert response.status == 404


def test_an_officer_holds_a_meeting_records_an_action_and_downloads_the_pack(
    page, live_server, county, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from frontdoor.attendance import tsm
    from frontdoor.attendance.tests.county_registers import county_with_registers

    county_with_registers(tmp_path)
    officer = make_persona(county, "attendance_officer_north")
    today = timezone.localdate()
    term = tsm.term_window(tsm.academic_year_of(today), 1)
    held_on = min(today, term.end) if today >= term.start else term.start
    meeting = tsm.tsm_book(school=county.school_a, number=1, on=held_on, by=officer)
    sign_in(page, live_server, officer.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/attendance/schools/990001/meetings/")
    if today >= held_on:
        page.get_by_text("Record meeting 1 as held").click()
        page.get_by_label("Date it was held").fill(held_on.isoformat())
        page.get_by_role("button", name="Record as held").click()
        expect(page.get_by_text("Held", exact=True).first).to_be_visible()
        page.get_by_text("Add an action agreed at meeting 1").click()
        page.get_by_label("Cohort").fill("Year 2 persistently absent pupils")
        page.get_by_label("Action agreed").fill("Weekly check-in")
        page.get_by_label("Who will do it").fill("Attendance lead")
        page.get_by_label("Due by").fill((held_on + timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Add the action").click()
        expect(page.get_by_text("Weekly check-in")).to_be_visible()
    page.get_by_role("link", name="The meeting's pack").click()
    expect(page.get_by_role("heading", name="Targeting Support Meeting pack")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    assert download.value.suggested_filename == f"tsm-pack-990001-{meeting.academic_year}-1.pdf"


def test_a_refused_enforcement_step_says_why(page, live_server, county, tmp_path):
    from frontdoor.attendance.tests.county_registers import county_with_registers

    county_with_registers(tmp_path)
    officer = make_persona(county, "attendance_officer_north")
    sign_in(page, live_server, officer.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/attendance/pupils/{county.pupil_a.pk}/support/")
    page.get_by_label("Penalty notice").check()
    page.get_by_label("Date taken").fill("2024-11-25")
    page.get_by_label("Parent", exact=True).fill("Sam Hart")
    page.get_by_label("What was done or offered, and why").fill("Threshold reached")
    page.get_by_role("button", name="Record the step").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Support first")
    assert page.get_by_label("Parent", exact=True).input_value() == "Sam Hart"


def test_a_school_requests_support_saves_resumes_and_sees_its_status(page, live_server, county):
    user = make_persona(county, "head_a")
    sign_in(page, live_server, user.username)
    page.get_by_role("link", name="Requests for Support").click()
    page.get_by_role("link", name="Request support for a child").click()
    page.get_by_role("button", name="Start now").click()

    # The child, first without a last name: a GOV.UK error, with what was typed kept.
    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("School URN").fill(str(county.school_a.urn))
    page.get_by_role("button", name="Add this child").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the child's last name")
    expect(page.get_by_label("First name")).to_have_value("Amelia")
    summary.get_by_role("link", name="Enter the child's last name").click()
    page.get_by_label("Last name").fill("Able")
    page.get_by_role("button", name="Add this child").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text(county.school_a.name)
    page.get_by_role("link", name="Continue").click()

    page.get_by_label("Parents and carers").fill("Sam Able (mother)")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Describe your concerns").fill("Not seen at school for three weeks.")
    page.get_by_role("button", name="Save and come back later").click()

    # Resume from the list: the check page says what is still missing.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    page.get_by_role("link", name="Amelia Able").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(page.locator("main")).to_contain_text("Not seen at school for three weeks.")
    page.get_by_role("link", name="Say what has been tried so far").click()
    page.get_by_label("What has been tried so far?").fill("Home visits by the attendance lead.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Say whether the family has agreed to this request").click()
    page.get_by_label("Yes, the family knows about this request and agrees to it").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Enter your name").click()
    page.get_by_label("Your name").fill("Hana Head")
    page.get_by_label("Email address").fill("head@alder.example")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reference is RFS-")
    expect(page.locator("main")).to_contain_text("Waiting for a decision")


def test_the_front_door_finds_the_child_decides_level_3_and_routes_it(page, live_server, county):
    from frontdoor.support import services
    from frontdoor.support.tests.test_requests import complete_draft

    head = make_persona(county, "head_a")
    pupil = county.pupil_a
    draft = complete_draft(head, county)
    child = draft.children.get()
    child.first_name, child.last_name = pupil.first_name, pupil.last_name
    child.date_of_birth = pupil.date_of_birth
    child.save()
    submitted = services.support_request_submit(request=draft, by=head)

    practitioner = make_persona(county, "front_door")
    sign_in(page, live_server, practitioner.username)
    page.goto(f"{live_server.url}/requests/triage/")
    page.get_by_role("link", name=re.compile(submitted.reference)).click()
    expect(page.locator("main")).to_contain_text("first name, last name, date of birth")
    page.get_by_role("button", name=re.compile("This is the child")).first.click()
    expect(page.locator("main")).to_contain_text("Matched to")

    page.get_by_label("Why this level").fill("Absent three weeks; school support has not worked.")
    page.get_by_label("Level 4 – Specialist").check()
    page.get_by_label("No further action").check()
    page.get_by_role("button", name="Record the decision").click()
    # Level 4 cannot end in no further action: the refusal says where it must go.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Social Work Team")
    page.get_by_label("Level 3 – Intensive").check()
    page.get_by_label("An Early Help unit").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("a manager will sign it off")
    expect(page.locator("main")).to_contain_text("Waiting for a manager's sign-off (1)")
    # A manager signs it off; the referrer then sees where the request went.
    manager = User.objects.create_user(
        username="frontdoor.manager", password=TEST_PASSWORD, role=Role.FRONT_DOOR, is_manager=True
    )
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, manager.username)
    page.goto(f"{live_server.url}/requests/triage/")
    page.get_by_role("link", name=re.compile(submitted.reference)).click()
    page.get_by_label("Yes, sign it off and tell the referrer").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, head.username)
    page.goto(f"{live_server.url}/requests/{submitted.pk}/")
    expect(page.locator("main")).to_contain_text("An Early Help unit")


def test_a_partner_cannot_open_another_partners_request_by_url(page, live_server, county):
    from frontdoor.support import services
    from frontdoor.support.tests.test_requests import complete_draft

    health = make_persona(county, "head_a")
    submitted = services.support_request_submit(request=complete_draft(health, county), by=health)
    police = make_persona(county, "partner_police")
    sign_in(page, live_server, police.username)
    response = page.goto(f"{live_server.url}/requests/{submitted.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Page not found")
    page.console_errors.remove(
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    page.goto(f"{live_server.url}/requests/")
    expect(page.locator("main")).not_to_contain_text(submitted.reference)


def test_a_school_notifies_a_suspension_which_reaches_its_exclusions(page, live_server, county):
    head = make_persona(county, "head_a")
    sign_in(page, live_server, head.username)
    page.get_by_role("link", name="School pathways").click()
    page.get_by_role("link", name="Notify a suspension or permanent exclusion").click()
    page.get_by_label("Pupil's UPN").fill(county.pupil_a.upn)
    page.get_by_label("Suspension", exact=True).check()
    today = timezone.localdate()
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Reason").select_option("PD")
    page.get_by_label("What happened").fill("Repeated disruption after warnings.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send").click()
    # No length given: the error links to its field and what was typed stays.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the suspension's length in sessions")
    expect(page.get_by_label("What happened")).to_have_value("Repeated disruption after warnings.")
    page.get_by_label("Length of a suspension, in sessions").fill("4")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sent as PWY-")
    expect(page.locator("main")).to_contain_text("in the pupil's exclusions")
    page.goto(f"{live_server.url}/attendance/schools/{county.school_a.urn}/exclusions/")
    expect(page.locator("main")).to_contain_text(f"{today:%-d %b %Y}")
