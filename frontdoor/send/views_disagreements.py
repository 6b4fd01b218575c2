"""Disagreements with appealable decisions: the area's list (Tribunal orders due or overdue
first, with the county's appeal count), recording a new one for a child, and one disagreement's
windows with a form for each step it can take next. Parse, call a service or selector, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.send import disagreements
from frontdoor.send.child_search import child_search
from frontdoor.send.forms_disagreements import STEPS, DisagreementFilterForm, DisagreementForm
from frontdoor.send.selectors import send_districts_for
from frontdoor.send.services import SendRefused
from frontdoor.send.step_pages import take_step

PAGE_SIZE = 25


@require_GET
def disagreement_list(request):
    access.require(request.user, Permission.WORK_SEND_CASES)
    districts = send_districts_for(request.user)
    form = DisagreementFilterForm(request.GET, districts=districts)
    form.is_valid()  # every filter is optional; a bad one is dropped
    show = form.cleaned_data.get("show") or disagreements.OPEN
    today = timezone.localdate()
    rows = disagreements.disagreement_list(
        request.user, today=today, show=show, district=form.cleaned_data.get("district")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "show": show,
        "page": page,
        "today": today,
        "appeals": disagreements.appeal_counts(request.user, today=today),
        "many_districts": districts.count() > 1,
    }
    return render(request, "send/disagreement_list.html", context)


@require_http_methods(["GET", "POST"])
def disagreement_new(request):
    """Choose the child (a search), then the decision and the date of its letter."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    user = request.user
    child = child_search(request)
    form = None
    if child.chosen is not None:
        pupil, school = child.chosen
        districts = send_districts_for(user)
        in_area = school is not None and districts.filter(pk=school.district_id).exists()
        form = DisagreementForm(
            request.POST if request.method == "POST" else None,
            children=pupils_visible_to(user),
            districts=districts,
            initial={"pupil": pupil.pk, "district": school.district_id if in_area else None},
        )
        if request.method == "POST" and form.is_valid():
            try:
                recorded = disagreements.disagreement_record(by=user, **form.service_arguments())
            except SendRefused as refused:
                form.add_error(form.field_for(refused.field), str(refused))
            else:
                messages.success(request, "Disagreement recorded, with its windows.")
                return redirect("send_disagreement", disagreement_id=recorded.pk)
    context = {**child.context(), "form": form}
    return render(request, "send/disagreement_new.html", context)


@require_http_methods(["GET", "POST"])
def disagreement_detail(request, disagreement_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    disagreement = disagreements.disagreement_for(request.user, disagreement_id)
    if disagreement is None:
        raise Http404("No such disagreement in your area.")
    steps = take_step(
        request,
        [step for step in STEPS if step.offered(disagreement)],
        lambda step, data: step.form(data, prefix=step.action, disagreement=disagreement),
        on="disagreement",
    )
    if steps.taken:
        return redirect("send_disagreement", disagreement_id=disagreement.pk)
    # Every showing names the child: a refused step's page too.
    audit.record(request.user, "disagreement.view", disagreement, request=request)
    today = timezone.localdate()
    context = {
        "disagreement": disagreement,
        "standing": disagreements.standing(disagreement, today),
        "today": today,
        "forms": steps.forms,
        "form": steps.form,
    }
    return render(request, "send/disagreement_detail.html", context)
