"""Fixtures the SEND tests share: the South district's SEND caseworker and the test client
signed in as them; Bella's EHC request, from her parent; for the inclusion figures, a fourth
school (D, a primary in South) and the day's cached figures emptied around a test."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches

from frontdoor.schools.models import Establishment, Sector
from frontdoor.send import services
from frontdoor.send.models import Delivery, Requester


@pytest.fixture
def caseworker(persona):
    return persona("send_caseworker_south")


@pytest.fixture
def bellas(county, caseworker):
    """Bella's EHC request from her parent, received on 1 September 2026, in South (the
    caseworker's area)."""
    return services.ehc_request_receive(
        pupil=county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="",
        delivery=Delivery.EMAIL,
        sent_at=datetime(2026, 9, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")),
        by=caseworker,
    )


@pytest.fixture
def client_(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def school_d(county):
    return Establishment.objects.create(
        urn=990004,
        laestab="8860004",
        name="Damson Primary School",
        establishment_type="Community school",
        phase="Primary",
        sector=Sector.PRIMARY,
        district=county.south,
        statutory_low_age=4,
        statutory_high_age=11,
    )


@pytest.fixture
def empty_cache():
    """The inclusion figures are cached for the day, and what is drawn from them: no test sees
    another's, before or after."""
    for name in ("default", "shared"):
        caches[name].clear()
    yield
    for name in ("default", "shared"):
        caches[name].clear()
