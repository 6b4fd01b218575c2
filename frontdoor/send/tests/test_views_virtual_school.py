"""The Virtual School's pages: its children (figures, the group filter, pages, the download)
and a child's PEPs (recorded, revised, refused with the reason at its field), who may open
them, and the audit of every showing."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from frontdoor.conftest import PERSONAS
from frontdoor.core import term_dates
from frontdoor.core.models import AuditEvent, User
from frontdoor.send import views_virtual_school, virtual_school
from frontdoor.send.models_virtual_school import PersonalEducationPlan
from frontdoor.send.tests.test_virtual_school import virtual_school_county
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

TODAY = date(2024, 11, 14)  # the autumn term of the registers' year
LIST = reverse("send_virtual_school")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The pages' today is the registers' (the term whose PEPs are kept follows it)."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: TODAY if value is None else real(value, timezone),
    )


@pytest.fixture
def registers(county, tmp_path, persona):
    return virtual_school_county(county, tmp_path, persona("head_b"))


@pytest.fixture
def officer(signed_in, registers):
    return signed_in("virtual_school")


def pep_url(pupil) -> str:
    return reverse("send_pep", kwargs={"pupil_id": pupil.pk})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def words(response) -> str:
    """The page as read: its text without the markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_list_shows_each_child_with_the_figures_and_the_summary(officer, county):
    response = officer.get(LIST)
    assert response.status_code == 200
    html = text(response)
    for name in ("Bella Stone", "Amelia Hart", "Cara Wells"):
        assert name in html
    assert html.index("Bella Stone") < html.index("Amelia Hart") < html.index("Cara Wells")
    assert "68.75%" in html and "Persistently absent" in html
    assert "85.42%" in html  # all the children: 41 of 48 sessions
    assert "2 of 3 enrolments" in html and "3.5 days" in html
    assert "12 November 2024" in html  # Amelia's permanent exclusion
    assert "EHC plan" in html and "SEN support" in html
    assert f'href="{reverse("pupil_detail", kwargs={"pupil_id": county.pupil_c.pk})}"' in html
    assert f'href="{pep_url(county.pupil_c)}"' in html
    assert f'href="{pep_url(county.pupil_b)}"' not in html  # not in care: no PEP
    assert "due by 20 December 2024" in html
    assert 'role="img"' in html and "<svg" in html  # the by-group chart, the table its text
    event = AuditEvent.objects.get(action="virtual_school.children")
    assert event.detail == {"group": "", "page": 1, "shown": 3}


def test_the_group_filter_narrows_the_list_not_the_summary(officer):
    html = text(officer.get(LIST, {"group": "social-worker"}))
    assert "Bella Stone" in html and "Cara Wells" not in html
    assert "1 enrolment: with a social worker" in html
    assert "85.42%" in html  # the summary is still every group's


def test_an_unknown_group_shows_everyone(officer):
    html = text(officer.get(LIST, {"group": "everyone-else"}))
    assert "Bella Stone" in html and "Cara Wells" in html


def test_the_list_is_paged(officer, monkeypatch):
    monkeypatch.setattr(views_virtual_school, "CHILDREN_PER_PAGE", 2)
    first, second = text(officer.get(LIST)), text(officer.get(LIST, {"page": 2}))
    assert "Bella Stone" in first and "Cara Wells" not in first
    assert "Cara Wells" in second and "Bella Stone" not in second
    assert "3 enrolments" in second


def test_the_download_names_the_children_and_is_audited(officer):
    response = officer.get(LIST, {"group": "in-care", "download": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="virtual-school-in-care.csv"'
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == views_virtual_school.DOWNLOAD_HEADER
    assert rows == [
        [
            "Cara Wells",
            "In care",
            "Cedar Special School",
            "Year 4",
            "16",
            "100.00",
            "no",
            "no",
            "0",
            "0",
            "",
            "EHC plan",
            "due",
            "",
        ]
    ]
    event = AuditEvent.objects.get(action="virtual_school.children.download")
    assert event.detail == {"group": "in-care", "rows": 1, "format": "csv"}


def test_before_any_summary_the_list_says_so(signed_in, county):
    response = signed_in("virtual_school").get(LIST)
    assert response.status_code == 200
    assert "No attendance has been summarised yet" in text(response)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_only_the_virtual_school_opens_the_list(signed_in, county, name):
    status = signed_in(name).get(LIST).status_code
    assert status == (200 if name == "virtual_school" else 403)


@pytest.mark.parametrize("name", ["send_caseworker_south", "head_a", "attendance_manager"])
def test_other_roles_are_refused_both_pages(signed_in, county, name):
    client = signed_in(name)
    assert client.get(LIST).status_code == 403
    assert client.get(pep_url(county.pupil_c)).status_code == 403
    assert client.post(pep_url(county.pupil_c), {}).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="pep").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, county):
    response = client.get(pep_url(county.pupil_c))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_childs_peps_page_is_audited_and_links_to_their_record(officer, county):
    virtual_school.pep_record(
        pupil=county.pupil_c,
        term=term_dates.term(2023, "summer"),
        held_on=date(2024, 5, 8),
        targets="Phonics screening",
        amount=Decimal(400),
        by=User.objects.get(username="virtual.school"),
    )
    response = officer.get(pep_url(county.pupil_c))
    assert response.status_code == 200
    html = text(response)
    assert f'href="{reverse("pupil_detail", kwargs={"pupil_id": county.pupil_c.pk})}"' in html
    assert "Summer 2023/24" in html and "8 May 2024" in html and "Phonics screening" in html
    assert "Record the autumn term PEP" in html and "Due</strong> by 20 December 2024" in html
    assert 'value="400"' in html  # Virtual School Kent's termly allocation to start from
    event = AuditEvent.objects.get(action="pep.view")
    assert (event.object_type, event.object_id) == ("pupils.pupil", str(county.pupil_c.pk))


