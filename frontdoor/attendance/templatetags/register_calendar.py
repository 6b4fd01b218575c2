"""A month of a child's register marks as a GOV.UK table. Built in Python rather than with
template loops: a term's calendar is a few hundred cells, and the child's page is one of the
busiest, where Django's per-variable lookups cost more than the rest of the page. Every value
is escaped (format_html) or a number."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from frontdoor.attendance.pupil_record import Day, Month

register = template.Library()

HEAD = mark_safe(  # noqa: S308 (a constant)
    '<thead class="govuk-table__head"><tr class="govuk-table__row">'
    + "".join(
        f'<th scope="col" class="govuk-table__header">{name}</th>'
        for name in ("Mon", "Tue", "Wed", "Thu", "Fri")
    )
    + "</tr></thead>"
)


@register.simple_tag
def month_table(month: Month) -> str:
    rows = "".join(
        '<tr class="govuk-table__row">' + "".join(_cell(day) for day in week) + "</tr>"
        for week in month.weeks
    )
    return format_html(
        '<table class="govuk-table app-calendar__month"><caption class="govuk-table__caption '
        'govuk-table__caption--s">{}</caption>{}<tbody class="govuk-table__body">{}</tbody>'
        "</table>",
        month.name,
        HEAD,
        mark_safe(rows),  # noqa: S308 (built below from escaped parts)
    )


def _cell(day: Day | None) -> str:
    if day is None:
        return '<td class="govuk-table__cell"></td>'
    marks = "".join(_mark(session, mark) for session, mark in day.sessions)
    return (
        f'<td class="govuk-table__cell"><span class="app-calendar__date">{day.day.day}</span>'
        f"{marks}</td>"
    )


@lru_cache(maxsize=256)
def _mark(session: str, mark) -> str:
    """One mark's HTML: there are only so many (session, code) pairs, so each is built once."""
    if mark is None:
        return str(
            format_html('<span class="app-mark" title="{}: no register">&nbsp;</span>', session)
        )
    return str(
        format_html(
            '<abbr class="app-mark app-mark--{}" title="{}: {}">{}</abbr>',
            mark.style,
            session,
            mark.meaning,
            mark.code,
        )
    )
