"""The Virtual School's children: those in care, previously looked after, and with a social
worker (a child in need or with a protection plan), with their attendance and suspensions from
the attendance engine, their SEN status and, for children in care, this term's PEP (due by the
term's end, or within 10 working days of coming into care).

Attendance is the summary's year-to-date row for each enrolment, as on the child's own page
(`attendance.pupil_record`): a child who changed school this year has a row for each school."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.attendance import rates, worklists
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.periods import Period
from frontdoor.attendance.summaries import Summary
from frontdoor.core import access, audit, term_dates
from frontdoor.core.access import Permission
from frontdoor.core.calendar import add_working_days
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Pupil
from frontdoor.pupils.selectors import PupilProfile, pupil_profile
from frontdoor.send.models_virtual_school import PersonalEducationPlan
from frontdoor.send.services import SendRefused

# The summary's cohort flags, as a child's row names them.
FLAGS = {
    "cla": "In care",
    "plac": "Previously looked after",
    "cin": "Child in need",
    "cpp": "Child protection plan",
}
# The groups the Virtual School reports on: a child is in each group whose flags they have.
GROUPS = {
    "in-care": ("In care", ("cla",)),
    "previously-looked-after": ("Previously looked after", ("plac",)),
    "social-worker": ("With a social worker", ("cin", "cpp")),
}
SEN = {Characteristic.EHC_PLAN: "EHC plan", Characteristic.SEN_SUPPORT: "SEN support"}
NO_SEN = "None"
# What a term's PEP allocates unless the officer says otherwise (the model's default).
TERMLY_PUPIL_PREMIUM_PLUS = PersonalEducationPlan._meta.get_field("pupil_premium_plus").default


def current_term(today: date) -> term_dates.Term | None:
    """The term `today` falls in, or the next one in a holiday; None past the recorded dates."""
    for year in term_dates.covered_years():
        for term in term_dates.terms(year):
            if today <= term.end:
                return term
    return None


def pep_term(today: date) -> term_dates.Term | None:
    """The term whose PEPs are being kept: the one `today` falls in or, in a holiday, the one
    just ended (its missing PEPs are overdue until the next term starts). None before the
    recorded dates."""
    started = None
    for year in term_dates.covered_years():
        for term in term_dates.terms(year):
            if term.start <= today:
                started = term
    return started


# A child coming into care has a PEP started within 10 working days (support_and_send.md §1.6).
FIRST_PEP_WORKING_DAYS = 10


def pep_due_by(term: term_dates.Term | None, came_into_care: date | None = None) -> date | None:
    """When the term's PEP is due: by the term's end; for a child who came into care during
    the term, within 10 working days of it if that is sooner."""
    if term is None:
        return None
    if came_into_care is not None and came_into_care >= term.start:
        return min(term.end, add_working_days(came_into_care, FIRST_PEP_WORKING_DAYS))
    return term.end


def pep_status(
    *, held: bool, term: term_dates.Term | None, today: date, came_into_care: date | None = None
) -> str:
    """ "held", "due" (by pep_due_by) or "overdue" (that day passed without one)."""
    if held:
        return "held"
    due_by = pep_due_by(term, came_into_care)
    if due_by is not None and today > due_by:
        return "overdue"
    return "due"


def children(user, summary: Summary, today: date) -> list[dict]:
    """A row for each enrolment of the user's Virtual School children on the summary, lowest
    attendance first: groups, attendance, suspensions and permanent exclusion this year to
    date, SEN status and, for a child in care, the term's PEP. Unnamed: `named` names the rows
    shown (naming thousands of children costs more than the rest of the list together)."""
    reach = access.pupil_reach(user)
    if reach is None or not access.can(user, Permission.KEEP_PEPS):
        return []
    table = worklists.rows_in_reach(summary, reach)
    rows = [row for row in table.to_pylist() if any(row[flag] for flag in FLAGS)]
    sen = _sen_status({row["pupil_id"] for row in rows}, today)
    term = pep_term(today)
    peps = _peps(term)
    new_to_care = _came_into_care_during(term, today)
    excluded = _exclusions(summary.periods["ytd"])
    found = []
    for row in rows:
        in_care = bool(row["cla"])
        pep = peps.get(row["pupil_id"]) if in_care else None
        came_into_care = new_to_care.get(row["pupil_id"])
        found.append(
            row
            | rates.session_rates(row)
            | excluded.get((row["pupil_id"], row["urn"]), _NOT_EXCLUDED)
            | {
                "groups": [label for flag, label in FLAGS.items() if row[flag]],
                "group_slugs": {
                    slug for slug, (_, flags) in GROUPS.items() if any(row[f] for f in flags)
                },
                "sen": sen.get(row["pupil_id"], NO_SEN),
                "pep": pep,
                "pep_due": in_care and pep is None,
                "pep_due_by": pep_due_by(term, came_into_care) if in_care else None,
                "pep_status": pep_status(
                    held=pep is not None, term=term, today=today, came_into_care=came_into_care
                )
                if in_care
                else "",
            }
        )
    return sorted(found, key=lambda r: (r["attendance_rate"] or Decimal(0), r["pupil_id"]))


def named(user, rows: list[dict]) -> list[dict]:
    """The rows whose children the user may see, with their names, schools and pages."""
    return worklists.named_rows(user, rows)


def in_group(rows: list[dict], group: str) -> list[dict]:
    """The rows of the children in `group` (a GROUPS key); all of them for ""."""
    return [row for row in rows if group in row["group_slugs"]] if group else rows


def group_figures(rows: list[dict]) -> list[dict]:
    """For each group and for all the children: children (each counted once), attendance (the
    sessions attended over the sessions possible, summed), persistent absence (the DfE's way,
    of enrolments), the share of children in care with this term's PEP, and suspensions."""
    chosen = [(label, in_group(rows, slug)) for slug, (label, _) in GROUPS.items()]
    return [_figures(label, members) for label, members in [*chosen, ("All children", rows)]]


