"""The Virtual School's children from the attendance engine, and their termly PEPs."""

from datetime import date
from decimal import Decimal

import pytest

from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.core import term_dates
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod
from frontdoor.send import virtual_school
from frontdoor.send.services import SendRefused

TODAY = date(2024, 11, 14)


@pytest.fixture
def summary(county, tmp_path):
    CharacteristicPeriod.objects.create(
        pupil=county.pupil_c, characteristic=Characteristic.EHC_PLAN, start_date=date(2024, 2, 1)
    )
    return county_with_registers(tmp_path)


def test_the_virtual_school_sees_its_children_with_attendance_and_sen(summary, persona, county):
    [row] = virtual_school.children(persona("virtual_school"), summary, TODAY)
    assert row["pupil_id"] == county.pupil_c.pk  # the child in care; A and B are not its
    assert row["groups"] == ["In care"]
    assert row["attendance_rate"] == Decimal("100.0")  # 16 of 16 sessions
    assert row["sen"] == "EHC plan"
    assert row["pep_due"] is True and row["pep"] is None


def test_other_roles_get_no_rows(summary, persona):
    assert virtual_school.children(persona("attendance_manager"), summary, TODAY) == []


def test_a_pep_this_term_clears_the_flag(summary, persona, county):
    officer = persona("virtual_school")
    autumn = term_dates.term(2024, "autumn")
    with pytest.raises(SendRefused, match="autumn term PEP is held between"):
        virtual_school.pep_record(
            pupil=county.pupil_c,
            term=autumn,
            held_on=date(2025, 1, 10),
            targets="Reading",
            amount=Decimal(400),
            by=officer,
        )
    virtual_school.pep_record(
        pupil=county.pupil_c,
        term=autumn,
        held_on=date(2024, 10, 8),
        targets="Reading age +1",
        amount=Decimal(400),
        by=officer,
    )
    [row] = virtual_school.children(officer, summary, TODAY)
    assert row["pep_due"] is False and row["pep"].targets == "Reading age +1"


def test_a_pep_for_a_child_not_in_care_is_refused(summary, persona, county):
    with pytest.raises(SendRefused, match="not one of the Virtual School's"):
        virtual_school.pep_record(
            pupil=county.pupil_a,
            term=term_dates.term(2024, "autumn"),
            held_on=date(2024, 10, 8),
            targets="x",
            amount=Decimal(400),
            by=persona("virtual_school"),
        )
