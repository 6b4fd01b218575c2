"""The schools datasets the schools block formula runs on: the list, an upload (CSV or Excel,
every problem listed and nothing saved), one dataset's summary and its CSV, and deleting one."""

from collections import Counter

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.funding import selectors, services
from frontdoor.funding.forms_datasets import DatasetUploadForm
from frontdoor.funding.schools_data import PHASES
from frontdoor.funding.services import DatasetRefused
from frontdoor.funding.tables import Cell, Table, label


@require_GET
def dataset_list(request):
    datasets = selectors.datasets_of(request.user)
    return render(request, "funding/dataset_list.html", {"datasets": datasets})


@require_http_methods(["GET", "POST"])
def dataset_upload(request):
    selectors.datasets_of(request.user)  # the access check
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.schools_dataset_upload(
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["file"],
            )
        except DatasetRefused as refused:
            for field, message in refused.problems:
                form.add_error(field, message)
        else:
            messages.success(request, f"Dataset saved: {dataset.name}, {dataset.schools:,} "
                             "schools.")  # fmt: skip
            return redirect("funding_dataset", dataset_id=dataset.pk)
    return render(request, "funding/dataset_upload.html", {"form": form})


@require_GET
def dataset_detail(request, dataset_id: int):
    dataset = selectors.dataset_for(request.user, dataset_id)
    if request.GET.get("download") == "csv":
        response = HttpResponse(dataset.body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(dataset.name)}.csv"'
        return response
    schools = selectors.dataset_schools(dataset)
    context = {
        "dataset": dataset,
        "table": _by_district(schools),
        "maintained": sum(1 for school in schools if school.maintained),
    }
    return render(request, "funding/dataset_detail.html", context)


def _by_district(schools) -> Table:
    """Schools by district and phase, with their pupils, and the county's line."""
    phases = [phase for phase in PHASES if any(s.phase == phase for s in schools)]
    lines: dict[str, list] = {}  # district -> its schools
    for school in schools:
        lines.setdefault(school.district or "No district given", []).append(school)
    lines = dict(sorted(lines.items())) | {"All": list(schools)}
    rows = []
    for district, theirs in lines.items():
        by_phase = Counter(school.phase for school in theirs)
        rows.append([label(district), *(_count(by_phase[phase]) for phase in phases),
                     _count(len(theirs)),
                     _count(sum(school.pupils_on_roll for school in theirs))])  # fmt: skip
    names = [phase.capitalize() for phase in phases]
    return Table(
        "Schools by district and phase, and their pupils (reception to Y11)",
        ["District", *names, "Schools", "Pupils"],
        ["district", *phases, "schools", "pupils"],
        rows,
    )


def _count(number: int) -> Cell:
    return Cell(number, f"{number:,}")


@require_http_methods(["GET", "POST"])
def dataset_delete(request, dataset_id: int):
    dataset = selectors.dataset_for(request.user, dataset_id)
    if request.method == "POST":
        services.schools_dataset_delete(by=request.user, dataset=dataset)
        messages.success(request, f"Dataset deleted: {dataset.name}.")
        return redirect("funding_datasets")
    return render(request, "funding/dataset_delete.html", {"dataset": dataset})
