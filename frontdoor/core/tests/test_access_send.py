"""SEND access (conftest.County): a parent follows only their own child's EHC cases and sees no
pupil records; a school's head, SENCO and trust read their roll's cases; analysts and
administrators see the SEND figures; and who can see a case, seen from the case's side, agrees
with the scopes seen from each user's side."""

from datetime import date

import pytest
from django.utils import timezone

from frontdoor.conftest import PERSONAS
from frontdoor.core import access
from frontdoor.core.access import ROLE_PERMISSIONS, Permission
from frontdoor.core.models import User
from frontdoor.core.roles import COUNCIL_ROLES, Role
from frontdoor.pupils.models import Pupil
from frontdoor.send.models import Delivery, EhcRequest, Requester
from frontdoor.send.models_plans import EhcPlan

TODAY = date(2026, 11, 22)


def ehc_request(pupil, district, number: int) -> EhcRequest:
    return EhcRequest.objects.create(
        reference=f"EHC-{number:06d}",
        pupil=pupil,
        district=district,
        requester=Requester.PARENT,
        delivery=Delivery.EMAIL,
        sent_at=timezone.now(),
        received_on=date(2026, 10, 1),
    )


@pytest.fixture
def cases(county):
    """A request for each child (the district is their school's), and a plan for Bella and
    Amelia."""
    found = {
        "pupil_a": ehc_request(county.pupil_a, county.north, 1),
        "pupil_b": ehc_request(county.pupil_b, county.south, 2),
        "pupil_c": ehc_request(county.pupil_c, county.north, 3),
        "pupil_left_a": ehc_request(county.pupil_left_a, county.south, 4),
    }
    for number, (child, district) in enumerate(
        [(county.pupil_a, county.north), (county.pupil_b, county.south)], 1
    ):
        EhcPlan.objects.create(
            reference=f"PLAN-{number:06d}", pupil=child, district=district, issued_on=TODAY
        )
    return found


def children_of(queryset) -> set[str]:
    return {item.pupil.first_name for item in queryset}


# The family ---------------------------------------------------------------------------------


def test_a_parent_follows_only_their_own_child(county, persona, cases):
    parent = persona("parent")  # Bella's
    assert children_of(access.scope_family_send_cases(parent, EhcRequest.objects.all())) == {
        "Bella"
    }
    assert children_of(access.scope_family_send_cases(parent, EhcPlan.objects.all())) == {"Bella"}


def test_a_parent_with_no_child_linked_follows_nothing(county, cases):
    stranger = User.objects.create_user(username="other.parent", role=Role.PARENT)
    assert not access.scope_family_send_cases(stranger, EhcRequest.objects.all()).exists()


@pytest.mark.parametrize("name", sorted(set(PERSONAS) - {"parent"}))
def test_only_a_family_follows_cases_as_a_family(county, persona, cases, name):
    user = persona(name)
    assert not access.scope_family_send_cases(user, EhcRequest.objects.all()).exists()


def test_a_parent_sees_no_pupil_records_and_no_caseload(county, persona, cases):
    parent = persona("parent")
    assert not access.scope_pupils(parent, Pupil.objects.all(), today=TODAY).exists()
    assert access.pupil_reach(parent) is None
    assert not access.scope_send_requests(parent, EhcRequest.objects.all()).exists()
    assert not access.scope_school_send_cases(parent, EhcRequest.objects.all()).exists()
    assert not access.scope_send_measures(parent, EhcRequest.objects.all()).exists()


def test_a_parent_holds_only_the_public_permissions_and_their_own_case():
    assert ROLE_PERMISSIONS[Role.PARENT] == {
        Permission.VIEW_SCHOOLS,
        Permission.VIEW_COUNTY_DASHBOARD,
        Permission.FOLLOW_OWN_SEND_CASE,
    }
    # Not the professionals' Request for Support form: a family asks the council directly.
    assert Permission.REQUEST_SUPPORT not in ROLE_PERMISSIONS[Role.PARENT]
    holders = {
        role for role, held in ROLE_PERMISSIONS.items() if Permission.FOLLOW_OWN_SEND_CASE in held
    }
    assert holders == {Role.PARENT}


def test_a_parent_is_not_council_staff(county, persona):
    parent = persona("parent")
    assert Role.PARENT not in COUNCIL_ROLES
    assert not parent.is_council_staff
    assert not access.requires_two_factor(parent, required_for_staff=True)


# The school ---------------------------------------------------------------------------------

