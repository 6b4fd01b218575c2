"""The funding pages shared by every model: the home page, a scenario as TOML, copying and
deleting one, and loading the shipped examples. Each model's own pages are in views_<model>.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.funding import selectors, services
from frontdoor.funding.forms import CopyForm, TomlForm
from frontdoor.funding.models import Scenario
from frontdoor.funding.services import ScenarioRefused
from frontdoor.reports.tables import FORMATS, table_response

Kind = Scenario.Kind
# kind -> (the list's URL name, a scenario's URL name and its kwarg)
PAGES = {
    Kind.HIGH_NEEDS: ("funding_high_needs", "funding_high_needs_scenario", "scenario_id"),
    Kind.AP_MODEL: ("funding_ap", "funding_ap_scenario", "ap_scenario_id"),
    Kind.LFF: ("funding_lff", "funding_lff_scenario", "lff_scenario_id"),
}


def list_url(kind: str) -> str:
    return reverse(PAGES[kind][0]) if kind in PAGES else reverse("funding_home")


def scenario_url(scenario: Scenario) -> str:
    if scenario.kind not in PAGES:
        return reverse("funding_home")
    _, name, kwarg = PAGES[scenario.kind]
    return reverse(name, kwargs={kwarg: scenario.pk})


def home(request):
    access.require(request.user, Permission.RUN_FUNDING_MODELS)
    counts = {kind: selectors.scenarios_of(request.user, kind).count() for kind in PAGES}
    return render(request, "funding/home.html", {"counts": counts})


def download(request, table, *, name: str):
    """The table as a file when the page is asked for one (?download=csv|xlsx), else None."""
    kind = request.GET.get("download")
    if kind not in FORMATS:
        return None
    return table_response(
        kind, name=slugify(name), header=table.export_header, rows=table.export_rows()
    )


def scenario_form_page(request, *, form, kind: str, scenario, template: str, context=None):
    """A scenario's form: saved through the service, or shown again with every problem on its
    field and what was typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.scenario_save(
                by=request.user,
                kind=kind,
                scenario=scenario,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                body=form.body(),
            )
        except ScenarioRefused as refused:
            form.add_problems(refused.problems)
        else:
            messages.success(request, f"Scenario saved: {saved.name}.")
            return redirect(scenario_url(saved))
    context = {"form": form, "scenario": scenario, "list_url": list_url(kind)} | (context or {})
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def scenario_toml(request, scenario_id: int):
    scenario = selectors.scenario_for(request.user, scenario_id)
    form = TomlForm(
        request.POST or None,
        initial={"name": scenario.name, "description": scenario.description, "toml": scenario.body},
    )
    return scenario_form_page(
        request,
        form=form,
        kind=scenario.kind,
        scenario=scenario,
        template="funding/scenario_toml.html",
        context={"scenario_url": scenario_url(scenario)},
    )


@require_http_methods(["GET", "POST"])
def scenario_copy(request, scenario_id: int):
    scenario = selectors.scenario_for(request.user, scenario_id)
    form = CopyForm(request.POST or None, initial={"name": f"Copy of {scenario.name}"})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.scenario_copy(
                by=request.user, scenario=scenario, name=form.cleaned_data["name"]
            )
        except ScenarioRefused as refused:
            for _, message in refused.problems:
                form.add_error("name", message)
        else:
            messages.success(request, f"Scenario copied: {copy.name}.")
            return redirect(scenario_url(copy))
    context = {"form": form, "scenario": scenario, "scenario_url": scenario_url(scenario)}
    return render(request, "funding/scenario_copy.html", context)


@require_http_methods(["GET", "POST"])
def scenario_delete(request, scenario_id: int):
    scenario = selectors.scenario_for(request.user, scenario_id)
    if request.method == "POST":
        services.scenario_delete(by=request.user, scenario=scenario)
        messages.success(request, f"Scenario deleted: {scenario.name}.")
        return redirect(list_url(scenario.kind))
    context = {"scenario": scenario, "scenario_url": scenario_url(scenario)}
    return render(request, "funding/scenario_delete.html", context)


@require_POST
def examples_load(request):
    kind = request.POST.get("kind") or None
    if kind is not None and kind not in PAGES:
        raise Http404("No such model.")
    made = services.scenario_examples_load(by=request.user, kind=kind)
    if made:
        messages.success(request, "Created from the shipped examples: "
                         + ", ".join(scenario.name for scenario in made) + ".")  # fmt: skip
    return redirect(list_url(kind) if kind else reverse("funding_home"))
