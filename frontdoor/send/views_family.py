"""The family's pages (their children's EHC cases, who can see them, what changed) and the
school's read-only list of its pupils' EHC requests and plans. Parse, call a selector or
service, render; who may see what is decided in frontdoor.core.access."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send import notifications
from frontdoor.send.selectors_family import (
    family_cases,
    family_notifications,
    family_request_for,
    school_cases,
)


@require_GET
def family_home(request):
    """Every case of the children the parent follows, and what changed lately."""
    access.require(request.user, Permission.FOLLOW_OWN_SEND_CASE)
    today = timezone.localdate()
    cases = family_cases(request.user, today=today)
    news = family_notifications(request.user)
    # Each case shown is a view of a child's record; the unread marks are kept for this page.
    for case in cases:
        audit.record(
            request.user, "ehc_request.family_view", case.request or case.plan, request=request
        )
    unread = {notification.pk for notification in news if not notification.is_read}
    notifications.family_notifications_mark_read(user=request.user, notifications=news)
    context = {"cases": cases, "news": news, "unread": unread, "today": today}
    return render(request, "send/family.html", context)


@require_GET
def family_case(request, ehc_request_id: int):
    """One request of the family's, with the plan it led to."""
    access.require(request.user, Permission.FOLLOW_OWN_SEND_CASE)
    ehc_request = family_request_for(request.user, ehc_request_id)
    if ehc_request is None:
        raise Http404("No such case for your family.")
    today = timezone.localdate()
    cases = family_cases(request.user, today=today, ehc_request=ehc_request)
    audit.record(request.user, "ehc_request.family_view", ehc_request, request=request)
    return render(request, "send/family_case.html", {"case": cases[0], "today": today})


@require_GET
def school_send_cases(request):
    """The open EHC requests and the plans in force of the children on the user's schools'
    roll: read-only, for the head, the SENCO and the trust."""
    access.require(request.user, Permission.VIEW_SCHOOL_SEND)
    today = timezone.localdate()
    found = school_cases(request.user, today=today, page=request.GET.get("page", 1))
    audit.record(
        request.user,
        "ehc_request.school_list_view",
        request=request,
        detail={"requests": len(found.requests), "plans_page": found.plans.number},
    )
    return render(request, "send/school_cases.html", {"found": found, "today": today})
