"""Writes for the funding pages: saving, copying and deleting scenarios, and loading the shipped
examples. A scenario is saved only when its model runs on it (`inputs.parse_body`)."""

from django.db import transaction

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.funding import inputs
from frontdoor.funding.models import Scenario
from frontdoor.funding.toml_reader import TomlInputError


class ScenarioRefused(Exception):
    """The scenario cannot be saved. `problems` are (key, message) pairs: the key is a TOML key
    path ("demand.special.pupils"), "name", or None for the scenario as a whole."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@transaction.atomic
def scenario_save(
    *, by, kind: str, name: str, description: str, body: str, scenario: Scenario | None = None
) -> Scenario:
    """Create a scenario (`scenario` None) or change one; refused, with every problem, when the
    name is taken or the model cannot run on `body`."""
    access.require(by, Permission.RUN_FUNDING_MODELS)
    name = name.strip()
    problems = _name_problems(kind=kind, name=name, keep=scenario)
    try:
        inputs.parse_body(kind, body)
    except TomlInputError as bad:
        problems += [inputs.problem_parts(problem) for problem in bad.problems]
    if problems:
        raise ScenarioRefused(problems)
    if scenario is None:
        scenario = Scenario(kind=kind, created_by=by)
    scenario.name, scenario.description, scenario.body = name, description.strip(), body
    scenario.save()
    audit.record(by, "funding_scenario.save", scenario)
    return scenario


@transaction.atomic
def scenario_copy(*, by, scenario: Scenario, name: str) -> Scenario:
    access.require(by, Permission.RUN_FUNDING_MODELS)
    name = name.strip()
    problems = _name_problems(kind=scenario.kind, name=name, keep=None)
    if problems:
        raise ScenarioRefused(problems)
    copy = Scenario.objects.create(
        kind=scenario.kind,
        name=name,
        description=scenario.description,
        body=scenario.body,
        created_by=by,
    )
    audit.record(by, "funding_scenario.copy", copy, detail={"from": scenario.pk})
    return copy


@transaction.atomic
def scenario_delete(*, by, scenario: Scenario) -> None:
    access.require(by, Permission.RUN_FUNDING_MODELS)
    audit.record(by, "funding_scenario.delete", scenario)
    scenario.delete()


@transaction.atomic
def scenario_examples_load(*, by, kind: str | None = None) -> list[Scenario]:
    """The shipped examples (of one kind, or all) as scenarios, but for any whose name is
    already taken; the ones made. `by` None is the demo loading them."""
    if by is not None:
        access.require(by, Permission.RUN_FUNDING_MODELS)
    made = []
    for example in inputs.EXAMPLES:
        if kind not in (None, example.kind):
            continue
        if Scenario.objects.filter(kind=example.kind, name=example.name).exists():
            continue
        inputs.parse_body(example.kind, example.body)  # a shipped example always runs
        made.append(
            Scenario.objects.create(
                kind=example.kind,
                name=example.name,
                description=example.description,
                body=example.body,
                created_by=by,
            )
        )
    for scenario in made:
        audit.record(by, "funding_scenario.example", scenario)
    return made


def _name_problems(*, kind: str, name: str, keep: Scenario | None) -> list:
    if not name:
        return [("name", "Enter a name for the scenario")]
    taken = Scenario.objects.filter(kind=kind, name__iexact=name)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        return [("name", f"There is already a scenario called {name}: choose another name")]
    return []
