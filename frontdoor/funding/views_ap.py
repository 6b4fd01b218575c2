"""The AP/PRU allocation's pages: the scenarios, one scenario's delegated model (the 2018
consultation's table, with downloads) and its form."""

import tomllib

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.funding import ap_scenario, inputs, selectors, tables
from frontdoor.funding.forms import amount_text
from frontdoor.funding.forms_ap import APForm
from frontdoor.funding.models import Scenario
from frontdoor.funding.views import download, scenario_form_page

KIND = Scenario.Kind.AP_MODEL


@require_GET
def scenario_list(request):
    context = {
        "scenarios": selectors.scenarios_of(request.user, KIND),
        "examples": inputs.examples_of(KIND),
        "kind": KIND,
    }
    return render(request, "funding/ap_list.html", context)


@require_GET
def scenario_detail(request, ap_scenario_id: int):
    scenario = selectors.scenario_for(request.user, ap_scenario_id, KIND)
    found = selectors.scenario_input(scenario)
    model = ap_scenario.run(found)
    pupils = {d.name: d.ks3_ks4_pupils for d in found.districts}
    table = tables.delegated_table(model, pupils)
    if response := download(request, table, name=f"ap-model-{scenario.name}"):
        return response
    context = {
        "scenario": scenario,
        "input": found,
        "place_rate_percent": amount_text(found.place_rate * 100),
        "place_cost": amount_text(found.place_cost),
        "county_budget": amount_text(found.county_budget),
        "model": model,
        "table": table,
        "pru_share": tables.share(model.pru_share),
        "devolved_share": tables.share(model.devolved_share),
    }
    return render(request, "funding/ap_detail.html", context)


@require_http_methods(["GET", "POST"])
def scenario_new(request):
    selectors.scenarios_of(request.user, KIND)  # the access check
    base = tomllib.loads(inputs.examples_of(KIND)[0].body)
    form = APForm(request.POST or None, base=base)
    return scenario_form_page(
        request, form=form, kind=KIND, scenario=None, template="funding/ap_form.html"
    )


@require_http_methods(["GET", "POST"])
def scenario_edit(request, ap_scenario_id: int):
    scenario = selectors.scenario_for(request.user, ap_scenario_id, KIND)
    form = APForm(
        request.POST or None,
        base=tomllib.loads(scenario.body),
        initial={"name": scenario.name, "description": scenario.description},
    )
    return scenario_form_page(
        request, form=form, kind=KIND, scenario=scenario, template="funding/ap_form.html"
    )
