"""The high needs forecast's pages, as a finance officer uses them: the figures on the page,
each problem named on its field with nothing saved, and the downloads."""

import csv
import io
import tomllib

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from frontdoor.funding.models import Scenario
from frontdoor.funding.tests.pages import form_data


def _detail(scenario):
    return reverse("funding_high_needs_scenario", kwargs={"scenario_id": scenario.pk})


def _edit(scenario):
    return reverse("funding_high_needs_edit", kwargs={"scenario_id": scenario.pk})


def test_the_empty_state_offers_the_shipped_examples(finance):
    page = finance.get(reverse("funding_high_needs")).content.decode()
    assert "There are no scenarios yet" in page
    assert "Create from the shipped examples" in page
    response = finance.post(reverse("funding_examples_load"), {"kind": "high_needs"}, follow=True)
    assert list(Scenario.objects.values_list("name", flat=True)) == [
        "0% growth with a 0.5% transfer each year",
        "Current trajectory",
        "Safety Valve",
    ]
    assert "Created from the shipped examples" in response.content.decode()


def test_the_history_is_shown_from_its_data_file(finance):
    page = finance.get(reverse("funding_high_needs")).content.decode()
    for figure in ("5,985", "6,254", "7,229", "8,340", "9,057", "9,018", "119.0", "168.0"):
        assert figure in page
    assert "2018-19 (estimate)" in page
    assert "Financial Impact" in page
    assert "<svg" in page


def test_a_forecast_reaches_the_seed_trajectory(finance, examples):
    response = finance.get(_detail(examples["Current trajectory"]))
    page = response.content.decode()
    # Seed 003: about £659m accumulated deficit by 2027-28 "if current trend continues"; the
    # shipped scenario comes to £653.4m (as `frontdoor funding high-needs` says).
    assert "Accumulated balance at the end of 2027-28" in page
    assert "−£653.4m" in page
    assert "Not in the forecast" in page  # the in-year balance is never reached
    assert "<svg" in page
    for line in (
        "Grant",
        "Transfers from the schools block",
        "Safety Valve",
        "Spend in all",
        "Underlying in-year balance",
        "Accumulated balance at the year end",
    ):
        assert line in page


def test_the_safety_valve_scenario_reaches_in_year_balance(finance, examples):
    page = finance.get(_detail(examples["Safety Valve"])).content.decode()
    # As `frontdoor funding high-needs` says: in-year balance reached in 2023-24, grant and
    # transfers alone cover spend from 2027-28, £28.0m accumulated deficit at the end.
    assert 'In-year balance reached</dt><dd class="govuk-summary-list__value">2023-24' in page
    assert 'alone cover spend</dt><dd class="govuk-summary-list__value">2027-28' in page
    assert "−£28.0m" in page
    assert "50% of each year's new special placements met in mainstream" in page


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_forecast_downloads_in_pounds(finance, examples, kind):
    response = finance.get(_detail(examples["Current trajectory"]), {"download": kind})
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["line (money in £, pupils)", "2022-23", "2023-24"]
    by_line = {row[0]: row[1:] for row in rows}
    assert float(by_line["Grant"][0]) == 285_000_000
    assert float(by_line["Accumulated balance at the year end"][-1]) < -650_000_000
    assert f'filename="high-needs-current-trajectory.{kind}"' in response["Content-Disposition"]


def test_the_figures_form_saves_a_new_scenario_that_runs(finance, examples):
    page = finance.get(reverse("funding_high_needs_new")).content.decode()
    assert 'value="285,000,000 300,000,000' in page  # the shipped example fills the form
    data = form_data(page) | {"name": "Half a percent", "transfer_percent_figures": "0.5",
                              "schools_block_figures": "1,150,000,000",
                              "schools_block_growth": "2"}  # fmt: skip
    response = finance.post(reverse("funding_high_needs_new"), data)
    saved = Scenario.objects.get(name="Half a percent")
    assert response.status_code == 302 and response.url == _detail(saved)
    body = tomllib.loads(saved.body)
    assert body["transfers"]["schools_block"] == {"start": 1_150_000_000, "growth_percent": 2}
    assert body["demand"]["special"]["unit_cost"] == 25_000
    assert saved.created_by.username == "finance"


