"""Phase transfer: the movers found from the register, cohorts, and progress by the deadline."""

from datetime import date

import pytest

from frontdoor.send import transfers
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind
from frontdoor.send.services import SendRefused


@pytest.fixture
def caseworker(persona):
    return persona("send_caseworker_south")


@pytest.fixture
def plans(county):
    def plan(pupil, number):
        return EhcPlan.objects.create(
            reference=f"PLAN-T{number}",
            pupil=pupil,
            district=county.south,
            issued_on=date(2024, 10, 1),
        )

    return plan(county.pupil_a, 1), plan(county.pupil_b, 2)


def test_movers_are_found_from_their_year_group_the_october_before(plans):
    primary, secondary = plans
    # Amelia joined reception in September 2022, so is in Year 6 in 2028/29; Bella joined Year 7
    # in September 2024, so is in Year 11 then.
    assert transfers.movers(EhcPlan.objects.all(), 2029) == {
        primary.pk: TransferKind.PRIMARY_TO_SECONDARY,
        secondary.pk: TransferKind.TO_POST_16,
    }
    assert transfers.movers(EhcPlan.objects.all(), 2028) == {}


def test_opening_a_years_transfers_is_idempotent(plans, caseworker):
    assert transfers.phase_transfers_open(transfer_year=2029, by=caseworker) == 2
    assert transfers.phase_transfers_open(transfer_year=2029, by=caseworker) == 0
    deadlines = {t.kind: transfers.deadline_of(t) for t in PhaseTransfer.objects.all()}
    assert deadlines == {
        TransferKind.PRIMARY_TO_SECONDARY: date(2029, 2, 15),
        TransferKind.TO_POST_16: date(2029, 3, 31),
    }


def test_cohorts_and_progress(plans, caseworker, county):
    transfers.phase_transfers_open(transfer_year=2029, by=caseworker)
    year_6 = PhaseTransfer.objects.get(kind=TransferKind.PRIMARY_TO_SECONDARY)
    with pytest.raises(SendRefused, match="Only a transfer in cohort 2"):
        transfers.phase_transfer_update(
            transfer=year_6,
            cohort=TransferCohort.AGREED,
            preference=None,
            placement_meeting_on=date(2028, 12, 5),
            by=caseworker,
        )
    transfers.phase_transfer_update(
        transfer=year_6,
        cohort=TransferCohort.PLACEMENT_MEETING,
        preference=county.school_b,
        placement_meeting_on=date(2028, 12, 5),
        by=caseworker,
    )
    year_6.refresh_from_db()
    year_6.named_setting, year_6.amended_issued_on = county.school_b, date(2029, 2, 10)
    year_6.save()
    table = transfers.progress(PhaseTransfer.objects.all(), today=date(2029, 4, 1))
    assert table[("South", TransferCohort.PLACEMENT_MEETING)].counts == {transfers.ON_TIME: 1}
    assert table[("South", TransferCohort.AGREED)].counts == {transfers.AT_RISK: 1}  # post-16
    assert table[("All", "all")].total == 2 and table[("All", "all")].issued == 1
