"""The Virtual School's pages: its children with their attendance, exclusions, SEN status and
this term's PEP (a page of them, or all as a download), and one child's PEPs with the form for
this term's. Parse, call a selector or service, render; every showing is audited."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.attendance.summaries import latest_summary
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.models import nc_year_label
from frontdoor.reports import charts
from frontdoor.reports.tables import FORMATS, table_response
from frontdoor.send import virtual_school
from frontdoor.send.forms_virtual_school import ChildrenFilterForm, PepForm
from frontdoor.send.services import SendRefused

CHILDREN_PER_PAGE = 50
DOWNLOAD_HEADER = [
    "child",
    "groups",
    "school",
    "year",
    "possible sessions",
    "attendance %",
    "persistently absent",
    "severely absent",
    "suspensions",
    "days suspended",
    "permanently excluded on",
    "SEN",
    "PEP this term",
    "PEP held on",
]


@require_GET
def children_list(request):
    access.require(request.user, Permission.KEEP_PEPS)
    form = ChildrenFilterForm(request.GET)
    form.is_valid()  # the one filter is optional; an unknown group is dropped
    group = form.cleaned_data.get("group", "")
    summary = latest_summary()
    if summary is None:
        return render(request, "send/virtual_school.html", {"form": form, "summary": None})
    today = timezone.localdate()
    rows = virtual_school.children(request.user, summary, today)
    chosen = virtual_school.in_group(rows, group)
    if request.GET.get("download") in FORMATS:
        return _download(request, request.GET["download"], chosen, group)
    page = Paginator(chosen, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = virtual_school.named(request.user, page.object_list)
    audit.record(
        request.user,
        "virtual_school.children",
        request=request,
        detail={"group": group, "page": page.number, "shown": len(page.object_list)},
    )
    figures = virtual_school.group_figures(rows)
    context = {
        "form": form,
        "group": group,
        "group_label": virtual_school.GROUPS[group][0] if group else "",
        "summary": summary,
        "figures": figures,
        "chart": _chart(figures) if rows else "",
        "page": page,
        "term": virtual_school.pep_term(today),
    }
    return render(request, "send/virtual_school.html", context)


# The by-group table's rates drawn side by side (the table is the chart's text alternative).
CHART_MEASURES = {
    "attendance_rate": "Attendance",
    "persistent_absence_rate": "Persistently absent",
    "pep_rate": "PEPs held this term",
}


def _chart(figures: list[dict]) -> str:
    return charts.bars(
        [
            {"group": row["label"], "measure": label, "rate": row[rate]}
            for row in figures
            for rate, label in CHART_MEASURES.items()
            if row[rate] is not None  # no bar, rather than a bar labelled 0, for no data
        ],
        category="group",
        value="rate",
        group="measure",
        group_order=list(CHART_MEASURES.values()),
        counts=False,
        axis="Per cent",
        title="Attendance, persistent absence and PEPs held, by group",
    )


def _download(request, kind: str, rows: list[dict], group: str):
    audit.record(
        request.user,
        "virtual_school.children.download",
        request=request,
        detail={"group": group, "rows": len(rows), "format": kind},
    )
    return table_response(
        kind,
        name=f"virtual-school-{group or 'all'}",
        header=DOWNLOAD_HEADER,
        rows=[
            [
                row["name"],
                "; ".join(row["groups"]),
                row["school"],
                nc_year_label(row["nc_year"]),
                row["possible_sessions"],
                row["attendance_rate"],
                "yes" if row["persistent_absence"] else "no",
                "yes" if row["severe_absence"] else "no",
                row["suspensions"],
                row["suspension_days"],
                row["permanent_on"].isoformat() if row["permanent_on"] else "",
                row["sen"],
                row["pep_status"] or "not in care",
                row["pep"].held_on.isoformat() if row["pep"] else "",
            ]
            for row in virtual_school.named(request.user, rows)
        ],
    )


@require_http_methods(["GET", "POST"])
def pep(request, pupil_id: int):
    """The child's PEPs, and this term's to record (or revise: a recorded one is updated)."""
    access.require(request.user, Permission.KEEP_PEPS)
    today = timezone.localdate()
    record = virtual_school.pep_page(request.user, pupil_id, today)
    if record is None:
        raise Http404("No such child among the Virtual School's.")
    if request.method == "POST" and not record.in_care_this_term:
        raise Http404("No PEP is kept for this child this term.")  # a stale or tampered form
    form = None
    if record.in_care_this_term:
        form = PepForm(request.POST if request.method == "POST" else None, initial=_initial(record))
        if request.method == "POST" and form.is_valid():
            try:
                virtual_school.pep_record(
                    pupil=record.pupil,
                    term=record.term,
                    by=request.user,
                    **form.service_arguments(),
                )
            except SendRefused as refused:
                form.add_error(form.field_for(refused.field), str(refused))
            else:
                done = "updated" if record.this_term else "recorded"
                messages.success(request, f"The {record.term.name} term PEP is {done}.")
                return redirect("send_pep", pupil_id=record.pupil.pk)
    # Every showing is a view of a child's record, a refused form's page too.
    audit.record(request.user, "pep.view", record.pupil, request=request)
    return render(request, "send/pep.html", {"record": record, "form": form, "today": today})


def _initial(record) -> dict:
    pep = record.this_term
    if pep is None:
        return {"amount": virtual_school.TERMLY_PUPIL_PREMIUM_PLUS}
    return {"held_on": pep.held_on, "targets": pep.targets, "amount": pep.pupil_premium_plus}
