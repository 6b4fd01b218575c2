"""The caseload of EHC needs assessment requests, and receiving a new one. Parse, call a
service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.send import deadlines, services
from frontdoor.send.child_search import child_search
from frontdoor.send.clock import LABELS
from frontdoor.send.forms import CaseloadFilterForm, EhcRequestForm
from frontdoor.send.selectors import CaseloadFilters, caseload, send_districts_for


@require_GET
def caseload_view(request):
    access.require(request.user, Permission.WORK_SEND_CASES)
    districts = send_districts_for(request.user)
    form = CaseloadFilterForm(request.GET, districts=districts)
    form.is_valid()  # every filter is optional; a bad one is dropped
    chosen = form.cleaned_data
    filters = CaseloadFilters(
        stage=chosen.get("stage", ""),
        overdue_only=chosen.get("overdue", False),
        mine_only=chosen.get("mine", False),
        district=chosen.get("district"),
        closed=chosen.get("show") == "closed",
    )
    rows = caseload(request.user, filters, today=timezone.localdate())
    return render(
        request,
        "send/caseload.html",
        {"form": form, "rows": rows, "filters": filters, "many_districts": districts.count() > 1},
    )


@require_http_methods(["GET", "POST"])
def ehc_request_new(request):
    """Choose the child (a search), then say who asked, how and when; "Check the dates" shows
    the day it counts as received and its limits before it is saved."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    user = request.user
    districts = send_districts_for(user)
    child = child_search(request)
    form = None
    preview = None
    if child.chosen is not None:
        pupil, school = child.chosen
        form = EhcRequestForm(
            request.POST if request.method == "POST" else None,
            children=pupils_visible_to(user),
            districts=districts,
            initial={
                "pupil": pupil.pk,
                "district": _default_district(school, districts),
                "sent_on": timezone.localdate(),
            },
        )
        if request.method == "POST" and form.is_valid():
            if "check" in request.POST:
                preview = _dates_for(form.cleaned_data)
            else:
                try:
                    received = services.ehc_request_receive(by=user, **form.service_arguments())
                except services.SendRefused as refused:
                    form.add_error(form.field_for(refused.field), str(refused))
                else:
                    messages.success(request, f"Request {received.reference} received.")
                    return redirect("send_request", ehc_request_id=received.pk)
    context = {**child.context(), "form": form, "preview": preview}
    return render(request, "send/request_new.html", context)


def _dates_for(cleaned: dict) -> dict:
    received = deadlines.received_on(cleaned["sent_at"], cleaned["delivery"])
    return {
        "received_on": received,
        "limits": [
            (LABELS[limit.step], limit.due, limit.rule) for limit in deadlines.assessment(received)
        ],
    }


def _default_district(school, districts):
    """The child's school's district when it is in the caseworker's area, else their only one."""
    if school is not None and districts.filter(pk=school.district_id).exists():
        return school.district_id
    only = list(districts[:2])
    return only[0].pk if len(only) == 1 else None