# persona -> whose cases they read: the children on their schools' roll on 22 November 2026.
SCHOOL_SEND = {
    "head_a": {"Amelia"},
    "senco_a": {"Amelia"},
    "head_b": {"Bella", "Dora"},  # Dora left A in 2024 and is at B now
    "trust_weald": {"Bella", "Dora"},
    "attendance_lead_a": set(),  # attendance, not SEND
    "send_caseworker_south": set(),  # caseworkers work cases through their own scope
    "analyst": set(),
    "parent": set(),
}


@pytest.mark.parametrize(("name", "expected"), sorted(SCHOOL_SEND.items()))
def test_school_staff_read_only_their_rolls_cases(county, persona, cases, name, expected):
    user = persona(name)
    found = access.scope_school_send_cases(user, EhcRequest.objects.all(), today=TODAY)
    assert children_of(found) == expected


def test_school_staff_read_their_rolls_plans(county, persona, cases):
    found = access.scope_school_send_cases(persona("head_b"), EhcPlan.objects.all(), today=TODAY)
    assert children_of(found) == {"Bella"}


def test_a_child_who_left_drops_out_of_the_old_schools_list(county, persona, cases):
    head_a = persona("head_a")
    before = access.scope_school_send_cases(
        head_a, EhcRequest.objects.all(), today=date(2024, 7, 1)
    )
    assert children_of(before) == {"Amelia", "Dora"}
    after = access.scope_school_send_cases(
        head_a, EhcRequest.objects.all(), today=date(2024, 7, 20)
    )
    assert children_of(after) == {"Amelia"}


# SEND performance ----------------------------------------------------------------------------

# persona -> the requests counted in their SEND figures (None: not allowed to see the figures).
MEASURES = {
    "send_caseworker_south": {"Bella", "Dora"},
    "analyst": {"Amelia", "Bella", "Cara", "Dora"},
    "la_admin": {"Amelia", "Bella", "Cara", "Dora"},
    "head_a": None,
    "finance": None,
    "virtual_school": None,
    "parent": None,
}


@pytest.mark.parametrize(("name", "expected"), sorted(MEASURES.items(), key=lambda i: i[0]))
def test_send_measures_reach(county, persona, cases, name, expected):
    user = persona(name)
    assert access.can(user, Permission.VIEW_SEND_MEASURES) == (expected is not None)
    found = access.scope_send_measures(user, EhcRequest.objects.all())
    assert children_of(found) == (expected or set())


def test_analysts_figures_are_the_countys(county, persona):
    assert access.send_measures_county_wide(persona("analyst"))
    assert not access.send_measures_county_wide(persona("send_caseworker_south"))
    assert not access.send_measures_county_wide(persona("parent"))


# Who can see a case ---------------------------------------------------------------------------


def viewer_names(case) -> set[str]:
    return set(
        access.send_case_viewers(case, User.objects.all(), today=TODAY).values_list(
            "username", flat=True
        )
    )


def test_who_can_see_bellas_request(county, persona, cases):
    for name in PERSONAS:
        persona(name)
    north_caseworker = User.objects.create_user(username="send.north", role=Role.SEND_CASEWORKER)
    north_caseworker.districts.set([county.north])
    assert viewer_names(cases["pupil_b"]) == {
        "send.caseworker.south",
        "head.b",
        "trust.weald",
        "parent",
    }


def test_the_virtual_school_sees_its_own_childs_case(county, persona, cases):
    persona("virtual_school")
    persona("senco_a")
    assert "virtual.school" in viewer_names(cases["pupil_c"])  # Cara is in care
    assert "virtual.school" not in viewer_names(cases["pupil_a"])
    assert "senco.a" in viewer_names(cases["pupil_a"])


def test_inactive_users_are_not_listed(county, persona, cases):
    head = persona("head_b")
    head.is_active = False
    head.save()
    assert "head.b" not in viewer_names(cases["pupil_b"])


@pytest.mark.parametrize("child", ["pupil_a", "pupil_b", "pupil_c", "pupil_left_a"])
def test_viewers_agree_with_each_users_scope(county, persona, cases, child):
    """Seen from the case's side or from each user's, the same people see it (the Virtual
    School by its children, as scope_pupils has it)."""
    users = [persona(name) for name in PERSONAS]
    case = cases[child]
    requests = EhcRequest.objects.filter(pk=case.pk)
    from_users_side = {
        user.username
        for user in users
        if access.scope_send_requests(user, requests).exists()
        or access.scope_school_send_cases(user, requests, today=TODAY).exists()
        or access.scope_family_send_cases(user, requests).exists()
        or (
            user.role == Role.VIRTUAL_SCHOOL
            and access.scope_pupils(
                user, Pupil.objects.filter(pk=case.pupil_id), today=TODAY
            ).exists()
        )
    }
    assert viewer_names(case) == from_users_side
