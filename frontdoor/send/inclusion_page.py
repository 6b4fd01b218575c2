"""The inclusion dashboard's figures as HTML: its tables and funnel chart for a choice of
district, phase and measure. They are the same for every member of council staff, so each choice
is rendered once per version of the figures and kept in the "shared" cache that every process
reads; `frontdoor send inclusion` renders the first choice (the county, every phase, EHC plans)
ahead of the first visitor."""

import hashlib

from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from frontdoor.send import charts_inclusion, inclusion, selectors_inclusion
from frontdoor.send.selectors_inclusion import InclusionFigures

# What the dashboard shows before any filter is chosen.
DEFAULT_FILTERS = {"district": "", "phase": "", "measure": "ehcp"}


def figures_html(figures: InclusionFigures, filters: dict) -> str:
    """The tables and chart for the filters: the same for all council staff, so rendered once
    per version of the figures and choice of filters, for every process (the "shared" cache)."""
    choice = "|".join(f"{name}={filters[name]}" for name in sorted(filters))
    key = "send-inclusion-html:" + hashlib.sha256(f"{figures.key}|{choice}".encode()).hexdigest()
    shared = caches["shared"]
    html = shared.get(key)
    if html is None:
        html = render_to_string("send/inclusion_figures.html", _figures_context(figures, filters))
        shared.set(key, html, timeout=selectors_inclusion.CACHE_SECONDS)
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
