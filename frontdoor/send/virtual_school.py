"""The Virtual School's children: those in care, previously looked after, and with a social
worker (a child in need or with a protection plan), with their attendance and suspensions from
the attendance engine, their SEN status and, for children in care, this term's PEP."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from frontdoor.attendance import rates, worklists
from frontdoor.attendance.summaries import Summary
from frontdoor.core import access, audit, term_dates
from frontdoor.core.access import Permission
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Pupil
from frontdoor.send.models_virtual_school import PersonalEducationPlan
from frontdoor.send.services import SendRefused

GROUPS = {
    "cla": "In care",
    "plac": "Previously looked after",
    "cin": "Child in need",
    "cpp": "Protection plan",
}
SEN = {Characteristic.EHC_PLAN: "EHC plan", Characteristic.SEN_SUPPORT: "SEN support"}


def current_term(today: date) -> term_dates.Term | None:
    """The term `today` falls in, or the next one in a holiday; None past the recorded dates."""
    for year in term_dates.covered_years():
        for term in term_dates.terms(year):
            if today <= term.end:
                return term
    return None


def children(user, summary: Summary, today: date) -> list[dict]:
    """A row for each of the user's Virtual School children on the summary, lowest attendance
    first: name, school, groups, attendance, suspensions, SEN status and the term's PEP."""
    reach = access.pupil_reach(user)
    if reach is None or not access.can(user, Permission.KEEP_PEPS):
        return []
    table = worklists.rows_in_reach(summary, reach)
    rows = [row for row in table.to_pylist() if any(row[g] for g in GROUPS)]
    rows = worklists.named_rows(user, rows)
    ids = {row["pupil_id"] for row in rows}
    sen = _sen_status(ids, today)
    term = current_term(today)
    peps = _peps(ids, term)
    found = []
    for row in rows:
        in_care = bool(row["cla"])
        found.append(
            row
            | rates.session_rates(row)
            | {
                "groups": [label for flag, label in GROUPS.items() if row[flag]],
                "sen": sen.get(row["pupil_id"], "None"),
                "pep": peps.get(row["pupil_id"]) if in_care else None,
                "pep_due": in_care and row["pupil_id"] not in peps,
            }
        )
    return sorted(found, key=lambda r: (r["attendance_rate"] or Decimal(0), r["pupil_id"]))


def _sen_status(pupil_ids: set[int], today: date) -> dict[int, str]:
    periods = (
        CharacteristicPeriod.objects.filter(
            pupil_id__in=pupil_ids, characteristic__in=SEN, start_date__lte=today
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("pupil_id", "characteristic")
    )
    found: dict[int, str] = {}
    for pupil_id, characteristic in periods:
        if found.get(pupil_id) != SEN[Characteristic.EHC_PLAN]:  # a plan outranks support
            found[pupil_id] = SEN[characteristic]
    return found


def _peps(pupil_ids: set[int], term) -> dict[int, PersonalEducationPlan]:
    if term is None:
        return {}
    return {
        pep.pupil_id: pep
        for pep in PersonalEducationPlan.objects.filter(
            pupil_id__in=pupil_ids, academic_year=term.academic_year, term=term.name
        )
    }


@transaction.atomic
def pep_record(
    *, pupil: Pupil, term: term_dates.Term, held_on: date, targets: str, amount: Decimal, by
) -> PersonalEducationPlan:
    """This term's PEP for a child in the Virtual School's care, with its Pupil Premium Plus."""
    access.require(by, Permission.KEEP_PEPS)
    if not access.scope_pupils(by, Pupil.objects.filter(pk=pupil.pk)).exists():
        raise SendRefused("This child is not one of the Virtual School's.")
    if not targets.strip():
        raise SendRefused("Record the targets agreed at the PEP meeting.", "targets")
    if held_on not in term:
        raise SendRefused(
            f"A {term.name} term PEP is held between {term.start:%-d %B} and {term.end:%-d %B %Y}.",
            "held_on",
        )
    if amount < 0:
        raise SendRefused("The Pupil Premium Plus cannot be negative.", "amount")
    pep, created = PersonalEducationPlan.objects.update_or_create(
        pupil=pupil,
        academic_year=term.academic_year,
        term=term.name,
        defaults={
            "held_on": held_on,
            "targets": targets.strip(),
            "pupil_premium_plus": amount,
            "recorded_by": by,
        },
    )
    audit.record(by, "pep.record" if created else "pep.update", pupil)
    return pep
