"""The demo county's funding scenarios: the examples shipped with the funding models
(frontdoor/funding/data/), saved as the demo finance officer's, so that the Funding pages have
something to open, and the county's schools block dataset from its October census, with the
2023-24 consultation's two options published to schools on it. Scenarios and datasets already
saved under the same names are left as they are."""

from datetime import date

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.demo.ap_funding import demo_ap_scenario_save
from frontdoor.demo.schools_funding import demo_schools_dataset
from frontdoor.funding.models import Scenario, SchoolsDataset
from frontdoor.funding.services import (
    ScenarioRefused,
    scenario_examples_load,
    scenario_publish,
    schools_dataset_save,
)

FINANCE_OFFICER = "finance.officer"
DATASET = "Demo county, October census"
DATASET_YEAR = "2023-24"
CONSULTED = ("Continue the targeted approach", "Spread the reduction across all factors")


def funding_scenarios_save(*, as_at: date) -> dict[str, int]:
    officer = User.objects.filter(username=FINANCE_OFFICER, role=Role.FINANCE).first()
    saved = {"funding scenarios": len(scenario_examples_load(by=officer))}
    schools = demo_schools_dataset(as_at, DATASET_YEAR)
    # No schools, no districts to share the AP budget between (a database without the county).
    saved |= demo_ap_scenario_save(by=officer if schools else None, as_at=as_at, schools=schools)
    if SchoolsDataset.objects.filter(name=DATASET).exists():
        return saved | {"schools datasets": 0}
    if schools:
        dataset = schools_dataset_save(
            by=None,
            name=DATASET,
            description=f"The demo county's mainstream schools on the October census before "
            f"{as_at:%-d %B %Y}, for the schools block formula ({DATASET_YEAR} NFF). IDACI, "
            "prior attainment, premises, sparsity and last year's baselines are drawn as "
            "stated assumptions (frontdoor/demo/schools_funding.py).",
            schools=schools,
        )
        if officer is not None:
            _consultation_publish(officer, dataset)
    return saved | {"schools datasets": 1 if schools else 0}


def _consultation_publish(officer, dataset) -> None:
    """The 2023-24 consultation's two options, shown to schools on the county's dataset, as a
    consultation would be: each headteacher sees their own school's line under each."""
    for scenario in Scenario.objects.filter(kind=Scenario.Kind.LFF, name__in=CONSULTED):
        try:
            scenario_publish(by=officer, scenario=scenario, dataset=dataset)
        except ScenarioRefused:
            # A small demo county's schools may all sit on their MPPL or MFG, so the option
            # cannot fund the transfer: it stays unpublished, as a finance officer would leave it.
            continue
