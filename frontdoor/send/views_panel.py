"""The placement panel's pages: its requests and running commitments, a new request with its
evidence pack, and one request with the pack on screen and the panel's decision. Parse, call a
service or selector, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send import panel
from frontdoor.send.forms_panel import PanelDecisionForm, PanelFilterForm, PanelRequestForm
from frontdoor.send.models_panel import PanelDecision
from frontdoor.send.selectors import send_districts_for
from frontdoor.send.services import SendRefused

PAGE_SIZE = 25


@require_GET
def panel_list(request):
    access.require(request.user, Permission.WORK_SEND_CASES)
    districts = send_districts_for(request.user)
    form = PanelFilterForm(request.GET, districts=districts)
    form.is_valid()  # every filter is optional; a bad one is dropped
    chosen = form.cleaned_data
    filters = panel.PanelFilters(
        kind=chosen.get("kind", ""),
        decision=chosen.get("decision", ""),
        district=chosen.get("district"),
    )
    today = timezone.localdate()
    found = panel.panel_requests(request.user, filters, today=today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = panel.panel_summary(request.user, today=today)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "summary": summary,
        "commitments": [("Your area", summary.area), ("The county", summary.county)],
        "today": today,
        "many_districts": districts.count() > 1,
    }
    return render(request, "send/panel_list.html", context)


@require_http_methods(["GET", "POST"])
def panel_request_new(request):
    """A request for a plan in force (?plan=<id>), or, without one, a plan found by reference."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    plan_id = request.POST.get("plan") or request.GET.get("plan")
    reference = request.GET.get("reference", "").strip()
    if not plan_id and reference:
        found = panel.panel_plan_by_reference(request.user, reference)
        if found is not None:
            return redirect(f"{request.path}?plan={found.pk}")
        return render(request, "send/panel_new.html", {"reference": reference, "not_found": True})
    if not plan_id:
        return render(request, "send/panel_new.html", {"reference": ""})
    plan = panel.panel_plan_for(request.user, plan_id if str(plan_id).isdigit() else 0)
    if plan is None:
        raise Http404("No plan in force with that number in your area.")
    form = PanelRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"submitted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            submitted = panel.panel_request_submit(
                plan=plan, by=request.user, **form.service_arguments()
            )
        except SendRefused as refused:
            form.add_error(form.field_for(refused.field), str(refused))
        else:
            messages.success(request, f"Request for {plan.reference} sent to the panel.")
            return redirect("send_panel_request", panel_request_id=submitted.pk)
    audit.record(request.user, "ehc_plan.view", plan, request=request)
    context = {"plan": plan, "pack": panel.evidence_pack(plan), "form": form}
    return render(request, "send/panel_new.html", context)


@require_http_methods(["GET", "POST"])
def panel_request_detail(request, panel_request_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    panel_request = panel.panel_request_for(request.user, panel_request_id)
    if panel_request is None:
        raise Http404("No such panel request in your area.")
    open_to_decide = panel_request.decision in ("", PanelDecision.DEFERRED)
    form = None
    if open_to_decide:
        form = PanelDecisionForm(
            request.POST if request.method == "POST" else None,
            initial={"panel_on": timezone.localdate()},
        )
    elif request.method == "POST":
        raise Http404("The panel has decided this request.")  # a stale form
    if request.method == "POST" and form.is_valid():
        try:
            panel.panel_decide(panel=panel_request, by=request.user, **form.service_arguments())
        except SendRefused as refused:
            form.add_error(form.field_for(refused.field), str(refused))
        else:
            messages.success(request, "The panel’s decision is recorded.")
            return redirect("send_panel_request", panel_request_id=panel_request.pk)
    # Every showing of the request is a view of a child's record, a refused decision's too.
    audit.record(request.user, "panel_request.view", panel_request, request=request)
    context = {
        "panel_request": panel_request,
        "plan": panel_request.plan,
        "pack": panel.evidence_pack(panel_request.plan),
        "members": panel.members_named(panel_request),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "send/panel_request.html", context)
