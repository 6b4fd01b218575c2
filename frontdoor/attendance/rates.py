"""Rates from summed counts, exact, then rounded half up to two decimals for display: the one
place a measure becomes a percentage (core/rounding.py does the rounding)."""

from decimal import Decimal

from frontdoor.core.rounding import percentage

PLACES = 2
SESSION_RATES = {
    "attendance_rate": "overall_attendance",
    "overall_absence_rate": "overall_absence",
    "authorised_absence_rate": "authorised_absence",
    "unauthorised_absence_rate": "unauthorised_absence",
}
ENROLMENT_RATES = {
    "persistent_absence_rate": "persistent_absence_count",
    "severe_absence_rate": "severe_absence_count",
    "at_risk_rate": "at_risk_count",
}


def session_rates(row: dict) -> dict[str, Decimal | None]:
    """Rates over possible sessions (None when there were none)."""
    return {
        name: percentage(row[count], row["possible_sessions"], PLACES)
        for name, count in SESSION_RATES.items()
    }


def enrolment_rates(row: dict) -> dict[str, Decimal | None]:
    """Persistent, severe and at-risk shares of enrolments with a possible session (those of
    the counts the row has)."""
    return {
        name: percentage(row[count], row["enrolments"], PLACES)
        for name, count in ENROLMENT_RATES.items()
        if count in row
    }


def percentage_of(part: int, whole: int) -> Decimal | None:
    """Any share as a percentage, half up to two decimals."""
    return percentage(part, whole, PLACES)


def with_session_rates(rows: list[dict]) -> list[dict]:
    """Each row (a copy) with its session rates."""
    return [row | session_rates(row) for row in rows]
