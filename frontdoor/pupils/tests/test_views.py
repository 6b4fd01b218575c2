"""A school user never sees another school's child: not by URL guessing, not by search."""

import pytest
from django.utils import timezone

from frontdoor.core.calendar import academic_year_of
from frontdoor.core.models import AuditEvent


def test_head_sees_own_pupil(county, signed_in):
    response = signed_in("head_a").get(f"/pupils/{county.pupil_a.pk}/")
    assert response.status_code == 200
    assert "Amelia Hart" in response.text
    assert "Alder Primary School" in response.text


@pytest.mark.parametrize("attribute", ["pupil_a", "pupil_c", "pupil_left_a"])
def test_head_of_another_school_cannot_guess_the_url(county, signed_in, attribute):
    pupil = getattr(county, attribute)
    client = signed_in("head_b" if attribute != "pupil_left_a" else "head_a")
    response = client.get(f"/pupils/{pupil.pk}/")
    assert response.status_code == 404
    assert pupil.last_name not in response.text
    assert not AuditEvent.objects.filter(action="pupil.view").exists()


@pytest.mark.parametrize("query", ["Hart", "Amelia", "amelia hart", "A886000000001"])
def test_head_of_another_school_cannot_find_by_search(county, signed_in, query):
    response = signed_in("head_b").get("/pupils/", {"q": query})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Hart" not in response.text.replace(f'value="{query}"', "")


@pytest.mark.parametrize("query", ["Hart", "amelia h", "a886000000001"])
def test_head_finds_own_pupil_by_name_or_upn(county, signed_in, query):
    response = signed_in("head_a").get("/pupils/", {"q": query})
    assert [p.pk for p in response.context["page"]] == [county.pupil_a.pk]


def test_search_needs_two_characters(county, signed_in):
    response = signed_in("head_a").get("/pupils/", {"q": "H"})
    assert response.context["page"] is None
    assert "govuk-error-summary" in response.text


def test_roll_of_another_school_is_not_found(county, signed_in):
    assert signed_in("head_b").get(f"/schools/{county.school_a.urn}/pupils/").status_code == 404


def test_roll_lists_pupils_on_roll_today_with_search(county, signed_in):
    client = signed_in("head_a")
    response = client.get(f"/schools/{county.school_a.urn}/pupils/")
    assert [e.pupil for e, _ in response.context["rows"]] == [county.pupil_a]
    assert "Dora" not in response.text  # left in 2024
    response = client.get(f"/schools/{county.school_a.urn}/pupils/", {"q": "zzz"})
    assert response.context["rows"] == []
    assert AuditEvent.objects.filter(action="school.pupil_list").count() == 2


def test_virtual_school_sees_only_its_children_on_a_roll(county, signed_in):
    client = signed_in("virtual_school")
    response = client.get(f"/schools/{county.school_c.urn}/pupils/")
    assert [e.pupil for e, _ in response.context["rows"]] == [county.pupil_c]
    response = client.get(f"/schools/{county.school_a.urn}/pupils/")
    assert response.context["rows"] == []


def test_pupil_page_shows_characteristics_and_year_group(county, signed_in):
    response = signed_in("virtual_school").get(f"/pupils/{county.pupil_c.pk}/")
    assert "Child in care" in response.text
    # Admitted to Year 3 in 2023/24; one year group up each September since.
    year = 3 + academic_year_of(timezone.localdate()) - 2023
    assert f"Year {year}" in response.text
