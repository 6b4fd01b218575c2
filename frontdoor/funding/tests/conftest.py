"""Fixtures for the funding pages: a finance officer signed in, the shipped examples saved,
and a schools dataset with the test county's schools A and B in it."""

from dataclasses import replace

import pytest

from frontdoor.funding.services import scenario_examples_load, schools_dataset_save
from frontdoor.funding.tests.schools import county


@pytest.fixture
def finance(signed_in):
    return signed_in("finance")


@pytest.fixture
def examples(db):
    return {scenario.name: scenario for scenario in scenario_examples_load(by=None)}


@pytest.fixture
def schools():
    """A hand-made county of 24 schools, with school A (URN 990001, a primary) and school B
    (990002, a secondary academy) of the test county among them."""
    made = county(24)
    made[1] = replace(made[1], urn="990001", name="Alder Primary School", maintained=True)
    made[0] = replace(made[0], urn="990002", name="Beech Academy", maintained=False)
    return made


@pytest.fixture
def dataset(db, schools):
    return schools_dataset_save(by=None, name="Test county, October", description="",
                                schools=schools)  # fmt: skip
