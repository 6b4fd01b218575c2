"""Filters for Front Door's own data (GOV.UK markup helpers are in govuk.py)."""

from django import template

from frontdoor.pupils.models import nc_year_label

register = template.Library()


@register.filter
def nc_year(value: int | None) -> str:
    return "" if value is None else nc_year_label(value)
