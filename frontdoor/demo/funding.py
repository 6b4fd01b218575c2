"""The demo county's funding scenarios: the examples shipped with the funding models
(frontdoor/funding/data/), saved as the demo finance officer's, so that the Funding pages have
something to open, and the county's schools block dataset from its October census. Scenarios
and datasets already saved under the same names are left as they are."""

from datetime import date

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.demo.ap_funding import demo_ap_scenario_save
from frontdoor.demo.schools_funding import demo_schools_dataset
from frontdoor.funding.models import SchoolsDataset
from frontdoor.funding.services import scenario_examples_load, schools_dataset_save

FINANCE_OFFICER = "finance.officer"
DATASET = "Demo county, October census"
DATASET_YEAR = "2023-24"


def funding_scenarios_save(*, as_at: date) -> dict[str, int]:
    officer = User.objects.filter(username=FINANCE_OFFICER, role=Role.FINANCE).first()
    saved = {"funding scenarios": len(scenario_examples_load(by=officer))}
    schools = demo_schools_dataset(as_at, DATASET_YEAR)
    # No schools, no districts to share the AP budget between (a database without the county).
    saved |= demo_ap_scenario_save(by=officer if schools else None, as_at=as_at, schools=schools)
    if SchoolsDataset.objects.filter(name=DATASET).exists():
        return saved | {"schools datasets": 0}
    if schools:
        schools_dataset_save(
            by=None,
            name=DATASET,
            description=f"The demo county's mainstream schools on the October census before "
            f"{as_at:%-d %B %Y}, for the schools block formula ({DATASET_YEAR} NFF). IDACI, "
            "prior attainment, premises, sparsity and last year's baselines are drawn as "
            "stated assumptions (frontdoor/demo/schools_funding.py).",
            schools=schools,
        )
    return saved | {"schools datasets": 1 if schools else 0}
