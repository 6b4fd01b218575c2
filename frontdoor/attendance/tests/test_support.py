"""Support first, then enforcement: every rule with its refusal, and the amounts of penalty
notices (attendance.md §5.2), worked by hand.

On top of county_registers.py, pupil A misses the week of 18 November 2024 unauthorised (10 O):
with the O of 5 November that is the 10th unauthorised session within 10 school weeks on the
Friday morning, 22 November 2024."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.analytics.store import default_store
from frontdoor.attendance import support
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.summaries import summaries_build
from frontdoor.attendance.support import StepRefused
from frontdoor.attendance.tests.county_registers import PUPIL_A, county_with_registers
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db
THRESHOLD = date(2024, 11, 22)
TODAY = date(2025, 6, 1)


@pytest.fixture
def registers(county, tmp_path):
    county_with_registers(tmp_path)
    week = tmp_path / "week-18-nov.csv"
    monday = date(2024, 11, 18)
    lines = ["urn,upn,date,session,code"] + [
        f"990001,{PUPIL_A},{monday + timedelta(days=d)},{s},O"
        for d in range(5)
        for s in ("AM", "PM")
    ]
    week.write_text("\n".join(lines) + "\n")
    marks_ingest(path=week, store=default_store())
    return summaries_build(store=default_store())


def record(by, pupil, kind, on, parent="Sam Hart", evidence="Discussed at home visit"):
    return support.support_step_record(
        pupil=pupil,
        kind=kind,
        taken_on=on,
        evidence=evidence,
        parent_name=parent,
        today=TODAY,
        by=by,
    )


def test_the_threshold_date_comes_from_the_engine(registers, county):
    assert support.threshold_date(county.pupil_a.pk) == THRESHOLD
    assert support.threshold_date(county.pupil_b.pk) is None


def test_support_comes_first(registers, county, persona):
    officer = persona("attendance_officer_north")
    with pytest.raises(StepRefused, match="Support first"):
        record(officer, county.pupil_a, "penalty_notice", date(2024, 11, 25))
    record(persona("head_a"), county.pupil_a, "support_plan", date(2024, 11, 1))
    notice = record(officer, county.pupil_a, "penalty_notice", date(2024, 11, 25))
    assert notice.amount == Decimal(80)
    terms = support.notice_terms(notice)
    assert (terms.reduced, terms.reduced_by) == (Decimal(80), date(2024, 12, 16))
    assert (terms.full, terms.full_by) == (Decimal(160), date(2024, 12, 23))
    assert AuditEvent.objects.filter(action="attendance.support_step").count() == 2


def test_enforcement_needs_the_threshold(registers, county, persona):
    officer = persona("attendance_officer_north")
    record(officer, county.pupil_a, "formal_meeting", date(2024, 11, 1))
    with pytest.raises(StepRefused, match=r"threshold met.*by 21 November 2024"):
        record(officer, county.pupil_a, "notice_to_improve", date(2024, 11, 21))
    record(officer, county.pupil_a, "notice_to_improve", THRESHOLD)
    manager = persona("attendance_manager")  # pupil B's school is in South
    record(manager, county.pupil_b, "support_plan", date(2024, 11, 1))
    with pytest.raises(StepRefused, match="has not reached it"):
        record(manager, county.pupil_b, "penalty_notice", date(2024, 11, 25))


def test_at_most_two_notices_to_a_parent_in_three_years(registers, county, persona):
    officer = persona("attendance_officer_north")
    record(officer, county.pupil_a, "support_plan", date(2024, 11, 1))
    assert record(officer, county.pupil_a, "penalty_notice", date(2024, 11, 25)).amount == 80
    second = record(officer, county.pupil_a, "penalty_notice", date(2025, 2, 3), parent="sam hart")
    assert second.amount == Decimal(160)
    assert support.notice_terms(second).reduced is None
    with pytest.raises(StepRefused, match="a third is not allowed"):
        record(officer, county.pupil_a, "penalty_notice", date(2025, 5, 1))
    # The other parent's first notice.
    assert (
        record(
            officer, county.pupil_a, "penalty_notice", date(2025, 5, 1), parent="Alex Hart"
        ).amount
        == 80
    )


def test_who_may_record_what(registers, county, persona):
    head = persona("head_a")
    with pytest.raises(PermissionDenied, match="attendance officers take enforcement"):
        record(head, county.pupil_a, "penalty_notice", date(2024, 11, 25))
    with pytest.raises(PermissionDenied):
        record(persona("head_b"), county.pupil_a, "support_plan", date(2024, 11, 1))
    with pytest.raises(StepRefused, match="date is in the future"):
        record(head, county.pupil_a, "support_plan", date(2025, 6, 2))
    with pytest.raises(StepRefused, match="Name the parent"):
        record(head, county.pupil_a, "parenting_contract", date(2024, 11, 1), parent=" ")


def test_the_page_shows_a_refusal_as_a_govuk_error(registers, county, signed_in):
    client = signed_in("attendance_officer_north")
    url = f"/attendance/pupils/{county.pupil_a.pk}/support/"
    page = client.post(
        url,
        {
            "kind": "penalty_notice",
            "taken_on": "2024-11-25",
            "parent_name": "Sam Hart",
            "evidence": "x",
        },
    ).content.decode()
    assert "govuk-error-summary" in page and "Support first" in page
    assert 'value="Sam Hart"' in page  # what was typed is kept
    response = client.post(
        url, {"kind": "support_plan", "taken_on": "2024-11-01", "evidence": "Plan agreed"}
    )
    assert response.status_code == 302
    assert "Support plan, 1 November 2024" in client.get(url).content.decode()
