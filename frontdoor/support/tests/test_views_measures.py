"""The Front Door measures page: who may see it, the period, the figures and the downloads."""

import csv
import io
from datetime import date

from openpyxl import load_workbook

from frontdoor.core.models import User
from frontdoor.support import measures
from frontdoor.support.levels import Route
from frontdoor.support.models_cases import Team
from frontdoor.support.tests.test_measures import a_case, a_request, at, conversation
from frontdoor.support.views_measures import TABLES, default_period

PERIOD = {"start": "2025-04-01", "end": "2025-05-31"}


def _records(county, user):
    a_request(
        user,
        received_on=date(2025, 4, 17),
        route=Route.SOCIAL_WORK_TEAM,
        signed_off_at=at(date(2025, 4, 22)),
    )
    a_request(user, received_on=date(2025, 4, 23), source="2B")
    conversation(user, county.north, date(2025, 4, 17), followed_referral=True)
    a_case(
        user,
        county.north,
        Team.SOCIAL_WORK_TEAM,
        date(2025, 4, 22),
        child={"first_name": "Zebedee", "last_name": "Quill"},
        worker=user,
    )


def test_the_page_shows_every_measure_without_naming_a_child(signed_in, county):
    client = signed_in("front_door")
    _records(county, User.objects.get(username="front.door"))
    page = client.get("/requests/measures/", PERIOD)
    assert page.status_code == 200
    text = page.text
    for table in TABLES.values():
        assert table.caption in text
    assert text.count("<svg") == len(TABLES)
    assert "Zebedee" not in text and "Quill" not in text
    assert "front.door" in text  # the worker's caseload is shown by name (here, username)
    assert 'value="2025-04-01"' in text and 'value="2025-05-31"' in text
    assert "?start=2025-04-01&amp;end=2025-05-31&amp;table=caseloads&amp;download=csv" in text


def test_the_period_defaults_to_the_last_12_complete_months(signed_in, county):
    assert default_period(date(2026, 11, 22)) == (date(2025, 11, 1), date(2026, 11, 22))
    page = signed_in("analyst").get("/requests/measures/")
    assert page.status_code == 200
    start, end = default_period(page.context["period"]["end"])
    assert page.context["period"] == {"start": start, "end": end}


def test_a_bad_date_shows_an_error_and_keeps_what_was_typed(signed_in, county):
    page = signed_in("analyst").get(
        "/requests/measures/", {"start": "2025-02-30", "end": "2025-05-31"}
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Enter the start of the period as a real date" in page.text
    assert 'value="2025-02-30"' in page.text
    assert "<svg" not in page.text


def test_the_end_cannot_be_before_the_start_or_outside_the_calendar(signed_in, county):
    client = signed_in("analyst")
    backwards = client.get("/requests/measures/", {"start": "2025-05-31", "end": "2025-04-01"})
    assert "The end of the period must be the same as or after its start" in backwards.text
    too_early = client.get("/requests/measures/", {"start": "2010-01-01", "end": "2025-04-01"})
    assert "the working-day calendar has no bank holidays for other years" in too_early.text


def test_the_csv_download_holds_the_measures_rows(signed_in, county):
    client = signed_in("front_door")
    _records(county, User.objects.get(username="front.door"))
    response = client.get(
        "/requests/measures/", PERIOD | {"table": "requests-by-outcome", "download": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "requests-by-outcome-2025-04-01-to-2025-05-31.csv" in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["Week beginning", "Outcome", "Requests"]
    expected = measures.requests_by_week(
        start=date(2025, 4, 1), end=date(2025, 5, 31), by="outcome"
    )
    assert rows == [
        [str(row["week"]), row["outcome"], str(row["requests"])] for row in expected.rows
    ]
    assert rows == [
        ["2025-04-14", Route.SOCIAL_WORK_TEAM.label, "1"],
        ["2025-04-21", measures.WAITING, "1"],
    ]


def test_the_excel_download_holds_the_same_rows(signed_in, county):
    client = signed_in("front_door")
    _records(county, User.objects.get(username="front.door"))
    response = client.get(
        "/requests/measures/", PERIOD | {"table": "re-referrals", "download": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Within", "Of the same", "Referrals", "Re-referrals", "Rate"]
    assert values[1] == ["Within 2 months", "Child", 1, 0, 0.0]


def test_an_unknown_table_is_not_found(signed_in, county):
    response = signed_in("analyst").get("/requests/measures/", {"table": "nope", "download": "csv"})
    assert response.status_code == 404


def test_roles_without_the_permission_are_refused(signed_in, county):
    assert signed_in("head_a").get("/requests/measures/").status_code == 403


def test_the_navigation_offers_the_page_and_marks_only_it_current(signed_in, county):
    page = signed_in("front_door").get("/requests/measures/", PERIOD)
    navigation = page.context["navigation"]
    assert [item.text for item in navigation if item.active] == ["Front Door measures"]
    assert "Front Door measures" not in signed_in("head_a").get("/").text
