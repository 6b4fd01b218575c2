"""The schools block's pages: the scenarios (local formula policies), one scenario run on a
schools dataset (county summary, factor values, tightening test, chart, every school, with
downloads), its form, and publishing it to schools."""

import tomllib
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.funding import charts_lff, inputs, selectors, services, tables_lff
from frontdoor.funding.forms_lff import LffForm
from frontdoor.funding.lff_tables import SCHOOL_COLUMNS
from frontdoor.funding.models import Scenario
from frontdoor.funding.schools_block import CannotBalance
from frontdoor.funding.services import ScenarioRefused
from frontdoor.funding.views import scenario_form_page
from frontdoor.reports.tables import table_response, workbook_response

KIND = Scenario.Kind.LFF


@require_GET
def scenario_list(request):
    context = {
        "scenarios": selectors.scenarios_of(request.user, KIND),
        "datasets": selectors.datasets_of(request.user)[:5],
        "examples": inputs.examples_of(KIND),
        "kind": KIND,
    }
    return render(request, "funding/lff_list.html", context)


@require_GET
def scenario_detail(request, lff_scenario_id: int):
    scenario = selectors.scenario_for(request.user, lff_scenario_id, KIND)
    dataset = selectors.dataset_chosen(request.user, request.GET.get("dataset"))
    context = {
        "scenario": scenario,
        "policy": selectors.scenario_policy(scenario),
        "dataset": dataset,
        "datasets": selectors.datasets_of(request.user),
    }
    if dataset is None:
        return render(request, "funding/lff_detail.html", context)
    try:
        run = selectors.scenario_run(scenario, dataset)
    except CannotBalance as refused:
        context["cannot_balance"] = str(refused)
        return render(request, "funding/lff_detail.html", context)
    name = slugify(f"schools-block-{scenario.name}-{dataset.name}")
    download = request.GET.get("download")
    if download == "csv":
        rows = tables_lff.school_export_rows(run)
        return table_response("csv", name=name, header=SCHOOL_COLUMNS, rows=rows)
    if download == "xlsx":
        return workbook_response(name=name, sheets=tables_lff.run_sheets(run))
    context |= {
        "run": run,
        "summary": tables_lff.summary_table(run),
        "factors": tables_lff.factors_table(run),
        "tightening": tables_lff.tightening_table(run),
        "failures": tables_lff.tightening_failures(run),
        "chart": charts_lff.changes_by_phase(
            run, title=f"Each school's change against its NFF allocation: {scenario.name}"
        ),
        "schools": tables_lff.schools_table(run),
        **tables_lff.headlines(run),
        "downloads": {
            kind: f"?{urlencode({'dataset': dataset.pk, 'download': kind})}"
            for kind in ("csv", "xlsx")
        },
    }
    return render(request, "funding/lff_detail.html", context)


@require_http_methods(["GET", "POST"])
def scenario_new(request):
    selectors.scenarios_of(request.user, KIND)  # the access check
    base = tomllib.loads(inputs.examples_of(KIND)[0].body)
    form = LffForm(request.POST or None, base=base)
    return scenario_form_page(
        request, form=form, kind=KIND, scenario=None, template="funding/lff_form.html"
    )


@require_http_methods(["GET", "POST"])
def scenario_edit(request, lff_scenario_id: int):
    scenario = selectors.scenario_for(request.user, lff_scenario_id, KIND)
    form = LffForm(
        request.POST or None,
        base=tomllib.loads(scenario.body),
        initial={"name": scenario.name, "description": scenario.description},
    )
    return scenario_form_page(
        request, form=form, kind=KIND, scenario=scenario, template="funding/lff_form.html"
    )


@require_POST
def scenario_publish(request, lff_scenario_id: int):
    scenario = selectors.scenario_for(request.user, lff_scenario_id, KIND)
    dataset = None
    if request.POST.get("publish") == "yes":
        dataset = selectors.dataset_chosen(request.user, request.POST.get("dataset"))
    try:
        services.scenario_publish(by=request.user, scenario=scenario, dataset=dataset)
    except ScenarioRefused as refused:
        messages.error(request, str(refused))
    else:
        if dataset:
            messages.success(request, f"Published to schools: {scenario.name} on {dataset.name}. "
                             "Each headteacher sees their own school's line.")  # fmt: skip
        else:
            messages.success(request, f"No longer published to schools: {scenario.name}.")
    url = reverse("funding_lff_scenario", kwargs={"lff_scenario_id": scenario.pk})
    return redirect(f"{url}?{urlencode({'dataset': dataset.pk})}" if dataset else url)
