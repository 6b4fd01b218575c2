"""The access layer: which children each persona may see (see conftest.County)."""

from datetime import date

import pytest

from frontdoor.core import access
from frontdoor.core.access import EnrolmentWindow, Permission
from frontdoor.core.roles import Role
from frontdoor.pupils.models import Pupil

# persona -> pupils (by County attribute) they may see, as at 22 November 2026.
EXPECTED_PUPILS = {
    "la_admin": set(),
    "attendance_officer_north": {"pupil_a", "pupil_c"},
    "attendance_officer_south": {"pupil_b", "pupil_left_a"},
    "attendance_manager": {"pupil_a", "pupil_b", "pupil_c", "pupil_left_a"},
    "front_door": {"pupil_a", "pupil_b", "pupil_c", "pupil_left_a"},
    "early_help_north": {"pupil_a", "pupil_c"},
    "social_worker_north": {"pupil_a", "pupil_c"},
    "send_caseworker_south": {"pupil_b", "pupil_left_a"},
    "virtual_school": {"pupil_c"},
    "finance": set(),
    "analyst": set(),
    "head_a": {"pupil_a"},
    "head_b": {"pupil_b", "pupil_left_a"},
    "attendance_lead_a": {"pupil_a"},
    "senco_a": {"pupil_a"},
    "trust_weald": {"pupil_b", "pupil_left_a"},
    "partner_police": set(),
}
TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_PUPILS.items()))
def test_scope_pupils(county, persona, name, expected):
    user = persona(name)
    visible = set(access.scope_pupils(user, Pupil.objects.all(), today=TODAY))
    assert visible == {getattr(county, attribute) for attribute in expected}


def test_every_role_has_a_persona():
    from frontdoor.conftest import PERSONAS

    assert {role for role, _ in PERSONAS.values()} == set(Role)


def test_a_leaver_stays_in_the_old_schools_scope_until_the_window_closes(county, persona):
    """Dora left school A on 19 July 2024: A saw her through 2024/25 (the window reaches
    back to the start of the previous academic year), not in 2025/26."""
    head_a = persona("head_a")
    during = access.scope_pupils(head_a, Pupil.objects.all(), today=date(2025, 6, 30))
    after = access.scope_pupils(head_a, Pupil.objects.all(), today=date(2025, 9, 1))
    assert county.pupil_left_a in during
    assert county.pupil_left_a not in after


def test_enrolment_window_starts_at_previous_academic_year():
    assert EnrolmentWindow.for_today(date(2026, 11, 22)).since == date(2025, 9, 1)
    assert EnrolmentWindow.for_today(date(2026, 8, 31)).since == date(2024, 9, 1)


def test_district_role_with_no_districts_sees_nobody(county, persona):
    officer = persona("attendance_officer_north")
    officer.districts.clear()
    assert not access.scope_pupils(officer, Pupil.objects.all(), today=TODAY).exists()


def test_trust_user_without_trust_sees_nobody(county, persona):
    user = persona("trust_weald")
    user.trust = None
    user.save()
    assert not access.scope_pupils(user, Pupil.objects.all(), today=TODAY).exists()


def test_inactive_and_anonymous_users_can_do_nothing(county, persona):
    from django.contrib.auth.models import AnonymousUser

    user = persona("front_door")
    user.is_active = False
    assert not access.can(user, Permission.VIEW_PUPILS)
    assert not access.can(AnonymousUser(), Permission.VIEW_SCHOOLS)
    assert not access.scope_pupils(user, Pupil.objects.all(), today=TODAY).exists()


def test_only_la_administrators_administer_and_read_the_audit_trail():
    for role in Role:
        allowed = access.ROLE_PERMISSIONS[role]
        assert (Permission.VIEW_AUDIT in allowed) == (role == Role.LA_ADMIN)
        assert (Permission.ADMINISTER in allowed) == (role == Role.LA_ADMIN)


def test_require_raises_permission_denied(county, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        access.require(persona("analyst"), Permission.VIEW_PUPILS)
