"""Suspensions and permanent exclusions: recording them (the school), the measures (days lost,
rates per 100 pupils, repeat suspensions, by district and cohort) and the reconciliation of
recorded suspensions with the E codes in the registers.

Rates follow the DfE's: suspensions (or permanent exclusions) per 100 pupils on roll; a
suspension of n sessions loses n / 2 days."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum

from frontdoor.analytics.arrow import rows_table
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.models_exclusions import MAX_SUSPENSION_SESSIONS_A_YEAR
from frontdoor.attendance.selectors import COHORT_FLAGS
from frontdoor.attendance.summaries import Summary
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.calendar import academic_year_end, academic_year_of, academic_year_start
from frontdoor.core.rounding import percentage
from frontdoor.pupils.models import CharacteristicPeriod, Enrolment, Pupil
from frontdoor.schools.models import Establishment

Kind = Exclusion.Kind


class ExclusionRefused(Exception):
    pass


@transaction.atomic
def exclusion_record(
    *,
    pupil: Pupil,
    school: Establishment,
    kind: str,
    start_date: date,
    reason: str,
    sessions: int | None,
    by,
) -> Exclusion:
    if (
        not access.can(by, Permission.RECORD_EXCLUSIONS)
        or not access.scope_establishments(by, Establishment.objects.filter(pk=school.pk)).exists()
    ):
        raise PermissionDenied("Only the school's own staff record its suspensions and exclusions.")
    on_roll = Enrolment.objects.filter(
        pupil=pupil, establishment=school, admission_date__lte=start_date
    ).filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=start_date))
    if not on_roll.exists():
        raise ExclusionRefused(
            f"The pupil was not on this school's roll on {start_date:%-d %B %Y}."
        )
    if kind == Kind.SUSPENSION:
        if not sessions or sessions < 1:
            raise ExclusionRefused("Give the suspension's length in sessions (two a day).")
        year = academic_year_of(start_date)
        so_far = (
            Exclusion.objects.select_for_update()
            .filter(
                pupil=pupil,
                kind=Kind.SUSPENSION,
                start_date__range=(academic_year_start(year), academic_year_end(year)),
            )
            .aggregate(total=Sum("sessions"))["total"]
            or 0
        )
        if so_far + sessions > MAX_SUSPENSION_SESSIONS_A_YEAR:
            raise ExclusionRefused(
                "A pupil may be suspended for at most 45 school days (90 sessions) in a school "
                f"year; this pupil already has {so_far} sessions this year."
            )
    else:
        sessions = None
    exclusion = Exclusion.objects.create(
        pupil=pupil,
        establishment=school,
        kind=kind,
        start_date=start_date,
        sessions=sessions,
        reason=reason,
        recorded_by=by,
    )
    audit.record(by, "attendance.exclusion", pupil, detail={"kind": kind})
    return exclusion


# --- measures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExclusionFigures:
    label: str
    pupils: int  # on roll
    suspensions: int
    pupils_suspended: int
    repeat_suspended: int  # pupils with more than one suspension
    days_lost: Decimal
    permanent: int

    @property
    def suspension_rate(self) -> Decimal | None:
        return percentage(self.suspensions, self.pupils, 2)

    @property
    def permanent_rate(self) -> Decimal | None:
        return percentage(self.permanent, self.pupils, 2)


def figures(schools, academic_year: int, on: date) -> dict:
    """The year's figures for the schools: all together, by district and by cohort."""
    start, end = academic_year_start(academic_year), academic_year_end(academic_year)
    records = list(
        Exclusion.objects.filter(
            establishment__in=schools, start_date__range=(start, min(end, on))
        ).values_list("pupil_id", "kind", "sessions", "establishment__district__name")
    )
    roll = list(
        Enrolment.objects.filter(establishment__in=schools, admission_date__lte=on)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))
        .values_list("pupil_id", "establishment__district__name")
    )
    cohorts = _cohorts_on(on)
    groups = {"All pupils": (lambda pupil, district: True)}
    by_district = sorted({district for _, district in roll if district})
    district_groups = {
        name: (lambda pupil, district, name=name: district == name) for name in by_district
    }
    cohort_groups = {
        label: (lambda pupil, district, flag=flag: pupil in cohorts[flag])
        for flag, label in COHORT_LABELS.items()
    }
    return {
        "all": _figures(groups, records, roll)[0],
        "districts": _figures(district_groups, records, roll),
        "cohorts": _figures(cohort_groups, records, roll),
    }


