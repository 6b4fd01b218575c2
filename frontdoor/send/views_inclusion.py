"""The inclusion dashboard (CATIE): for council staff, every district's and school's pupils with
SEN support and EHC plans against what their intakes predict, with attendance, suspensions,
permanent exclusions, part-time timetables and moves out; a school against its district and
the county. Aggregates only: no child is named, so nothing here is audited as a child's view."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdoor.core import access
from frontdoor.reports.tables import table_response
from frontdoor.send import inclusion, selectors_inclusion
from frontdoor.send.inclusion_page import DEFAULT_FILTERS, figures_html
from frontdoor.send.selectors_inclusion import InclusionFigures


class InclusionFilterForm(forms.Form):
    district = forms.ChoiceField(label="District", required=False)
    phase = forms.ChoiceField(label="Phase", required=False)
    measure = forms.ChoiceField(
        label="Compare",
        required=False,
        choices=list(inclusion.MEASURES.items()),
    )

    def __init__(self, *args, figures: InclusionFigures, **kwargs):
        super().__init__(*args, **kwargs)
        districts = sorted({(s.district_name, s.district_code) for s in figures.schools.values()})
        self.fields["district"].choices = [("", "All districts")] + [
            (code, name) for name, code in districts if code
        ]
        self.fields["phase"].choices = [("", "All phases"), *figures.phases]

    def filters(self) -> dict:
        """The chosen filters; one not understood is ignored (all districts, all phases)."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})  # the valid fields (none when unbound)
        return {
            "district": chosen.get("district") or "",
            "phase": chosen.get("phase") or "",
            "measure": chosen.get("measure") or DEFAULT_FILTERS["measure"],
        }


def _require_council(user) -> None:
    if not access.can_view_county_attendance(user):
        raise PermissionDenied("The inclusion dashboard is for council staff.")


@require_GET
def inclusion_dashboard(request):
    _require_council(request.user)
    figures = selectors_inclusion.latest_figures()
    form = InclusionFilterForm(request.GET or None, figures=figures)
    filters = form.filters()
    if request.GET.get("download") == "csv":
        schools = figures.chosen(district=filters["district"], phase=filters["phase"])
        return table_response(
            "csv",
            name="inclusion-schools",
            header=selectors_inclusion.CSV_HEADER,
            rows=selectors_inclusion.csv_rows(schools),
        )
    context = {"form": form, "figures": figures, "figures_html": figures_html(figures, filters)}
    return render(request, "send/inclusion.html", context)


@require_GET
def inclusion_school(request, urn: int):
    _require_council(request.user)
    figures = selectors_inclusion.latest_figures()
    school = figures.schools.get(urn)
    if school is None:
        raise Http404("No school with pupils on roll has that URN.")
    district = figures.district_counts(school.district_code)
    context = {
        "figures": figures,
        "school": school,
        "rows": selectors_inclusion.comparison_rows(
            [school.counts, district, figures.county_counts()]
        ),
        "columns": [school.name, school.district_name, "County"],
        "year_groups": selectors_inclusion.year_groups(figures, school),
    }
    return render(request, "send/inclusion_school.html", context)
