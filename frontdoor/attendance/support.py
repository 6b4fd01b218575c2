"""Support first, then enforcement: the ladder of steps for a pupil and the rules the services
enforce, each refusal saying what to do instead (`StepRefused`).

- Support (a support plan, an attendance or parenting contract, a formal attendance meeting):
  the school or the council's attendance officers.
- Enforcement (a notice to improve, a penalty notice, an education supervision order, a
  prosecution, a school attendance order): the council's attendance officers only, and only
  after support has been offered. A notice to improve or a penalty notice also needs the
  national threshold met: 10 unauthorised sessions within 10 school weeks (the engine's
  `penalty_threshold_date`).
- Penalty notices (attendance.md §5.2): the first to a parent for a child is £80 if paid within
  21 days, £160 within 28; a second to the same parent for the same child within 3 years is £160;
  there is no third within 3 years.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.core.exceptions import PermissionDenied
from django.db import transaction

from frontdoor.attendance.models import SupportStep
from frontdoor.attendance.summaries import latest_summary
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.calendar import years_before
from frontdoor.pupils.models import Pupil
from frontdoor.pupils.selectors import pupils_visible_to

Kind = SupportStep.Kind
SUPPORT = (
    Kind.SUPPORT_PLAN,
    Kind.ATTENDANCE_CONTRACT,
    Kind.PARENTING_CONTRACT,
    Kind.FORMAL_MEETING,
)
ENFORCEMENT = (
    Kind.NOTICE_TO_IMPROVE,
    Kind.PENALTY_NOTICE,
    Kind.SUPERVISION_ORDER,
    Kind.PROSECUTION,
    Kind.ATTENDANCE_ORDER,
)
NEEDS_THRESHOLD = (Kind.NOTICE_TO_IMPROVE, Kind.PENALTY_NOTICE)
NEEDS_PARENT = (Kind.ATTENDANCE_CONTRACT, Kind.PARENTING_CONTRACT, Kind.PENALTY_NOTICE)
FIRST_NOTICE, FULL_NOTICE = Decimal(80), Decimal(160)
REDUCED_DAYS, PAY_DAYS, NOTICE_YEARS = 21, 28, 3


class StepRefused(Exception):
    pass


@dataclass(frozen=True)
class NoticeTerms:
    """What a penalty notice asks: the amount within 21 days (if reduced) and within 28."""

    reduced: Decimal | None
    reduced_by: date | None
    full: Decimal
    full_by: date


def notice_terms(step: SupportStep) -> NoticeTerms:
    issued = step.taken_on
    reduced = step.amount if step.amount == FIRST_NOTICE else None
    return NoticeTerms(
        reduced=reduced,
        reduced_by=issued + timedelta(days=REDUCED_DAYS) if reduced else None,
        full=FULL_NOTICE,
        full_by=issued + timedelta(days=PAY_DAYS),
    )


def support_step_record(
    *,
    pupil: Pupil,
    kind: str,
    taken_on: date,
    evidence: str,
    parent_name: str = "",
    today: date,
    by,
) -> SupportStep:
    """Record a step on the pupil's ladder, if the rules allow it."""
    kind = Kind(kind)
    _require(by, pupil, kind)
    if taken_on > today:
        raise StepRefused("Record a step once it has been taken: the date is in the future.")
    if kind in NEEDS_PARENT and not parent_name.strip():
        raise StepRefused(f"Name the parent the {kind.label.lower()} is with.")
    with transaction.atomic():
        steps = list(SupportStep.objects.select_for_update().filter(pupil=pupil))
        if kind in ENFORCEMENT and not any(
            s.kind in SUPPORT and s.taken_on <= taken_on for s in steps
        ):
            raise StepRefused(
                "Support first: record the support offered (a support plan, a contract or a "
                f"formal attendance meeting) before a {kind.label.lower()}."
            )
        if kind in NEEDS_THRESHOLD:
            reached = threshold_date(pupil.pk)
            if reached is None or reached > taken_on:
                raise StepRefused(
                    f"A {kind.label.lower()} needs the national threshold met: 10 unauthorised "
                    "sessions within 10 school weeks. This pupil has not reached it"
                    + (f" by {taken_on:%-d %B %Y}." if reached else ".")
                )
        amount = (
            _notice_amount(steps, parent_name, taken_on) if kind == Kind.PENALTY_NOTICE else None
        )
        step = SupportStep.objects.create(
            pupil=pupil,
            kind=kind,
            taken_on=taken_on,
            evidence=evidence,
            parent_name=parent_name.strip(),
            amount=amount,
            recorded_by=by,
        )
    audit.record(by, "attendance.support_step", pupil, detail={"kind": kind.value})
    return step


def _notice_amount(steps: list[SupportStep], parent_name: str, issued: date) -> Decimal:
    since = years_before(issued, NOTICE_YEARS)
    earlier = [
        s
        for s in steps
        if s.kind == Kind.PENALTY_NOTICE
        and s.parent_name.casefold() == parent_name.strip().casefold()
        and since < s.taken_on <= issued
    ]
    if len(earlier) >= 2:
        raise StepRefused(
            f"{parent_name.strip()} has had two penalty notices for this child in the last "
            f"{NOTICE_YEARS} years: a third is not allowed. Consider prosecution or another "
            "legal step."
        )
    return FULL_NOTICE if earlier else FIRST_NOTICE


def threshold_date(pupil_id: int) -> date | None:
    """The first date this year the pupil reached the penalty-notice threshold (any school),
    from the latest summary; None when not reached or no marks."""
    summary = latest_summary()
    if summary is None:
        return None
    table = pq.read_table(
        summary.measures_file,
        columns=["penalty_threshold_date"],
        filters=[("pupil_id", "=", pupil_id), ("period", "=", "ytd")],
    )
    return pc.min(table["penalty_threshold_date"]).as_py() if table.num_rows else None


def ladder(pupil: Pupil) -> list[SupportStep]:
    return list(SupportStep.objects.filter(pupil=pupil).select_related("recorded_by"))


def allowed_kinds(user) -> list[tuple[str, str]]:
    """The steps this user may record."""
    kinds = []
    if access.can(user, Permission.RECORD_SUPPORT):
        kinds += SUPPORT
    if access.can(user, Permission.ENFORCE_ATTENDANCE):
        kinds += ENFORCEMENT
    return [(kind.value, kind.label) for kind in kinds]


def _require(user, pupil: Pupil, kind) -> None:
    needed = Permission.ENFORCE_ATTENDANCE if kind in ENFORCEMENT else Permission.RECORD_SUPPORT
    if not access.can(user, needed) or not pupils_visible_to(user).filter(pk=pupil.pk).exists():
        raise PermissionDenied(
            "Only the council's attendance officers take enforcement steps."
            if kind in ENFORCEMENT
            else "Only the pupil's school and its attendance officers record support."
        )
