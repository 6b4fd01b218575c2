"""base.html and the GOV.UK template tags, rendered through the whole middleware stack (CSP
nonces, sign-in) by a tiny view of our own."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template import TemplateSyntaxError, engines
from django.test import RequestFactory, override_settings
from django.urls import include, path, reverse

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.web.navigation import NavItem
from frontdoor.web.templatetags.govuk import percent
from frontdoor.web.tests import elements, one

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Find a pupil{% endblock %}'
    '{% block before_content %}<a href="/" class="govuk-back-link">Back</a>{% endblock %}'
    '{% block content %}<h1 class="govuk-heading-l">Find a pupil</h1>{{ form }}{% endblock %}'
)
NAVIGATION = [
    NavItem("Home", "/", active=False),
    NavItem("Pupils", "/pupils/", active=True),
    NavItem("Schools", "/schools/", active=False),
]


class SearchForm(forms.Form):
    q = forms.CharField(label="Name or UPN", min_length=3)


def page(request):
    if "sent" in request.GET:
        messages.success(request, "Request for support sent")
    if "note" in request.GET:
        messages.info(request, "The register was last updated yesterday")
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    context = {"navigation": NAVIGATION, "form": form}
    return HttpResponse(PAGE.render(context, request))


urlpatterns = [
    path("web-tests/page/", page),
    path("", include("frontdoor.config.urls")),
]


@pytest.fixture
def user(db):
    return User.objects.create_user(
        username="amelia.hart", first_name="Amelia", last_name="Hart", role=Role.ANALYST
    )


@pytest.fixture
def get(client, user):
    client.force_login(user)

    @override_settings(ROOT_URLCONF=__name__)
    def get(query=""):
        response = client.get(f"/web-tests/page/{query}")
        assert response.status_code == 200
        return response

    return get


def test_page_is_the_govuk_template(get):
    html = get().content.decode()
    root = one(html, "html")
    assert root.attrs == {"lang": "en-GB", "class": "govuk-template"}
    assert one(html, "body").classes == {"govuk-template__body"}
    title = f"Find a pupil – {settings.FRONTDOOR_SERVICE_NAME} – {settings.FRONTDOOR_COUNCIL_NAME}"
    assert one(html, "title").text == title


def test_skip_link_is_the_first_link_and_leads_to_main(get):
    html = get().content.decode()
    first_link = elements(html, "a")[0]
    assert first_link.attrs["href"] == "#main-content"
    assert first_link.classes == {"govuk-skip-link"}
    assert first_link.text == "Skip to main content"
    main = one(html, "main", id="main-content")
    assert main.classes == {"govuk-main-wrapper"}
    assert one(html, "h1").within("main")


def test_header_is_the_generic_header_with_the_council_name_and_no_crown(get):
    html = get().content.decode()
    link = one(html, "a", "govuk-generic-header__homepage-link")
    assert link.attrs["href"] == "/"
    assert link.text == settings.FRONTDOOR_COUNCIL_NAME
    assert link.within("header", "govuk-template__header")
    all_classes = set().union(*(e.classes for e in elements(html)))
    assert not {"govuk-header", "govuk-footer__crown", "govuk-footer__copyright-logo"} & (
        all_classes
    )
    assert "Crown copyright" not in html
    assert "Open Government Licence" not in html


def test_service_navigation_marks_the_current_section(get):
    html = get().content.decode()
    [service] = [
        a for a in elements(html, "a") if a.within("span", "govuk-service-navigation__service-name")
    ]
    assert service.attrs["href"] == "/"
    assert service.text == settings.FRONTDOOR_SERVICE_NAME
    links = [a for a in elements(html, "a") if a.within("ul", "govuk-service-navigation__list")]
    assert [(a.text, a.attrs["href"]) for a in links] == [
        ("Home", "/"),
        ("Pupils", "/pupils/"),
        ("Schools", "/schools/"),
    ]
    current = one(html, "a", aria_current="page")
    assert current.text == "Pupils"
    assert "govuk-service-navigation__item--active" in current.ancestors[-1].classes
    assert one(html, "strong", "govuk-service-navigation__active-fallback").text == "Pupils"
    one(html, "section", "govuk-service-navigation", data_module="govuk-service-navigation")


def test_signed_in_user_sees_their_name_and_a_sign_out_form(get):
    html = get().content.decode()
    assert "Amelia Hart" in one(html, "span", "app-account__name").text
    form = one(html, "form", action=reverse("logout"))
    assert form.attrs["method"] == "post"
    token = [e for e in elements(html, "input", name="csrfmiddlewaretoken") if form in e.ancestors]
    assert len(token) == 1 and token[0].attrs["value"]
    button = [e for e in elements(html, "button") if form in e.ancestors]
    assert [(b.text, b.attrs["type"]) for b in button] == [("Sign out", "submit")]


def test_the_only_inline_script_carries_the_csp_nonce(get):
    response = get()
    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline = [s for s in elements(html, "script") if "src" not in s.attrs]
    assert len(inline) == 1
    assert inline[0].attrs["nonce"] == nonce
    assert "js-enabled" in inline[0].text
    # style-src is 'self' only: no inline styles anywhere.
    assert not elements(html, "style")
    assert not [e for e in elements(html) if "style" in e.attrs]


def test_assets_are_served_from_static(get):
    html = get().content.decode()
    one(html, "link", rel="stylesheet", href="/static/dist/main.css")
    one(html, "script", type="module", src="/static/dist/init.mjs")
    one(html, "script", src="/static/django_htmx/htmx-2.min.js")
    sources = [s.attrs["src"] for s in elements(html, "script") if "src" in s.attrs]
    assert all(src.startswith("/static/") for src in sources)


def test_phase_banner_before_content_block_and_footer(get):
    html = get().content.decode()
    assert one(html, "strong", "govuk-phase-banner__content__tag").text == "Beta"
    assert "This is a new service" in one(html, "span", "govuk-phase-banner__text").text
    back = one(html, "a", "govuk-back-link")
    assert not back.within("main")
    assert html.index("govuk-back-link") < html.index('id="main-content"')
    footer = one(html, "div", "govuk-footer")
    assert footer.within("footer", "govuk-template__footer")
    assert settings.FRONTDOOR_COUNCIL_NAME in footer.text


def test_messages_are_notification_banners(get):
    html = get("?sent=1&note=1").content.decode()
    banners = elements(html, "div", "govuk-notification-banner")
    assert len(banners) == 2
    success, info = banners
    assert "govuk-notification-banner--success" in success.classes
    assert success.attrs["role"] == "alert"
    assert "Success" in success.text and "Request for support sent" in success.text
    assert "govuk-notification-banner--success" not in info.classes
    assert info.attrs["role"] == "region"
    assert "Important" in info.text
    for banner in banners:
        assert banner.within("main")
        one(html, id=banner.attrs["aria-labelledby"])


def test_title_starts_with_error_when_the_form_has_errors(get):
    html = get("?q=ab").content.decode()
    assert one(html, "title").text.startswith("Error: Find a pupil – ")
    one(html, "a", href="#id_q")
    assert not one(get("?q=amelia").content.decode(), "title").text.startswith("Error")


def test_signed_out_page_has_no_account_controls(db):
    request = RequestFactory().get("/accounts/login/")
    request.user = AnonymousUser()
    html = (
        engines["django"]
        .from_string('{% extends "base.html" %}{% block title %}Sign in{% endblock %}')
        .render({}, request)
    )
    assert not elements(html, "form")
    assert not elements(html, "nav")
    assert one(html, "title").text.startswith("Sign in – ")
    # Without the CSP middleware there is no nonce, and no empty nonce attribute either.
    [inline] = [s for s in elements(html, "script") if "src" not in s.attrs]
    assert "nonce" not in inline.attrs


# Template tags ---------------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_govuk_button():
    button = one(render('{% govuk_button "Continue" %}'), "button")
    assert button.attrs == {
        "type": "submit",
        "class": "govuk-button",
        "data-module": "govuk-button",
    }
    assert button.text == "Continue"
    html = render('{% govuk_button "Cancel" variant="secondary" href=url %}', url="/back?a=1&b=2")
    link = one(html, "a", role="button")
    assert link.classes == {"govuk-button", "govuk-button--secondary"}
    assert link.attrs["href"] == "/back?a=1&b=2"
    html = render('{% govuk_button text name="action" value="draft" %}', text="Save <draft>")
    assert one(html, "button", name="action", value="draft").text == "Save <draft>"
    with pytest.raises(TemplateSyntaxError):
        render('{% govuk_button "Delete" variant="danger" %}')


def pagination(number: int, query: dict, pages: int = 10) -> str:
    page = Paginator(range(pages * 10), 10).page(number)
    request = RequestFactory().get("/pupils/", query)
    return render("{% govuk_pagination page request %}", page=page, request=request)


def test_pagination_keeps_the_search_and_marks_the_current_page():
    html = pagination(5, {"q": "hart", "page": "5"})
    one(html, "nav", "govuk-pagination", aria_label="Pagination")
    assert one(html, "a", rel="prev").attrs["href"] == "?q=hart&page=4"
    assert one(html, "a", rel="next").attrs["href"] == "?q=hart&page=6"
    items = [li.text for li in elements(html, "li", "govuk-pagination__item")]
    assert items == ["1", "⋯", "4", "5", "6", "⋯", "10"]
    current = one(html, "a", aria_current="page")
    assert (current.text, current.attrs["href"]) == ("5", "?q=hart&page=5")
    assert "govuk-pagination__item--current" in current.ancestors[-1].classes


def test_pagination_at_the_ends():
    first = pagination(1, {})
    assert not elements(first, rel="prev")
    assert one(first, "a", rel="next").attrs["href"] == "?page=2"
    last = pagination(10, {"page": "10"})
    assert not elements(last, rel="next")
    assert not pagination(1, {}, pages=1).strip()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12.3"), "12.3%"),
        (Decimal("12.35"), "12.4%"),  # half up, as the DfE publishes
        (Decimal("12.25"), "12.3%"),  # not banker's rounding
        (Decimal("0"), "0.0%"),
        (100, "100.0%"),
        (None, "no data"),
    ],
)
def test_percent(value, shown):
    assert percent(value) == shown
    assert render("{{ value|percent }}", value=value) == shown
