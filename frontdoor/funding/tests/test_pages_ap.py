"""The AP/PRU allocation's pages: the 2018 consultation's table from the shipped scenario, the
form's checks (nothing saved on bad input), and the downloads."""

import csv
import io
import tomllib
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from frontdoor.funding.models import Scenario
from frontdoor.funding.tests.pages import form_data

SEED = "2018 consultation, delegated option"
# The consultation's table (seeds/000, "PRU Funding Model Options", Option 2: Delegated):
# places, PRU budget, district total, remaining balance devolved (£k).
SEED_ROWS = {
    "North West Kent": ("64", "1,149", "2,113", "964"),
    "Maidstone and Malling": ("44", "784", "1,442", "658"),
    "Shepway": ("22", "404", "744", "339"),
    "Thanet and Dover": ("73", "1,310", "2,410", "1,100"),
    "Two Bridges": ("40", "716", "1,318", "601"),
    "Total": ("242", "4,364", "8,026", "3,662"),
}


def _detail(scenario):
    return reverse("funding_ap_scenario", kwargs={"ap_scenario_id": scenario.pk})


def _edit(scenario):
    return reverse("funding_ap_edit", kwargs={"ap_scenario_id": scenario.pk})


def _cells(page: str, district: str) -> list[str]:
    row = page.split(f'<th scope="row" class="govuk-table__header">{district}</th>')[1]
    row = row.split("</tr>")[0]
    return [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]


def test_the_seed_table_is_on_the_page(finance, examples):
    page = finance.get(_detail(examples[SEED])).content.decode()
    for district, figures in SEED_ROWS.items():
        assert tuple(_cells(page, district)[1:]) == figures, district
    assert "54%" in page and "46%" in page
    assert "0.42% of KS3+KS4 pupils, at £18,000 a place" in page
    assert "The county budget of £8,026,000 shared pro rata" in page


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_table_downloads_in_pounds(finance, examples, kind):
    response = finance.get(_detail(examples[SEED]), {"download": kind})
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["district", "ks3_ks4_pupils", "places_exact", "pru_budget",
                       "district_total", "devolved"]  # fmt: skip
    total = rows[-1]
    assert total[0] == "Total" and Decimal(total[2]) == Decimal("242.445")
    assert Decimal(total[3]) == Decimal("4364010") and Decimal(total[4]) == 8_026_000


def test_the_form_saves_district_totals_given_by_hand(finance, examples):
    data = form_data(finance.get(reverse("funding_ap_new")).content.decode())
    assert data["district_1_name"] == "North West Kent" and data["district_6_name"] == ""
    data |= {"name": "Two districts", "county_budget": "",
             "district_1_total": "2,000,000", "district_2_total": "1,500,000",
             "district_3_name": "", "district_3_pupils": "", "district_4_name": "",
             "district_4_pupils": "", "district_5_name": "", "district_5_pupils": "",
             "place_rate_percent": "0.5%"}  # fmt: skip
    response = finance.post(reverse("funding_ap_new"), data)
    saved = Scenario.objects.get(name="Two districts")
    assert response.status_code == 302 and response.url == _detail(saved)
    body = tomllib.loads(saved.body)
    assert body["place_rate_percent"] == 0.5 and "county_budget" not in body
    assert [d["district_total"] for d in body["districts"]] == [2_000_000, 1_500_000]
    page = finance.get(response.url).content.decode()
    assert _cells(page, "North West Kent")[1:3] == [
        "76",
        "1,368",
    ]  # 0.5% of 15,195 = 75.975; × £18k


def test_bad_rows_are_named_and_nothing_is_saved(finance, examples):
    scenario = examples[SEED]
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {
        "district_2_pupils": "10,369.5",
        "district_3_name": "",
        "district_6_pupils": "400",
        "place_cost": "",
    }
    page = finance.post(_edit(scenario), data).content.decode()
    assert "There is a problem" in page
    assert "District 2: KS3+KS4 pupils: &#x27;10,369.5&#x27; is not a whole number" in page
    assert "District 3: enter its name" in page
    assert "District 6: enter its name" in page
    assert "Enter cost of a place (£)" in page
    assert 'value="10,369.5"' in page
    assert Scenario.objects.get(pk=scenario.pk).body == scenario.body


def test_the_model_refuses_a_pru_dearer_than_its_district(finance, examples):
    scenario = examples[SEED]
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {"place_cost": "50,000"}
    page = finance.post(_edit(scenario), data).content.decode()
    assert "County AP budget (£): North West Kent: the PRU&#x27;s commissioned places cost" in page
    assert Scenario.objects.get(pk=scenario.pk).body == scenario.body


def test_totals_with_a_county_budget_are_refused(finance, examples):
    scenario = examples[SEED]
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {"district_1_total": "1,000"}
    page = finance.post(_edit(scenario), data).content.decode()
    assert "District 1: leave the district total blank when the county budget is shared" in page


def test_duplicate_districts_are_named(finance, examples):
    scenario = examples[SEED]
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {
        "district_2_name": "north west kent"
    }
    page = finance.post(_edit(scenario), data).content.decode()
    assert "District 2: name: &#x27;north west kent&#x27; is already district 1" in page


def test_the_empty_state_creates_the_seed_scenario(finance):
    page = finance.get(reverse("funding_ap")).content.decode()
    assert "Create from the shipped example" in page
    finance.post(reverse("funding_examples_load"), {"kind": "ap_model"})
    assert list(Scenario.objects.values_list("kind", "name")) == [("ap_model", SEED)]
