"""The attendance dashboards: the county, a district, a school and a year group, each with its
own address. Figures come from the latest attendance summary (`dashboards`); who may see which
area is the access layer's decision."""

import hashlib
from dataclasses import replace

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from frontdoor.attendance import areas, dashboards, exports, rates, selectors, summaries, worklists
from frontdoor.attendance.areas import COUNTY_NAME
from frontdoor.attendance.dashboards import Area
from frontdoor.attendance.measures import COMPULSORY
from frontdoor.core import access, audit, suppression
from frontdoor.core.access import Permission
from frontdoor.pupils.models import nc_year_label
from frontdoor.pupils.selectors import pupil_names
from frontdoor.reports import charts
from frontdoor.reports.tables import FORMATS, table_response
from frontdoor.schools.models import District, Establishment

PUPILS_PER_PAGE = 50


@require_GET
def attendance_home(request):
    """Council staff start at the county; a school's or trust's users at their school(s)."""
    access.require(request.user, Permission.VIEW_ATTENDANCE)
    if access.can_view_county_attendance(request.user):
        return redirect("attendance_county")
    reachable = list(areas.schools_for(request.user).order_by("name"))
    if len(reachable) == 1:
        return redirect("attendance_school", urn=reachable[0].urn)
    return render(request, "attendance/schools.html", {"schools": reachable})


@require_GET
def attendance_county(request):
    found = areas.county(request.user)
    links = {code: ("attendance_district", {"code": code}) for code in found.names}
    return _dashboard_page(request, found, [], links=links)


@require_GET
def attendance_district(request, code: str):
    found = areas.district(request.user, code)
    links = {urn: ("attendance_school", {"urn": urn}) for urn in found.names}
    crumbs = [(COUNTY_NAME, "attendance_county", {})]
    return _dashboard_page(request, found, crumbs, links=links)


@require_GET
def attendance_school(request, urn: int):
    found = areas.school(request.user, urn)
    links = {year: ("attendance_year_group", {"urn": urn, "nc_year": year}) for year in COMPULSORY}
    return _dashboard_page(request, found, _crumbs(request.user, found.school), links=links)


@require_GET
def attendance_year_group(request, urn: int, nc_year: int):
    found = areas.year_group(request.user, urn, nc_year)
    school = found.school
    crumbs = [*_crumbs(request.user, school), (school.name, "attendance_school", {"urn": urn})]
    return _dashboard_page(request, found, crumbs, with_pupils=True)


def _dashboard_page(request, found: areas.Resolved, crumbs, *, links=None, with_pupils=False):
    area, school, names = found.area, found.school, found.names
    summary = summaries.latest_summary()
    if summary is None:
        return render(request, "attendance/no_summary.html", {"area": area}, status=200)
    pupils = _pupils(request, summary, area, school) if with_pupils else None
    phase = _phase(school)
    if request.GET.get("download") in FORMATS:
        board = dashboards.dashboard(summary, area, names=names)
        return _download(request, request.GET["download"], board, pupils)
    context = {
        "area": area,
        "summary": summary,
        "crumbs": [(label, reverse(name, kwargs=kwargs)) for label, name, kwargs in crumbs],
        "figures": _figures_html(
            summary, area, phase, names or {}, links or {}, suppression.applies_to(request.user)
        ),
        "pupils": _pupils_page(request, pupils, area, school) if pupils is not None else None,
        "worklists_query": _worklists_query(request.user, area),
        "meetings_href": _meetings_href(request.user, school, area),
        "exclusions_href": _exclusions_href(request.user, area),
        "responsibilities_href": reverse("responsibilities", kwargs={"urn": area.urn})
        if area.level == "school"
        else "",
    }
    return render(request, "attendance/dashboard.html", context)


def _meetings_href(user, school: Establishment | None, area: Area) -> str:
    """Where this area's Targeting Support Meetings are: the school's, or the coverage."""
    if school is not None and area.nc_year is None:
        reachable = access.scope_tsm_schools(user, Establishment.objects.filter(pk=school.pk))
        return reverse("tsm_school", kwargs={"urn": school.urn}) if reachable.exists() else ""
    if area.level == "county" and access.can_view_county_attendance(user):
        return reverse("tsm_coverage")
    return ""


def _exclusions_href(user, area: Area) -> str:
    if area.level == "school":
        return reverse("exclusions_school", kwargs={"urn": area.urn})
    if area.level == "county" and access.can_view_county_attendance(user):
        return reverse("exclusions_county")
    return ""


def _worklists_query(user, area: Area) -> str | None:
    """The worklists' query for this area, or None when the user may not see named pupils."""
    if access.pupil_reach(user) is None:
        return None
    if area.urn is not None:
        return f"school={area.urn}"
    return f"district={area.district}" if area.district else ""


