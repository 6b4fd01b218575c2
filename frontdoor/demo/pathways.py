"""The demo county's school pathway notifications: a year of the forms its schools send to the
PRU, Inclusion and Attendance Service, and the teams' responses.

Every recorded suspension and permanent exclusion in the year was notified (the pathway records
them, so they come from the county's exclusions). The other pathways are drawn at the rates below
from the pupils on roll, with answers their forms accept. Those whose response time has passed
are answered, a few late; the rest wait in the teams' queues. A formal attendance meeting that
was held is on the pupil's attendance ladder, as the service would record it. Requests for
enforcement are declined or still waiting: issuing a notice needs the national threshold, which
the demo does not check at load time. Notifications from schools A and B are sent by their demo
users; the rest by the account that records the demo county's other school records (as
suspensions are)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from frontdoor.attendance.models import Exclusion, SupportStep
from frontdoor.core.calendar import add_working_days, age_on, is_working_day
from frontdoor.core.models import User
from frontdoor.core.roles import SCHOOL_ROLES
from frontdoor.pupils.models import Enrolment
from frontdoor.schools.models import Establishment, Sector
from frontdoor.support.models import PathwayNotification
from frontdoor.support.pathways import BY_SLUG, answers_for_storage

# Notifications a year per 1,000 pupils on roll (ASSUMPTION: no published figures; shaped so
# that deletions and enforcement requests are the commonest after exclusions, as in PIAS's remit).
RATES = {
    "register-deletion": 12.0,
    "penalty-notice": 6.0,
    "formal-attendance-meeting": 5.0,
    "home-education": 4.0,
    "advice-and-support": 4.0,
    "part-time-timetable": 3.0,
    "inclusion-advice": 3.0,
    "missing-education": 2.5,
    "child-licence": 2.0,
    "statutory-intervention": 0.8,
    "pru-registration": 0.8,
    "off-rolling": 0.3,
}
LATE_SHARE = 0.1  # responses after their due day (ASSUMPTION)
_LONDON = ZoneInfo("Europe/London")


def pathway_notifications_save(*, seed: int, as_at: date) -> dict[str, int]:
    """Write the year of notifications up to `as_at`; the counts by kind of row."""
    recorder = User.objects.filter(role="la_admin").order_by("pk").first()
    officer = User.objects.filter(role="attendance_officer", county_wide=True).first()
    if recorder is None or officer is None:
        return {}
    rng = random.Random(f"{seed}-pathways")
    start = as_at - timedelta(days=365)
    senders = _senders(recorder)
    made = _from_exclusions(
        random.Random(f"{seed}-pathway-exclusions"), start, as_at, senders, officer
    )
    made += _drawn(rng, start, as_at, senders, officer)
    meetings = _meetings_held(made)
    PathwayNotification.objects.bulk_create(made, batch_size=5000)
    rows = list(PathwayNotification.objects.filter(reference__isnull=True).only("pk"))
    for row in rows:  # the service's reference, which needs the id
        row.reference = f"PWY-{row.pk:06d}"
    PathwayNotification.objects.bulk_update(rows, ["reference"], batch_size=5000)
    return {"pathway notifications": len(made), "formal attendance meetings": meetings}


def _senders(recorder: User) -> dict[int, User]:
    """school id -> the demo user who sends its forms (school A's and B's own staff)."""
    senders: dict[int, User] = {}
    users = User.objects.filter(role__in=SCHOOL_ROLES).order_by("pk").prefetch_related("schools")
    for user in users:
        for school in user.schools.all():
            senders.setdefault(school.pk, user)
    senders[0] = recorder
    return senders


def _sender(senders: dict[int, User], school_id: int) -> User:
    return senders.get(school_id, senders[0])


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=_LONDON)


def _notification(slug, school_id, pupil_id, answers, received, senders, officer, as_at, rng):
    pathway = BY_SLUG[slug]
    due = add_working_days(received, pathway.response_days)
    found = PathwayNotification(
        pathway=slug,
        team=pathway.team,
        school_id=school_id,
        pupil_id=pupil_id,
        answers=answers_for_storage(answers),
        submitted_by=_sender(senders, school_id),
        submitted_at=_at(received),
        received_on=received,
        due_on=due,
    )
    late = rng.random() < LATE_SHARE
    replied = add_working_days(due, rng.randint(1, 5)) if late else due
    if replied <= as_at:
        outcomes = [
            o for o in pathway.outcomes if o.step is None or slug == "formal-attendance-meeting"
        ]
        found.status = PathwayNotification.Status.CLOSED
        found.outcome = rng.choice(outcomes).code
        found.response = "Done as the outcome says; the officer's notes are on the case file."
        found.responded_by, found.responded_on = officer, replied
    return found


def _from_exclusions(rng, start, as_at, senders, officer) -> list[PathwayNotification]:
    rows = Exclusion.objects.filter(start_date__range=(start, as_at)).order_by("pk")
    made = []
    for exclusion in rows:
        received = exclusion.start_date
        if not is_working_day(received):
            received = add_working_days(received, 1)
        answers = {
            "kind": exclusion.kind,
            "start_date": exclusion.start_date,
            "sessions": exclusion.sessions,
            "reason": exclusion.reason,
            "details": "The incident and the school's behaviour policy steps before it.",
            "parents_told": True,
        }
        found = _notification(
            "suspension",
            exclusion.establishment_id,
            exclusion.pupil_id,
            answers,
            received,
            senders,
            officer,
            as_at,
            rng,
        )
        found.exclusion = exclusion
        if found.outcome:
            permanent = exclusion.kind == Exclusion.Kind.PERMANENT
            found.outcome = "provision_arranged" if permanent else "noted"
        made.append(found)
    return made


def _drawn(rng, start, as_at, senders, officer) -> list[PathwayNotification]:
    """The other pathways, at RATES, for pupils on roll at mainstream schools on the day."""
    mainstream = Establishment.objects.filter(
        sector__in=[Sector.PRIMARY, Sector.SECONDARY, Sector.ALL_THROUGH]
    )
    on_roll = list(
        Enrolment.objects.filter(establishment__in=mainstream, admission_date__lte=start)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gt=as_at))
        .values_list("establishment_id", "pupil_id", "pupil__date_of_birth")
        .order_by("pk")
    )
    prus = list(
        Establishment.objects.filter(sector=Sector.ALTERNATIVE_PROVISION).values_list(
            "urn", flat=True
        )
    )
    days = [start + timedelta(days=n) for n in range(1, 366)]
    days = [day for day in days if is_working_day(day) and day <= as_at]
    made = []
    for slug, rate in RATES.items():
        count = round(len(on_roll) * rate / 1000)
        for school_id, pupil_id, born in rng.sample(on_roll, min(count, len(on_roll))):
            received = rng.choice(days)
            answers = _answers(slug, rng, received, born, prus)
            if answers is None:
                continue
            made.append(
                _notification(
                    slug, school_id, pupil_id, answers, received, senders, officer, as_at, rng
                )
            )
    return made


def _answers(slug: str, rng, on: date, born: date, prus: list[int]) -> dict | None:
    """Answers the pathway's form accepts, for a pupil born on `born`, sent on `on`."""
    later = add_working_days(on, rng.randint(3, 10))
    earlier = on - timedelta(days=rng.randint(10, 40))
    if slug == "register-deletion":
        ground = rng.choice(["other_school", "home_education", "moved_away", "moved_away"])
        return {"ground": ground, "deletion_date": on, "destination": "A school in Medway"}
    if slug == "penalty-notice":
        return {
            "parent_name": "The pupil's parent",
            "period_start": earlier,
            "period_end": on,
            "unauthorised_sessions": rng.randint(10, 24),
            "support_so_far": "Letters home, a support plan and a parenting contract.",
        }
    if slug == "formal-attendance-meeting":
        return {
            "proposed_date": add_working_days(on, rng.randint(1, 4)),  # before the reply is due
            "parent_name": "The pupil's parent",
            "support_so_far": "Calls home and an attendance support plan.",
        }
    if slug == "home-education":
        return {
            "letter_received": on,
            "special_school": False,
            "welfare_concerns": rng.random() < 0.15,
            "details": "The parent wrote that the school could not meet the child's anxiety.",
        }
    if slug == "advice-and-support":
        return {"topics": ["attendance"], "question": "How to structure a return-to-school plan."}
    if slug == "part-time-timetable":
        return {
            "start_date": later,
            "review_date": later + timedelta(weeks=4),
            "sessions_a_week": rng.randint(4, 8),
            "reason": rng.choice(["medical", "reintegration", "semh"]),
            "parents_agree": True,
            "plan": "Two more sessions a week at each fortnightly review.",
        }
    if slug == "inclusion-advice":
        return {
            "areas": rng.sample(["behaviour", "semh", "send", "exclusion_risk"], 2),
            "concern": "Escalating incidents at lunchtimes.",
            "tried": "A key adult, a reduced lunch break and a behaviour plan.",
        }
    if slug == "missing-education":
        return {
            "last_attended": earlier,
            "concern": "Not seen for ten school days; the family's phone is disconnected.",
            "enquiries": "Home visit, calls, and the sibling's school contacted.",
            "last_address": "The address on the school's records.",
        }
    if slug == "child-licence":
        employment = age_on(born, on) >= 13 and rng.random() < 0.6
        return {
            "kind": "employment" if employment else "performance",
            "employer": "A newsagent" if employment else "A touring theatre company",
            "work": "Paper round" if employment else "A part in a pantomime",
            "start_date": later,
            "end_date": later + timedelta(days=60 if employment else 14),
            "school_days_missed": 0 if employment else rng.randint(1, 5),
            "hours_a_week": rng.randint(4, 10) if employment else None,
            "parents_consent": True,
        }
    if slug == "statutory-intervention":
        return {
            "intervention": rng.choice(["supervision_order", "prosecution"]),
            "parent_name": "The pupil's parent",
            "support_so_far": "Support plan, parenting contract and a penalty notice last year.",
        }
    if slug == "pru-registration":
        if not prus:
            return None
        return {
            "pru_urn": rng.choice(prus),
            "start_date": later,
            "reason": "At risk of permanent exclusion despite a managed move.",
            "has_ehc_plan": rng.random() < 0.2,
        }
    if slug == "off-rolling":
        return {
            "intended_date": later,
            "reason": "The family say they are moving abroad but have not confirmed it.",
            "parents_view": "They agree.",
            "alternatives": "Keeping the pupil on roll until the move is confirmed.",
        }
    raise ValueError(slug)


def _meetings_held(made: list[PathwayNotification]) -> int:
    """Put each formal attendance meeting held on its pupil's ladder, as the service does."""
    held = [n for n in made if n.outcome == "meeting_held"]
    steps = SupportStep.objects.bulk_create(
        [
            SupportStep(
                pupil_id=n.pupil_id,
                kind=SupportStep.Kind.FORMAL_MEETING,
                taken_on=date.fromisoformat(n.answers["proposed_date"]),
                parent_name=n.answers["parent_name"],
                evidence="Formal attendance meeting with the parent and an attendance officer.",
                recorded_by=n.responded_by,
            )
            for n in held
        ],
        batch_size=5000,
    )
    for notification, step in zip(held, steps, strict=True):
        notification.support_step = step
    return len(steps)
