"""The attendance pages: who reaches which area, the figures they show, the pupils behind a year
group only for those who may see them (audited), and the CSV downloads."""

import csv
import io

import pytest

from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(county, tmp_path):
    return county_with_registers(tmp_path)


def test_without_registers_the_pages_say_so(signed_in):
    response = signed_in("attendance_manager").get("/attendance/county/")
    assert response.status_code == 200
    assert b"no attendance figures yet" in response.content


def test_council_staff_start_at_the_county_and_drill_down(registers, signed_in):
    client = signed_in("attendance_manager")
    county = client.get("/attendance/", follow=True)
    assert county.redirect_chain[-1][0] == "/attendance/county/"
    page = county.content.decode()
    assert "85.42%" in page and "66.67%" in page  # attendance, persistent absence
    assert 'href="/attendance/districts/E07000901/"' in page
    district = client.get("/attendance/districts/E07000901/").content.decode()
    assert "93.75%" in district and 'href="/attendance/schools/990001/"' in district
    school = client.get("/attendance/schools/990001/").content.decode()
    assert 'href="/attendance/schools/990001/years/2/"' in school
    year = client.get("/attendance/schools/990001/years/2/").content.decode()
    assert "Amelia Hart" in year and "87.50%" in year
    assert AuditEvent.objects.filter(action="attendance.year_group_pupils").count() == 1


def test_a_school_sees_only_its_own_school(registers, signed_in):
    client = signed_in("head_a")
    assert client.get("/attendance/").url == "/attendance/schools/990001/"
    assert client.get("/attendance/county/").status_code == 403
    assert client.get("/attendance/districts/E07000901/").status_code == 403
    assert client.get("/attendance/schools/990002/").status_code == 404
    page = client.get("/attendance/schools/990001/").content.decode()
    assert "Alder Primary School" in page and "Kent</a>" not in page  # no county breadcrumb


def test_analysts_see_figures_but_no_names(registers, signed_in):
    page = signed_in("analyst").get("/attendance/schools/990001/years/2/").content.decode()
    assert "87.50%" in page
    assert "Amelia" not in page
    assert not AuditEvent.objects.filter(action="attendance.year_group_pupils").exists()


def test_the_table_downloads_as_csv(registers, signed_in):
    response = signed_in("attendance_manager").get("/attendance/county/?download=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["group", "enrolments", "possible sessions"]
    assert rows[1][:4] == ["2024/25 to 13 November", "3", "48", "85.42"]


def test_downloading_named_pupils_is_audited(registers, signed_in):
    client = signed_in("head_a")
    response = client.get("/attendance/schools/990001/years/2/?download=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == ["Amelia Hart", "16", "87.50"]
    assert AuditEvent.objects.filter(action="attendance.year_group_pupils.download").exists()


def test_the_summarise_command(county, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("attendance", "summarise", stdout=out)
    assert "holds no marks" in out.getvalue()
    county_with_registers(tmp_path)
    call_command("attendance", "summarise", stdout=out)
    assert "up to date (marks store version 1)" in out.getvalue()


def test_a_pupils_record_shows_their_attendance_and_marks(registers, signed_in, county):
    page = signed_in("head_a").get(f"/pupils/{county.pupil_a.pk}/").content.decode()
    assert "Attendance, 2024/25 to 13 November" in page
    assert "87.50%" in page and "14 of 16 sessions" in page
    assert "Persistently absent" in page
    assert "November 2024" in page and "September 2024" in page
    assert 'class="app-mark app-mark--unauthorised" title="Afternoon: ' in page  # Tue 5 Nov, O
    assert 'class="app-mark app-mark--authorised" title="Morning: ' in page  # Tue 5 Nov, I


def test_the_table_downloads_as_excel(registers, signed_in):
    import io

    from openpyxl import load_workbook

    response = signed_in("attendance_manager").get("/attendance/county/?download=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="attendance-kent.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:4] == ["2024/25 to 13 November", 3, 48, 85.42]


def test_small_groups_are_suppressed_outside_the_council(registers, signed_in, persona):
    # School A has one pupil: Year 2 and the girls are groups of one.
    school_page = signed_in("head_a").get("/attendance/schools/990001/").content.decode()
    assert "Groups of fewer than 5 pupils are shown as c" in school_page
    assert ">c</td>" in school_page
    council_page = (
        signed_in("attendance_manager").get("/attendance/schools/990001/").content.decode()
    )
    assert ">c</td>" not in council_page


def test_the_api_suppresses_small_groups_for_school_keys(registers, persona):
    from django.test import Client

    from frontdoor.core.api_tokens import api_token_create

    _, key = api_token_create(user=persona("head_a"), name="Excel")
    body = (
        Client().get("/api/attendance/schools/990001/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    )
    assert body["breakdown"] == [{"key": 2, "label": "Year 2", "suppressed": True}]
    assert body["periods"]["ytd"]["rates"]["attendance_rate"] == 87.5  # the school as a whole
