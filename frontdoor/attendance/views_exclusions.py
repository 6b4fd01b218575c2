"""Suspensions and permanent exclusions: the county's figures (days lost, rates per 100 pupils,
repeat suspensions, by district and cohort), and a school's records with their reconciliation
against the E codes in its registers."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.attendance import areas, exclusions, summaries
from frontdoor.attendance.forms import ExclusionForm
from frontdoor.attendance.models import Exclusion
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.calendar import (
    academic_year_end,
    academic_year_label,
    academic_year_of,
    academic_year_start,
)
from frontdoor.pupils.selectors import pupil_names, pupils_visible_to
from frontdoor.schools.models import Establishment


@require_GET
def exclusions_county(request):
    areas.require_county(request.user)
    today = timezone.localdate()
    year = academic_year_of(today)
    summary = summaries.latest_summary()
    mismatches = exclusions.reconciliation(summary) if summary else []
    context = {
        "figures": exclusions.figures(Establishment.objects.all(), year, today),
        "year_label": academic_year_label(year),
        "today": today,
        "mismatched_pupils": len(mismatches),
        "mismatched_schools": len({m.urn for m in mismatches}),
    }
    return render(request, "attendance/exclusions_county.html", context)


def exclusions_school(request, urn: int):
    found = areas.school(request.user, urn)
    school = found.school
    today = timezone.localdate()
    year = academic_year_of(today)
    can_record = access.can(request.user, Permission.RECORD_EXCLUSIONS)
    form = ExclusionForm(request.POST or None) if can_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        pupil = pupils_visible_to(request.user).filter(upn__iexact=data["upn"].strip()).first()
        if pupil is None:
            form.add_error("upn", "No pupil you can see has that UPN.")
        else:
            try:
                exclusions.exclusion_record(
                    pupil=pupil,
                    school=school,
                    kind=data["kind"],
                    start_date=data["start_date"],
                    reason=data["reason"],
                    sessions=data["sessions"],
                    by=request.user,
                )
            except exclusions.ExclusionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Recorded.")
                return redirect("exclusions_school", urn=urn)
    named = access.pupil_reach(request.user) is not None
    records, mismatches = [], []
    if named:
        records = _named_records(request.user, school, year)
        summary = summaries.latest_summary()
        found_mismatches = exclusions.reconciliation(summary, {urn}) if summary else []
        names = pupil_names(request.user, {m.pupil_id for m in found_mismatches})
        mismatches = [(m, names.get(m.pupil_id)) for m in found_mismatches if m.pupil_id in names]
        audit.record(request.user, "attendance.exclusions", school, request=request)
    context = {
        "school": school,
        "figures": exclusions.figures(Establishment.objects.filter(pk=school.pk), year, today)[
            "all"
        ],
        "year_label": academic_year_label(year),
        "form": form,
        "named": named,
        "records": records,
        "mismatches": mismatches,
    }
    return render(request, "attendance/exclusions_school.html", context)


def _named_records(user, school, year):
    rows = list(
        Exclusion.objects.filter(
            establishment=school,
            start_date__range=(academic_year_start(year), academic_year_end(year)),
        ).select_related("pupil")
    )
    visible = set(
        pupils_visible_to(user)
        .filter(pk__in=[r.pupil_id for r in rows])
        .values_list("pk", flat=True)
    )
    return [row for row in rows if row.pupil_id in visible]
