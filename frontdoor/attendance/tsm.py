"""Targeting Support Meetings: the rules (one a term, three a year), the writes (book, record as
held, agree actions, record outcomes) and the reads (a school's meetings, coverage).

Each write checks who first (the access layer), then the rule, refusing with a message a person
can act on (`TsmRefused`), then acts in one transaction and records it in the audit trail."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from frontdoor.attendance.models import LiaisonAssignment, TargetingSupportMeeting, TsmAction
from frontdoor.attendance.models_tsm import TSMS_A_YEAR
from frontdoor.core import access, audit, term_dates
from frontdoor.core.access import Permission
from frontdoor.core.calendar import academic_year_label, academic_year_of
from frontdoor.pupils.models import Pupil
from frontdoor.schools.models import Establishment

TERM_NAMES = {1: "Autumn", 2: "Spring", 3: "Summer"}


class TsmRefused(Exception):
    """A meeting or action the rules do not allow; the message says why and what to do."""


class Coverage:
    HELD = "Held"
    BOOKED = "Booked"
    NOT_BOOKED = "Not booked"
    OVERDUE = "Overdue"
    ORDER = (HELD, BOOKED, NOT_BOOKED, OVERDUE)


def term_window(academic_year: int, number: int) -> term_dates.Term:
    """The term a meeting belongs to: the first in the autumn, the second in the spring, the
    third in the summer."""
    return term_dates.terms(academic_year)[number - 1]


def coverage_status(meeting: TargetingSupportMeeting | None, term, today: date) -> str:
    """Held; booked for today or later; overdue when its date passed without it being recorded
    as held, or its term ended without one; otherwise not booked."""
    if meeting is not None and meeting.status == TargetingSupportMeeting.Status.HELD:
        return Coverage.HELD
    if meeting is not None and meeting.meeting_date >= today:
        return Coverage.BOOKED
    if meeting is not None or term.end < today:
        return Coverage.OVERDUE
    return Coverage.NOT_BOOKED


# --- writes -------------------------------------------------------------------------------------


@transaction.atomic
def tsm_book(*, school: Establishment, number: int, on: date, by) -> TargetingSupportMeeting:
    _require_manager(by, school)
    year = academic_year_of(on)
    if number not in TERM_NAMES:
        raise TsmRefused("A school has three meetings a year: choose meeting 1, 2 or 3.")
    term = term_window(year, number)
    if not term.start <= on <= term.end:
        raise TsmRefused(
            f"Meeting {number} is the {TERM_NAMES[number].lower()} term's: book it between "
            f"{term.start:%-d %B %Y} and {term.end:%-d %B %Y}."
        )
    try:
        with transaction.atomic():
            meeting = TargetingSupportMeeting.objects.create(
                establishment=school,
                academic_year=year,
                number=number,
                meeting_date=on,
                booked_by=by,
            )
    except IntegrityError:
        raise TsmRefused(
            f"Meeting {number} for {academic_year_label(year)} is already booked: change its "
            "date instead."
        ) from None
    audit.record(by, "tsm.book", meeting, detail={"number": number, "date": on.isoformat()})
    return meeting


@transaction.atomic
def tsm_reschedule(*, meeting: TargetingSupportMeeting, on: date, by) -> None:
    _require_manager(by, meeting.establishment)
    if meeting.status == TargetingSupportMeeting.Status.HELD:
        raise TsmRefused("This meeting has been held: its date cannot change.")
    term = term_window(meeting.academic_year, meeting.number)
    if not term.start <= on <= term.end:
        raise TsmRefused(
            f"Book meeting {meeting.number} between {term.start:%-d %B %Y} and "
            f"{term.end:%-d %B %Y}."
        )
    meeting.meeting_date = on
    meeting.save(update_fields=["meeting_date"])
    audit.record(by, "tsm.reschedule", meeting, detail={"date": on.isoformat()})


@transaction.atomic
def tsm_hold(*, meeting: TargetingSupportMeeting, held_on: date, notes: str, today: date, by):
    _require_manager(by, meeting.establishment)
    if meeting.status == TargetingSupportMeeting.Status.HELD:
        raise TsmRefused("This meeting is already recorded as held.")
    if held_on > today:
        raise TsmRefused("A meeting can be recorded as held only on or after the day it met.")
    term = term_window(meeting.academic_year, meeting.number)
    if not term.start <= held_on <= term.end:
        raise TsmRefused(
            f"Meeting {meeting.number} belongs to the {TERM_NAMES[meeting.number].lower()} "
            f"term ({term.start:%-d %B} to {term.end:%-d %B %Y})."
        )
    meeting.status = TargetingSupportMeeting.Status.HELD
    meeting.meeting_date = held_on
    meeting.notes = notes
    meeting.save(update_fields=["status", "meeting_date", "notes"])
    audit.record(by, "tsm.hold", meeting)


@transaction.atomic
def tsm_action_agree(
    *,
    meeting: TargetingSupportMeeting,
    action: str,
    owner: str,
    due_date: date,
    by,
    pupil: Pupil | None = None,
    cohort: str = "",
) -> TsmAction:
    _require_manager(by, meeting.establishment)
    if meeting.status != TargetingSupportMeeting.Status.HELD:
        raise TsmRefused("Actions are agreed at a meeting: record the meeting as held first.")
    if due_date < meeting.meeting_date:
        raise TsmRefused("The action's due date must be after the meeting.")
    if (pupil is None) == (not cohort):
        raise TsmRefused("An action is for one pupil or for a cohort: give one of them.")
    if (
        pupil is not None
        and not pupil.enrolments.filter(establishment=meeting.establishment).exists()
    ):
        raise TsmRefused("That pupil is not on this school's roll.")
    created = TsmAction.objects.create(
        meeting=meeting, pupil=pupil, cohort=cohort, action=action, owner=owner, due_date=due_date
    )
    audit.record(by, "tsm.action_agree", created)
    return created


@transaction.atomic
def tsm_action_outcome(*, action: TsmAction, status: str, outcome: str, by) -> None:
    if not can_record_outcomes(by, action.meeting.establishment):
        raise PermissionDenied(
            "Only the school's staff and its attendance officers record outcomes."
        )
    if status not in (TsmAction.Status.DONE, TsmAction.Status.NOT_DONE):
        raise TsmRefused("Say whether the action was done or not done.")
    if not outcome.strip():
        raise TsmRefused("Describe the outcome, so the next meeting can follow it up.")
    action.status = status
    action.outcome = outcome
    action.save(update_fields=["status", "outcome"])
    audit.record(by, "tsm.action_outcome", action, detail={"status": status})


# --- reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSlot:
    number: int
    term: term_dates.Term
    meeting: TargetingSupportMeeting | None
    status: str


def school_meetings(school: Establishment, academic_year: int, today: date) -> list[MeetingSlot]:
    found = {
        meeting.number: meeting
        for meeting in TargetingSupportMeeting.objects.filter(
            establishment=school, academic_year=academic_year
        ).prefetch_related("actions", "actions__pupil")
    }
    slots = []
    for number in range(1, TSMS_A_YEAR + 1):
        term = term_window(academic_year, number)
        meeting = found.get(number)
        slots.append(MeetingSlot(number, term, meeting, coverage_status(meeting, term, today)))
    return slots


def previous_actions(meeting: TargetingSupportMeeting) -> list[TsmAction]:
    """The actions agreed at the school's meeting before this one, to follow up."""
    earlier = (
        TargetingSupportMeeting.objects.filter(
            establishment=meeting.establishment,
            status=TargetingSupportMeeting.Status.HELD,
            meeting_date__lt=meeting.meeting_date,
        )
        .order_by("-meeting_date")
        .first()
    )
    if earlier is None:
        return []
    return list(earlier.actions.select_related("pupil"))


