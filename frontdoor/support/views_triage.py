"""The Front Door's side: the queue, triaging a request (find the child, decide, route) and a
manager's sign-off."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.support import clocks, services
from frontdoor.support.forms import DecisionForm, SignOffForm
from frontdoor.support.matching import candidates_for, other_requests_about
from frontdoor.support.selectors import support_request_for, triage_queue
from frontdoor.support.views import answers_context


def triage_queue_view(request):
    access.require(request.user, Permission.TRIAGE_REQUESTS)
    today = timezone.localdate()
    rows = [
        (found, due, clocks.is_late(due, None, today)) for found, due in triage_queue(request.user)
    ]
    waiting = [row for row in rows if row[0].status == "submitted"]
    signing = [row for row in rows if row[0].status == "awaiting_sign_off"]
    context = {
        "waiting": waiting,
        "signing": signing,
        "can_sign_off": access.can_sign_off_decisions(request.user),
    }
    return render(request, "support/triage_queue.html", context)


@require_http_methods(["GET", "POST"])
def triage_request(request, request_id: int):
    access.require(request.user, Permission.TRIAGE_REQUESTS)
    found = support_request_for(request.user, request_id)
    form = DecisionForm(
        request.POST if request.POST.get("action") == "decide" else None,
        initial={"indicators": found.indicators},
    )
    if request.method == "POST" and request.POST.get("action") == "match":
        child = get_object_or_404(found.children, pk=_posted_id(request, "child"))
        pupil_id = _posted_id(request, "pupil")
        pupil = (
            get_object_or_404(pupils_visible_to(request.user), pk=pupil_id) if pupil_id else None
        )
        services.request_child_match(request=found, by=request.user, child_id=child.pk, pupil=pupil)
        return redirect("support_triage", request_id=found.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.triage_decide(request=found, by=request.user, **form.cleaned_data)
        except services.DecisionRefused as refused:
            form.add_error(refused.field or "route", str(refused))
        else:
            messages.success(
                request, f"Decision recorded for {found.reference}: a manager will sign it off."
            )
            return redirect("support_triage_queue")
    children = [
        (child, candidates_for(child, user=request.user), other_requests_about(child))
        for child in found.children.all()
    ]
    context = answers_context(found, editable=False) | {
        "form": form,
        "matches": children,
        "decidable": found.status == "submitted",
    }
    return render(request, "support/triage_request.html", context)


def _posted_id(request, name: str) -> int | None:
    """A posted id, or None when it is missing or not a number (a tampered form: 404 follows)."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


@require_http_methods(["GET", "POST"])
def triage_sign_off(request, request_id: int):
    if not access.can_sign_off_decisions(request.user):
        raise PermissionDenied("Only a Front Door manager can sign off decisions.")
    found = support_request_for(request.user, request_id)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.triage_sign_off(request=found, by=request.user, **form.cleaned_data)
        except services.DecisionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{found.reference}: done.")
            return redirect("support_triage_queue")
    context = answers_context(found, editable=False) | {"form": form}
    return render(request, "support/triage_sign_off.html", context)
