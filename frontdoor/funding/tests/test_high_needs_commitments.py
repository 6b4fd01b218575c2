"""The placement panel's running commitments offered to the high needs forecast: the finance
officer sees them on the scenario's form (a count and a sum, no child named) and can fill the
independent placements' demand from them, then save."""

import tomllib
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from frontdoor.funding.forms_high_needs import panel_commitments_initial
from frontdoor.funding.models import Scenario
from frontdoor.funding.tests.pages import form_data
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.panel import Commitments

MEMBERS = [d.value for d in Discipline]


@pytest.fixture
def placements(county):
    """Two agreed independent placements running (£62,000 and £48,001 a year), one declined
    and one agreed that has ended: the commitments are 2 at £110,001, £55,000.50 a pupil."""
    plan = EhcPlan.objects.create(
        reference="PLAN-F1", pupil=county.pupil_b, district=county.south, issued_on=date(2024, 1, 5)
    )
    rows = [
        (Decimal(62000), PanelDecision.AGREED, None),
        (Decimal(48001), PanelDecision.CONDITIONS, None),
        (Decimal(90000), PanelDecision.DECLINED, None),
        (Decimal(70000), PanelDecision.AGREED, date(2025, 7, 31)),
    ]
    for cost, decision, ends_on in rows:
        PanelRequest.objects.create(
            plan=plan,
            kind=PanelKind.INDEPENDENT,
            setting_name="Oak Tree School",
            annual_cost=cost,
            starts_on=date(2024, 9, 2),
            evidence="Named child's evidence, not for the forecast",
            submitted_on=date(2024, 3, 1),
            panel_on=date(2024, 3, 20),
            members=MEMBERS,
            decision=decision,
            review_on=date(2025, 3, 20),
            ends_on=ends_on,
        )


def test_the_commitments_fill_the_independent_placements_rounded_half_up():
    figures = Commitments(2, Decimal("110001"))  # £55,000.50 a pupil
    assert panel_commitments_initial(figures) == {
        "independent_pupils": "2",
        "independent_unit_cost": "55,001",
    }
    assert panel_commitments_initial(Commitments(0, Decimal(0))) == {}


def test_the_form_offers_the_panels_commitments_without_names(finance, examples, placements):
    page = finance.get(reverse("funding_high_needs_new")).content.decode()
    assert "Agreed independent placements running today: <strong>2 at £110,001 a year</strong>" in (
        page
    )
    assert "?from_panel=1" in page
    assert "Stone" not in page and "PLAN-F1" not in page and "Named child" not in page


def test_the_panels_figures_fill_the_form_and_are_saved(finance, examples, placements):
    url = reverse("funding_high_needs_new")
    page = finance.get(url, {"from_panel": "1"}).content.decode()
    data = form_data(page)
    assert (data["independent_pupils"], data["independent_unit_cost"]) == ("2", "55,001")
    assert data["special_pupils"] != ""  # the rest still comes from the shipped example
    response = finance.post(url, data | {"name": "From the panel"})
    assert response.status_code == 302
    body = tomllib.loads(Scenario.objects.get(name="From the panel").body)
    assert body["demand"]["independent"]["pupils"] == 2
    assert body["demand"]["independent"]["unit_cost"] == 55_001


def test_editing_a_scenario_keeps_its_own_figures_until_asked(finance, examples, placements):
    scenario = examples["Current trajectory"]
    url = reverse("funding_high_needs_edit", kwargs={"scenario_id": scenario.pk})
    own = tomllib.loads(scenario.body)["demand"]["independent"]["pupils"]
    assert form_data(finance.get(url).content.decode())["independent_pupils"] == f"{own:,}"
    filled = form_data(finance.get(url, {"from_panel": "1"}).content.decode())
    assert filled["independent_pupils"] == "2" and filled["name"] == scenario.name


def test_with_no_placements_running_nothing_is_offered(finance, examples):
    page = finance.get(reverse("funding_high_needs_new")).content.decode()
    assert "No agreed independent placements are running today" in page
    assert "?from_panel=1" not in page


@pytest.mark.parametrize("name", ["send_caseworker_south", "head_a", "analyst"])
def test_the_forecast_form_stays_with_finance(signed_in, examples, name):
    assert signed_in(name).get(reverse("funding_high_needs_new")).status_code == 403
