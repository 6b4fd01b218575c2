"""Phase transfer pages: a year's progress against the 15 February and 31 March deadlines (and
opening its transfers), a cohort's children, and one transfer with its steps. Parse, call a
service or selector, render; a step posts back to its transfer's page (Post/Redirect/Get)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send import charts_transfers, transfers
from frontdoor.send import forms_transfers as forms
from frontdoor.send.models_transfers import TransferKind
from frontdoor.send.selectors import send_districts_for
from frontdoor.send.selectors_transfers import (
    ALL_KINDS,
    KIND_SHORT,
    CohortFilters,
    cohort_transfers,
    settings_for,
    transfer_for,
    transfer_record,
    transfer_rows,
    year_progress,
    years_to_choose,
)
from frontdoor.send.services import SendRefused
from frontdoor.send.step_pages import Step, take_step

TRANSFERS_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def transfers_progress(request):
    """A year's progress; its POSTs open the year's transfers or add one by hand."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    today = timezone.localdate()
    working = transfers.working_transfer_year(today)
    years = years_to_choose(request.user, working)
    chosen = forms.YearForm(request.POST or request.GET or None, years=years)
    year = chosen.cleaned_data["year"] if chosen.is_valid() else working
    if request.method == "POST" and not chosen.is_valid():
        raise Http404("No such year.")  # a stale or tampered form
    adding = forms.TransferAddForm(
        request.POST if request.POST.get("action") == "add" else None, year=year
    )
    if request.method == "POST":
        if adding.is_bound:
            added = _add(request, adding)
            if added is not None:
                return redirect("send_transfer", transfer_id=added.pk)
        else:
            _open(request, year)
            return redirect(f"{reverse('send_transfers')}?{urlencode({'year': year})}")
    progress = year_progress(request.user, year, today=today)
    context = {
        "year_form": forms.YearForm(years=years, initial={"year": year}),
        "adding": adding,
        "form": adding if adding.is_bound else None,
        "year": year,
        "progress": progress,
        "deadlines": progress.deadlines,
        "chart": charts_transfers.progress_to_deadline(
            progress.curve,
            deadline_days=progress.deadlines,
            title=f"Amended plans issued for moves in September {year}",
        )
        if progress.curve
        else None,
        "series": charts_transfers.SERIES,
    }
    return render(request, "send/transfers.html", context)


def _open(request, year: int) -> None:
    opened = transfers.phase_transfers_open(transfer_year=year, by=request.user)
    messages.success(
        request,
        f"{opened} transfer{'s' if opened != 1 else ''} opened for September {year}."
        if opened
        else f"No new movers for September {year}: every one is already open.",
    )


def _add(request, form: forms.TransferAddForm):
    if not form.is_valid():
        return None
    try:
        added = transfers.phase_transfer_add(by=request.user, **form.service_arguments())
    except SendRefused as refused:
        form.add_error(form.field_for(refused.field), str(refused))
        return None
    messages.success(request, f"Transfer added for September {added.transfer_year}.")
    return added


