"""The cases a signed-off decision opened: a team's list, and one case's page with its steps
(allocate, record the assessment, close). Parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.support import cases
from frontdoor.support.forms_cases import AllocateForm, AssessmentForm, CloseForm
from frontdoor.support.models_cases import Team
from frontdoor.support.selectors import (
    CASE_FILTERS,
    case_for,
    case_workers_for,
    cases_visible_to,
    support_requests_visible_to,
    team_cases,
)

CASES_PER_PAGE = 50
# action -> (service, what to say when it is done)
ACTIONS = {
    "allocate": (cases.case_allocate, "Case allocated."),
    "assess": (cases.case_assessment_complete, "Assessment recorded."),
    "close": (cases.case_close, "Case closed."),
}


def case_list(request):
    access.require(request.user, Permission.WORK_CASES)
    today = timezone.localdate()
    show = request.GET.get("show", "")
    show = show if show in CASE_FILTERS else ""
    found = team_cases(request.user, show=show, today=today)
    page = Paginator(found, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(case, _late(case, today)) for case in page.object_list],
        "show": show,
        "filters": {
            key: label
            for key, label in CASE_FILTERS.items()
            if key != "overdue"
            or cases_visible_to(request.user).filter(team=Team.SOCIAL_WORK_TEAM).exists()
        },
    }
    return render(request, "support/cases.html", context)


@require_http_methods(["GET", "POST"])
def case_detail(request, case_id: int):
    case = case_for(request.user, case_id)
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        raise Http404("No such action.")  # a tampered form
    can_change = access.can(request.user, Permission.WORK_CASES)
    if action is not None and not can_change:
        raise PermissionDenied("Only the team working the case can change it.")
    forms = {
        "allocate": AllocateForm(
            request.POST if action == "allocate" else None,
            workers=case_workers_for(case),
            initial={"worker": case.worker_id},
        ),
        "assess": AssessmentForm(
            request.POST if action == "assess" else None, initial={"completed_on": today}
        ),
        "close": CloseForm(
            request.POST if action == "close" else None, initial={"closed_on": today}
        ),
    }
    if action is not None and forms[action].is_valid():
        service, done = ACTIONS[action]
        try:
            service(case=case, by=request.user, **forms[action].cleaned_data)
        except cases.CaseRefused as refused:
            forms[action].add_error(refused.field, str(refused))
        else:
            messages.success(request, done)
            return redirect("support_case", case_id=case.pk)
    # Every showing of the case is a view of a child's record, a refused step's page too.
    audit.record(
        request.user, "case.view", case, request=request, detail={"request": case.request_id}
    )
    context = {
        "case": case,
        "late": _late(case, today),
        "can_change": can_change,
        "forms": forms,
        "form": forms[action] if action else None,  # the title says "Error:" when it has errors
        "request_visible": support_requests_visible_to(request.user)
        .filter(pk=case.request_id)
        .exists(),
    }
    return render(request, "support/case_detail.html", context)


def _late(case, today) -> bool | None:
    """Whether a social work case's assessment is late; None for a case without one."""
    return case.assessment_is_late(today) if case.team == Team.SOCIAL_WORK_TEAM else None
