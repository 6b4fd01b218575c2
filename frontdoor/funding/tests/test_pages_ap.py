"""The AP/PRU allocation's pages: the 2018 consultation's table from the shipped scenario, the
form's checks (nothing saved on bad input), and the downloads."""

import csv
import io
import tomllib
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from frontdoor.funding.inputs import DATA
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


def _cells(page: str, district: str, table: str = "Option 2, delegated") -> list[str]:
    """The cells of the district's row in the table whose caption starts with `table`."""
    page = page.split(f'<caption class="govuk-table__caption govuk-table__caption--m">{table}')[1]
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
    assert "Create from the shipped examples" in page
    finance.post(reverse("funding_examples_load"), {"kind": "ap_model"})
    assert list(Scenario.objects.values_list("kind", "name")) == [
        ("ap_model", SEED),
        ("ap_model", "Devolved on PAN, an illustration"),
    ]


# Stage 1 with weights, the devolved option, each school's share --------------------------------

ILLUSTRATION = (DATA / "ap_model_devolved_on_pan.toml").read_text()


@pytest.fixture
def illustration(db):
    return Scenario.objects.create(
        kind=Scenario.Kind.AP_MODEL, name="Devolved on PAN", body=ILLUSTRATION
    )


def _rows(response) -> list[list[str]]:
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode())))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def test_the_page_shows_stage_1_with_its_weights(finance, illustration):
    page = finance.get(_detail(illustration)).content.decode()
    stage1 = "The county budget between districts"
    # KS3+KS4 pupils, PAN × 5, deprivation, weighted count, share, district total (£k).
    assert _cells(page, "Downland", stage1) == [
        "2,100",
        "2,400",
        "400",
        "2,600",
        "55.3%",
        "553",
    ]
    assert _cells(page, "Total", stage1) == ["3,900", "4,400", "600", "4,700", "100.0%",
                                                 "1,000"]  # fmt: skip
    assert "Deprivation (× 0.5)" in page
    assert "each school's Year 7 published admission number × 5" in page


def test_the_page_shows_each_school_share_with_selective_and_penalty(finance, illustration):
    page = finance.get(_detail(illustration)).content.decode()
    caption = "Downland: £553,191.49 devolved to its schools"
    grammar = _cells(page, "Downland Grammar", caption)
    assert grammar == ["", "900", "207,446.81", "−207,446.81", "0.00", "0.00", "0.00",
                       '<strong class="govuk-tag govuk-tag--grey">Selective</strong>']  # fmt: skip
    assert "A selective school gets nothing: its share is moved" in page
    academy = _cells(page, "Downland Academy", caption)
    assert academy[4:7] == ["−25,815.60", "0.00", "232,340.43"]
    assert "Penalty of 10%" in academy[7]
    assert _cells(page, "Downland High", caption)[5:7] == ["25,815.60", "320,851.06"]
    # Pro rata, moved, penalty, reallocated, share: each column adds up, the shares exactly.
    assert _cells(page, "Total", caption)[2:7] == ["553,191.49", "0.00", "−25,815.60",
                                                   "25,815.60", "553,191.49"]  # fmt: skip
    assert "Option 1, devolved" in page and "<svg" in page
    assert "Marshside" in page and "Marshside: £" not in page  # no schools given


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_school_share_downloads(finance, illustration, kind):
    response = finance.get(_detail(illustration), {"table": "schools", "download": kind})
    assert "ap-schools-devolved-on-pan" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["district", "school", "urn", "selective", "penalty_percent",
                       "pupils_counted", "pro_rata", "selective_reallocated", "penalty",
                       "penalties_received", "share"]  # fmt: skip
    shares = {row[1]: Decimal(row[-1]) for row in rows[1:]}
    assert shares == {
        "Downland Grammar": 0,
        "Downland High": Decimal("320851.06"),
        "Downland Academy": Decimal("232340.43"),
    }
    assert sum(shares.values()) == Decimal("553191.49")
    assert rows[1][3] in ("True", "true") and Decimal(rows[3][4]) == 10


def test_stage_1_downloads(finance, illustration):
    rows = _rows(finance.get(_detail(illustration), {"table": "stage1", "download": "csv"}))
    assert rows[0] == ["district", "ks3_ks4_pupils", "pan_pupils", "deprivation",
                       "weighted_count", "share_percent", "district_total"]  # fmt: skip
    assert [Decimal(row[-1]) for row in rows[1:]] == [
        Decimal("553191.49"), Decimal("446808.51"), Decimal("1000000.00")
    ]  # fmt: skip


def test_the_delegated_option_devolves_its_balance_to_schools(finance, illustration):
    body = ILLUSTRATION.replace('option = "devolved"', 'option = "delegated"\nplace_rate_percent'
                                " = 1\nplace_cost = 10_000")  # fmt: skip
    Scenario.objects.filter(pk=illustration.pk).update(body=body)
    page = finance.get(_detail(illustration)).content.decode()
    # 1% of 3,900 census pupils = 39 places, 2,600/4,700 of them in Downland: 21.57, £215,745;
    # its £553,191.49 less £215,744.68 leaves £337,446.81 for its schools.
    assert _cells(page, "Downland") == ["2,100", "22", "216", "553", "337"]
    assert "Downland: £337,446.81 devolved to its schools" in page


def test_the_form_sets_the_option_basis_and_weights_and_keeps_the_schools(finance, illustration):
    page = finance.get(_edit(illustration)).content.decode()
    assert "2,100 (its 3 schools)" in page and "Schools are not changed here" in page
    data = form_data(page)
    assert data["weight_deprivation"] == "0.5" and data["district_2_pan"] == "400"
    assert "district_1_pupils" not in data  # Downland's pupils are its schools'
    data |= {"option": "devolved", "basis": "census", "weight_eal": "2",
             "district_1_eal": "30", "district_2_eal": "10"}  # fmt: skip
    response = finance.post(_edit(illustration), data)
    assert response.status_code == 302
    body = tomllib.loads(Scenario.objects.get(pk=illustration.pk).body)
    assert body["basis"] == "census" and body["weights"] == {"deprivation": 0.5, "eal": 2}
    assert [s["name"] for s in body["districts"][0]["schools"]] == [
        "Downland Grammar", "Downland High", "Downland Academy"
    ]  # fmt: skip
    assert body["districts"][0]["schools"][2]["penalty_percent"] == 10
    assert body["districts"][1]["eal"] == 10


def test_weights_without_a_budget_or_counts_are_named_on_their_fields(finance, illustration):
    data = form_data(finance.get(_edit(illustration)).content.decode()) | {
        "option": "devolved",
        "basis": "pan",
        "weight_children_in_care": "3",
        "county_budget": "",
        "district_1_total": "500,000",
        "district_2_total": "abc",
    }
    page = finance.post(_edit(illustration), data).content.decode()
    assert "District 2: district total (£): &#x27;abc&#x27; is not a number" in page
    assert 'value="abc"' in page and 'value="3"' in page
    data["district_2_total"] = "400,000"
    page = finance.post(_edit(illustration), data).content.decode()
    assert "Weight for children in care: needs a county budget (county_budget)" in page
    assert "District 1: children in care count: enter a figure" in page
    assert Scenario.objects.get(pk=illustration.pk).body == ILLUSTRATION


def test_the_delegated_option_needs_its_place_figures(finance, illustration):
    data = form_data(finance.get(_edit(illustration)).content.decode()) | {
        "option": "delegated",
        "basis": "pan",
    }
    page = finance.post(_edit(illustration), data).content.decode()
    assert "Enter place rate (% of KS3+KS4 pupils)" in page
    assert "Enter cost of a place (£)" in page
