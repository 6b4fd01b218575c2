"""The demo county's funding scenarios: the examples shipped with the funding models
(frontdoor/funding/data/), saved as the demo finance officer's, so that the Funding pages have
something to open. Scenarios already saved under the same names are left as they are."""

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.funding.services import scenario_examples_load

FINANCE_OFFICER = "finance.officer"


def funding_scenarios_save() -> dict[str, int]:
    officer = User.objects.filter(username=FINANCE_OFFICER, role=Role.FINANCE).first()
    return {"funding scenarios": len(scenario_examples_load(by=officer))}
