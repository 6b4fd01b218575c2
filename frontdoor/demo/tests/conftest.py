from datetime import date

import pytest
from django.db import transaction

from frontdoor.demo import services

AS_AT = date(2026, 11, 22)
PASSWORD = "harbour-lantern-quill-42"


@pytest.fixture(scope="module")
def calibrated_county(django_db_setup, django_db_blocker):
    """A county at scale 0.05 (about 12,000 pupils), loaded once for the module's tests and
    rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = services.county_load(seed=11, scale=0.05, as_at=AS_AT, password=PASSWORD)
        yield summary
        transaction.set_rollback(True)
