"""The colour of a statutory limit's status tag: overdue red, due soon yellow, done late
orange, done green, not yet due grey. {% load send_clock %} {{ status|clock_tag }}."""

from django import template

from frontdoor.send import clock

register = template.Library()

_COLOURS = {
    clock.OVERDUE: "red",
    clock.SOON: "yellow",
    clock.LATE: "orange",
    clock.DONE: "green",
    clock.WAITING: "grey",
}


@register.filter
def clock_tag(status: str | None) -> str:
    return f"govuk-tag--{_COLOURS.get(status, 'grey')}"


@register.filter
def clock_status(step: clock.ClockStep, today) -> str:
    """{{ step|clock_status:today }}: done, done late, overdue, due soon or not yet due."""
    return step.status(today)
