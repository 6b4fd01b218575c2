"""The high needs forecast's pages: the scenarios with the block's history, one scenario's
forecast (table, chart, downloads), its form, and scenarios compared."""

import tomllib

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.funding import high_needs, inputs, selectors, tables
from frontdoor.funding.forms import CompareForm
from frontdoor.funding.forms_high_needs import HighNeedsForm, panel_commitments_initial
from frontdoor.funding.history import high_needs_history
from frontdoor.funding.models import Scenario
from frontdoor.funding.views import download, scenario_form_page
from frontdoor.reports import charts
from frontdoor.send.panel import forecast_commitments

KIND = Scenario.Kind.HIGH_NEEDS


@require_GET
def scenario_list(request):
    scenarios = selectors.scenarios_of(request.user, KIND)
    history = high_needs_history()
    table = tables.history_table(history)
    if response := download(request, table, name="high-needs-history"):
        return response
    chart = charts.by_year(
        [{"year": y.year, "pupils": y.pupils, "spend": float(y.expenditure) / 1e6}
         for y in history.years],
        title="High needs pupils and expenditure",
        bars={"pupils": "High needs pupils and students"},
        lines={"spend": "Expenditure (£m)"},
        axis="Pupils and students",
        line_axis="Expenditure (£m)",
    )  # fmt: skip
    context = {
        "scenarios": scenarios,
        "history": history,
        "history_table": table,
        "history_chart": chart,
        "examples": inputs.examples_of(KIND),
        "kind": KIND,
    }
    return render(request, "funding/high_needs_list.html", context)


@require_GET
def scenario_detail(request, scenario_id: int):
    scenario = selectors.scenario_for(request.user, scenario_id, KIND)
    forecast = high_needs.forecast(selectors.scenario_input(scenario))
    table = tables.forecast_table(forecast, name=scenario.name)
    if response := download(request, table, name=f"high-needs-{scenario.name}"):
        return response
    chart = charts.by_year(
        [{"year": y.year, "in_year": float(y.in_year_balance) / 1e6,
          "accumulated": float(y.accumulated_balance) / 1e6} for y in forecast.years],
        title=f"High needs forecast: {scenario.name}",
        bars={"in_year": "In-year balance"},
        lines={"accumulated": "Accumulated balance"},
        axis="£m (a deficit is negative)",
    )  # fmt: skip
    context = {
        "scenario": scenario,
        "forecast": forecast,
        "opening": tables.millions_text(forecast.opening_balance),
        "final": tables.millions_text(forecast.final_balance),
        "final_year": forecast.years[-1].year,
        "table": table,
        "chart": chart,
        "reforms": tomllib.loads(scenario.body).get("reforms", []),
    }
    return render(request, "funding/high_needs_detail.html", context)


@require_http_methods(["GET", "POST"])
def scenario_new(request):
    selectors.scenarios_of(request.user, KIND)  # the access check
    base = tomllib.loads(inputs.examples_of(KIND)[0].body)
    panel_initial, panel_context = _panel_offer(request)
    form = HighNeedsForm(request.POST or None, base=base, initial=panel_initial)
    return scenario_form_page(
        request,
        form=form,
        kind=KIND,
        scenario=None,
        template="funding/high_needs_form.html",
        context=panel_context,
    )


@require_http_methods(["GET", "POST"])
def scenario_edit(request, scenario_id: int):
    scenario = selectors.scenario_for(request.user, scenario_id, KIND)
    panel_initial, panel_context = _panel_offer(request)
    form = HighNeedsForm(
        request.POST or None,
        base=tomllib.loads(scenario.body),
        initial={"name": scenario.name, "description": scenario.description} | panel_initial,
    )
    return scenario_form_page(
        request,
        form=form,
        kind=KIND,
        scenario=scenario,
        template="funding/high_needs_form.html",
        context=panel_context,
    )


def _panel_offer(request) -> tuple[dict, dict]:
    """The placement panel's running commitments, offered to the independent placements'
    demand; with ?from_panel=1 they fill it (aggregates only: no child is named)."""
    commitments = forecast_commitments(request.user, on=timezone.localdate())
    initial = panel_commitments_initial(commitments) if request.GET.get("from_panel") else {}
    return initial, {"panel_commitments": commitments, "panel_prefilled": bool(initial)}


@require_GET
def compare(request):
    scenarios = selectors.scenarios_of(request.user, KIND)
    form = CompareForm(request.GET if "scenario" in request.GET else None, scenarios=scenarios)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["scenario"]
        forecasts = {s.name: high_needs.forecast(selectors.scenario_input(s)) for s in chosen}
        table = tables.comparison_table(forecasts)
        if response := download(request, table, name="high-needs-comparison"):
            return response
        context |= {
            "table": table,
            "forecasts": forecasts,
            "chart": _comparison_chart(forecasts),
            "downloads": _download_links(request),
        }
    return render(request, "funding/high_needs_compare.html", context)


def _comparison_chart(forecasts: dict[str, high_needs.Forecast]) -> str:
    years = sorted({y.year for f in forecasts.values() for y in f.years})
    keys = {name: f"s{index}" for index, name in enumerate(forecasts)}
    rows = [{"year": year} for year in years]
    for name, forecast in forecasts.items():
        balances = {y.year: float(y.accumulated_balance) / 1e6 for y in forecast.years}
        for row in rows:
            row[keys[name]] = balances.get(row["year"])
    return charts.by_year(
        rows,
        title="Accumulated balance at the year end, by scenario",
        lines={key: name for name, key in keys.items()},
        axis="£m (a deficit is negative)",
    )


def _download_links(request) -> dict[str, str]:
    query = request.GET.copy()
    links = {}
    for kind in ("csv", "xlsx"):
        query["download"] = kind
        links[kind] = f"{reverse('funding_high_needs_compare')}?{query.urlencode()}"
    return links
