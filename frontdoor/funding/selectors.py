"""Reads for the funding pages: the scenarios a finance officer may open, each run through its
model. Funding scenarios hold county figures only, so whoever may run the models sees them all."""

from django.db.models import QuerySet
from django.http import Http404

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.funding import inputs
from frontdoor.funding.models import Scenario


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
