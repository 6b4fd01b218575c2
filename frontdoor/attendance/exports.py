"""An area's figures as rows and as JSON: what the CSV downloads and the aggregate API send.
Rates are the half-up two-decimal figures the pages show (`rates`)."""

from decimal import Decimal

from frontdoor.attendance.dashboards import Dashboard, Figures
from frontdoor.core import suppression

FIGURES_HEADER = [
    "group",
    "enrolments",
    "possible sessions",
    "attendance %",
    "overall absence %",
    "authorised absence %",
    "unauthorised absence %",
    "persistent absence %",
    "severe absence %",
]
RATE_NAMES = [
    "attendance_rate",
    "overall_absence_rate",
    "authorised_absence_rate",
    "unauthorised_absence_rate",
    "persistent_absence_rate",
    "severe_absence_rate",
]


def figures_rows(board: Dashboard) -> list[list]:
    """The headline periods, then the breakdown, one row each."""
    return [
        [f.label, f.enrolments, f.counts["possible_sessions"], *[f.rates[n] for n in RATE_NAMES]]
        for f in [*board.headline.values(), *board.breakdown]
    ]


def board_json(board: Dashboard, *, suppress: bool = False) -> dict:
    """The dashboard as JSON; with `suppress`, groups of fewer than 5 pupils (and, for a
    cohort, the other pupils it would give away) are `{"suppressed": true}`."""
    area = board.area
    summary = board.summary
    return {
        "area": {
            "level": area.level,
            "name": area.name,
            "district": area.district,
            "urn": area.urn,
            "nc_year": area.nc_year,
        },
        "as_at": summary.as_at.isoformat(),
        "store_version": summary.store_version,
        "periods": {
            name: {
                "label": figures.label,
                "start": summary.periods[name].start.isoformat(),
                "end": summary.periods[name].end.isoformat(),
                **figures_json(figures),
            }
            for name, figures in board.headline.items()
        },
        "breakdown": [
            {"key": f.key, "label": f.label, **_shown(f, suppress)} for f in board.breakdown
        ],
        "cohorts": [
            {"cohort": inside.label, **_shown(inside, suppress)}
            | ({} if _hidden(inside, suppress) else {"other_pupils": figures_json(others)})
            for inside, others in board.cohorts
        ],
    }


def figures_json(figures: Figures) -> dict:
    return {
        "counts": {name: value for name, value in figures.counts.items() if isinstance(value, int)},
        "rates": {name: number(value) for name, value in figures.rates.items()},
    }


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _hidden(figures: Figures, suppress: bool) -> bool:
    return suppress and suppression.hides(figures.enrolments)


def _shown(figures: Figures, suppress: bool) -> dict:
    return {"suppressed": True} if _hidden(figures, suppress) else figures_json(figures)