def test_recording_this_terms_pep(officer, county):
    response = officer.post(
        pep_url(county.pupil_c),
        {"held_on": "2024-10-08", "targets": "Reading age +1", "amount": "400"},
    )
    assert response.status_code == 302 and response.url == pep_url(county.pupil_c)
    pep = PersonalEducationPlan.objects.get()
    assert (pep.academic_year, pep.term, pep.held_on) == (2024, "autumn", date(2024, 10, 8))
    assert pep.recorded_by.username == "virtual.school"
    html = text(officer.get(response.url))
    assert "The autumn term PEP is recorded." in html
    assert "Held</strong> 8 October 2024" in html and "Change the autumn term PEP" in html
    listed = words(officer.get(LIST))
    assert "Held 8 October 2024" in listed
    assert "100.00% 1 of 1 in care" in listed  # PEPs held this term


def test_a_recorded_pep_is_revised_in_place(officer, county):
    url = pep_url(county.pupil_c)
    officer.post(url, {"held_on": "2024-10-08", "targets": "Reading", "amount": "400"})
    html = text(officer.get(url))
    assert "Reading</textarea>" in html and 'value="2024-10-08"' in html
    response = officer.post(url, {"held_on": "2024-10-09", "targets": "Maths", "amount": "650.50"})
    assert response.status_code == 302
    pep = PersonalEducationPlan.objects.get()
    assert (pep.held_on, pep.targets, pep.pupil_premium_plus) == (
        date(2024, 10, 9),
        "Maths",
        Decimal("650.50"),
    )
    assert "The autumn term PEP is updated." in text(officer.get(url))
    assert AuditEvent.objects.filter(action="pep.update").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"held_on": "2024-07-08", "targets": "Reading", "amount": "400"},
            "The autumn term PEP is held between 3 September and 20 December 2024.",
        ),
        (
            {"held_on": "2024-11-20", "targets": "Reading", "amount": "400"},
            "Record a PEP once its meeting has been held.",
        ),
        ({"held_on": "2024-10-08", "targets": "", "amount": "400"}, "Enter the targets agreed"),
        (
            {"held_on": "2024-10-08", "targets": "Reading", "amount": "-5"},
            "The Pupil Premium Plus cannot be negative.",
        ),
        (
            {"held_on": "2024-10-08", "targets": "Reading", "amount": "lots"},
            "Enter the Pupil Premium Plus in pounds",
        ),
        ({"held_on": "8/10", "targets": "Reading", "amount": "400"}, "as year-month-day"),
    ],
)
def test_a_refused_pep_shows_why_and_keeps_what_was_typed(officer, county, data, message):
    response = officer.post(pep_url(county.pupil_c), data)
    assert response.status_code == 200
    html = text(response)
    assert "There is a problem" in html and message in html
    assert f"{data['targets']}</textarea>" in html
    assert not PersonalEducationPlan.objects.exists()
    assert AuditEvent.objects.filter(action="pep.view").count() == 1


def test_a_child_not_in_care_has_no_pep_form(officer, county):
    url = pep_url(county.pupil_b)  # a child in need: the Virtual School's, not in care
    html = text(officer.get(url))
    assert "Bella Stone" in html and "PEPs are kept for children in care" in html
    assert "<textarea" not in html
    data = {"held_on": "2024-10-08", "targets": "Reading", "amount": "400"}
    assert officer.post(url, data).status_code == 404
    assert not PersonalEducationPlan.objects.exists()


def test_a_child_who_is_not_the_virtual_schools_is_not_found(signed_in, county):
    client = signed_in("virtual_school")  # without the fixture's flags Amelia is nobody's
    assert client.get(pep_url(county.pupil_a)).status_code == 404
    assert client.get(reverse("send_pep", kwargs={"pupil_id": 999999})).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_records_a_pep_from_the_list(page, live_server, registers, persona, county):  # noqa: F811
    sign_in(page, live_server, persona("virtual_school").username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{LIST}")
    page.get_by_label("Group", exact=True).select_option(label="In care")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table").nth(1)).to_contain_text("Cara Wells")
    expect(page.get_by_role("table").nth(1)).not_to_contain_text("Bella Stone")
    page.get_by_role("link", name="Record the PEP for Cara Wells").click()

    page.get_by_label("Date the PEP meeting was held").fill("2024-07-08")
    page.get_by_label("Targets agreed").fill("Reading age up a year")
    page.get_by_role("button", name="Record the PEP").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("between 3 September and 20 December 2024")
    assert page.get_by_label("Targets agreed").input_value() == "Reading age up a year"

    page.get_by_label("Date the PEP meeting was held").fill("2024-10-08")
    page.get_by_role("button", name="Record the PEP").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The autumn term PEP is recorded."
    )
    expect(page.get_by_role("table")).to_contain_text("Reading age up a year")
    page.get_by_role("link", name="Virtual School children").click()
    expect(page.locator("main")).to_contain_text("Held 8 October 2024")
    page.get_by_role("link", name="Cara Wells", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cara Wells")


def test_the_download_comes_as_a_workbook_too(officer):
    response = officer.get(LIST, {"download": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="virtual-school-all.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert [row[0] for row in rows[1:]] == ["Bella Stone", "Amelia Hart", "Cara Wells"]
    assert rows[1][5] == 68.75 and rows[1][9] == 3.5  # attendance %, days suspended
