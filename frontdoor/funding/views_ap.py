"""The AP/PRU allocation's pages: the scenarios, one scenario's allocation (stage 1 between
districts, stage 2 under its option, each school's share; a chart; downloads of each table) and
its form."""

import tomllib
from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.funding import charts_ap, inputs, selectors, tables, tables_ap
from frontdoor.funding.ap_allocation import allocate
from frontdoor.funding.forms import amount_text
from frontdoor.funding.forms_ap import APForm
from frontdoor.funding.models import Scenario
from frontdoor.funding.views import download, scenario_form_page
from frontdoor.reports.tables import FORMATS

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
    result = allocate(found)
    downloads = tables_ap.downloads(result)
    chosen = request.GET.get("table", "districts")
    if chosen in downloads and (
        response := download(request, downloads[chosen], name=f"ap-{chosen}-{scenario.name}")
    ):
        return response
    context = {
        "scenario": scenario,
        "input": found,
        "result": result,
        "place_rate_percent": amount_text(found.place_rate * 100) if found.place_rate else "",
        "place_cost": amount_text(found.place_cost),
        "county_budget": amount_text(found.county_budget),
        "weights": {tables_ap.FACTOR_NAMES[f]: amount_text(w) for f, w in found.weights.items()},
        "stage1_table": downloads["stage1"],
        "stage1_downloads": _links("stage1"),
        "schools_downloads": _links("schools"),
        "table": downloads["districts"],
        "school_tables": [tables_ap.school_table(d) for d in result.districts if d.schools],
        "chart": charts_ap.district_split(result),
        "pru_share": tables.share(result.delegated.pru_share) if result.delegated else "",
        "devolved_share": tables.share(result.delegated.devolved_share) if result.delegated else "",
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


def _links(table: str) -> dict[str, str]:
    return {kind: f"?{urlencode({'table': table, 'download': kind})}" for kind in FORMATS}
