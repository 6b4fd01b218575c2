"""The schools' inclusion and attendance pathways (the PRU, Inclusion and Attendance Service's
Digital Front Door, support_and_send.md §3.3): what each asks (its typed form), which council
team owns it, how many working days that team has to respond, and the outcomes it may record.

Kent's published list names ten pathways and an off-rolling one; elective home education and
child employment and performance licensing are in the service's remit, which makes thirteen.
Response times are not published: ours are the council's settings, kept here as data.

An outcome with a `step` records that step on the pupil's attendance ladder through the
attendance services, which enforce support first, the national threshold and the penalty
notice rules; the suspension pathway records the suspension itself when the school submits."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import models

from frontdoor.attendance.models import SupportStep
from frontdoor.support import pathway_forms as f


class Team(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion and Exclusions team"
    ATTENDANCE = "attendance", "Attendance team"
    MISSING_EDUCATION = "missing_education", "Children Missing Education team"
    HOME_EDUCATION = "home_education", "Elective Home Education team"
    CHILD_EMPLOYMENT = "child_employment", "Child Employment and Entertainment team"


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    step: SupportStep.Kind | None = None  # the ladder step this outcome records


NOTED = Outcome("noted", "Noted: no further action needed")
ADVICE = Outcome("advice_given", "Advice given to the school")
VISIT = Outcome("officer_visit", "An officer will visit or contact the family")


@dataclass(frozen=True)
class Pathway:
    slug: str
    title: str
    team: Team
    response_days: int  # working days from receipt
    form: type[forms.Form]
    summary: str
    outcomes: tuple[Outcome, ...]

    def outcome(self, code: str) -> Outcome:
        return next(outcome for outcome in self.outcomes if outcome.code == code)


PATHWAYS: tuple[Pathway, ...] = (
    Pathway(
        "suspension",
        "Notify a suspension or permanent exclusion",
        Team.INCLUSION,
        1,
        f.SuspensionForm,
        "Tell the council the same day. It is recorded in the pupil's exclusions at once.",
        (
            NOTED,
            Outcome("provision_arranged", "Provision from the sixth day arranged"),
            Outcome("review_offered", "Support offered for the governors' review"),
        ),
    ),
    Pathway(
        "missing-education",
        "Notify a possible child missing education",
        Team.MISSING_EDUCATION,
        2,
        f.MissingEducationForm,
        "A pupil who has stopped attending and whose whereabouts the school cannot confirm.",
        (
            Outcome("located_in_school", "Child found attending another school"),
            Outcome("located_not_in_school", "Child found, not in school: officer following up"),
            Outcome("enquiries_continuing", "Enquiries continuing"),
        ),
    ),
    Pathway(
        "register-deletion",
        "Notify a deletion from the admission register",
        Team.MISSING_EDUCATION,
        5,
        f.RegisterDeletionForm,
        "Every removal from the roll at a non-standard transition, with its ground.",
        (NOTED, Outcome("queried", "Queried with the school: the ground needs evidence")),
    ),
    Pathway(
        "off-rolling",
        "Notify intended off-rolling",
        Team.INCLUSION,
        2,
        f.OffRollingForm,
        "Before the school removes a pupil for a reason other than the regulations' grounds.",
        (
            Outcome("challenged", "Challenged: the pupil must stay on roll"),
            ADVICE,
            NOTED,
        ),
    ),
    Pathway(
        "part-time-timetable",
        "Notify a part-time timetable",
        Team.ATTENDANCE,
        5,
        f.PartTimeTimetableForm,
        "A temporary timetable agreed with the parents, with its review date.",
        (NOTED, Outcome("queried", "Queried: the plan needs a shorter review or a clearer end")),
    ),
    Pathway(
        "home-education",
        "Notify elective home education",
        Team.HOME_EDUCATION,
        5,
        f.HomeEducationForm,
        "A parent has told the school in writing they will educate their child at home.",
        (
            Outcome("contact_made", "Contact made with the family"),
            VISIT,
            Outcome("consent_refused", "Council consent refused (special school placement)"),
        ),
    ),
    Pathway(
        "formal-attendance-meeting",
        "Invite to a formal attendance meeting",
        Team.ATTENDANCE,
        5,
        f.FormalMeetingForm,
        "Ask an attendance officer to join a formal meeting with the parents.",
        (
            Outcome(
                "meeting_held",
                "Meeting held with an attendance officer",
                SupportStep.Kind.FORMAL_MEETING,
            ),
            Outcome("school_to_hold", "The school should hold the meeting itself first"),
        ),
    ),
    Pathway(
        "penalty-notice",
        "Request a penalty notice",
        Team.ATTENDANCE,
        10,
        f.PenaltyNoticeForm,
        "For unauthorised absence, once support has been offered and the threshold is met.",
        (
            Outcome("notice_issued", "Penalty notice issued", SupportStep.Kind.PENALTY_NOTICE),
            Outcome(
                "notice_to_improve",
                "Notice to improve issued first",
                SupportStep.Kind.NOTICE_TO_IMPROVE,
            ),
            Outcome("declined", "Declined: the request does not meet the code of conduct"),
        ),
    ),
    Pathway(
        "statutory-intervention",
        "Request statutory attendance intervention",
        Team.ATTENDANCE,
        10,
        f.StatutoryInterventionForm,
        "An education supervision order, a prosecution or a school attendance order.",
        (
            Outcome(
                "supervision_order",
                "Education supervision order applied for",
                SupportStep.Kind.SUPERVISION_ORDER,
            ),
            Outcome("prosecution", "Prosecution started", SupportStep.Kind.PROSECUTION),
            Outcome(
                "attendance_order",
                "School attendance order served",
                SupportStep.Kind.ATTENDANCE_ORDER,
            ),
            Outcome("declined", "Declined: more support first"),
        ),
    ),
    Pathway(
        "inclusion-advice",
        "Request inclusion advice for a pupil",
        Team.INCLUSION,
        5,
        f.InclusionAdviceForm,
        "Advice from an inclusion officer about a pupil at risk of exclusion.",
        (ADVICE, VISIT, Outcome("lift_referral", "Referred to the district's LIFT meeting")),
    ),
    Pathway(
        "pru-registration",
        "Request single registration at a PRU",
        Team.INCLUSION,
        10,
        f.PruRegistrationForm,
        "A place at a pupil referral unit, decided by the district's panel.",
        (
            Outcome("place_offered", "Place offered"),
            Outcome("place_declined", "Declined: support in school first"),
            Outcome("waiting_list", "On the waiting list for the next panel"),
        ),
    ),
    Pathway(
        "advice-and-support",
        "Request attendance and inclusion advice and support",
        Team.ATTENDANCE,
        5,
        f.AdviceAndSupportForm,
        "A question for the service, about a pupil or about the school's practice.",
        (ADVICE, VISIT),
    ),
    Pathway(
        "child-licence",
        "Apply for a child employment or performance licence",
        Team.CHILD_EMPLOYMENT,
        15,
        f.ChildLicenceForm,
        "The school's part of an application: the pupil and any school days missed.",
        (
            Outcome("granted", "Licence or permit granted"),
            Outcome("refused", "Refused"),
        ),
    ),
)

BY_SLUG = {pathway.slug: pathway for pathway in PATHWAYS}


def answers_for_storage(cleaned: dict) -> dict:
    """A form's cleaned answers as JSON: dates as ISO strings; the UPN is kept on the record."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in cleaned.items()
        if name != "upn"
    }


def answer_rows(pathway: Pathway, answers: dict) -> list[tuple[str, str]]:
    """The stored answers as (question, answer) pairs in the form's order, for a summary list."""
    rows = []
    for name, field in pathway.form.base_fields.items():
        if name == "upn" or name not in answers:
            continue
        rows.append((field.label, _shown(field, answers[name])))
    return rows


def _shown(field: forms.Field, value) -> str:
    if value is None or value == "" or value == []:
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, forms.DateField):
        return f"{date.fromisoformat(value):%-d %B %Y}"
    choices = dict(getattr(field, "choices", ()))
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value))
