"""Phase transfer: finding each September's movers among the plans in force, and their progress
by cohort and district against the reg 18 deadline."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.models import Enrolment
from frontdoor.pupils.selectors import nc_year_on
from frontdoor.schools.models import Sector
from frontdoor.send import deadlines
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind
from frontdoor.send.services import SendRefused

KIND_DEADLINE = {kind: deadlines.TO_SCHOOL for kind in TransferKind.values} | {
    TransferKind.TO_POST_16: deadlines.TO_POST_16
}


def deadline_of(transfer: PhaseTransfer) -> date:
    return deadlines.phase_transfer_deadline(transfer.transfer_year, KIND_DEADLINE[transfer.kind])


def movers(plans, transfer_year: int) -> dict[int, str]:
    """The plans whose child moves phase in September of `transfer_year`, and how: Year 6 to 7
    (not at an all-through school), Year 11 to post-16, Year 2 to 3 at an infant school. Their
    year group is read on 1 October of the year before, from their enrolment then. Children in
    early years settings are not in the pupil register, so moves to reception are added by hand."""
    census = date(transfer_year - 1, 10, 1)
    enrolments = (
        Enrolment.objects.filter(pupil__in=plans.values("pupil"), admission_date__lte=census)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=census))
        .select_related("establishment")
    )
    year_of = {}
    for enrolment in enrolments:
        kind = _kind(nc_year_on(enrolment, census), enrolment.establishment)
        if kind:
            year_of[enrolment.pupil_id] = kind
    return {
        plan_id: year_of[pupil_id]
        for plan_id, pupil_id in plans.values_list("pk", "pupil_id")
        if pupil_id in year_of
    }


def _kind(nc_year: int, school) -> str | None:
    if nc_year == 6 and school.sector != Sector.ALL_THROUGH:
        return TransferKind.PRIMARY_TO_SECONDARY
    if nc_year == 11:
        return TransferKind.TO_POST_16
    if nc_year == 2 and school.statutory_high_age == 7:
        return TransferKind.INFANT_TO_JUNIOR
    return None


@transaction.atomic
def phase_transfers_open(*, transfer_year: int, by) -> int:
    """A transfer for each mover in the caseworker's area not yet listed; how many were added."""
    access.require(by, Permission.WORK_SEND_CASES)
    plans = access.scope_send_plans(
        by, EhcPlan.objects.filter(issued_on__isnull=False, ceased_on__isnull=True)
    )
    listed = set(
        PhaseTransfer.objects.filter(transfer_year=transfer_year).values_list("plan", flat=True)
    )
    added = PhaseTransfer.objects.bulk_create(
        PhaseTransfer(plan_id=plan_id, transfer_year=transfer_year, kind=kind, recorded_by=by)
        for plan_id, kind in movers(plans, transfer_year).items()
        if plan_id not in listed
    )
    audit.record(by, "phase_transfer.open", detail={"year": transfer_year, "added": len(added)})
    return len(added)


@transaction.atomic
def phase_transfer_update(
    *, transfer: PhaseTransfer, cohort: str, preference, placement_meeting_on: date | None, by
) -> PhaseTransfer:
    transfer = _locked(transfer, by)
    if cohort not in TransferCohort.values:
        raise SendRefused("Choose the transfer's cohort.", "cohort")
    if placement_meeting_on and cohort != TransferCohort.PLACEMENT_MEETING:
        raise SendRefused(
            "Only a transfer in cohort 2 goes to a District Placement Meeting.", "cohort"
        )
    transfer.cohort, transfer.preference = cohort, preference
    transfer.placement_meeting_on = placement_meeting_on
    transfer.save(update_fields=["cohort", "preference", "placement_meeting_on"])
    audit.record(by, "phase_transfer.update", transfer.plan, detail={"cohort": cohort})
    return transfer


@transaction.atomic
def phase_transfer_amended_issue(
    *, transfer: PhaseTransfer, named_setting, on: date, by
) -> PhaseTransfer:
    """The amended plan naming the next setting. After the deadline it is still recorded, late."""
    transfer = _locked(transfer, by)
    if named_setting is None:
        raise SendRefused("Name the setting the child moves to.", "named_setting")
    if on > timezone.localdate():
        raise SendRefused("The date cannot be in the future.", "on")
    transfer.named_setting, transfer.amended_issued_on = named_setting, on
    transfer.save(update_fields=["named_setting", "amended_issued_on"])
    audit.record(by, "phase_transfer.amended_issue", transfer.plan)
    return transfer


def _locked(transfer: PhaseTransfer, by) -> PhaseTransfer:
    plans = access.scope_send_plans(by, EhcPlan.objects.all())
    found = PhaseTransfer.objects.select_for_update().filter(pk=transfer.pk, plan__in=plans)
    locked = found.first()
    if locked is None:
        raise SendRefused("This transfer is not in your area.")
    return locked


# Progress -------------------------------------------------------------------------------------

ON_TIME, LATE, OUTSTANDING, AT_RISK = "on time", "late", "outstanding", "overdue"


def standing(transfer: PhaseTransfer, today: date) -> str:
    deadline = deadline_of(transfer)
    if transfer.amended_issued_on:
        return ON_TIME if transfer.amended_issued_on <= deadline else LATE
    return AT_RISK if today > deadline else OUTSTANDING


@dataclass
class Progress:
    """Counts of transfers by standing, for one cohort in one district (or a total)."""

    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def issued(self) -> int:
        return self.counts[ON_TIME] + self.counts[LATE]


def progress(transfers, today: date) -> dict[tuple[str, str], Progress]:
    """(district name, cohort) → Progress; ("All", cohort) and (district, "all") as totals."""
    table: dict[tuple[str, str], Progress] = {}
    for transfer in transfers.select_related("plan__district"):
        state = standing(transfer, today)
        district = transfer.plan.district.name
        for key in (
            (district, transfer.cohort),
            ("All", transfer.cohort),
            (district, "all"),
            ("All", "all"),
        ):
            table.setdefault(key, Progress()).counts[state] += 1
    return table
