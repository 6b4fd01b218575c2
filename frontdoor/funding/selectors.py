"""Reads for the funding pages: the scenarios and schools datasets a finance officer may open,
each run through its model. Funding scenarios hold county figures only, so whoever may run the
models sees them all; headteachers and trusts see published schools block scenarios only, and
only their own schools' lines (`funding_schools_of`)."""

from dataclasses import replace
from functools import lru_cache

from django.db.models import QuerySet
from django.http import Http404

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.funding import inputs, lff_scenario, schools_datasets
from frontdoor.funding.lff_policy import Policy
from frontdoor.funding.lff_tables import school_rows
from frontdoor.funding.models import Scenario, SchoolsDataset
from frontdoor.funding.schools_block import BlockRun, CannotBalance, run_policy
from frontdoor.funding.schools_data import SchoolData
from frontdoor.schools import selectors as schools
from frontdoor.schools.models import Establishment


def scenarios_of(user, kind: str) -> QuerySet[Scenario]:
    access.require(user, Permission.RUN_FUNDING_MODELS)
    return Scenario.objects.filter(kind=kind).select_related("created_by").order_by("name")


def scenario_for(user, pk: int, kind: str | None = None) -> Scenario:
    access.require(user, Permission.RUN_FUNDING_MODELS)
    found = Scenario.objects.select_related("created_by").filter(pk=pk)
    if kind is not None:
        found = found.filter(kind=kind)
    scenario = found.first()
    if scenario is None:
        raise Http404("No such scenario.")
    return scenario


def scenario_input(scenario: Scenario):
    """The model's input: a saved scenario always parses (the service checked it)."""
    return inputs.parse_body(scenario.kind, scenario.body)


def datasets_of(user) -> QuerySet[SchoolsDataset]:
    access.require(user, Permission.RUN_FUNDING_MODELS)
    return SchoolsDataset.objects.defer("body").select_related("uploaded_by")


def dataset_for(user, pk: int) -> SchoolsDataset:
    access.require(user, Permission.RUN_FUNDING_MODELS)
    dataset = SchoolsDataset.objects.select_related("uploaded_by").filter(pk=pk).first()
    if dataset is None:
        raise Http404("No such dataset.")
    return dataset


def dataset_chosen(user, pk: str | None) -> SchoolsDataset | None:
    """The dataset asked for (?dataset=<id>), or else the latest; None when there is none."""
    if pk:
        if not pk.isdigit():
            raise Http404("No such dataset.")
        return dataset_for(user, int(pk))
    access.require(user, Permission.RUN_FUNDING_MODELS)
    return SchoolsDataset.objects.first()


def dataset_schools(dataset: SchoolsDataset) -> tuple[SchoolData, ...]:
    return schools_datasets.schools_of(dataset.body)


def published_lff_scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.filter(kind=Scenario.Kind.LFF, published_at__isnull=False).order_by(
        "name"
    )


def funding_schools_of(user) -> QuerySet[Establishment]:
    """The user's own schools, whose published budget lines they may see."""
    access.require(user, Permission.VIEW_OWN_SCHOOL_FUNDING)
    return access.scope_funding_schools(user, schools.open_establishments()).order_by("name")


def scenario_policy(scenario: Scenario) -> Policy:
    """A schools block scenario's policy, named as the scenario is (for the tables)."""
    return replace(scenario_input(scenario), name=scenario.name)


def scenario_run(scenario: Scenario, dataset: SchoolsDataset) -> BlockRun:
    """The scenario's policy run on the dataset; CannotBalance when it cannot fit the money.
    A run takes about half a second on a county's schools, so the last few are kept (a page
    and its downloads, a school's published lines)."""
    return _run(scenario.name, scenario.body, dataset.body)


@lru_cache(maxsize=8)
def _run(name: str, body: str, schools_csv: str) -> BlockRun:
    policy = replace(inputs.parse_body(Scenario.Kind.LFF, body), name=name)
    return run_policy(schools_datasets.schools_of(schools_csv), policy, lff_scenario.nff_of(policy))


def own_school_lines(schools) -> dict[str, list[tuple[str, dict]]]:
    """URN -> (published scenario's name, the school's row) for the given schools only (the
    caller's `funding_schools_of`), each scenario run on the dataset it was published with."""
    wanted = {str(school.urn) for school in schools}
    lines: dict[str, list[tuple[str, dict]]] = {}
    if not wanted:
        return lines
    for scenario in published_lff_scenarios().select_related("published_dataset"):
        if scenario.published_dataset is None:
            continue
        try:
            run = scenario_run(scenario, scenario.published_dataset)
        except CannotBalance:
            continue  # the formula cannot fit this dataset: nothing to show a school
        for row in school_rows(run):
            if row["urn"] in wanted:
                lines.setdefault(row["urn"], []).append((scenario.name, row))
    return lines
