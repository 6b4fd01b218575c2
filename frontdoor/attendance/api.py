"""The aggregate API for the tools councils already use (Power BI, Excel): each dashboard's
figures as JSON, or CSV with `?format=csv`, scoped exactly as the pages are (`areas`), with a
bearer key from /accounts/api-tokens/ (core.middleware checks it). Named pupils only through the
worklists, for keys whose user may see them, and every such call is audited. Described by
/api/openapi.json."""

from decimal import Decimal

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from frontdoor.attendance import areas, dashboards, exports, openapi, rates, summaries, worklists
from frontdoor.attendance.measures import COMPULSORY
from frontdoor.core import access, audit, suppression
from frontdoor.pupils.models import nc_year_label
from frontdoor.reports.tables import FORMATS, table_response


@require_GET
def api_openapi(request):
    return JsonResponse(openapi.document())


@require_GET
def api_areas(request):
    """The areas this key may ask for, with their addresses."""
    listed = []
    if access.can_view_county_attendance(request.user):
        listed.append(
            {"level": "county", "name": areas.COUNTY_NAME, "url": "/api/attendance/county/"}
        )
        found = areas.county(request.user)
        listed += [
            {
                "level": "district",
                "code": code,
                "name": name,
                "url": f"/api/attendance/districts/{code}/",
            }
            for code, name in sorted(found.names.items(), key=lambda item: item[1])
        ]
    for urn, name in areas.schools_for(request.user).order_by("name").values_list("urn", "name"):
        listed.append(
            {"level": "school", "urn": urn, "name": name, "url": f"/api/attendance/schools/{urn}/"}
        )
    return JsonResponse({"areas": listed})


@require_GET
def api_county(request):
    return _figures(request, areas.county(request.user))


@require_GET
def api_district(request, code: str):
    return _figures(request, areas.district(request.user, code))


@require_GET
def api_school(request, urn: int):
    return _figures(request, areas.school(request.user, urn))


@require_GET
def api_year_group(request, urn: int, nc_year: int):
    if nc_year not in COMPULSORY:
        raise Http404(f"Figures are for Years 1 to 11, not {nc_year_label(nc_year)}.")
    return _figures(request, areas.year_group(request.user, urn, nc_year))


@require_GET
def api_worklist(request, slug: str):
    """A worklist's pupils within the key's reach (pupil id, name, school, year, counts and
    rates); only for keys whose user may see named pupils."""
    if slug not in worklists.WORKLISTS:
        raise Http404("No such worklist.")
    reach = access.pupil_reach(request.user)
    if reach is None:
        return JsonResponse({"error": "This key's role sees aggregates only."}, status=403)
    summary = _summary()
    rows = rates.with_session_rates(
        worklists.named_rows(request.user, worklists.pupils(summary, reach, slug).to_pylist())
    )
    shown = [{name: _plain(row[name]) for name in WORKLIST_FIELDS} for row in rows]
    audit.record(
        request.user,
        "api.worklist",
        request=request,
        detail={"worklist": slug, "rows": len(shown)},
    )
    return JsonResponse({"worklist": slug, "as_at": summary.as_at.isoformat(), "pupils": shown})


def _figures(request, found: areas.Resolved):
    board = dashboards.dashboard(_summary(), found.area, names=found.names)
    if request.GET.get("format") in FORMATS:
        return table_response(
            request.GET["format"],
            name="attendance",
            header=exports.FIGURES_HEADER,
            rows=exports.figures_rows(board),
        )
    return JsonResponse(exports.board_json(board, suppress=suppression.applies_to(request.user)))


def _summary():
    summary = summaries.latest_summary()
    if summary is None:
        raise Http404("There are no attendance figures yet: no register marks have been received.")
    return summary


WORKLIST_FIELDS = [
    "pupil_id",
    "name",
    "urn",
    "school",
    "nc_year",
    "possible_sessions",
    "overall_attendance",
    "unauthorised_absence",
    "attendance_rate",
    "overall_absence_rate",
    "unauthorised_absence_rate",
]


def _plain(value):
    return exports.number(value) if isinstance(value, Decimal) else value
