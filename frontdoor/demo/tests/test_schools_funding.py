"""The demo county's schools block dataset, from its census: every mainstream school once, its
pupils and FSM counts as the database holds them, and a formula that runs on it."""

from datetime import date

import pytest
from django.db.models import Q

from frontdoor.demo.schools_funding import demo_schools_dataset, october_census_day
from frontdoor.demo.tests.conftest import AS_AT
from frontdoor.funding import lff_policy, nff_values
from frontdoor.funding.schools_block import DATA_LFF, run_policy
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod
from frontdoor.schools.models import Establishment, Sector

pytestmark = pytest.mark.django_db


def test_the_census_is_on_the_first_thursday_of_october():
    assert october_census_day(2026) == date(2026, 10, 1)
    assert october_census_day(2023) == date(2023, 10, 5)


@pytest.fixture(scope="module")
def dataset(calibrated_county, django_db_blocker):
    with django_db_blocker.unblock():
        return demo_schools_dataset(AS_AT)


def test_every_open_mainstream_school_with_pupils_has_a_row(dataset, django_db_blocker):
    with django_db_blocker.unblock():
        mainstream = Establishment.objects.filter(
            sector__in=(Sector.PRIMARY, Sector.SECONDARY, Sector.ALL_THROUGH),
            status=Establishment.Status.OPEN,
        )
        urns = {str(urn) for urn in mainstream.values_list("urn", flat=True)}
    assert {school.urn for school in dataset} <= urns
    assert len(dataset) >= 0.9 * len(urns)
    assert all(school.pupils_on_roll > 0 for school in dataset)


def test_fsm_counts_are_the_pupils_with_fsm_on_census_day(dataset, django_db_blocker):
    census = october_census_day(2026)
    with django_db_blocker.unblock():
        on_fsm = (
            CharacteristicPeriod.objects.filter(
                characteristic=Characteristic.FSM, start_date__lte=census
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=census))
            .values("pupil")
            .distinct()
            .count()
        )
    counted = sum(sum(s.eligible["fsm"].values()) for s in dataset)
    assert 0 < counted <= on_fsm  # nursery, sixth form and special schools are not counted
    assert all(
        s.eligible["fsm6"][part] >= s.eligible["fsm"][part]
        for s in dataset
        for part in ("primary", "secondary")
    )


def test_both_consultation_options_balance_on_it(dataset):
    nff = nff_values.load("2023-24")
    for name in ("kent_2023-24_targeted", "kent_2023-24_shared"):
        run = run_policy(dataset, lff_policy.load(DATA_LFF / f"{name}.toml", nff), nff)
        assert 0 <= run.gap < 1
        assert run.released == run.nff_total / 100
