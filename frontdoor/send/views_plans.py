"""EHC plan pages: the plans in the caseworker's area, one plan section by section with its
versions, the editor for its open draft, and one version (or the differences between two).
Parse, call a service or selector, render; a refusal shows in the GOV.UK error summary."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send import plan_content, plan_services
from frontdoor.send.family_access import family_account_count
from frontdoor.send.forms_plans import (
    AmendmentStartForm,
    CompareForm,
    DraftIssueForm,
    PlanEditor,
    PlanFilterForm,
)
from frontdoor.send.models import Stage
from frontdoor.send.selectors import ehc_request_for, send_districts_for
from frontdoor.send.selectors_plans import (
    PlanFilters,
    child_visible,
    current_version,
    next_review_due,
    open_draft,
    plan_for,
    plan_layout,
    plan_list,
    plan_version,
    plan_versions,
    reviews_due,
)
from frontdoor.send.services import SendRefused

PLANS_PER_PAGE = 50


def _plan_or_404(request, plan_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    plan = plan_for(request.user, plan_id)
    if plan is None:
        raise Http404("No such plan in your area.")
    return plan


@require_GET
def plans_view(request):
    access.require(request.user, Permission.WORK_SEND_CASES)
    districts = send_districts_for(request.user)
    form = PlanFilterForm(request.GET, districts=districts)
    form.is_valid()  # every filter is optional; a bad one is dropped
    chosen = form.cleaned_data
    filters = PlanFilters(
        query=chosen.get("q", ""),
        district=chosen.get("district"),
        amending=chosen.get("amending", False),
    )
    page = Paginator(plan_list(request.user, filters), PLANS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    due = reviews_due(list(page.object_list))
    audit.record(
        request.user, "ehc_plan.list", request=request, detail={"shown": len(page.object_list)}
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": [(plan, due.get(plan.pk)) for plan in page.object_list],
        "many_districts": districts.count() > 1,
        "today": timezone.localdate(),
    }
    return render(request, "send/plan_list.html", context)


@require_http_methods(["GET", "POST"])
def plan_view(request, plan_id: int):
    """The plan as it stands, its versions, and the forms to start or issue an amendment."""
    plan = _plan_or_404(request, plan_id)
    action = request.POST.get("action") if request.method == "POST" else None
    amend = AmendmentStartForm(request.POST if action == "amend" else None, prefix="amend")
    issue = DraftIssueForm(
        request.POST if action == "issue" else None,
        prefix="issue",
        initial={"on": timezone.localdate()},
    )
    posted = {"amend": amend, "issue": issue}.get(action)
    if posted is not None and posted.is_valid():
        try:
            if posted is amend:
                plan_services.plan_amendment_start(
                    plan=plan, reason=amend.cleaned_data["reason"], by=request.user
                )
                messages.success(request, "Amendment started: change the draft, then issue it.")
                return redirect("send_plan_edit", plan_id=plan.pk)
            issued = plan_services.plan_draft_issue(
                plan=plan, on=issue.cleaned_data["on"], by=request.user
            )
            messages.success(request, f"Version {issued.number} issued as the plan.")
            return redirect("send_plan", plan_id=plan.pk)
        except SendRefused as refused:
            posted.add_error(
                refused.field if refused.field in posted.fields else None, str(refused)
            )
    versions = plan_versions(plan)
    current = current_version(versions)
    if current is not None:
        current = plan_version(plan, current.number)  # with its content
    audit.record(request.user, "ehc_plan.view", plan, request=request)
    context = {
        "plan": plan,
        "versions": versions,
        "current": current,
        "layout": plan_layout(current.content) if current else None,
        "draft": open_draft(versions),
        "amend": amend,
        "issue": issue,
        "form": posted,  # for "Error: " in the title
        "summary": posted.get_context() if posted is not None and posted.errors else None,
        "sections": plan_content.SECTIONS.items(),
        "child_visible": child_visible(request.user, plan),
        "review_due": next_review_due(plan),
        "today": timezone.localdate(),
        "family_accounts": family_account_count(request.user, plan.pupil),
    }
    return render(request, "send/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id: int):
    """The open draft's sections A-K. "Save draft" keeps what was typed even when the plan is
    not yet complete; what stops it being issued is listed after the save."""
    plan = _plan_or_404(request, plan_id)
    draft = open_draft(plan_versions(plan))
    if draft is None:
        messages.info(request, "The plan has no draft: start an amendment to change it.")
        return redirect("send_plan", plan_id=plan.pk)
    draft = plan_version(plan, draft.number)
    editor = PlanEditor(draft.content, request.POST if request.method == "POST" else None)
    refusal = None
    if request.method == "POST" and editor.is_valid():
        try:
            plan_services.plan_draft_edit(
                plan=plan, content=editor.content_typed(), by=request.user
            )
        except SendRefused as refused:
            refusal = str(refused)
        else:
            messages.success(request, "Draft saved.")
            anchor = request.POST.get("add", "")
            return redirect(_edit_url(plan, anchor if anchor in plan_content.SECTIONS else ""))
    audit.record(request.user, "ehc_plan.view", plan, request=request, detail={"editing": True})
    context = {
        "plan": plan,
        "draft": draft,
        "editor": editor,
        "errors": editor.errors() if request.method == "POST" else [],
        "refusal": refusal,
        "problems": plan_content.problems(draft.content),
    }
    return render(request, "send/plan_edit.html", context)


def _edit_url(plan, section: str) -> str:
    url = reverse("send_plan_edit", kwargs={"plan_id": plan.pk})
    return f"{url}#section-{section}" if section else url


@require_GET
def plan_version_view(request, plan_id: int, number: int):
    """One version in full; with ?compare=<n>, what changed from version n to this one."""
    plan = _plan_or_404(request, plan_id)
    version = plan_version(plan, number)
    if version is None:
        raise Http404("The plan has no such version.")
    others = [v.number for v in plan_versions(plan) if v.number != number]
    asked = "compare" in request.GET and others  # with one version there is nothing to compare
    compare = CompareForm(request.GET if asked else None, numbers=others)
    changes, earlier, later = None, None, None
    if compare.is_valid():
        other = plan_version(plan, compare.cleaned_data["compare"])
        earlier, later = sorted([other, version], key=lambda v: v.number)
        changes = plan_content.differences(earlier.content, later.content)
    audit.record(request.user, "ehc_plan.view", plan, request=request, detail={"version": number})
    context = {
        "plan": plan,
        "version": version,
        "layout": plan_layout(version.content),
        "compare": compare,
        "form": compare if compare.is_bound else None,
        "compare_fields": compare.get_context()["fields"] if compare.errors else [],
        "earlier": earlier,
        "later": later,
        "changes": changes,
        "titles": plan_content.SECTIONS,
    }
    return render(request, "send/plan_version.html", context)


@require_http_methods(["GET", "POST"])
def request_plan(request, ehc_request_id: int):
    """From a request at the drafting stages to its draft plan: start the draft if there is
    none (a POST, so that following a link never writes), else open it."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    ehc_request = ehc_request_for(request.user, ehc_request_id)
    if ehc_request is None:
        raise Http404("No such request in your area.")
    plan = getattr(ehc_request, "plan", None)
    if plan is not None:
        return redirect("send_plan_edit", plan_id=plan.pk)
    if ehc_request.stage not in (Stage.DRAFTING, Stage.DRAFT_SERVED):
        raise Http404("A plan is drafted once the council has decided to issue one.")
    refusal = None
    if request.method == "POST":
        try:
            version = plan_services.plan_draft_save(
                request=ehc_request, content={}, by=request.user
            )
        except SendRefused as refused:
            refusal = str(refused)
        else:
            messages.success(request, "Draft plan started.")
            return redirect("send_plan_edit", plan_id=version.plan_id)
    audit.record(request.user, "ehc_request.view", ehc_request, request=request)
    return render(request, "send/plan_start.html", {"ehc": ehc_request, "refusal": refusal})
