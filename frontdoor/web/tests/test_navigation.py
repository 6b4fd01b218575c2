"""The menus each role sees: the service navigation, and the SEND section's own navigation on
its pages for those who work its cases."""

import pytest


def texts(items, *, active=False):
    return [item.text for item in items if item.active or not active]


def test_a_caseworker_gets_the_send_section_on_send_pages_with_the_current_part(signed_in):
    page = signed_in("send_caseworker_south").get("/send/plans/")
    assert texts(page.context["section_navigation"]) == [
        "Requests",
        "Plans",
        "Annual reviews",
        "Phase transfer",
        "Placement panel",
        "Disagreements",
        "Performance",
        "Inclusion",
    ]
    assert texts(page.context["section_navigation"], active=True) == ["Plans"]
    assert 'class="app-section-nav"' in page.text
    assert "SEND performance" not in texts(page.context["navigation"])  # it is in the section


def test_the_section_is_only_on_send_pages_and_only_for_caseworkers(signed_in):
    assert signed_in("send_caseworker_south").get("/").context["section_navigation"] == []
    page = signed_in("analyst").get("/send/performance/")
    assert page.context["section_navigation"] == []
    assert texts(page.context["navigation"], active=True) == ["SEND performance"]


@pytest.mark.parametrize(
    "name, item",
    [
        ("virtual_school", "Virtual School"),
        ("head_a", "EHC cases"),
        ("trust_weald", "EHC cases"),
        ("la_admin", "SEND performance"),
    ],
)
def test_each_role_reaches_its_send_pages_from_the_menu(signed_in, name, item):
    assert item in texts(signed_in(name).get("/schools/").context["navigation"])


def test_a_family_is_taken_from_home_to_their_childs_case(signed_in):
    client = signed_in("parent")
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/send/my-case/"
    menu = texts(client.get("/schools/").context["navigation"])
    assert menu == ["Home", "Schools", "Your child’s EHC case"]
