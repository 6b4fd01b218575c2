"""A pupil's support and enforcement ladder: the steps taken, and the next one recorded."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.attendance import support
from frontdoor.attendance.forms import SupportStepForm
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to


def support_ladder(request, pupil_id: int):
    access.require(request.user, Permission.VIEW_PUPILS)
    pupil = pupils_visible_to(request.user).filter(pk=pupil_id).first()
    if pupil is None:
        raise Http404("No such pupil in your records.")
    kinds = support.allowed_kinds(request.user)
    form = SupportStepForm(request.POST or None, kinds=kinds) if kinds else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            support.support_step_record(
                pupil=pupil,
                today=timezone.localdate(),
                by=request.user,
                **form.cleaned_data,
            )
        except support.StepRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The step is recorded.")
            return redirect("support_ladder", pupil_id=pupil.pk)
    audit.record(request.user, "attendance.support_ladder", pupil, request=request)
    steps = [
        (step, support.notice_terms(step) if step.kind == support.Kind.PENALTY_NOTICE else None)
        for step in support.ladder(pupil)
    ]
    context = {
        "pupil": pupil,
        "steps": steps,
        "form": form,
        "threshold": support.threshold_date(pupil.pk),
    }
    return render(request, "attendance/support_ladder.html", context)
