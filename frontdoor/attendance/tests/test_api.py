"""The aggregate API: bearer keys made behind sign-in, the same figures and scope as the pages,
named pupils only for keys whose user may see them (audited), CSV, and the OpenAPI description."""

import re

import pytest
from django.test import Client

from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.core.api_tokens import ApiTokenRefused, api_token_create
from frontdoor.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(county, tmp_path):
    return county_with_registers(tmp_path)


def api(key: str, url: str):
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key}")


def key_for(persona, name: str) -> str:
    return api_token_create(user=persona(name), name="Power BI")[1]


def test_a_key_is_made_on_its_page_and_shown_once(signed_in):
    client = signed_in("attendance_manager")
    page = client.post("/accounts/api-tokens/", {"name": "Power BI"}).content.decode()
    key = re.search(r"(fd_[A-Za-z0-9_-]{40,})", page)[1]
    token = ApiToken.objects.get()
    assert token.key_hash != key and key not in token.key_hash  # only a digest is kept
    assert key not in client.get("/accounts/api-tokens/").content.decode()
    assert AuditEvent.objects.filter(action="api_token.create").exists()


def test_the_county_figures_as_json_and_csv(registers, persona):
    key = key_for(persona, "attendance_manager")
    body = api(key, "/api/attendance/county/").json()
    ytd = body["periods"]["ytd"]
    assert (ytd["counts"]["possible_sessions"], ytd["rates"]["attendance_rate"]) == (48, 85.42)
    assert ytd["rates"]["persistent_absence_rate"] == 66.67
    assert body["as_at"] == "2024-11-13"
    assert {row["label"] for row in body["breakdown"]} == {"North", "South"}
    csv_text = api(key, "/api/attendance/county/?format=csv").content.decode()
    assert csv_text.splitlines()[1].startswith("2024/25 to 13 November,3,48,85.42")
    areas = api(key, "/api/attendance/areas/").json()["areas"]
    assert areas[0] == {"level": "county", "name": "Kent", "url": "/api/attendance/county/"}


def test_keys_carry_their_users_scope(registers, persona):
    head = key_for(persona, "head_a")
    assert api(head, "/api/attendance/county/").status_code == 403
    assert api(head, "/api/attendance/schools/990002/").status_code == 404
    school = api(head, "/api/attendance/schools/990001/").json()
    assert school["periods"]["ytd"]["rates"]["attendance_rate"] == 87.5
    analyst = key_for(persona, "analyst")
    assert api(analyst, "/api/attendance/county/").status_code == 200
    assert api(analyst, "/api/attendance/worklists/persistent/").status_code == 403
    with pytest.raises(ApiTokenRefused):
        key_for(persona, "finance")


def test_worklists_name_pupils_within_reach_and_are_audited(registers, persona, county):
    body = api(key_for(persona, "head_a"), "/api/attendance/worklists/persistent/").json()
    assert [(p["name"], p["attendance_rate"]) for p in body["pupils"]] == [("Amelia Hart", 87.5)]
    assert AuditEvent.objects.filter(action="api.worklist").exists()


def test_bad_and_revoked_keys_are_refused(registers, persona):
    assert api("fd_not-a-key", "/api/attendance/county/").status_code == 401
    assert Client().get("/api/attendance/county/").status_code == 401
    user = persona("attendance_manager")
    token, key = api_token_create(user=user, name="Excel")
    client = Client()
    client.force_login(user)
    client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert api(key, "/api/attendance/county/").status_code == 401


def test_the_openapi_description(signed_in):
    document = signed_in("analyst").get("/api/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert "/api/attendance/schools/{urn}/years/{nc_year}/" in document["paths"]