def _figures_html(summary, area: Area, phase: str, names: dict, links: dict, suppress: bool) -> str:
    """The page's figures (headline, chart, breakdown, cohorts): the same for everyone who may
    see the area, so rendered once per summary, area and import of DfE figures, then cached."""
    parts = [summary.store_stamp, str(summary.path), repr(area), phase, str(suppress)]
    parts.append(selectors.dfe_figures_stamp())
    key = "attendance-figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "attendance/_figures.html",
            _figures_context(summary, area, phase, names, links, suppress),
        )
        cache.set(key, html, timeout=None)
    return mark_safe(html)  # noqa: S308 (our own template's output, escaped when rendered)


def weekly_chart(board, similar=None) -> str:
    """The area's week-by-week chart, this year against last, and against the `similar`
    schools' dashboard when given ("" without weeks)."""
    if not board.weekly:
        return ""
    return charts.weekly_attendance(
        board.weekly,
        current_year=board.summary.academic_year,
        title=f"Attendance by week: {board.area.name}",
        similar=similar.weekly if similar else None,
    )


def _figures_context(
    summary, area: Area, phase: str, names: dict, links: dict, suppress: bool
) -> dict:
    board = dashboards.dashboard(summary, area, names=names)
    comparators = selectors.latest_dfe_comparison(phase=phase)
    return {
        "board": board,
        "headline": _headline_rows(board, comparators),
        "comparators": comparators,
        "breakdown": [
            (
                figures,
                reverse(links[figures.key][0], kwargs=links[figures.key][1])
                if figures.key in links
                else "",
                suppress and suppression.hides(figures.enrolments),
            )
            for figures in board.breakdown
        ],
        # A small cohort hides its other pupils too: the rest of the area would give it away.
        "cohorts": [
            (inside, others, suppress and suppression.hides(inside.enrolments))
            for inside, others in board.cohorts
        ],
        "suppress": suppress,
        "chart": weekly_chart(board),
        "persistent_chart": charts.persistent_absence(
            board.persistent,
            current_year=summary.academic_year,
            title=f"Persistent absence through the year: {area.name}",
        )
        if board.persistent
        else "",
        "daily_chart": charts.daily_attendance(board.daily, title=f"Attendance by day: {area.name}")
        if board.daily
        else "",
        "pattern_chart": charts.weekday_pattern(
            board.pattern, title=f"Attendance by day and session: {area.name}"
        )
        if board.pattern
        else "",
        "bands_chart": charts.absence_bands(
            board.bands,
            labels={band: dashboards.band_label(band) for band in range(dashboards.LAST_BAND + 1)},
            years={row["nc_year"]: nc_year_label(row["nc_year"]) for row in board.bands},
            title=f"Pupils by overall absence: {area.name}",
        )
        if board.bands
        else "",
    }


def _pupils(request, summary, area: Area, school: Establishment) -> list[dict] | None:
    """The year group's pupils, for users who may open children's records; None otherwise."""
    if not access.can(request.user, Permission.VIEW_PUPILS):
        return None
    everyone = dashboards.year_group_pupils(summary, area, None)
    names = pupil_names(request.user, {row["pupil_id"] for row in everyone})
    rows = dashboards.year_group_pupils(summary, area, set(names))
    return [row | {"name": names[row["pupil_id"]]} for row in rows]