COHORT_LABELS = {
    "sen_support": "SEN support",
    "ehcp": "EHC plan",
    "fsm": "Free school meals",
    "cla": "Child in care",
    "cin": "Child in need",
}


def _figures(groups: dict, records: list, roll: list) -> list[ExclusionFigures]:
    result = []
    for label, member in groups.items():
        pupils = {pupil for pupil, district in roll if member(pupil, district)}
        chosen = [(p, k, s) for p, k, s, d in records if member(p, d)]
        suspensions = [(p, s) for p, k, s in chosen if k == Kind.SUSPENSION]
        per_pupil = Counter(p for p, _ in suspensions)
        result.append(
            ExclusionFigures(
                label=label,
                pupils=len(pupils),
                suspensions=len(suspensions),
                pupils_suspended=len(per_pupil),
                repeat_suspended=sum(1 for n in per_pupil.values() if n > 1),
                days_lost=Decimal(sum(s for _, s in suspensions)) / 2,
                permanent=sum(1 for _, k, _ in chosen if k == Kind.PERMANENT),
            )
        )
    return result


def _cohorts_on(on: date) -> dict[str, set[int]]:
    found = defaultdict(set)
    by_value = {COHORT_FLAGS[flag]: flag for flag in COHORT_LABELS}
    current = CharacteristicPeriod.objects.filter(
        characteristic__in=list(by_value), start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    for pupil, characteristic in current.values_list("pupil_id", "characteristic"):
        found[by_value[characteristic]].add(pupil)
    return found


def suspensions_per_enrolment(span) -> pa.Table:
    """(pupil_id, urn, suspensions): how many suspensions each pupil's school recorded starting
    within the span (the worklists' repeated suspensions)."""
    counted = (
        Exclusion.objects.filter(kind=Kind.SUSPENSION, start_date__range=(span.start, span.end))
        .values_list("pupil_id", "establishment__urn")
        .annotate(n=Count("id"))
        .order_by()
    )
    return rows_table(
        counted, {"pupil_id": pa.int64(), "urn": pa.int32(), "suspensions": pa.int64()}
    )


# --- reconciliation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    pupil_id: int
    urn: int
    e_sessions: int  # in the registers (code E), year to date
    recorded_sessions: int  # in recorded suspensions starting this year to date


def reconciliation(summary: Summary, urns: set[int] | None = None) -> list[Mismatch]:
    """Pupils (Years 1–11) whose E codes this year to date differ from the suspensions their
    school recorded starting in that time: a missing record, or a miscoded session."""
    filters = [("period", "=", "ytd")]
    table = pq.read_table(
        summary.measures_file, columns=["pupil_id", "urn", "code_E"], filters=filters
    )
    if urns is not None:
        table = table.filter(pc.is_in(table["urn"], value_set=pa.array(sorted(urns), pa.int32())))
    coded = Counter()
    for row in table.to_pylist():
        coded[(row["pupil_id"], row["urn"])] += row["code_E"]
    span = summary.periods["ytd"]
    recorded = Counter()
    suspensions = Exclusion.objects.filter(
        kind=Kind.SUSPENSION, start_date__range=(span.start, span.end)
    )
    if urns is not None:
        suspensions = suspensions.filter(establishment__urn__in=urns)
    for pupil, urn, sessions in suspensions.values_list(
        "pupil_id", "establishment__urn", "sessions"
    ):
        recorded[(pupil, urn)] += sessions
    # Only pupils the registers measure (Years 1-11) can be compared.
    return [
        Mismatch(pupil, urn, coded[(pupil, urn)], recorded[(pupil, urn)])
        for pupil, urn in sorted(coded)
        if coded[(pupil, urn)] != recorded[(pupil, urn)]
    ]
