"""Filters for Front Door's own data (GOV.UK markup helpers are in govuk.py)."""

from django import template

from frontdoor.pupils.models import nc_year_label

register = template.Library()


@register.filter
def nc_year(value: int | None) -> str:
    return "" if value is None else nc_year_label(value)


@register.filter
def rate(value) -> str:
    """A rate from `attendance.rates` (already half up to two places): "93.59%"; None is
    "no data", never 0%."""
    return "no data" if value is None else f"{value}%"
