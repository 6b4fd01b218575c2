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
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_transfers import (
    MopUpReason,
    PhaseTransfer,
    TransferCohort,
    TransferKind,
)
from frontdoor.send.services import SendRefused

KIND_DEADLINE = {kind: deadlines.TO_SCHOOL for kind in TransferKind.values} | {
    TransferKind.TO_POST_16: deadlines.TO_POST_16
}


def deadline_of(transfer: PhaseTransfer) -> date:
    return deadlines.phase_transfer_deadline(transfer.transfer_year, KIND_DEADLINE[transfer.kind])


def review_meeting_by(transfer: PhaseTransfer) -> date:
    """The latest review meeting that leaves the 12 weeks of reg 20 and 22 before the deadline."""
    return deadlines.phase_transfer_review_by(transfer.transfer_year, KIND_DEADLINE[transfer.kind])


def working_transfer_year(today: date) -> int:
    """The moves being worked now: next September's (from September, the September after)."""
    return today.year + 1 if today.month >= 9 else today.year


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
def phase_transfer_add(*, plan_reference: str, transfer_year: int, kind: str, by) -> PhaseTransfer:
    """A transfer the register cannot find, added by hand: above all a child in an early years
    setting starting reception, who is not on any school's roll."""
    access.require(by, Permission.WORK_SEND_CASES)
    if kind not in TransferKind.values:
        raise SendRefused("Choose the kind of move.", "kind")
    plan = (
        access.scope_send_plans(by, EhcPlan.objects.all())
        .filter(reference__iexact=plan_reference.strip())
        .first()
    )
    if plan is None:
        raise SendRefused(
            "There is no EHC plan with that reference in your area.", "plan_reference"
        )
    if plan.issued_on is None or plan.ceased_on is not None:
        raise SendRefused(f"EHC plan {plan.reference} is not in force.", "plan_reference")
    if PhaseTransfer.objects.filter(plan=plan, transfer_year=transfer_year).exists():
        raise SendRefused(
            f"EHC plan {plan.reference} already has a transfer for September {transfer_year}.",
            "plan_reference",
        )
    transfer = PhaseTransfer.objects.create(
        plan=plan, transfer_year=transfer_year, kind=kind, recorded_by=by
    )
    audit.record(by, "phase_transfer.add", plan, detail={"year": transfer_year, "kind": kind})
    return transfer


@transaction.atomic
def phase_transfer_update(
    *, transfer: PhaseTransfer, cohort: str, preference, placement_meeting_on: date | None, by
) -> PhaseTransfer:
    transfer = _locked(transfer, by)
    _refuse_once_issued(transfer)
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
def phase_transfer_preferences_record(
    *, transfer: PhaseTransfer, preference, parents_agree: bool, school_agrees: bool, by
) -> PhaseTransfer:
    """The family's preferred setting and whether the parents and the school agree with the
    council's proposal: full agreement is cohort 1, a difference of opinion cohort 2 (to a
    District Placement Meeting). A late case stays in the mop-up, and a case whose meeting was
    held stays in cohort 2 (agreement reached there); a meeting only arranged is called off."""
    transfer = _locked(transfer, by)
    _refuse_once_issued(transfer)
    if preference is None:
        raise SendRefused("Choose the setting the family prefers.", "preference")
    held = _meeting_held(transfer, timezone.localdate())
    if transfer.cohort != TransferCohort.MOP_UP:
        if parents_agree and school_agrees and not held:
            transfer.cohort, transfer.placement_meeting_on = TransferCohort.AGREED, None
        else:
            transfer.cohort = TransferCohort.PLACEMENT_MEETING
    transfer.preference = preference
    transfer.parents_agree, transfer.school_agrees = parents_agree, school_agrees
    transfer.save(
        update_fields=[
            "cohort",
            "preference",
            "placement_meeting_on",
            "parents_agree",
            "school_agrees",
        ]
    )
    audit.record(
        by, "phase_transfer.preferences", transfer.plan, detail={"cohort": transfer.cohort}
    )
    return transfer


@transaction.atomic
def phase_transfer_placement_meeting_record(
    *, transfer: PhaseTransfer, on: date, setting_decided=None, outcome: str = "", by
) -> PhaseTransfer:
    """Cohort 2: the District Placement Meeting's date (arranged or held) and, once held, the
    setting it decided on, which the amended plan is then to name, and what it concluded."""
    transfer = _locked(transfer, by)
    _refuse_once_issued(transfer)
    school_year_before = date(transfer.transfer_year - 1, 9, 1)
    if on < school_year_before:
        raise SendRefused(
            f"A District Placement Meeting for a move in September {transfer.transfer_year} "
            f"is held from {_day(school_year_before)}.",
            "on",
        )
    for given, name in ((setting_decided, "setting_decided"), (outcome.strip(), "outcome")):
        if given and on > timezone.localdate():
            raise SendRefused(
                f"The meeting on {_day(on)} has not been held yet: record its outcome afterwards.",
                name,
            )
    transfer.cohort, transfer.placement_meeting_on = TransferCohort.PLACEMENT_MEETING, on
    if setting_decided is not None:
        transfer.named_setting = setting_decided
    if outcome.strip():
        transfer.placement_meeting_outcome = outcome.strip()
    transfer.save(
        update_fields=[
            "cohort",
            "placement_meeting_on",
            "named_setting",
            "placement_meeting_outcome",
        ]
    )
    audit.record(
        by,
        "phase_transfer.placement_meeting",
        transfer.plan,
        detail={"held": on <= timezone.localdate(), "decided": setting_decided is not None},
    )
    return transfer