def _figures(label: str, rows: list[dict]) -> dict:
    in_care = {row["pupil_id"] for row in rows if row["cla"]}
    with_pep = {row["pupil_id"] for row in rows if row["cla"] and row["pep"] is not None}
    attended = sum(row["overall_attendance"] for row in rows)
    possible = sum(row["possible_sessions"] for row in rows)
    persistent = sum(1 for row in rows if row["persistent_absence"])
    return {
        "label": label,
        "children": len({row["pupil_id"] for row in rows}),
        "enrolments": len(rows),
        "attendance_rate": rates.percentage_of(attended, possible),
        "persistent_absence": persistent,
        "persistent_absence_rate": rates.percentage_of(persistent, len(rows)),
        "in_care": len(in_care),
        "peps_held": len(with_pep),
        "pep_rate": rates.percentage_of(len(with_pep), len(in_care)),
        "suspensions": sum(row["suspensions"] for row in rows),
        "suspension_days": sum((row["suspension_days"] for row in rows), Decimal(0)),
        "permanent_exclusions": sum(1 for row in rows if row["permanent_on"]),
    }


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


def _peps(term) -> dict[int, PersonalEducationPlan]:
    """The term's PEPs, every child's: a term holds about one per child in care, fewer than
    a list of the children's ids would cost to send."""
    if term is None:
        return {}
    return {
        pep.pupil_id: pep
        for pep in PersonalEducationPlan.objects.filter(
            academic_year=term.academic_year, term=term.name
        )
    }


