from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.attendance.pupil_history import pupil_history
from frontdoor.attendance.pupil_record import LEGEND, pupil_attendance
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.forms import PupilSearchForm
from frontdoor.pupils.selectors import pupil_profile, pupil_search


@require_GET
def pupil_search_view(request):
    access.require(request.user, Permission.VIEW_PUPILS)
    form = PupilSearchForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_valid():
        found = pupil_search(user=request.user, query=form.cleaned_data["q"])
        page = Paginator(found, 25).get_page(request.GET.get("page"))
        # The search words are personal data: the trail records that a search happened.
        audit.record(
            request.user,
            "pupil.search",
            request=request,
            detail={"page": page.number, "shown": len(page.object_list)},
        )
    return render(request, "pupils/pupil_search.html", {"form": form, "page": page})


@require_GET
def pupil_detail(request, pupil_id: int):
    access.require(request.user, Permission.VIEW_PUPILS)
    profile = pupil_profile(user=request.user, pupil_id=pupil_id, on=timezone.localdate())
    if profile is None:
        raise Http404("No such pupil in your records.")
    audit.record(request.user, "pupil.view", profile.pupil, request=request)
    attendance = pupil_attendance(
        pupil_id=profile.pupil.pk,
        upn=profile.pupil.upn,
        enrolments=profile.enrolments,
    )
    context = {
        "profile": profile,
        "attendance": attendance,
        "legend": LEGEND,
        "history": pupil_history(profile.pupil),
    }
    return render(request, "pupils/pupil_detail.html", context)
