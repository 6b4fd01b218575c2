"""The Request for Support journey (start, children, question pages, check answers, submit)
and each request's own page. Parse, call a service or selector, render."""

from itertools import pairwise

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.support import clocks, rate_limits, services
from frontdoor.support.forms import PAGES, ChildForm
from frontdoor.support.levels import INDICATOR_BY_CODE
from frontdoor.support.models import SupportRequest
from frontdoor.support.selectors import (
    onward_work,
    support_request_for,
    support_requests_visible_to,
)

REQUESTS_PER_PAGE = 50
PAGE_FORMS = {slug: (title, form) for slug, title, form in PAGES}
NEXT_PAGE = {
    "children": "family",
    **{slug: nxt for (slug, _, _), (nxt, _, _) in pairwise(PAGES)},
}


def request_list(request):
    access.require(request.user, Permission.REQUEST_SUPPORT)
    visible = support_requests_visible_to(request.user).prefetch_related("children")
    drafts = visible.filter(status=SupportRequest.Status.DRAFT)
    # The Front Door sees every request in the county: newest first, a page at a time.
    submitted = visible.exclude(status=SupportRequest.Status.DRAFT).order_by("-submitted_at")
    page = Paginator(submitted, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "drafts": drafts,
        "draft_days": settings.FRONTDOOR_SUPPORT_DRAFT_DAYS,
        "submitted": page,
        "can_triage": access.can(request.user, Permission.TRIAGE_REQUESTS),
        "can_converse": access.can(request.user, Permission.HOLD_DISTRICT_CONVERSATIONS),
    }
    return render(request, "support/request_list.html", context)


@require_http_methods(["GET", "POST"])
def request_start(request):
    access.require(request.user, Permission.REQUEST_SUPPORT)
    if request.method == "POST":
        try:
            started = services.support_request_start(
                by=request.user, client_address=audit.client_ip(request)
            )
        except rate_limits.TooManyRequests as refused:
            return too_many_requests(request, refused)
        return redirect("support_request_children", request_id=started.pk)
    return render(request, "support/request_start.html")


def request_detail(request, request_id: int):
    found = support_request_for(request.user, request_id)
    audit.record(request.user, "support_request.view", found, request=request)
    # The referrer and the school see the outcome; the reasoning stays with the Front Door.
    context = (
        answers_context(found, editable=False)
        | {"can_triage": access.can(request.user, Permission.TRIAGE_REQUESTS)}
        | onward_work(request.user, found)
    )
    return render(request, "support/request_detail.html", context)


@require_http_methods(["GET", "POST"])
def request_children(request, request_id: int):
    draft = own_draft_for(request, request_id)
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_child_add(request=draft, by=request.user, answers=form.cleaned_data)
        return redirect("support_request_children", request_id=draft.pk)
    context = {"draft": draft, "children": draft.children.all(), "form": form}
    return render(request, "support/request_children.html", context)


@require_POST
def request_child_remove_view(request, request_id: int, child_id: int):
    draft = own_draft_for(request, request_id)
    services.request_child_remove(request=draft, by=request.user, child_id=child_id)
    return redirect("support_request_children", request_id=draft.pk)


@require_http_methods(["GET", "POST"])
def request_page(request, request_id: int, page: str):
    if page not in PAGE_FORMS:
        raise Http404("No such page.")
    draft = own_draft_for(request, request_id)
    title, form_class = PAGE_FORMS[page]
    form = form_class(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        services.support_request_update(request=draft, by=request.user, answers=form.cleaned_data)
        if "save_and_exit" in request.POST:
            messages.success(request, "Your answers have been saved. Come back to them here.")
            return redirect("support_request_list")
        if request.GET.get("from") == "check" or page not in NEXT_PAGE:
            return redirect("support_request_check", request_id=draft.pk)
        return redirect("support_request_page", request_id=draft.pk, page=NEXT_PAGE[page])
    return render(
        request,
        "support/request_page.html",
        {"draft": draft, "title": title, "form": form, "page": page},
    )


@require_http_methods(["GET", "POST"])
def request_check(request, request_id: int):
    draft = own_draft_for(request, request_id)
    missing = services.missing_answers(draft)
    if request.method == "POST":
        try:
            submitted = services.support_request_submit(
                request=draft, by=request.user, client_address=audit.client_ip(request)
            )
        except services.RequestIncomplete as incomplete:
            missing = incomplete.missing
        except rate_limits.TooManyRequests as refused:
            return too_many_requests(request, refused, draft=draft)
        else:
            messages.success(
                request,
                f"Request submitted. Your reference is {submitted.reference}. We have sent an "
                "acknowledgement to your email address.",
            )
            return redirect("support_request_detail", request_id=submitted.pk)
    context = answers_context(draft, editable=True) | {"missing": missing}
    return render(request, "support/request_check.html", context)


def too_many_requests(request, refused: rate_limits.TooManyRequests, *, draft=None):
    """429, saying when to try again; a draft being submitted stays a draft, answers and all."""
    response = render(
        request,
        "support/too_many_requests.html",
        {"retry_at": refused.retry_at, "draft": draft},
        status=429,
    )
    response["Retry-After"] = str(refused.retry_after)
    return response


def own_draft_for(request, request_id: int) -> SupportRequest:
    """The user's own draft; a submitted request goes to its page instead of its form."""
    access.require(request.user, Permission.REQUEST_SUPPORT)
    found = support_request_for(request.user, request_id)
    if found.created_by_id != request.user.pk:
        raise PermissionDenied("Only the person who started a request can change it.")
    if found.status != SupportRequest.Status.DRAFT:
        raise PermissionDenied("This request has been submitted: it can no longer be changed.")
    return found


def answers_context(found: SupportRequest, *, editable: bool) -> dict:
    def change(page: str) -> str:
        if not editable:
            return ""
        if page in ("children", "documents"):
            return reverse(f"support_request_{page}", kwargs={"request_id": found.pk})
        url = reverse("support_request_page", kwargs={"request_id": found.pk, "page": page})
        return f"{url}?from=check"

    indicators = [INDICATOR_BY_CODE[code] for code in found.indicators if code in INDICATOR_BY_CODE]
    return {
        "found": found,
        "children": list(found.children.all()),
        "indicators": indicators,
        "documents": list(found.documents.all()),
        "change": {page: change(page) for page in ["children", "documents", *PAGE_FORMS]},
        "decision_due": clocks.decision_due(found.received_on) if found.received_on else None,
        "decision": getattr(found, "decision", None),
    }