def _pupils_page(request, pupils: list[dict], area: Area, school: Establishment):
    """A page of the year group's pupils, each linked to their record; the view is audited."""
    page = Paginator(pupils, PUPILS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = rates.with_session_rates(page.object_list)
    # One reverse for the page, not one a row.
    href = reverse("pupil_detail", kwargs={"pupil_id": 0})
    for row in page.object_list:
        row["href"] = href.replace("/0/", f"/{row['pupil_id']}/")
    audit.record(
        request.user,
        "attendance.year_group_pupils",
        school,
        request=request,
        detail={"nc_year": area.nc_year, "page": page.number, "shown": len(page.object_list)},
    )
    return page


HEADLINE = [
    ("Attendance", "attendance_rate"),
    ("Overall absence", "overall_absence_rate"),
    ("Authorised absence", "authorised_absence_rate"),
    ("Unauthorised absence", "unauthorised_absence_rate"),
    ("Persistent absence (10% or more)", "persistent_absence_rate"),
    ("Severe absence (50% or more)", "severe_absence_rate"),
    ("At risk (5% to under 10%)", "at_risk_rate"),
]


def _headline_rows(board, comparators) -> list[tuple[str, list]]:
    """Each measure across the periods, then England and the region when imported."""
    areas = []
    if comparators is not None:
        areas = [comparators.comparison.england, comparators.comparison.region]
    rows = []
    for label, name in HEADLINE:
        values = [figures.rates[name] for figures in board.headline.values()]
        for area in areas:
            if area is None:
                values.append(None)
            elif name == "persistent_absence_rate":
                values.append(area.persistent_absence_rate)
            else:
                values.append(area.rates.get(name))
        rows.append((label, values))
    return rows


def _phase(school: Establishment | None) -> str:
    """The DfE phase to compare with: the school's, or all phases for a wider area."""
    if school is not None and school.sector in {"primary", "secondary", "special"}:
        return school.sector
    return "total"


def _download(request, kind: str, board, pupils) -> HttpResponse:
    """The page's table: its pupils (audited) for a year group, else the figures."""
    name = "attendance-" + board.area.name.lower().replace(" ", "-").replace(",", "")
    if pupils is not None:
        audit.record(
            request.user,
            "attendance.year_group_pupils.download",
            request=request,
            detail={"area": board.area.name, "rows": len(pupils), "format": kind},
        )
        rows = [
            [
                row["name"],
                row["possible_sessions"],
                row["attendance_rate"],
                row["overall_absence_rate"],
                row["persistent_absence"],
            ]
            for row in rates.with_session_rates(pupils)
        ]
        header = ["pupil", "possible sessions", "attendance %", "absence %", "persistent"]
        return table_response(kind, name=name, header=header, rows=rows)
    return table_response(
        kind, name=name, header=exports.FIGURES_HEADER, rows=exports.figures_rows(board)
    )


def _crumbs(user, school: Establishment) -> list:
    if not access.can_view_county_attendance(user):
        return []
    return [
        (COUNTY_NAME, "attendance_county", {}),
        (school.district.name, "attendance_district", {"code": school.district.code}),
    ]


# --- worklists ----------------------------------------------------------------------------------


@require_GET
def worklist_index(request):
    """Each worklist and how many pupils are on it, within the user's reach (narrowed to a
    district or school with ?district= or ?school=)."""
    reach, narrowed, label = _worklist_reach(request)
    summary = summaries.latest_summary()
    if summary is None:
        return render(request, "attendance/no_summary.html", {"area": Area(label)})
    found = worklists.counts(summary, reach)
    lists = [(w, found[slug]) for slug, w in worklists.WORKLISTS.items()]
    context = {"lists": lists, "label": label, "query": narrowed, "summary": summary}
    return render(request, "attendance/worklists.html", context)


@require_GET
def worklist_pupils(request, slug: str):
    if slug not in worklists.WORKLISTS:
        raise Http404("No such worklist.")
    reach, narrowed, label = _worklist_reach(request)
    summary = summaries.latest_summary()
    if summary is None:
        return render(request, "attendance/no_summary.html", {"area": Area(label)})
    chosen = worklists.pupils(summary, reach, slug)
    if request.GET.get("download") in FORMATS:
        return _worklist_download(request, request.GET["download"], slug, chosen.to_pylist())
    paginator = Paginator(range(chosen.num_rows), PUPILS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    start = page.start_index() - 1 if chosen.num_rows else 0
    rows = worklists.named_rows(
        request.user, chosen.slice(start, len(page.object_list)).to_pylist()
    )
    audit.record(
        request.user,
        "attendance.worklist",
        request=request,
        detail={"worklist": slug, "page": page.number, "shown": len(rows)},
    )
    context = {
        "worklist": worklists.WORKLISTS[slug],
        "rows": worklists.with_detail(slug, rates.with_session_rates(rows)),
        "page": page,
        "label": label,
        "query": narrowed,
        "summary": summary,
    }
    return render(request, "attendance/worklist.html", context)


def _worklist_reach(request):
    """The user's reach, narrowed by ?district= or ?school= when given (never widened)."""
    reach = access.pupil_reach(request.user)
    if reach is None:
        raise PermissionDenied("Worklists name pupils: your role does not include that.")
    district, urn = request.GET.get("district", ""), request.GET.get("school", "")
    if urn.isdigit():
        school = get_object_or_404(Establishment, urn=int(urn))
        urns = {school.urn} if reach.urns is None else reach.urns & {school.urn}
        return replace(reach, urns=frozenset(urns)), f"school={urn}", school.name
    if district:
        found = get_object_or_404(District, code=district)
        codes = {district} if reach.districts is None else reach.districts & {district}
        return replace(reach, districts=frozenset(codes)), f"district={district}", found.name
    return reach, "", "all the pupils you work with"


def _worklist_download(request, kind: str, slug: str, rows: list[dict]) -> HttpResponse:
    named = worklists.with_detail(
        slug, rates.with_session_rates(worklists.named_rows(request.user, rows))
    )
    detail = worklists.WORKLISTS[slug].detail
    audit.record(
        request.user,
        "attendance.worklist.download",
        request=request,
        detail={"worklist": slug, "rows": len(named), "format": kind},
    )
    return table_response(
        kind,
        name=f"worklist-{slug}",
        header=["pupil", "school", "year", "attendance %", "unauthorised absence %"]
        + ([detail[1].lower()] if detail else []),
        rows=[
            [
                row["name"],
                row["school"],
                nc_year_label(row["nc_year"]),
                row["attendance_rate"],
                row["unauthorised_absence_rate"],
            ]
            + ([row["detail"]] if detail else [])
            for row in named
        ],
    )
