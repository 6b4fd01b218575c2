"""One EHC needs assessment request: the child, the statutory clock, advice, exceptions and
consultations, and the forms for the steps its stage allows. A step posts back here, calls its
service and goes back to the page (Post/Redirect/Get); a refusal shows in the error summary."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send.selectors import ehc_request_for, request_record
from frontdoor.send.services import SendRefused
from frontdoor.send.steps import BY_ACTION, offered_steps, step_form


@require_http_methods(["GET", "POST"])
def ehc_request_detail(request, ehc_request_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    ehc_request = ehc_request_for(request.user, ehc_request_id)
    if ehc_request is None:
        raise Http404("No such request in your area.")
    record = request_record(request.user, ehc_request)
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    posted = BY_ACTION.get(action)
    if action is not None and (posted is None or not posted.offered(record)):
        raise Http404("That step is not open on this request.")  # a stale or tampered form
    setting_query = request.GET.get("setting", "")
    forms = [
        (
            step,
            step_form(
                step,
                record,
                data=request.POST if step is posted else None,
                today=today,
                setting_query=setting_query,
            ),
        )
        for step in offered_steps(record)
    ]
    if posted is not None:
        form = next(form for step, form in forms if step is posted)
        if form.is_valid():
            try:
                posted.service(by=request.user, **form.service_arguments())
            except SendRefused as refused:
                form.add_error(form.field_for(refused.field), str(refused))
            else:
                messages.success(request, posted.done)
                return redirect("send_request", ehc_request_id=ehc_request.pk)
    # Every showing of the request is a view of a child's record, a refused step's page too.
    audit.record(request.user, "ehc_request.view", ehc_request, request=request)
    context = {
        "record": record,
        "ehc": record.request,
        "today": today,
        "forms": forms,
        "form": next((form for step, form in forms if step is posted), None),
        "setting_query": setting_query,
    }
    return render(request, "send/request_detail.html", context)