@require_GET
def transfer_cohort(request, year: int, kind: str):
    access.require(request.user, Permission.WORK_SEND_CASES)
    if kind != ALL_KINDS and kind not in TransferKind.values:
        raise Http404("No such kind of transfer.")
    today = timezone.localdate()
    districts = send_districts_for(request.user)
    form = forms.CohortFilterForm(request.GET, districts=districts)
    form.is_valid()  # every filter is optional; a bad one is dropped
    chosen = form.cleaned_data
    filters = CohortFilters(
        year=year,
        kind=kind,
        district=chosen.get("district"),
        cohort=chosen.get("cohort", ""),
        status=chosen.get("status", ""),
    )
    found = cohort_transfers(request.user, filters, today=today)
    page = Paginator(found, TRANSFERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = transfer_rows(page.object_list, today=today)
    audit.record(
        request.user,
        "phase_transfer.list",
        request=request,
        detail={"year": year, "kind": kind, "page": page.number, "shown": len(rows)},
    )
    context = {
        "year": year,
        "kind": kind,
        "kind_label": KIND_SHORT.get(kind, "All moves"),
        "kinds": [(ALL_KINDS, "All moves"), *KIND_SHORT.items()],
        "form": form,
        "many_districts": districts.count() > 1,
        "filters": filters,
        "page": page,
        "rows": rows,
    }
    return render(request, "send/transfer_cohort.html", context)


# One transfer ----------------------------------------------------------------------------------


def _unsettled(record) -> bool:
    """Every step is open until the amended plan is issued."""
    return not record.issued


STEPS = [
    Step(
        "preferences",
        "Record the family’s preference and who agrees",
        "Record the preference",
        "Preference recorded.",
        forms.PreferencesForm,
        transfers.phase_transfer_preferences_record,
        _unsettled,
        explain="When the parents and the school both agree, the transfer is in cohort 1; when "
        "they do not, in cohort 2, for a District Placement Meeting.",
    ),
    Step(
        "placement_meeting",
        "District Placement Meeting (cohort 2)",
        "Record the meeting",
        "District Placement Meeting recorded: the transfer is in cohort 2.",
        forms.PlacementMeetingForm,
        transfers.phase_transfer_placement_meeting_record,
        _unsettled,
        explain="Where the school, the council and the parents differ, the district’s placement "
        "meeting decides the setting. Record the date when it is arranged, and its decision "
        "once held.",
    ),
    Step(
        "issue",
        "Name the setting and issue the amended plan",
        "Issue the amended plan",
        "Amended plan issued.",
        forms.AmendedIssueForm,
        transfers.phase_transfer_amended_issue,
        _unsettled,
        explain="The final amended plan naming the school or college, with appeal rights: the "
        "plan in force with section I naming the setting becomes its next version. Issued after "
        "the deadline it is still recorded, as late. If the plan has a draft amendment open, "
        "issue that from the plan’s page instead: the transfer is recorded with it.",
    ),
    Step(
        "mop_up",
        "Move to the mop-up (cohort 3)",
        "Move to the mop-up",
        "Moved to the mop-up: the transfer is in cohort 3.",
        forms.MopUpForm,
        transfers.phase_transfer_mop_up,
        _unsettled,
        explain="A late application or a late plan is settled in the mop-up after the main round.",
        occasional=True,
    ),
]


@require_http_methods(["GET", "POST"])
def transfer_detail(request, transfer_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    transfer = transfer_for(request.user, transfer_id)
    if transfer is None:
        raise Http404("No such transfer in your area.")
    today = timezone.localdate()
    record = transfer_record(request.user, transfer, today=today)
    settings = settings_for(transfer)
    steps = take_step(
        request,
        [step for step in STEPS if step.offered(record)],
        lambda step, data: _step_form(step, transfer, settings, data, today),
        on="transfer",
    )
    if steps.taken:
        return redirect("send_transfer", transfer_id=transfer.pk)
    # Every showing of the transfer is a view of a child's record, a refused step's page too.
    audit.record(request.user, "phase_transfer.view", transfer, request=request)
    context = {
        "record": record,
        "transfer": transfer,
        "plan": transfer.plan,
        "forms": steps.forms,
        "form": steps.form,
    }
    return render(request, "send/transfer_detail.html", context)


def _step_form(step: Step, transfer, settings, data, today) -> forms.TransferStepForm:
    initial = {"on": today}
    if step.form is forms.PreferencesForm:
        initial |= {"preference": transfer.preference_id}
    elif step.form is forms.PlacementMeetingForm:
        initial = {
            "on": transfer.placement_meeting_on,
            "setting_decided": transfer.named_setting_id,
        }
    elif step.form is forms.AmendedIssueForm:
        initial |= {"named_setting": transfer.named_setting_id or transfer.preference_id}
    return step.form(
        data, transfer=transfer, settings=settings, prefix=step.action, initial=initial
    )
