"""Reading Requests for Support, always through the access layer."""

from datetime import date

from django.db.models import F, QuerySet
from django.http import Http404

from frontdoor.core import access
from frontdoor.support import clocks
from frontdoor.support.levels import highest_level
from frontdoor.support.models import PathwayNotification, SupportRequest
from frontdoor.support.models_cases import Case, Team


def support_requests_visible_to(user) -> QuerySet[SupportRequest]:
    return access.scope_support_requests(user, SupportRequest.objects.all())


def support_request_for(user, pk: int) -> SupportRequest:
    """The request, if the user may see it; otherwise 404 (whether it exists is not said)."""
    found = (
        support_requests_visible_to(user)
        .select_related("created_by")
        .prefetch_related("children__school")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def triage_queue(user) -> list[tuple[SupportRequest, object]]:
    """Requests waiting for a decision or a sign-off, each with its decision's due date: the
    most serious first (the highest level among the referrer's indicators), then the oldest."""
    waiting = (
        support_requests_visible_to(user)
        .filter(status__in=["submitted", "awaiting_sign_off"])
        .select_related("decision__decided_by")
        .prefetch_related("children")
    )
    rows = [(found, clocks.decision_due(found.received_on)) for found in waiting]
    return sorted(
        rows,
        key=lambda row: (-(highest_level(row[0].indicators) or 0), row[0].submitted_at),
    )


def pathway_notifications_visible_to(user) -> QuerySet[PathwayNotification]:
    return access.scope_pathway_notifications(user, PathwayNotification.objects.all())


def pathway_notification_for(user, pk: int) -> PathwayNotification:
    """The notification, if the user may see it; otherwise 404."""
    found = (
        pathway_notifications_visible_to(user)
        .select_related("school", "pupil", "submitted_by", "responded_by", "exclusion")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such notification.")
    return found


def cases_visible_to(user) -> QuerySet[Case]:
    return access.scope_cases(user, Case.objects.all())


def case_for(user, pk: int) -> Case:
    """The case, if the user may see it; otherwise 404 (whether it exists is not said)."""
    found = (
        cases_visible_to(user)
        .select_related("request", "child", "district", "worker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such case.")
    return found


CASE_FILTERS = {"mine": "Mine", "unallocated": "Unallocated", "overdue": "Assessment overdue"}


def team_cases(user, *, show: str = "", today: date) -> QuerySet[Case]:
    """The cases the user may see, open ones first (the longest open at the top), then the
    most recently closed; `show` narrows them to one of CASE_FILTERS."""
    found = cases_visible_to(user).select_related("request", "district", "worker")
    if show == "mine":
        found = found.filter(worker=user)
    elif show == "unallocated":
        found = found.filter(worker__isnull=True, closed_on__isnull=True)
    elif show == "overdue":
        found = found.filter(
            team=Team.SOCIAL_WORK_TEAM,
            closed_on__isnull=True,
            assessment_completed_on__isnull=True,
            opened_on__lt=clocks.assessment_overdue_if_opened_before(today),
        )
    return found.order_by(F("closed_on").desc(nulls_first=True), "opened_on", "pk")


def case_workers_for(case: Case):
    """Who the case may be allocated to, by name."""
    from frontdoor.core.models import User

    return access.case_workers(case, User.objects.order_by("first_name", "last_name", "username"))


def onward_work(user, found: SupportRequest) -> dict:
    """Where a decided request went: its District Conversations and its cases, each with
    whether the user may open it."""
    conversations = found.conversations.select_related("district")
    cases = found.cases.select_related("child", "district")
    may_open_conversation = set(
        access.scope_district_conversations(user, conversations).values_list("pk", flat=True)
    )
    may_open_case = set(access.scope_cases(user, cases).values_list("pk", flat=True))
    return {
        "conversations": [(c, c.pk in may_open_conversation) for c in conversations],
        "cases": [(c, c.pk in may_open_case) for c in cases],
    }
