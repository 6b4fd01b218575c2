"""The aggregate API's OpenAPI 3.1 description, served at /api/openapi.json."""

from frontdoor.attendance.worklists import WORKLISTS

_RATES = {
    "type": "object",
    "description": "Percentages, half up to two decimals; null without possible sessions.",
    "additionalProperties": {"type": ["number", "null"]},
}
_COUNTS = {
    "type": "object",
    "description": "Sessions and enrolments summed over the area: the rates come from these.",
    "additionalProperties": {"type": "integer"},
}
_FIGURES = {
    "type": "object",
    "properties": {"counts": _COUNTS, "rates": _RATES},
}
_AREA_FIGURES = {
    "type": "object",
    "properties": {
        "area": {"type": "object"},
        "as_at": {"type": "string", "format": "date"},
        "store_version": {"type": "integer"},
        "periods": {
            "type": "object",
            "description": "ytd (year to date), week (the latest week), last_year (the same "
            "point last year).",
            "additionalProperties": _FIGURES,
        },
        "breakdown": {"type": "array", "items": _FIGURES},
        "cohorts": {"type": "array", "items": _FIGURES},
    },
}


def _figures_path(summary: str, parameters: list) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [
                *parameters,
                {
                    "name": "format",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]},
                    "description": "csv or xlsx: the periods and the breakdown as a table.",
                },
            ],
            "responses": {
                "200": {
                    "description": "The area's figures.",
                    "content": {
                        "application/json": {"schema": _AREA_FIGURES},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                "401": {"description": "No key, or a revoked one."},
                "403": {"description": "The key's user may not see this area."},
                "404": {"description": "No such area within the key's reach, or no figures yet."},
            },
        }
    }


def _path_parameter(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def document() -> dict:
    urn = _path_parameter("urn", {"type": "integer"})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Front Door attendance API",
            "version": "1",
            "description": "The attendance dashboards' figures for Power BI, Excel and other "
            "tools, scoped as the pages are. Aggregates only, except the worklists, which "
            "name pupils for keys whose user may see them (and are audited). Make a key at "
            "/accounts/api-tokens/.",
        },
        "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
        "security": [{"key": []}],
        "paths": {
            "/api/attendance/areas/": {
                "get": {
                    "summary": "The areas this key may ask for.",
                    "responses": {"200": {"description": "A list of areas with their URLs."}},
                }
            },
            "/api/attendance/county/": _figures_path("The county's figures.", []),
            "/api/attendance/districts/{code}/": _figures_path(
                "A district's figures.", [_path_parameter("code", {"type": "string"})]
            ),
            "/api/attendance/schools/{urn}/": _figures_path("A school's figures.", [urn]),
            "/api/attendance/schools/{urn}/years/{nc_year}/": _figures_path(
                "A year group's figures.",
                [urn, _path_parameter("nc_year", {"type": "integer", "minimum": 1, "maximum": 11})],
            ),
            "/api/attendance/worklists/{slug}/": {
                "get": {
                    "summary": "A worklist's pupils (named: for keys whose user may see them).",
                    "parameters": [
                        _path_parameter("slug", {"type": "string", "enum": sorted(WORKLISTS)})
                    ],
                    "responses": {
                        "200": {"description": "The pupils, lowest attendance first."},
                        "403": {"description": "The key's user sees aggregates only."},
                    },
                }
            },
        },
    }
