"""Telling a family what changed on their child's EHC case, in plain words: a notification for
each parent or young person who follows the child (kept for their page) and an email to them
once the change is committed. The services call `family_notify` with one of the sentences
below; the sentences use the statutory clock (clock.py, deadlines.py) for what comes next."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.core.models import User
from frontdoor.core.notifications import notify_on_commit
from frontdoor.core.roles import Role
from frontdoor.send import clock, deadlines
from frontdoor.send.models import EhcRequest, Stage
from frontdoor.send.models_notifications import Notification
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision

# Each statutory step as a family would put it: what happens next.
NEXT_STEP_WORDS = {
    "decision_to_assess": "the council decides whether to carry out an EHC needs assessment",
    "decision_not_to_issue": (
        "professionals give their advice and the council decides whether to issue an EHC plan"
    ),
    "draft_plan": "the council sends you the draft EHC plan",
    "final_plan": "the council issues the final EHC plan",
}
_APPEAL = (
    " The decision letter explains why, and how you can ask for mediation or appeal to the "
    "SEND Tribunal."
)


def day(on: date) -> str:
    return f"{on:%-d %B %Y}"


def next_step_sentence(ehc_request: EhcRequest) -> str:
    """ "Next: …, due by 12 March 2027." for an open request; "" once it has closed."""
    step = clock.next_step(ehc_request)
    if step is None:
        return ""
    return f"Next: {NEXT_STEP_WORDS[step.step]}, due by {day(step.due)}."


def request_news(ehc_request: EhcRequest) -> str:
    """What the request's latest step means for the family, and what comes next."""
    said = {
        Stage.RECEIVED: "The council has received the request for an EHC needs assessment.",
        Stage.ASSESSING: "The council has decided to carry out an EHC needs assessment.",
        Stage.REFUSED: "The council has decided not to carry out an EHC needs assessment."
        + _APPEAL,
        Stage.NOT_ISSUING: "After the assessment, the council has decided not to issue an "
        "EHC plan." + _APPEAL,
        Stage.DRAFTING: "After the assessment, the council has decided to issue an EHC plan "
        "and is writing the draft.",
        Stage.DRAFT_SERVED: "The council has sent you the draft EHC plan.",
        Stage.ISSUED: "The council has issued the final EHC plan.",
        Stage.WITHDRAWN: "The request for an EHC needs assessment has been withdrawn.",
    }[ehc_request.stage]
    if ehc_request.stage == Stage.DRAFT_SERVED:
        close = deadlines.representations_close(ehc_request.draft_served_on)
        said += (
            f" You have until {day(close)} to comment on it and to say which school or "
            "college you would like it to name."
        )
    if ehc_request.stage == Stage.ISSUED and ehc_request.named_setting_id:
        said += f" It names {ehc_request.named_setting.name}."
    following = next_step_sentence(ehc_request)
    return f"{said} {following}" if following else said


def plan_version_news(version: PlanVersion) -> str:
    """A version of the plan made final: the new plan, or an amendment and why."""
    if version.number == 1:
        said = "The EHC plan is now final. You can read it, section by section, on your page."
    else:
        said = (
            f"An amended EHC plan (version {version.number}: "
            f"{version.get_reason_display().lower()}) is now final. You can read it on your page."
        )
    from frontdoor.send.review_services import next_review_due  # it imports the services

    due = next_review_due(version.plan)
    return said + (f" Next: the annual review, due by {day(due)}." if due else "")


def review_decision_news(review: AnnualReview) -> str:
    """The council's decision after an annual review."""
    if review.decision == ReviewDecision.MAINTAIN:
        return (
            "After the annual review, the council has decided to keep the EHC plan as it is. "
            "Next: the following annual review, due by "
            f"{day(deadlines.review_due(review.meeting_on))}."
        )
    if review.decision == ReviewDecision.AMEND:
        close = deadlines.representations_close(review.decision_on)
        due = deadlines.amended_plan_due(review.decision_on)
        return (
            "After the annual review, the council has decided to amend the EHC plan. You have "
            f"until {day(close)} to comment on the proposed changes. Next: the amended plan, "
            f"due by {day(due)}."
        )
    return "After the annual review, the council has decided to stop maintaining the EHC plan." + (
        _APPEAL
    )


def family_notify(
    *, ehc_request: EhcRequest | None = None, plan: EhcPlan | None = None, what_changed: str
) -> list[Notification]:
    """Tell everyone who follows the child: a notification each, and an email each once the
    transaction commits (none if it rolls back). Nothing personal is logged."""
    case = ehc_request or plan
    if case is None:
        raise ValueError("A family notification is about a request or a plan.")
    family = list(
        User.objects.filter(role=Role.PARENT, is_active=True, children=case.pupil_id).distinct()
    )
    made = Notification.objects.bulk_create(
        Notification(recipient=parent, ehc_request=ehc_request, plan=plan, message=what_changed)
        for parent in family
    )
    if family:
        notify_on_commit(
            to=[parent.email for parent in family],
            template="send/family_update",
            context={
                "reference": case.reference,
                "message": what_changed,
                "url": settings.FRONTDOOR_BASE_URL + reverse("send_family"),
            },
        )
    return made


@transaction.atomic
def family_notifications_mark_read(*, user, notifications) -> int:
    """Mark the family's notifications read once their page has shown them."""
    access.require(user, Permission.FOLLOW_OWN_SEND_CASE)
    unread = [notification.pk for notification in notifications if notification.read_at is None]
    return Notification.objects.filter(recipient=user, pk__in=unread, read_at__isnull=True).update(
        read_at=timezone.now()
    )
