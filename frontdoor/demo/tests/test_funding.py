"""The demo's funding scenarios and schools block dataset: the shipped examples, the demo finance
officer's, loaded once; the county's dataset from its October census, saved by the load."""

from datetime import date

import pytest

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.demo.funding import CONSULTED, DATASET, funding_scenarios_save
from frontdoor.demo.schools_funding import demo_schools_dataset
from frontdoor.demo.tests.conftest import AS_AT
from frontdoor.funding.models import Scenario, SchoolsDataset
from frontdoor.funding.schools_data import schools_csv


def test_the_shipped_examples_are_saved_once(db):
    officer = User.objects.create_user(username="finance.officer", role=Role.FINANCE)
    as_at = date(2026, 11, 22)
    assert funding_scenarios_save(as_at=as_at) == {
        "funding scenarios": 7,
        "AP/PRU scenarios": 0,
        "schools datasets": 0,
    }
    assert set(Scenario.objects.values_list("kind", "created_by")) == {
        ("high_needs", officer.pk),
        ("ap_model", officer.pk),
        ("lff", officer.pk),
    }
    assert funding_scenarios_save(as_at=as_at) == {
        "funding scenarios": 0,
        "AP/PRU scenarios": 0,
        "schools datasets": 0,
    }


@pytest.mark.django_db
def test_the_load_saves_the_countys_schools_dataset(calibrated_county):
    assert calibrated_county.rows["schools datasets"] == 1
    dataset = SchoolsDataset.objects.get(name=DATASET)
    schools = demo_schools_dataset(AS_AT, "2023-24")
    assert dataset.body == schools_csv(schools)
    assert dataset.schools == len(schools) > 0
    assert dataset.pupils == sum(school.pupils_on_roll for school in schools)
    assert funding_scenarios_save(as_at=AS_AT)["schools datasets"] == 0
    # The consultation's two options are shown to schools on it.
    published = Scenario.objects.filter(published_dataset=dataset, published_at__isnull=False)
    assert set(published.values_list("name", flat=True)) == set(CONSULTED)
