"""One EHC needs assessment request: the child, the statutory clock, advice, exceptions and
consultations, and the forms for the steps its stage allows. A step posts back here, calls its
service and goes back to the page (Post/Redirect/Get); a refusal shows in the error summary."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send.family_access import family_account_count
from frontdoor.send.selectors import ehc_request_for, request_record
from frontdoor.send.step_pages import take_step
from frontdoor.send.steps import offered_steps, step_form


@require_http_methods(["GET", "POST"])
def ehc_request_detail(request, ehc_request_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    ehc_request = ehc_request_for(request.user, ehc_request_id)
    if ehc_request is None:
        raise Http404("No such request in your area.")
    record = request_record(request.user, ehc_request)
    today = timezone.localdate()
    setting_query = request.GET.get("setting", "")
    steps = take_step(
        request,
        offered_steps(record),
        lambda step, data: step_form(
            step, record, data=data, today=today, setting_query=setting_query
        ),
        on="request",
    )
    if steps.taken:
        return redirect("send_request", ehc_request_id=ehc_request.pk)
    # Every showing of the request is a view of a child's record, a refused step's page too.
    audit.record(request.user, "ehc_request.view", ehc_request, request=request)
    context = {
        "record": record,
        "ehc": record.request,
        "today": today,
        "forms": steps.forms,
        "form": steps.form,
        "setting_query": setting_query,
        "family_accounts": family_account_count(request.user, ehc_request.pupil),
    }
    return render(request, "send/request_detail.html", context)
