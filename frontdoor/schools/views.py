from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import (
    establishments_with_pupils_visible_to,
    nc_year_on,
    pupils_on_roll,
)
from frontdoor.schools import selectors
from frontdoor.schools.forms import EstablishmentSearchForm, GiasUploadForm, PupilRollSearchForm
from frontdoor.schools.gias import GiasImportError, parse_gias_csv
from frontdoor.schools.models import Establishment
from frontdoor.schools.services import establishments_import_gias


@require_GET
def establishment_list(request):
    access.require(request.user, Permission.VIEW_SCHOOLS)
    form = EstablishmentSearchForm(request.GET)
    found = (
        selectors.establishments_search(
            query=form.cleaned_data["q"],
            sector=form.cleaned_data["sector"],
            district=form.cleaned_data["district"],
        )
        if form.is_valid()
        else selectors.establishments_search()
    )
    page = Paginator(selectors.with_latest_grade(found), 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_import": access.can(request.user, Permission.IMPORT_REFERENCE_DATA),
    }
    return render(request, "schools/establishment_list.html", context)


@require_GET
def establishment_detail(request, urn: int):
    access.require(request.user, Permission.VIEW_SCHOOLS)
    establishment = get_object_or_404(
        Establishment.objects.select_related("district", "trust"), urn=urn
    )
    context = {
        "establishment": establishment,
        "inspections": selectors.establishment_inspections(establishment),
        "can_see_pupils": establishments_with_pupils_visible_to(request.user)
        .filter(pk=establishment.pk)
        .exists(),
    }
    return render(request, "schools/establishment_detail.html", context)


@require_GET
def establishment_pupils(request, urn: int):
    """The children on roll at a school today, for users whose scope includes the school."""
    establishment = get_object_or_404(establishments_with_pupils_visible_to(request.user), urn=urn)
    today = timezone.localdate()
    form = PupilRollSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    enrolments = pupils_on_roll(
        user=request.user, establishment=establishment, on=today, query=query
    )
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    rows = [(enrolment, nc_year_on(enrolment, today)) for enrolment in page]
    audit.record(
        request.user,
        "school.pupil_list",
        establishment,
        request=request,
        detail={"page": page.number, "shown": len(rows), "searched": bool(query)},
    )
    context = {"establishment": establishment, "form": form, "page": page, "rows": rows}
    return render(request, "schools/establishment_pupils.html", context)


def gias_import(request):
    access.require(request.user, Permission.IMPORT_REFERENCE_DATA)
    form = GiasUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if form.is_valid():
        try:
            rows = parse_gias_csv(form.cleaned_data["file"])
            summary = establishments_import_gias(rows=rows, by=request.user)
        except GiasImportError as error:
            problems = error.problems
            form.add_error("file", "The file has problems, listed below. Nothing was imported.")
        else:
            messages.success(
                request,
                f"Imported the register: {summary.created} new, {summary.updated} updated, "
                f"{summary.unchanged} unchanged, {summary.skipped} not schools or not yet open.",
            )
            return redirect("establishment_list")
    return render(request, "schools/gias_import.html", {"form": form, "problems": problems})