@dataclass(frozen=True)
class DistrictCoverage:
    district: str
    schools: int
    counts: dict[int, Counter]  # meeting number -> status -> schools


def coverage(schools, academic_year: int, today: date) -> list[DistrictCoverage]:
    """For each district, how many of its schools' meetings are held, booked, not booked and
    overdue, meeting by meeting."""
    schools_in: Counter = Counter()
    counts: dict[str, dict[int, Counter]] = {}
    for school, statuses in _statuses(schools, academic_year, today):
        name = school.district.name if school.district else "No district"
        schools_in[name] += 1
        per_number = counts.setdefault(name, {n: Counter() for n in statuses})
        for number, status in statuses.items():
            per_number[number][status] += 1
    return [DistrictCoverage(name, schools_in[name], counts[name]) for name in counts]


@dataclass(frozen=True)
class FollowUp:
    school: Establishment
    number: int
    status: str
    officer: str  # the school's liaison officer, or ""


def follow_up(schools, academic_year: int, today: date) -> list[FollowUp]:
    """The schools whose meeting this term (the latest term to have started) is overdue or not
    booked, overdue first, by district and name: who the liaison officers should call."""
    started = [n for n in range(1, TSMS_A_YEAR + 1) if term_window(academic_year, n).start <= today]
    if not started:
        return []
    number = started[-1]
    names = {
        assignment.establishment_id: assignment.officer.get_full_name()
        for assignment in LiaisonAssignment.objects.filter(
            establishment__in=schools
        ).select_related("officer")
    }
    wanted = (Coverage.OVERDUE, Coverage.NOT_BOOKED)
    found = [
        FollowUp(school, number, statuses[number], names.get(school.pk, ""))
        for school, statuses in _statuses(schools, academic_year, today)
        if statuses[number] in wanted
    ]
    # `_statuses` gives them by district and name already: a stable sort keeps that order.
    return sorted(found, key=lambda f: wanted.index(f.status))


def _statuses(schools, academic_year: int, today: date):
    """Each school (with its district) and its meetings' statuses by number."""
    meetings = {
        (meeting.establishment_id, meeting.number): meeting
        for meeting in TargetingSupportMeeting.objects.filter(
            academic_year=academic_year, establishment__in=schools
        )
    }
    terms = {number: term_window(academic_year, number) for number in range(1, TSMS_A_YEAR + 1)}
    for school in schools.select_related("district").order_by("district__name", "name"):
        yield (
            school,
            {
                number: coverage_status(meetings.get((school.pk, number)), term, today)
                for number, term in terms.items()
            },
        )


def can_manage(user, school: Establishment) -> bool:
    return access.can(user, Permission.MANAGE_TSMS) and (
        access.scope_establishments(user, Establishment.objects.filter(pk=school.pk)).exists()
    )


def can_record_outcomes(user, school: Establishment) -> bool:
    return access.scope_tsm_schools(user, Establishment.objects.filter(pk=school.pk)).exists()


def _require_manager(user, school: Establishment) -> None:
    if not can_manage(user, school):
        raise PermissionDenied("Only the council's attendance officers for this school do this.")
