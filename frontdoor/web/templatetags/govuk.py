"""GOV.UK markup helpers for templates (a builtin: no {% load %} needed).

{% govuk_button "Continue" %}
{% govuk_button "Cancel" variant="secondary" href=cancel_url %}
{% govuk_pagination page request %}
{{ row.percent|percent }}
"""

from decimal import Decimal

from django import template
from django.core.paginator import Page
from django.utils.html import format_html

from frontdoor.core.rounding import round_half_up

register = template.Library()

_BUTTON_VARIANTS = {"secondary", "warning", "inverse"}


@register.simple_tag
def govuk_button(
    text: str,
    *,
    variant: str = "",
    href: str = "",
    name: str = "",
    value: str = "",
    type: str = "submit",
) -> str:
    """A GOV.UK button: a submit <button>, or with href a link that looks like one."""
    if variant and variant not in _BUTTON_VARIANTS:
        raise template.TemplateSyntaxError(
            f"govuk_button variant must be one of {sorted(_BUTTON_VARIANTS)}, not {variant!r}"
        )
    css_class = f"govuk-button govuk-button--{variant}" if variant else "govuk-button"
    if href:
        return format_html(
            '<a href="{}" role="button" draggable="false" class="{}" '
            'data-module="govuk-button">{}</a>',
            href,
            css_class,
            text,
        )
    return format_html(
        '<button type="{}" class="{}" data-module="govuk-button"{}{}>{}</button>',
        type,
        css_class,
        format_html(' name="{}"', name) if name else "",
        format_html(' value="{}"', value) if value else "",
        text,
    )


@register.inclusion_tag("govuk/pagination.html")
def govuk_pagination(page: Page, request, parameter: str = "page") -> dict:
    """GOV.UK pagination for a Django Page; links keep the request's other query parameters
    (the search being paged through). Renders nothing when there is only one page."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return {"items": []}
    query = request.GET.copy()

    def href(number: int) -> str:
        query[parameter] = number
        return f"?{query.urlencode()}"

    items = [
        {"ellipsis": True}
        if number == paginator.ELLIPSIS
        else {"number": number, "href": href(number), "current": number == page.number}
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "items": items,
        "previous_href": href(page.previous_page_number()) if page.has_previous() else "",
        "next_href": href(page.next_page_number()) if page.has_next() else "",
    }


@register.filter
def percent(value: Decimal | float | int | None) -> str:
    """A percentage already worked out (12.34 -> "12.3%", rounded half up); None is
    "no data", never 0%."""
    if value is None or value == "":
        return "no data"
    return f"{round_half_up(value, 1)}%"
