"""The rows of the tables that name pupils: a year group's and a worklist's, 50 to a page. Built
in Python, as register_calendar builds a child's calendar: these pages are among the busiest,
and a template loop's per-variable lookups cost more than the rest of the page. Text is escaped
here; the other values are numbers and our own words."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from frontdoor.web.templatetags.frontdoor import nc_year, rate

register = template.Library()

CELL = '<td class="govuk-table__cell">'
NUMBER = '<td class="govuk-table__cell govuk-table__cell--numeric">'
NOWRAP = '<td class="govuk-table__cell app-nowrap">'
BANDS = (
    ("severe_absence", "red", "Severely absent"),
    ("persistent_absence", "orange", "Persistently absent"),
    ("at_risk", "yellow", "At risk"),
)


@register.simple_tag
def year_group_rows(rows: list[dict]) -> str:
    """Pupil, possible sessions, attendance, unauthorised absence, flags."""
    return _rows(
        rows,
        lambda row: (
            f"{NUMBER}{int(row['possible_sessions'])}</td>"
            f"{NUMBER}{rate(row['attendance_rate'])}</td>"
            f"{NUMBER}{rate(row['unauthorised_absence_rate'])}</td>"
            f"{CELL}{_flags(row)}</td>"
        ),
    )


@register.simple_tag
def worklist_rows(rows: list[dict], with_detail: bool) -> str:
    """Pupil, school, year, attendance, unauthorised absence and the list's own count."""
    return _rows(
        rows,
        lambda row: (
            f"{CELL}{escape(row['school'])}</td>"
            f"{NOWRAP}{nc_year(row['nc_year'])}</td>"
            f"{NUMBER}{rate(row['attendance_rate'])}</td>"
            f"{NUMBER}{rate(row['unauthorised_absence_rate'])}</td>"
            + (f"{NUMBER}{int(row['detail'])}</td>" if with_detail else "")
        ),
    )


def _rows(rows: list[dict], cells) -> str:
    """A row a pupil: their name, linked to their record, then `cells(row)`."""
    return mark_safe(  # noqa: S308 (names, schools and links escaped; the rest are numbers)
        "".join(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{escape(row["href"])}">{escape(row["name"])}</a></th>'
            f"{cells(row)}</tr>"
            for row in rows
        )
    )


def _flags(row: dict) -> str:
    """The pupil's worst band, then the penalty threshold's date when they have reached it."""
    tags = [(colour, words) for key, colour, words in BANDS if row[key]][:1]
    threshold = row.get("penalty_threshold_date")
    if threshold:
        tags.append(("grey", f"Penalty threshold {threshold.day} {threshold:%b}"))
    return "".join(
        f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>' for colour, words in tags
    )
