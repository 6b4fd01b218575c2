"""Writes for the schools' pathways: a school notifies (or asks), the owning team responds.

A pathway that changes a pupil's attendance or exclusion records changes them here, through the
attendance services and in the same transaction, so a refusal there (a suspension over the
yearly limit, a penalty notice without support first) changes nothing and reaches the user
as the attendance service worded it."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.attendance import exclusions, support
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.calendar import add_working_days, age_on
from frontdoor.core.notifications import notify_on_commit
from frontdoor.pupils.models import Enrolment
from frontdoor.schools.models import Establishment, Sector
from frontdoor.support import clocks
from frontdoor.support.models import PathwayNotification
from frontdoor.support.pathways import BY_SLUG, Pathway, Team, answers_for_storage

MIN_EMPLOYMENT_AGE = 13  # Children and Young Persons Act 1933 s.18, as amended


class PathwayRefused(Exception):
    """A pathway the rules do not allow, with the field it is about (None for the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def pathway_notify(
    *, pathway: Pathway, school: Establishment, upn: str, answers: dict, by
) -> PathwayNotification:
    """Submit a pathway's form for a pupil who is or was on the school's roll."""
    access.require(by, Permission.NOTIFY_PATHWAYS)
    if not access.scope_establishments(by, Establishment.objects.filter(pk=school.pk)).exists():
        raise PermissionDenied("You can only use the pathways for your own school.")
    enrolment = (
        Enrolment.objects.select_related("pupil")
        .filter(establishment=school, pupil__upn__iexact=upn)
        .order_by("-admission_date")
        .first()
    )
    if enrolment is None:
        raise PathwayRefused(f"No pupil with UPN {upn} has been on {school.name}’s roll.", "upn")
    pupil = enrolment.pupil
    _check_against_records(pathway, pupil, answers)
    exclusion = None
    if pathway.slug == "suspension":
        try:
            exclusion = exclusions.exclusion_record(
                pupil=pupil,
                school=school,
                kind=answers["kind"],
                start_date=answers["start_date"],
                reason=answers["reason"],
                sessions=answers["sessions"],
                by=by,
            )
        except exclusions.ExclusionRefused as refused:
            raise PathwayRefused(str(refused)) from refused
    submitted_at = timezone.now()
    received = clocks.received_on(submitted_at)
    notification = PathwayNotification.objects.create(
        pathway=pathway.slug,
        team=pathway.team,
        school=school,
        pupil=pupil,
        answers=answers_for_storage(answers),
        submitted_by=by,
        submitted_at=submitted_at,
        received_on=received,
        due_on=add_working_days(received, pathway.response_days),
        exclusion=exclusion,
    )
    notification.reference = f"PWY-{notification.pk:06d}"
    notification.save(update_fields=["reference"])
    audit.record(by, "pathway.notify", notification, detail={"pathway": pathway.slug})
    return notification


def _check_against_records(pathway: Pathway, pupil, answers: dict) -> None:
    if pathway.slug == "child-licence" and answers["kind"] == "employment":
        age = age_on(pupil.date_of_birth, answers["start_date"])
        if age < MIN_EMPLOYMENT_AGE:
            raise PathwayRefused(
                f"A child under {MIN_EMPLOYMENT_AGE} may not be employed; this pupil would be "
                f"{age} on the first day. A performance licence may still be possible.",
                "kind",
            )
    if pathway.slug == "pru-registration":
        is_pru = Establishment.objects.filter(
            urn=answers["pru_urn"], sector=Sector.ALTERNATIVE_PROVISION
        ).exists()
        if not is_pru:
            raise PathwayRefused(
                "Enter the URN of a pupil referral unit or AP school in the county", "pru_urn"
            )


@transaction.atomic
def pathway_respond(
    *, notification: PathwayNotification, outcome: str, response: str, by, step_on: date | None
) -> PathwayNotification:
    """The owning team's response, which closes the notification and tells the school. An
    outcome that is a step on the attendance ladder records it, dated `step_on`."""
    access.require(by, Permission.RESPOND_PATHWAYS)
    scoped = access.scope_pathway_notifications(by, PathwayNotification.objects.all())
    notification = scoped.select_for_update().filter(pk=notification.pk).first()
    if notification is None:
        raise PermissionDenied("This notification is for a school outside your districts.")
    if notification.status != PathwayNotification.Status.OPEN:
        raise PathwayRefused("This has already been responded to.")
    pathway = BY_SLUG[notification.pathway]
    chosen = next((o for o in pathway.outcomes if o.code == outcome), None)
    if chosen is None:
        raise PathwayRefused("Select the outcome", "outcome")
    if not response.strip():
        raise PathwayRefused("Say what was done or decided", "response")
    today = timezone.localdate()
    if chosen.step is not None:
        if step_on is None:
            raise PathwayRefused(f"Enter the date of the {chosen.step.label.lower()}", "step_on")
        try:
            notification.support_step = support.support_step_record(
                pupil=notification.pupil,
                kind=chosen.step,
                taken_on=step_on,
                evidence=response,
                parent_name=notification.answers.get("parent_name", ""),
                today=today,
                by=by,
            )
        except support.StepRefused as refused:
            raise PathwayRefused(str(refused)) from refused
    notification.status = PathwayNotification.Status.CLOSED
    notification.outcome, notification.response = chosen.code, response
    notification.responded_by, notification.responded_on = by, today
    notification.save()
    audit.record(by, "pathway.respond", notification, detail={"outcome": chosen.code})
    notify_on_commit(
        to=[notification.submitted_by.email],
        template="support/pathway_response",
        context={
            "notification": notification,
            "pathway": pathway,
            "outcome": chosen,
            "team": Team(notification.team).label,
            "url": settings.FRONTDOOR_BASE_URL + f"/pathways/{notification.pk}/",
        },
    )
    return notification