def _came_into_care_during(term, today: date) -> dict[int, date]:
    """The children in care now who came into care since the term began, and when: the few
    whose first PEP is due within 10 working days rather than by the term's end."""
    if term is None:
        return {}
    periods = (
        CharacteristicPeriod.objects.filter(
            characteristic=Characteristic.LOOKED_AFTER, start_date__range=(term.start, today)
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("pupil_id", "start_date")
    )
    return dict(periods)


_NOT_EXCLUDED = {"suspensions": 0, "suspension_days": Decimal(0), "permanent_on": None}


def _exclusions(span: Period) -> dict[tuple[int, int], dict]:
    """Per (pupil, school URN): the suspensions the school recorded starting in the span, the
    school days they lost (a session is half a day) and the date of a permanent exclusion.
    Read from the database, so a suspension recorded today counts at once (as the worklists);
    the county's, as `exclusions.suspensions_per_enrolment` reads them for the worklists."""
    found: dict[tuple[int, int], dict] = defaultdict(lambda: dict(_NOT_EXCLUDED))
    records = Exclusion.objects.filter(start_date__range=(span.start, span.end)).values_list(
        "pupil_id", "establishment__urn", "kind", "sessions", "start_date"
    )
    for pupil_id, urn, kind, sessions, start_date in records:
        counts = found[(pupil_id, urn)]
        if kind == Exclusion.Kind.SUSPENSION:
            counts["suspensions"] += 1
            counts["suspension_days"] += Decimal(sessions) / 2
        else:
            counts["permanent_on"] = start_date
    return dict(found)


# --- one child's PEPs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PepRecord:
    profile: PupilProfile
    term: term_dates.Term | None  # the term whose PEP is kept now
    peps: list[PersonalEducationPlan]  # every term's, the latest first
    this_term: PersonalEducationPlan | None
    in_care_this_term: bool  # in care at some point of the term so far: a PEP may be kept
    status: str  # pep_status, or "" for a child not in care this term
    came_into_care: date | None  # during the term: the first PEP is due within 10 working days
    due_by: date | None  # pep_due_by, for a child in care this term

    @property
    def pupil(self) -> Pupil:
        return self.profile.pupil

    @property
    def groups(self) -> list[str]:
        current = {period.characteristic for period in self.profile.current}
        return [label for flag, label in FLAGS.items() if flag in current]

    @property
    def pupil_premium_plus_this_year(self) -> Decimal:
        if self.term is None:
            return Decimal(0)
        year = self.term.academic_year
        return sum(
            (pep.pupil_premium_plus for pep in self.peps if pep.academic_year == year), Decimal(0)
        )


def pep_page(user, pupil_id: int, today: date) -> PepRecord | None:
    """A Virtual School child's PEPs, or None when the child is not one of the user's (or the
    user keeps no PEPs): the two are the same to the user."""
    if not access.can(user, Permission.KEEP_PEPS):
        return None
    profile = pupil_profile(user=user, pupil_id=pupil_id, on=today)
    if profile is None:
        return None
    term = pep_term(today)
    peps = sorted(
        PersonalEducationPlan.objects.filter(pupil=profile.pupil).select_related("recorded_by"),
        key=lambda pep: (pep.academic_year, term_dates.TERM_NAMES.index(pep.term)),
        reverse=True,
    )
    this_term = next(
        (
            pep
            for pep in peps
            if term is not None and (pep.academic_year, pep.term) == (term.academic_year, term.name)
        ),
        None,
    )
    care_this_term = [
        period
        for period in [*profile.current, *profile.past]
        if term is not None
        and period.characteristic == Characteristic.LOOKED_AFTER
        and period.start_date <= min(term.end, today)
        and (period.end_date is None or period.end_date >= term.start)
    ]
    in_care = bool(care_this_term)
    starts = [p.start_date for p in care_this_term if term and p.start_date >= term.start]
    came_into_care = max(starts, default=None)
    held = this_term is not None
    return PepRecord(
        profile=profile,
        term=term,
        peps=peps,
        this_term=this_term,
        in_care_this_term=in_care,
        status=pep_status(held=held, term=term, today=today, came_into_care=came_into_care)
        if in_care
        else "",
        came_into_care=came_into_care,
        due_by=pep_due_by(term, came_into_care) if in_care else None,
    )


@transaction.atomic
def pep_record(
    *, pupil: Pupil, term: term_dates.Term, held_on: date, targets: str, amount: Decimal, by
) -> PersonalEducationPlan:
    """This term's PEP for a child in the Virtual School's care, with its Pupil Premium Plus.
    A PEP already recorded for the term is updated: the plan is revised as the term goes."""
    access.require(by, Permission.KEEP_PEPS)
    if not access.scope_pupils(by, Pupil.objects.filter(pk=pupil.pk)).exists():
        raise SendRefused("This child is not one of the Virtual School's.")
    if not targets.strip():
        raise SendRefused("Record the targets agreed at the PEP meeting.", "targets")
    if held_on not in term:
        raise SendRefused(
            f"The {term.name} term PEP is held between {term.start:%-d %B} and "
            f"{term.end:%-d %B %Y}.",
            "held_on",
        )
    if held_on > timezone.localdate():
        raise SendRefused("Record a PEP once its meeting has been held.", "held_on")
    in_care = (
        CharacteristicPeriod.objects.filter(
            pupil=pupil, characteristic=Characteristic.LOOKED_AFTER, start_date__lte=held_on
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=held_on))
        .exists()
    )
    if not in_care:
        raise SendRefused(
            f"The child was not in care on {held_on:%-d %B %Y}: PEPs are kept for children "
            "in care.",
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
