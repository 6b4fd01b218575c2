"""The demo county's Targeting Support Meetings: every school gets a School Liaison Officer (the
district's demo officer, else the service manager) and its meetings so far this year, as a
service would have them part-way through: most past meetings held with a cohort action agreed,
some of this term's booked, a few not booked or overdue. Deterministic from the seed."""

import random
from datetime import date, timedelta

from frontdoor.attendance.models import LiaisonAssignment, TargetingSupportMeeting, TsmAction
from frontdoor.attendance.models_tsm import TSMS_A_YEAR
from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of, academic_year_start
from frontdoor.core.models import User
from frontdoor.schools.models import Establishment

HELD_WHEN_TERM_OVER = 0.92  # the rest were missed: overdue
HELD_SO_FAR, BOOKED_AHEAD = 0.55, 0.3  # in the current term; the rest not booked yet
ACTIONS = [
    ("Pupils who are persistently absent", "Weekly check-in and a call home after any absence"),
    ("Pupils at risk of persistent absence", "Attendance letter and a meeting with parents"),
    ("Pupils with unexplained absence (N codes)", "Chase every N code within 5 school days"),
    ("Pupils on part-time timetables", "Review each timetable and plan the return to full time"),
]


def meetings_save(*, seed: int, as_at: date, school_ids: list[int]) -> dict[str, int]:
    officers = _officers()
    if not officers:
        return {"liaison officers": 0, "meetings": 0}
    rng = random.Random(f"{seed}-meetings")
    year = academic_year_of(as_at)
    schools = Establishment.objects.filter(pk__in=school_ids).select_related("district")
    liaisons, meetings, actions = [], [], []
    for school in schools.order_by("urn"):
        officer = officers.get(school.district.name if school.district else "", officers[""])
        liaisons.append(
            LiaisonAssignment(
                establishment=school, officer=officer, since=academic_year_start(year)
            )
        )
        for number in range(1, TSMS_A_YEAR + 1):
            planned = _planned(rng, term_dates.terms(year)[number - 1], as_at)
            if planned is None:
                continue
            status, on = planned
            meeting = TargetingSupportMeeting(
                establishment=school,
                academic_year=year,
                number=number,
                status=status,
                meeting_date=on,
                booked_by=officer,
            )
            meetings.append(meeting)
    TargetingSupportMeeting.objects.bulk_create(meetings)
    LiaisonAssignment.objects.bulk_create(liaisons)
    for meeting in meetings:
        if meeting.status == TargetingSupportMeeting.Status.HELD:
            cohort, action = rng.choice(ACTIONS)
            due = meeting.meeting_date + timedelta(weeks=4)
            done = due < as_at
            actions.append(
                TsmAction(
                    meeting=meeting,
                    cohort=cohort,
                    action=action,
                    owner="School attendance lead",
                    due_date=due,
                    status=(TsmAction.Status.DONE if done else TsmAction.Status.OPEN),
                    outcome="Done, and reviewed at the next meeting" if done else "",
                )
            )
    TsmAction.objects.bulk_create(actions)
    return {"liaison officers": len(liaisons), "meetings": len(meetings)}


def _planned(rng: random.Random, term, as_at: date):
    """(status, date) for a meeting in `term`, or None for one not booked."""
    if term.start > as_at:
        return None
    weekdays = [
        term.start + timedelta(days=d)
        for d in range((term.end - term.start).days + 1)
        if (term.start + timedelta(days=d)).weekday() < 5
    ]
    roll = rng.random()
    if term.end < as_at:  # a past term: held, or booked and never recorded (overdue)
        held = roll < HELD_WHEN_TERM_OVER
        status = (
            TargetingSupportMeeting.Status.HELD if held else TargetingSupportMeeting.Status.BOOKED
        )
        return status, rng.choice(weekdays)
    past = [day for day in weekdays if day < as_at]
    ahead = [day for day in weekdays if day >= as_at]
    if roll < HELD_SO_FAR and past:
        return TargetingSupportMeeting.Status.HELD, rng.choice(past)
    if roll < HELD_SO_FAR + BOOKED_AHEAD and ahead:
        return TargetingSupportMeeting.Status.BOOKED, rng.choice(ahead)
    return None


def _officers() -> dict[str, User]:
    """Officer by district name; "" is the county-wide one."""
    found = {}
    for user in User.objects.filter(role="attendance_officer", is_active=True).prefetch_related(
        "districts"
    ):
        if user.county_wide:
            found.setdefault("", user)
        for district in user.districts.all():
            found[district.name] = user
    return found if "" in found else {}
