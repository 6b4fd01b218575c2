"""Loading and deleting the county: determinism, clean deletes, the as-at date."""

from datetime import date

import pytest
from django.db import connection

from frontdoor.demo import selectors, services
from frontdoor.demo.tests.conftest import AS_AT, PASSWORD
from frontdoor.pupils.models import CharacteristicPeriod, Enrolment, Pupil
from frontdoor.schools.models import District, Establishment, OfstedInspection, Trust


def _load(seed: int, scale: float = 0.01, as_at: date = AS_AT):
    return services.county_load(seed=seed, scale=scale, as_at=as_at, password=PASSWORD)


@pytest.mark.django_db
def test_the_same_seed_loads_the_same_rows_and_another_seed_does_not():
    _load(seed=1)
    first = selectors.county_digest()
    services.county_delete()
    assert selectors.county_status().empty
    _load(seed=1)
    assert selectors.county_digest() == first
    services.county_delete()
    _load(seed=2)
    assert selectors.county_digest() != first
    connection.check_constraints()  # the deletes left no dangling foreign keys


@pytest.mark.django_db
def test_delete_leaves_districts_and_unscoped_demo_users():
    _load(seed=1)
    deleted = services.county_delete()
    assert deleted["pupils"] > 0 and deleted["establishments"] > 0
    assert Pupil.objects.count() == Enrolment.objects.count() == 0
    assert CharacteristicPeriod.objects.count() == OfstedInspection.objects.count() == 0
    assert Establishment.objects.count() == Trust.objects.count() == 0
    assert District.objects.count() == 12
    connection.check_constraints()


@pytest.mark.django_db
def test_an_as_at_before_report_cards_has_none():
    _load(seed=1, as_at=date(2025, 3, 3))
    assert not OfstedInspection.objects.filter(framework="report_card_2025").exists()
    assert not Enrolment.objects.filter(admission_date__gt=date(2025, 3, 3)).exists()
