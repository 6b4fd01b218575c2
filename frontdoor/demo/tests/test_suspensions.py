"""The demo county's recorded suspensions and permanent exclusions: the records agree with the
registers and the enrolments, in both of the registers' years."""

from datetime import date

import duckdb
import pytest
from django.db import transaction
from django.db.models import Sum

from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import exclusions
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.summaries import summaries_build
from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import services
from frontdoor.demo.tests.conftest import AS_AT, PASSWORD
from frontdoor.pupils.models import Enrolment

LIVE_YEAR = academic_year_of(AS_AT)


@pytest.fixture(scope="module")
def county_with_registers(django_db_setup, django_db_blocker, tmp_path_factory):
    """A county at scale 0.03 with its registers, loaded once for the module's tests and rolled
    back afterwards; its marks store."""
    store = MarksStore(tmp_path_factory.mktemp("demo") / "marks")
    with django_db_blocker.unblock(), transaction.atomic():
        services.county_load(seed=3, scale=0.03, as_at=AS_AT, password=PASSWORD, marks_store=store)
        yield store
        transaction.set_rollback(True)


def _e_sessions(store: MarksStore, **where) -> int:
    files = [str(path) for path in store.files(**where)]
    return duckdb.sql(
        "SELECT count(*) FROM read_parquet($files, hive_partitioning = false) WHERE code = 'E'",
        params={"files": files},
    ).fetchall()[0][0]


@pytest.mark.django_db
def test_both_years_suspensions_are_recorded_as_the_registers_have_them(county_with_registers):
    store = county_with_registers
    suspensions = Exclusion.objects.filter(kind=Exclusion.Kind.SUSPENSION)
    for year in (LIVE_YEAR - 1, LIVE_YEAR):
        in_year = suspensions.filter(start_date__range=(date(year, 9, 1), date(year + 1, 8, 31)))
        recorded = in_year.aggregate(sessions=Sum("sessions"))["sessions"]
        assert recorded == _e_sessions(store, academic_years=[year]) > 0, year
    assert not suspensions.filter(sessions__gt=10).exists()
    assert set(suspensions.values_list("reason", flat=True)) <= set(Exclusion.Reason.values)


@pytest.mark.django_db
def test_the_records_reconcile_with_the_registers(county_with_registers, tmp_path):
    summary = summaries_build(store=county_with_registers, root=tmp_path / "summaries")
    assert exclusions.reconciliation(summary) == []


@pytest.mark.django_db
def test_a_permanent_exclusion_is_recorded_where_the_enrolment_ends(county_with_registers):
    permanent = Exclusion.objects.filter(kind=Exclusion.Kind.PERMANENT)
    assert permanent.exists()
    for exclusion in permanent.select_related("pupil", "establishment"):
        assert exclusion.sessions is None and exclusion.reason in Exclusion.Reason.values
        enrolments = Enrolment.objects.filter(pupil=exclusion.pupil)
        ended = enrolments.get(establishment=exclusion.establishment)
        assert ended.leaving_date == exclusion.start_date
        now = enrolments.get(leaving_date__isnull=True)
        assert now.admission_date > exclusion.start_date
        assert now.establishment != exclusion.establishment
    last_year = exclusions.figures(
        services.demo_establishments(), LIVE_YEAR - 1, date(LIVE_YEAR, 8, 31)
    )["all"]
    assert 0 < last_year.permanent < last_year.suspensions