def test_bad_figures_are_named_on_their_fields_and_nothing_is_saved(finance, examples):
    scenario = examples["Current trajectory"]
    before = scenario.body
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {
        "years": "0",
        "special_pupils": "-5",
        "grant_figures": "285,000,000 300,000,000",
        "independent_unit_cost": "lots",
        "opening_balance": "",
    }
    response = finance.post(_edit(scenario), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        "Independent and non-maintained special: cost a pupil in the first year (£): "
        "&#x27;lots&#x27; is not a number" in page
    )
    assert "Enter opening balance (£)" in page
    assert 'value="-5"' in page  # what was typed is kept
    scenario.refresh_from_db()
    assert scenario.body == before


def test_model_problems_are_named_on_their_fields(finance, examples):
    scenario = examples["Current trajectory"]
    data = form_data(finance.get(_edit(scenario)).content.decode()) | {
        "years": "0",
        "special_pupils": "-5",
        "grant_figures": "285,000,000 300,000,000",
    }
    page = finance.post(_edit(scenario), data).content.decode()
    assert "Years to forecast: 0 is not between 1 and 50" in page
    assert "Special (maintained and academy): pupils in the first year: -5 is negative" in page
    assert Scenario.objects.get(pk=scenario.pk).body == scenario.body


def test_a_name_in_use_is_refused(finance, examples):
    data = form_data(finance.get(reverse("funding_high_needs_new")).content.decode())
    page = finance.post(reverse("funding_high_needs_new"), data | {"name": "safety valve"})
    assert "There is already a scenario called safety valve" in page.content.decode()
    assert Scenario.objects.count() == len(examples)


def test_the_toml_page_saves_and_refuses_by_key(finance, examples):
    scenario = examples["Safety Valve"]
    url = reverse("funding_scenario_toml", kwargs={"scenario_id": scenario.pk})
    bad = scenario.body.replace("years = 6", "years = 7")
    page = finance.post(url, {"name": scenario.name, "toml": bad}).content.decode()
    assert "grant.values: has 6 values for a 7-year forecast" in page
    assert Scenario.objects.get(pk=scenario.pk).body == scenario.body
    good = scenario.body.replace("percent = 50", "percent = 40")
    response = finance.post(url, {"name": scenario.name, "toml": good})
    assert response.status_code == 302
    assert "percent = 40" in Scenario.objects.get(pk=scenario.pk).body


def test_copy_and_delete(finance, examples):
    scenario = examples["Safety Valve"]
    url = reverse("funding_scenario_copy", kwargs={"scenario_id": scenario.pk})
    assert 'value="Copy of Safety Valve"' in finance.get(url).content.decode()
    finance.post(url, {"name": "Safety Valve, slower"})
    copy = Scenario.objects.get(name="Safety Valve, slower")
    assert copy.body == scenario.body
    taken = finance.post(url, {"name": "Current trajectory"}).content.decode()
    assert "There is already a scenario called Current trajectory" in taken
    finance.post(reverse("funding_scenario_delete", kwargs={"scenario_id": copy.pk}))
    assert not Scenario.objects.filter(pk=copy.pk).exists()


def test_comparison_of_scenarios(finance, examples):
    chosen = [s.pk for s in examples.values() if s.kind == Scenario.Kind.HIGH_NEEDS]
    url = reverse("funding_high_needs_compare")
    page = finance.get(url, {"scenario": chosen}).content.decode()
    assert "Accumulated balance at the year end" in page
    assert "In-year balance reached in" in page  # the Safety Valve
    assert "<svg" in page
    response = finance.get(url, {"scenario": chosen, "download": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "year",
        "0% growth with a 0.5% transfer each year (£)",
        "Current trajectory (£)",
        "Safety Valve (£)",
    ]
    assert len(rows) == 7
    one = finance.get(url, {"scenario": chosen[:1]}).content.decode()
    assert "Choose 2 to 4 scenarios to compare (you chose 1)" in one


def test_other_roles_are_refused(signed_in, examples):
    client = signed_in("head_a")
    assert client.get(reverse("funding_high_needs")).status_code == 403
    response = client.post(reverse("funding_examples_load"), {"kind": "high_needs"})
    assert response.status_code == 403
