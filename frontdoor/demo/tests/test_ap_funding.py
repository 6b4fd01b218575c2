"""The demo county's AP/PRU scenario, from its database: it parses, its districts share the
£11.5m exactly, each district's schools share its total exactly, and selective schools get
nothing."""

import tomllib

import pytest

from frontdoor.demo.ap_funding import (
    COUNTY_BUDGET,
    NAME,
    demo_ap_scenario_body,
    demo_ap_scenario_save,
)
from frontdoor.demo.tests.conftest import AS_AT
from frontdoor.funding.ap_allocation import allocate
from frontdoor.funding.inputs import parse_body
from frontdoor.funding.models import Scenario
from frontdoor.schools.models import Establishment, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def body(calibrated_county, django_db_blocker):
    with django_db_blocker.unblock():
        return demo_ap_scenario_body(AS_AT)


def test_the_body_parses_and_shares_the_budget_exactly(body):
    result = allocate(parse_body(Scenario.Kind.AP_MODEL, body))
    assert result.county_total == COUNTY_BUDGET
    assert result.scenario.option == "devolved" and result.scenario.basis == "pan"
    assert set(result.scenario.weights) == {"deprivation", "children_in_care", "eal"}
    for district in result.districts:
        assert district.schools
        assert district.paid_to_schools == district.district_total


def test_every_open_secondary_school_is_there_and_selective_ones_get_nothing(
    body, django_db_blocker
):
    result = allocate(parse_body(Scenario.Kind.AP_MODEL, body))
    shares = {s.school.urn: s for d in result.districts for s in d.schools}
    with django_db_blocker.unblock():
        secondary = Establishment.objects.filter(
            sector__in=(Sector.SECONDARY, Sector.ALL_THROUGH), status=Establishment.Status.OPEN
        )
        selective = set(secondary.filter(selective=True).values_list("urn", flat=True))
        urns = set(secondary.values_list("urn", flat=True))
    assert set(shares) <= urns and len(shares) >= 0.9 * len(urns)
    assert selective & set(shares), "the demo county has grammar schools"
    for urn, school in shares.items():
        assert (school.share.share == 0) == (urn in selective)


def test_one_school_carries_the_illustrative_penalty_where_another_can_receive_it(body):
    districts = tomllib.loads(body)["districts"]
    penalised = [s for d in districts for s in d["schools"] if "penalty_percent" in s]
    receivers = [sum(not s["selective"] for s in d["schools"]) for d in districts]
    if max(receivers) >= 2:
        assert [s["penalty_percent"] for s in penalised] == [10]
        assert f"10% penalty on {penalised[0]['name']} is an illustration" in body
    else:  # the small test county: no district has two non-selective schools
        assert not penalised and "so no penalty is illustrated" in body
    assert "ASSUMPTION" in body and "SOURCE" in body


def test_the_scenario_is_saved_once(calibrated_county, django_db_blocker):
    with django_db_blocker.unblock():
        from frontdoor.core.models import User
        from frontdoor.core.roles import Role

        officer = User.objects.filter(role=Role.FINANCE).first() or User.objects.create_user(
            username="ap.finance", role=Role.FINANCE
        )
        # The county's load saved it (with the demo finance officer's name) ...
        assert calibrated_county.rows["AP/PRU scenarios"] == 1
        assert Scenario.objects.filter(name=NAME).count() == 1
        # ... so saving it again adds nothing.
        assert demo_ap_scenario_save(by=officer, as_at=AS_AT) == {"AP/PRU scenarios": 0}
