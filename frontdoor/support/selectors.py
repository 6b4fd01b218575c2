"""Reading Requests for Support, always through the access layer."""

from django.db.models import QuerySet
from django.http import Http404

from frontdoor.core import access
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
