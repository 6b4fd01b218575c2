"""The responsibilities checklist: the school keeps it, its officers see it."""

import pytest

from frontdoor.attendance.models import ResponsibilityCheck
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/attendance/schools/990001/responsibilities/"


def test_the_school_keeps_it_and_the_council_sees_it(county, signed_in):
    head = signed_in("head_a")
    response = head.post(
        URL,
        {"policy-in_place": "yes", "policy-evidence": "https://example.org/attendance-policy"},
    )
    assert response.status_code == 302
    check = ResponsibilityCheck.objects.get(item="policy")
    assert (check.in_place, check.evidence) == (True, "https://example.org/attendance-policy")
    assert ResponsibilityCheck.objects.filter(in_place=False).count() == 8
    assert (
        head.post(
            URL,
            {"policy-in_place": "yes", "policy-evidence": "https://example.org/attendance-policy"},
        ).status_code
        == 302
    )
    assert AuditEvent.objects.filter(action="attendance.checklist").count() == 2
    officer = signed_in("attendance_officer_north")
    page = officer.get(URL).content.decode()
    assert "1 of 9 are in place" in page and 'type="checkbox"' not in page
    officer.post(URL, {"champion-in_place": "yes"})  # seeing is not keeping
    assert not ResponsibilityCheck.objects.filter(item="champion", in_place=True).exists()
