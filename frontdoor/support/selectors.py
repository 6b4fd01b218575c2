"""Reading Requests for Support, always through the access layer."""

from django.db.models import QuerySet
from django.http import Http404

from frontdoor.core import access
from frontdoor.support import clocks
from frontdoor.support.levels import highest_level
from frontdoor.support.models import SupportRequest


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
