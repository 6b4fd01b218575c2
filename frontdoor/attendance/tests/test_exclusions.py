"""Suspensions and permanent exclusions: the rules, the figures worked by hand, and the
reconciliation with the registers' E codes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.analytics.store import default_store
from frontdoor.attendance import exclusions
from frontdoor.attendance.exclusions import ExclusionRefused
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.summaries import summaries_build
from frontdoor.attendance.tests.county_registers import PUPIL_B, county_with_registers
from frontdoor.schools.models import Establishment

pytestmark = pytest.mark.django_db


def suspend(by, pupil, school, on, sessions, kind="suspension"):
    return exclusions.exclusion_record(
        pupil=pupil, school=school, kind=kind, start_date=on, reason="PD", sessions=sessions, by=by
    )


def test_the_rules(county, persona):
    head = persona("head_a")
    with pytest.raises(ExclusionRefused, match="not on this school's roll"):
        suspend(head, county.pupil_a, county.school_a, date(2022, 8, 1), 2)
    with pytest.raises(ExclusionRefused, match="length in sessions"):
        suspend(head, county.pupil_a, county.school_a, date(2024, 11, 4), None)
    suspend(head, county.pupil_a, county.school_a, date(2024, 10, 1), 80)
    with pytest.raises(ExclusionRefused, match="already has 80 sessions"):
        suspend(head, county.pupil_a, county.school_a, date(2024, 11, 4), 12)
    suspend(head, county.pupil_a, county.school_a, date(2024, 11, 4), 10)  # 90: the limit
    permanent = suspend(head, county.pupil_a, county.school_a, date(2025, 1, 6), 4, "permanent")
    assert permanent.sessions is None
    with pytest.raises(PermissionDenied):
        suspend(persona("head_b"), county.pupil_a, county.school_a, date(2024, 11, 4), 2)
    with pytest.raises(PermissionDenied):
        suspend(
            persona("attendance_manager"), county.pupil_a, county.school_a, date(2024, 11, 4), 2
        )


def test_figures_worked_by_hand(county, persona):
    head_a, head_b = persona("head_a"), persona("head_b")
    suspend(head_a, county.pupil_a, county.school_a, date(2024, 10, 1), 4)
    suspend(head_a, county.pupil_a, county.school_a, date(2024, 11, 4), 3)
    suspend(head_b, county.pupil_b, county.school_b, date(2024, 11, 4), 2, "permanent")
    found = exclusions.figures(Establishment.objects.all(), 2024, date(2024, 12, 1))
    everyone = found["all"]
    # On roll on 1 Dec 2024: A at school A, B at school B, C at school C.
    assert (everyone.pupils, everyone.suspensions, everyone.pupils_suspended) == (3, 2, 1)
    assert (everyone.repeat_suspended, everyone.days_lost, everyone.permanent) == (
        1,
        Decimal("3.5"),
        1,
    )
    assert (everyone.suspension_rate, everyone.permanent_rate) == (
        Decimal("66.67"),
        Decimal("33.33"),
    )
    by_district = {row.label: row for row in found["districts"]}
    assert (by_district["North"].suspensions, by_district["South"].permanent) == (2, 1)
    in_care = {row.label: row for row in found["cohorts"]}["Child in care"]
    assert (in_care.pupils, in_care.suspensions) == (1, 0)  # pupil C


def test_registers_against_records(county, persona, tmp_path):
    county_with_registers(tmp_path)
    e_codes = tmp_path / "e.csv"
    e_codes.write_text(
        "urn,upn,date,session,code\n"
        f"990002,{PUPIL_B},2024-11-12,AM,E\n990002,{PUPIL_B},2024-11-12,PM,E\n"
    )
    marks_ingest(path=e_codes, store=default_store())
    summary = summaries_build(store=default_store())
    suspend(persona("head_a"), county.pupil_a, county.school_a, date(2024, 11, 4), 2)
    found = {
        (m.pupil_id, m.e_sessions, m.recorded_sessions) for m in exclusions.reconciliation(summary)
    }
    assert found == {(county.pupil_a.pk, 0, 2), (county.pupil_b.pk, 2, 0)}
    suspend(persona("head_b"), county.pupil_b, county.school_b, date(2024, 11, 12), 2)
    assert [m.pupil_id for m in exclusions.reconciliation(summary)] == [county.pupil_a.pk]
    assert exclusions.reconciliation(summary, {990002}) == []


def test_the_pages(county, signed_in, tmp_path):
    county_with_registers(tmp_path)
    client = signed_in("head_a")
    response = client.post(
        "/attendance/schools/990001/exclusions/",
        {
            "upn": "A886000000001",
            "kind": "suspension",
            "start_date": "2024-11-04",
            "sessions": "2",
            "reason": "PD",
        },
    )
    assert response.status_code == 302
    page = client.get("/attendance/schools/990001/exclusions/").content.decode()
    assert "Amelia Hart" in page and "Persistent disruptive behaviour" in page
    refused = client.post(
        "/attendance/schools/990001/exclusions/",
        {
            "upn": "B886000000002",
            "kind": "suspension",
            "start_date": "2024-11-04",
            "sessions": "2",
            "reason": "PD",
        },
    ).content.decode()
    assert "No pupil you can see has that UPN" in refused
    assert client.get("/attendance/exclusions/").status_code == 403
