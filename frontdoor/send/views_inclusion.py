"""The inclusion dashboard (CATIE): for council staff, every district's and school's pupils with
SEN support and EHC plans against what their intakes predict, with attendance, suspensions,
permanent exclusions, part-time timetables and moves out; a school against its district and
the county. Aggregates only: no child is named, so nothing here is audited as a child's view."""

import hashlib

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from frontdoor.core import access
from frontdoor.reports.tables import table_response
from frontdoor.send import charts_inclusion, inclusion, selectors_inclusion
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
            "measure": chosen.get("measure") or "ehcp",
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
    context = {"form": form, "figures": figures, "figures_html": _figures_html(figures, filters)}
    return render(request, "send/inclusion.html", context)


def _figures_html(figures: InclusionFigures, filters: dict) -> str:
    """The tables and chart for the filters: the same for all council staff, so rendered once
    per version of the figures and choice of filters, then cached."""
    choice = "|".join(f"{name}={filters[name]}" for name in sorted(filters))
    key = "send-inclusion-html:" + hashlib.sha256(f"{figures.key}|{choice}".encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string("send/inclusion_figures.html", _figures_context(figures, filters))
        cache.set(key, html, timeout=selectors_inclusion.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (our own template's output, escaped when rendered)


def _figures_context(figures: InclusionFigures, filters: dict) -> dict:
    schools = figures.chosen(district=filters["district"], phase=filters["phase"])
    measure = filters["measure"]
    above, below = selectors_inclusion.beyond_limits(schools, measure)
    points = selectors_inclusion.funnel_points(schools, measure)
    measure_label = inclusion.MEASURES[measure]
    return {
        "filters": filters,
        "figures": figures,
        "measure_label": measure_label,
        "phase_label": dict(figures.phases).get(filters["phase"], ""),
        "where": _where(figures, filters),
        "districts": figures.by_district(phase=filters["phase"]),
        "county": selectors_inclusion.total(figures.chosen(phase=filters["phase"])),
        "schools_shown": len(schools),
        "points": points,
        # One reverse for the page, not one a row.
        "school_href": reverse("send_inclusion_school", kwargs={"urn": 0}).removesuffix("0/"),
        "chart": charts_inclusion.funnel(
            points,
            title=f"{measure_label}: each school against its intake",
            axis=f"Pupils expected with {measure_label} (log scale)",
        ),
        "above": above,
        "below": below,
    }


def _where(figures: InclusionFigures, filters: dict) -> str:
    """The filters in words, to follow "schools": "", " in Thanet", " in Thanet (primary)"."""
    district = next(
        (
            s.district_name
            for s in figures.schools.values()
            if filters["district"] and s.district_code == filters["district"]
        ),
        "",
    )
    phase = dict(figures.phases).get(filters["phase"], "").lower()
    return (f" in {district}" if district else "") + (f" ({phase})" if phase else "")


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
