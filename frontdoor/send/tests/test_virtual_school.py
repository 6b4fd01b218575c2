"""The Virtual School's children from the attendance engine, and their termly PEPs."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.core import term_dates
from frontdoor.core.models import AuditEvent, User
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod
from frontdoor.send import virtual_school
from frontdoor.send.models_virtual_school import PersonalEducationPlan
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


# --- the list's figures, worked by hand ---------------------------------------------------------
#
# On the registers of attendance/tests/county_registers.py (to 13 November 2024), with A
# previously looked after, B a child in need and C in care:
#
# | child | group | attended / possible | attendance | PA | suspensions (days) | permanent |
# |---|---|---|---|---|---|---|
# | B | social worker | 11 / 16 | 68.75% | yes | 2 (5 + 2 sessions: 3.5 days) | - |
# | A | previously looked after | 14 / 16 | 87.50% | yes | 0 | 12 November 2024 |
# | C | in care | 16 / 16 | 100.00% | no | 0 | - |
# | all | | 41 / 48 | 85.42% | 2 of 3: 66.67% | 2 (3.5 days) | 1 |
#
# B's suspension of 20 November (after the registers end) and June's (last year) are not counted.


def virtual_school_county(county, tmp_path, recorder):
    """The registers' county with A, B and C the Virtual School's (the flags are read when the
    summary is built), their SEN, and B's and A's suspensions and exclusion."""
    periods = [
        (county.pupil_a, Characteristic.PREVIOUSLY_LOOKED_AFTER, date(2023, 5, 1), None),
        (county.pupil_b, Characteristic.CHILD_IN_NEED, date(2024, 10, 1), None),
        (county.pupil_a, Characteristic.SEN_SUPPORT, date(2023, 9, 1), None),
        (county.pupil_b, Characteristic.EHC_PLAN, date(2022, 1, 5), date(2024, 6, 30)),
        (county.pupil_c, Characteristic.SEN_SUPPORT, date(2023, 9, 1), None),
        (county.pupil_c, Characteristic.EHC_PLAN, date(2024, 2, 1), None),
    ]
    for pupil, characteristic, start, end in periods:
        CharacteristicPeriod.objects.create(
            pupil=pupil, characteristic=characteristic, start_date=start, end_date=end
        )
    exclusions = [
        (county.pupil_b, county.school_b, Exclusion.Kind.SUSPENSION, date(2024, 10, 1), 2),
        (county.pupil_b, county.school_b, Exclusion.Kind.SUSPENSION, date(2024, 11, 4), 5),
        (county.pupil_b, county.school_b, Exclusion.Kind.SUSPENSION, date(2024, 11, 20), 4),
        (county.pupil_b, county.school_b, Exclusion.Kind.SUSPENSION, date(2024, 6, 10), 2),
        (county.pupil_a, county.school_a, Exclusion.Kind.PERMANENT, date(2024, 11, 12), None),
    ]
    for pupil, school, kind, start, sessions in exclusions:
        Exclusion.objects.create(
            pupil=pupil,
            establishment=school,
            kind=kind,
            start_date=start,
            sessions=sessions,
            reason=Exclusion.Reason.DISRUPTION,
            recorded_by=recorder,
        )
    return county_with_registers(tmp_path)


@pytest.fixture
def figures_summary(county, tmp_path, persona):
    return virtual_school_county(county, tmp_path, persona("head_b"))


def test_each_child_has_the_figures_of_their_page(figures_summary, persona, county):
    officer = persona("virtual_school")
    b, a, c = virtual_school.children(officer, figures_summary, TODAY)
    assert [row["pupil_id"] for row in (b, a, c)] == [
        county.pupil_b.pk,
        county.pupil_a.pk,
        county.pupil_c.pk,
    ]
    assert (b["overall_attendance"], b["possible_sessions"]) == (11, 16)
    assert b["attendance_rate"] == Decimal("68.75")
    assert b["persistent_absence"] and not b["severe_absence"]
    assert (b["suspensions"], b["suspension_days"], b["permanent_on"]) == (2, Decimal("3.5"), None)
    assert b["groups"] == ["Child in need"] and b["group_slugs"] == {"social-worker"}
    assert b["sen"] == "None"  # the plan ended in June
    assert b["pep_status"] == "" and b["pep_due"] is False  # PEPs are for children in care
    assert a["attendance_rate"] == Decimal("87.50") and a["persistent_absence"]
    assert (a["suspensions"], a["permanent_on"]) == (0, date(2024, 11, 12))
    assert a["groups"] == ["Previously looked after"] and a["sen"] == "SEN support"
    assert c["attendance_rate"] == Decimal("100.00") and not c["persistent_absence"]
    assert c["sen"] == "EHC plan"  # a plan outranks SEN support
    assert c["pep_status"] == "due"
    [named] = virtual_school.named(officer, [a])
    assert (named["name"], named["school"]) == ("Amelia Hart", "Alder Primary School")
    assert named["href"] == f"/pupils/{county.pupil_a.pk}/"
    head_b = User.objects.get(username="head.b")  # who recorded the suspensions
    assert virtual_school.named(head_b, [a]) == []  # not a child head B may see


def test_the_summary_adds_up_attended_over_possible_by_group(figures_summary, persona, county):
    officer = persona("virtual_school")
    virtual_school.pep_record(
        pupil=county.pupil_c,
        term=term_dates.term(2024, "autumn"),
        held_on=date(2024, 10, 8),
        targets="Reading age +1",
        amount=Decimal(400),
        by=officer,
    )
    rows = virtual_school.children(officer, figures_summary, TODAY)
    by_label = {row["label"]: row for row in virtual_school.group_figures(rows)}
    assert list(by_label) == [
        "In care",
        "Previously looked after",
        "With a social worker",
        "All children",
    ]
    everyone = by_label["All children"]
    assert everyone["children"] == 3
    assert everyone["attendance_rate"] == Decimal("85.42")  # 41 / 48
    assert everyone["persistent_absence_rate"] == Decimal("66.67")  # 2 of 3
    assert (everyone["peps_held"], everyone["in_care"], everyone["pep_rate"]) == (
        1,
        1,
        Decimal("100.00"),
    )
    assert (everyone["suspensions"], everyone["suspension_days"]) == (2, Decimal("3.5"))
    assert everyone["permanent_exclusions"] == 1
    social = by_label["With a social worker"]
    assert (social["children"], social["attendance_rate"]) == (1, Decimal("68.75"))
    assert social["pep_rate"] is None  # nobody in care: not 0%
    assert by_label["Previously looked after"]["attendance_rate"] == Decimal("87.50")
    assert by_label["In care"]["persistent_absence_rate"] == Decimal("0.00")


def test_a_group_is_the_children_with_its_flags(figures_summary, persona, county):
    rows = virtual_school.children(persona("virtual_school"), figures_summary, TODAY)
    assert [r["pupil_id"] for r in virtual_school.in_group(rows, "in-care")] == [county.pupil_c.pk]
    assert [r["pupil_id"] for r in virtual_school.in_group(rows, "social-worker")] == [
        county.pupil_b.pk
    ]
    assert virtual_school.in_group(rows, "") == rows


@pytest.mark.parametrize(
    ("today", "term", "status"),
    [
        (date(2024, 9, 3), ("autumn", 2024), "due"),  # the term's first day
        (date(2024, 12, 20), ("autumn", 2024), "due"),  # its last
        (date(2024, 12, 23), ("autumn", 2024), "overdue"),  # the holiday: the term ended
        (date(2025, 1, 6), ("spring", 2024), "due"),
        (date(2025, 4, 10), ("spring", 2024), "overdue"),  # Easter
    ],
)
def test_a_terms_pep_is_due_until_the_term_ends_then_overdue(today, term, status):
    found = virtual_school.pep_term(today)
    assert (found.name, found.academic_year) == term
    assert virtual_school.pep_status(held=False, term=found, today=today) == status
    assert virtual_school.pep_status(held=True, term=found, today=today) == "held"


def test_no_pep_term_before_the_recorded_dates():
    assert virtual_school.pep_term(date(2000, 1, 1)) is None


def _record(pupil, by, **more):
    return virtual_school.pep_record(
        pupil=pupil,
        term=more.pop("term", term_dates.term(2024, "autumn")),
        held_on=more.pop("held_on", date(2024, 10, 8)),
        targets=more.pop("targets", "Reading age +1"),
        amount=more.pop("amount", Decimal(400)),
        by=by,
    )


def test_a_pep_is_for_a_child_in_care_on_the_day(figures_summary, persona, county):
    with pytest.raises(SendRefused, match="not in care on 8 October 2024") as refused:
        _record(county.pupil_b, persona("virtual_school"))  # a child in need
    assert refused.value.field == "held_on"
    assert not PersonalEducationPlan.objects.exists()


def test_a_pep_is_recorded_once_held(summary, persona, county, monkeypatch):
    monkeypatch.setattr(virtual_school.timezone, "localdate", lambda: date(2024, 10, 1))
    with pytest.raises(SendRefused, match="once its meeting has been held"):
        _record(county.pupil_c, persona("virtual_school"), held_on=date(2024, 10, 8))


@pytest.mark.parametrize(
    ("more", "field", "message"),
    [
        ({"targets": "  "}, "targets", "Record the targets"),
        ({"amount": Decimal("-1")}, "amount", "cannot be negative"),
    ],
)
def test_a_pep_needs_targets_and_an_allocation(summary, persona, county, more, field, message):
    with pytest.raises(SendRefused, match=message) as refused:
        _record(county.pupil_c, persona("virtual_school"), **more)
    assert refused.value.field == field


def test_recording_the_terms_pep_again_revises_it(summary, persona, county):
    officer = persona("virtual_school")
    first = _record(county.pupil_c, officer)
    second = _record(county.pupil_c, officer, targets="Times tables", amount=Decimal(600))
    assert second.pk == first.pk and PersonalEducationPlan.objects.count() == 1
    assert (second.targets, second.pupil_premium_plus) == ("Times tables", Decimal(600))
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["pep.record", "pep.update"]


def test_only_the_virtual_school_keeps_peps(summary, persona, county):
    with pytest.raises(PermissionDenied):
        _record(county.pupil_c, persona("send_caseworker_south"))


AUTUMN_2024 = term_dates.term(2024, "autumn")  # 3 September to 20 December 2024


@pytest.mark.parametrize(
    ("came_into_care", "due_by"),
    [
        (None, date(2024, 12, 20)),  # in care before the term: by the term's end
        (date(2024, 6, 3), date(2024, 12, 20)),
        # Monday 4 November: 10 working days later is Monday 18 November.
        (date(2024, 11, 4), date(2024, 11, 18)),
        # Monday 16 December: 10 working days fall after the term ends (25, 26 December and
        # 1 January are bank holidays), so the term's end comes first.
        (date(2024, 12, 16), date(2024, 12, 20)),
    ],
)
def test_a_child_new_to_care_has_a_pep_within_10_working_days(came_into_care, due_by):
    assert virtual_school.pep_due_by(AUTUMN_2024, came_into_care) == due_by


def test_the_list_flags_a_first_pep_overdue_after_10_working_days(summary, persona, county):
    CharacteristicPeriod.objects.filter(
        pupil=county.pupil_c, characteristic=Characteristic.LOOKED_AFTER
    ).update(start_date=date(2024, 11, 4))
    officer = persona("virtual_school")
    [row] = virtual_school.children(officer, summary, date(2024, 11, 18))
    assert (row["pep_status"], row["pep_due_by"]) == ("due", date(2024, 11, 18))
    [row] = virtual_school.children(officer, summary, date(2024, 11, 19))
    assert row["pep_status"] == "overdue"  # the term has weeks to run, the first PEP is late
    record = virtual_school.pep_page(officer, county.pupil_c.pk, date(2024, 11, 19))
    assert (record.came_into_care, record.due_by, record.status) == (
        date(2024, 11, 4),
        date(2024, 11, 18),
        "overdue",
    )
