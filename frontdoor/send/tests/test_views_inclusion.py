"""The inclusion dashboard's pages: council staff see them, schools and partners are refused;
the filters, the funnel and its table, the schools beyond the limits, a school's page and the
CSV download, on a county where one school holds far more pupils with EHC plans than its
intake predicts and another far fewer.

School A (primary, North): 30 Year 2 pupils, every one with an EHC plan. School D (primary,
South): 300 Year 2 pupils, none. County rate 30 / 330 = 1/11: A expects 30/11 = 2.7 (ratio
11.00, far above), D expects 300/11 = 27.3 (ratio 0.00, far below)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.conftest import make_persona
from frontdoor.core.calendar import academic_year_of
from frontdoor.pupils.models import (
    Characteristic,
    CharacteristicPeriod,
    Enrolment,
    Ethnicity,
    Pupil,
    Sex,
    nc_year_label,
)
from frontdoor.schools.models import Establishment, Sector
from frontdoor.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

COUNCIL_STAFF = [
    "la_admin",
    "attendance_officer_north",
    "attendance_manager",
    "front_door",
    "send_caseworker_south",
    "virtual_school",
    "analyst",
]
REFUSED = ["head_a", "senco_a", "attendance_lead_a", "trust_weald", "partner_police", "finance"]


def _year_two(school, count: int, prefix: str) -> list[Pupil]:
    pupils = Pupil.objects.bulk_create(
        Pupil(
            upn=f"{prefix}{index:012d}",
            first_name="Test",
            last_name=f"{prefix}{index}",
            date_of_birth=date(2018, 1, 1),
            sex=Sex.MALE,
            ethnicity=Ethnicity.WHITE_BRITISH,
        )
        for index in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            pupil=pupil,
            establishment=school,
            admission_date=date(2020, 9, 1),
            nc_year_on_admission=-2,  # N1 in 2020/21: all in the same year group today
        )
        for pupil in pupils
    )
    return pupils


@pytest.fixture
def uneven(county, school_d):
    with_plans = _year_two(county.school_a, 30, "E")
    CharacteristicPeriod.objects.bulk_create(
        CharacteristicPeriod(
            pupil=pupil, characteristic=Characteristic.EHC_PLAN, start_date=date(2022, 1, 1)
        )
        for pupil in with_plans
    )
    _year_two(school_d, 300, "F")


@pytest.mark.parametrize("name", COUNCIL_STAFF)
def test_council_staff_see_the_dashboard_and_a_school(signed_in, county, uneven, name):
    client = signed_in(name)
    assert client.get(reverse("send_inclusion")).status_code == 200
    school = reverse("send_inclusion_school", kwargs={"urn": county.school_a.urn})
    assert client.get(school).status_code == 200


@pytest.mark.parametrize("name", REFUSED)
def test_schools_trusts_partners_and_finance_are_refused(signed_in, county, name):
    client = signed_in(name)
    assert client.get(reverse("send_inclusion")).status_code == 403
    school = reverse("send_inclusion_school", kwargs={"urn": county.school_a.urn})
    assert client.get(school).status_code == 403
    assert client.get(reverse("send_inclusion") + "?download=csv").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, county):
    response = client.get(reverse("send_inclusion"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_shows_the_uneven_distribution(signed_in, county, uneven):
    html = signed_in("attendance_manager").get(reverse("send_inclusion")).content.decode()
    assert "Inclusion measures by district" in html
    assert "<svg" in html  # the funnel, with its figures as a table
    assert "EHC plans: observed and expected by school" in html
    above = html.split("More than the intake predicts")[1].split("Fewer than")[0]
    below = html.split("Fewer than the intake predicts")[1]
    assert "1 school<" in above and county.school_a.name in above
    assert "11.00" in above and "Above 99.8% limit" in above
    assert "Damson Primary School" in below and "Below 99.8% limit" in below
    assert "Damson Primary School" not in above


def test_the_filters_narrow_the_schools(signed_in, county, uneven):
    client = signed_in("attendance_manager")
    html = client.get(
        reverse("send_inclusion"), {"district": county.north.code, "phase": "primary"}
    ).content.decode()
    assert "1 mainstream school in North (primary)." in html
    assert "Damson Primary School" not in html.split("Schools beyond the limits")[1]
    special = client.get(reverse("send_inclusion"), {"phase": Sector.SPECIAL}).content.decode()
    assert "No mainstream schools to compare" in special
    # A filter it does not know is ignored: the whole county.
    odd = client.get(reverse("send_inclusion"), {"district": "nowhere", "measure": "x"})
    assert odd.status_code == 200
    assert "2 mainstream schools." in odd.content.decode()


def test_the_school_table_downloads_as_csv(signed_in, county, uneven):
    client = signed_in("analyst")
    response = client.get(reverse("send_inclusion"), {"download": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["urn", "school", "district", "phase", "pupils"]
    by_urn = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_urn) == {"990001", "990002", "990003", "990004"}
    alder = by_urn["990001"]
    assert (alder["pupils"], alder["ehc plans"], alder["ehc plans %"]) == ("31", "30", "96.8")
    # 30 x 30/330, and pupil_a (a girl; the only one in her cell, without a plan) 1 x 0.
    assert alder["ehc plans expected"] == "2.7"
    assert alder["ehc plans against limits"] == "Far above expected (beyond 99.8% limit)"
    assert by_urn["990003"]["ehc plans observed/expected"] == ""  # special: not compared
    north = client.get(reverse("send_inclusion"), {"download": "csv", "district": "E07000901"})
    assert {row[0] for row in list(csv.reader(io.StringIO(north.content.decode())))[1:]} == {
        "990001",
        "990003",
    }


def test_a_school_against_its_district_and_the_county(signed_in, county, uneven):
    client = signed_in("send_caseworker_south")
    response = client.get(reverse("send_inclusion_school", kwargs={"urn": 990001}))
    html = response.content.decode()
    assert "Alder Primary School against North and the county" in html
    assert "EHC plans against the intake (observed ÷ expected)" in html
    assert "Above 99.8% limit" in html
    year_group = nc_year_label(-2 + academic_year_of(timezone.localdate()) - 2020)
    assert f'<th scope="row" class="govuk-table__header">{year_group}</th>' in html
    assert reverse("attendance_school", kwargs={"urn": 990001}) in html


def test_a_school_with_no_pupils_is_not_found(signed_in, county):
    client = signed_in("attendance_manager")
    Establishment.objects.create(
        urn=990099,
        laestab="8860099",
        name="Empty School",
        establishment_type="Community school",
        phase="Primary",
        sector=Sector.PRIMARY,
    )
    assert client.get(reverse("send_inclusion_school", kwargs={"urn": 990099})).status_code == 404
    assert client.get(reverse("send_inclusion_school", kwargs={"urn": 1})).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_finds_the_schools_far_from_their_intake(page, live_server, county, uneven):  # noqa: F811
    user = make_persona(county, "attendance_manager")
    sign_in(page, live_server, user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{reverse('send_inclusion')}")
    expect(page.get_by_role("heading", name="Inclusion dashboard")).to_be_visible()
    page.get_by_label("Phase").select_option(label="Primary")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("2 mainstream schools (primary).")
    page.get_by_text("The chart’s figures").click()
    expect(
        page.get_by_role("table", name="EHC plans: observed and expected by school")
    ).to_be_visible()
    above = page.get_by_role("table", name="More than the intake predicts: 1 school")
    above.get_by_role("link", name=county.school_a.name).click()
    expect(page.get_by_role("heading", name=f"{county.school_a.name}: inclusion")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Above 99.8% limit")
