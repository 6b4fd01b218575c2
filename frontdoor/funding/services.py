"""Writes for the funding pages: saving, copying and deleting scenarios, loading the shipped
examples, publishing a schools block scenario to schools, and the schools datasets. A scenario
is saved only when its model runs on it (`inputs.parse_body`), a dataset only when every row
reads (`schools_data.read_schools`)."""

from django.db import transaction
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.funding import inputs, nff_values
from frontdoor.funding.models import Scenario, SchoolsDataset
from frontdoor.funding.schools_block import CannotBalance, run_policy
from frontdoor.funding.schools_data import SchoolData, schools_csv
from frontdoor.funding.schools_datasets import read_upload, schools_of
from frontdoor.funding.tabular_input import TabularInputError
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
    elif scenario.published_at and body != scenario.body:
        # Schools saw the figures as published; a change is a draft until published again.
        scenario.published_at, scenario.published_dataset = None, None
        audit.record(by, "funding_scenario.unpublish", scenario, detail={"changed": True})
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


@transaction.atomic
def scenario_publish(*, by, scenario: Scenario, dataset: SchoolsDataset | None) -> Scenario:
    """Show a schools block scenario, run on `dataset`, to headteachers (each their own
    school's line); `dataset` None: stop showing it."""
    access.require(by, Permission.RUN_FUNDING_MODELS)
    if scenario.kind != Scenario.Kind.LFF:
        raise ScenarioRefused([(None, "Only schools block scenarios are published to schools")])
    if dataset is not None:
        schools = schools_of(dataset.body)
        policy = inputs.parse_body(scenario.kind, scenario.body)
        try:
            run_policy(schools, policy, nff_values.load(policy.year))
        except CannotBalance as refused:
            raise ScenarioRefused([(None, f"Not published: {refused}")]) from None
    scenario.published_at = timezone.now() if dataset else None
    scenario.published_dataset = dataset
    scenario.save(update_fields=["published_at", "published_dataset"])
    action = "funding_scenario.publish" if dataset else "funding_scenario.unpublish"
    audit.record(by, action, scenario, detail={"dataset": dataset.pk if dataset else None})
    return scenario


class DatasetRefused(Exception):
    """The dataset cannot be saved. `problems` are (field, message) pairs: the field is "name"
    or "file" (each of the file's problems as `line N: column: problem`)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@transaction.atomic
def schools_dataset_upload(*, by, name: str, description: str, upload) -> SchoolsDataset:
    """The uploaded CSV or Excel file as a dataset, saved as the CSV `schools_csv` writes;
    refused, with every problem, when the name is taken or any row does not read."""
    access.require(by, Permission.RUN_FUNDING_MODELS)
    schools, problems = [], []
    try:
        schools = read_upload(upload)
    except TabularInputError as bad:
        problems = [("file", problem) for problem in bad.problems]
    return _dataset_save(
        by=by, name=name, description=description, schools=schools, problems=problems
    )


def schools_dataset_save(
    *, by, name: str, description: str, schools: list[SchoolData]
) -> SchoolsDataset:
    """A dataset from schools already read (the demo county's census); `by` None is the demo."""
    if by is not None:
        access.require(by, Permission.RUN_FUNDING_MODELS)
    with transaction.atomic():
        return _dataset_save(
            by=by, name=name, description=description, schools=schools, problems=[]
        )


def _dataset_save(*, by, name: str, description: str, schools, problems) -> SchoolsDataset:
    name = name.strip()
    if not name:
        problems = [("name", "Enter a name for the dataset"), *problems]
    elif SchoolsDataset.objects.filter(name__iexact=name).exists():
        problems = [("name", f"There is already a dataset called {name}: choose another name"),
                    *problems]  # fmt: skip
    if problems:
        raise DatasetRefused(problems)
    dataset = SchoolsDataset.objects.create(
        name=name,
        description=description.strip(),
        body=schools_csv(schools),
        schools=len(schools),
        pupils=sum(school.pupils_on_roll for school in schools),
        uploaded_by=by,
    )
    audit.record(by, "funding_dataset.upload", dataset, detail={"schools": len(schools)})
    return dataset


@transaction.atomic
def schools_dataset_delete(*, by, dataset: SchoolsDataset) -> None:
    access.require(by, Permission.RUN_FUNDING_MODELS)
    Scenario.objects.filter(published_dataset=dataset).update(published_at=None)
    audit.record(by, "funding_dataset.delete", dataset)
    dataset.delete()
