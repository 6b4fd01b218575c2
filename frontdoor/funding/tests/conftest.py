"""Fixtures for the funding pages: a finance officer signed in, and the shipped examples saved."""

import pytest

from frontdoor.funding.services import scenario_examples_load


@pytest.fixture
def finance(signed_in):
    return signed_in("finance")


@pytest.fixture
def examples(db):
    return {scenario.name: scenario for scenario in scenario_examples_load(by=None)}