LATE_APPLICATION, LATE_PLAN = MopUpReason.LATE_APPLICATION, MopUpReason.LATE_PLAN
MOP_UP_REASONS = dict(MopUpReason.choices)


@transaction.atomic
def phase_transfer_mop_up(*, transfer: PhaseTransfer, reason: str, by) -> PhaseTransfer:
    """Cohort 3: a late application or a late plan, settled in the mop-up after the main round.
    A District Placement Meeting only arranged is called off; one already held has decided."""
    transfer = _locked(transfer, by)
    _refuse_once_issued(transfer)
    if reason not in MOP_UP_REASONS:
        raise SendRefused("Choose why the transfer goes to the mop-up.", "reason")
    if _meeting_held(transfer, timezone.localdate()):
        raise SendRefused(
            "This transfer went to a District Placement Meeting on "
            f"{_day(transfer.placement_meeting_on)}: name the setting it decided on instead.",
            "reason",
        )
    transfer.cohort, transfer.placement_meeting_on = TransferCohort.MOP_UP, None
    transfer.mop_up_reason = reason
    transfer.save(update_fields=["cohort", "placement_meeting_on", "mop_up_reason"])
    audit.record(by, "phase_transfer.mop_up", transfer.plan, detail={"reason": reason})
    return transfer


@transaction.atomic
def phase_transfer_amended_issue(
    *, transfer: PhaseTransfer, named_setting, on: date, by
) -> PhaseTransfer:
    """The amended plan naming the next setting. After the deadline it is still recorded, late.

    A plan whose text Front Door holds gets a new version, the plan in force with section I
    naming the setting, issued through the plan's own route (so an annual review waiting for
    this amendment is closed with it). A plan held elsewhere only has the date recorded."""
    transfer = _locked(transfer, by)
    if named_setting is None:
        raise SendRefused("Name the setting the child moves to.", "named_setting")
    if on > timezone.localdate():
        raise SendRefused("The date cannot be in the future.", "on")
    plan = transfer.plan
    if plan.versions.filter(status=PlanVersion.Status.DRAFT).exists():
        raise SendRefused(
            "The plan has a draft amendment open. Name the new setting in its section I and "
            "issue it from the plan's page: the transfer is recorded with it.",
            "named_setting",
        )
    if plan.versions.exists():
        # Imported here: plan_services settles the transfer when a plan is issued.
        from frontdoor.send import plan_services

        plan_services.plan_setting_amend(plan=plan, setting=named_setting, on=on, by=by)
        transfer.refresh_from_db()
        return transfer
    return _settle(transfer, named_setting, on, by)


def transfer_settle_with_plan(*, plan: EhcPlan, setting, on: date, by) -> PhaseTransfer | None:
    """The plan's open phase transfer (if any) settled by an amended plan issued on `on` that
    names `setting`: called by plan_services when a plan's draft is issued."""
    transfer = (
        PhaseTransfer.objects.select_for_update()
        .filter(plan=plan, amended_issued_on__isnull=True)
        .order_by("-transfer_year")
        .first()
    )
    return None if transfer is None else _settle(transfer, setting, on, by)


def _settle(transfer: PhaseTransfer, named_setting, on: date, by) -> PhaseTransfer:
    transfer.named_setting, transfer.amended_issued_on = named_setting, on
    transfer.save(update_fields=["named_setting", "amended_issued_on"])
    # The plan names the new setting from now on: its lists, reviews and school views follow it.
    transfer.plan.named_setting = named_setting
    transfer.plan.save(update_fields=["named_setting"])
    audit.record(by, "phase_transfer.amended_issue", transfer.plan)
    return transfer


def _refuse_once_issued(transfer: PhaseTransfer) -> None:
    if transfer.amended_issued_on:
        raise SendRefused(
            f"The amended plan was issued on {_day(transfer.amended_issued_on)}: the transfer "
            "is settled."
        )


def _meeting_held(transfer: PhaseTransfer, today: date) -> bool:
    return transfer.placement_meeting_on is not None and transfer.placement_meeting_on <= today


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _locked(transfer: PhaseTransfer, by) -> PhaseTransfer:
    plans = access.scope_send_plans(by, EhcPlan.objects.all())
    found = PhaseTransfer.objects.select_for_update().filter(pk=transfer.pk, plan__in=plans)
    locked = found.first()
    if locked is None:
        raise SendRefused("This transfer is not in your area.")
    return locked


# Progress -------------------------------------------------------------------------------------

ON_TIME, LATE, OUTSTANDING, AT_RISK = "on time", "late", "outstanding", "overdue"


STANDINGS = {
    ON_TIME: "Issued by the deadline",
    LATE: "Issued late",
    AT_RISK: "Not issued, past the deadline",
    OUTSTANDING: "Not issued, still in time",
}


def standing(transfer: PhaseTransfer, today: date) -> str:
    return standing_of(
        kind=transfer.kind,
        transfer_year=transfer.transfer_year,
        issued_on=transfer.amended_issued_on,
        today=today,
    )


def standing_of(*, kind: str, transfer_year: int, issued_on: date | None, today: date) -> str:
    """Where an amended plan stands against its deadline: issued by it or late, or not yet
    issued and past it (overdue) or still in time. The deadline day itself is in time."""
    deadline = deadlines.phase_transfer_deadline(transfer_year, KIND_DEADLINE[kind])
    if issued_on:
        return ON_TIME if issued_on <= deadline else LATE
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
