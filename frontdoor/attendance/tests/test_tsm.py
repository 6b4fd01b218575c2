"""Targeting Support Meetings: the rules for booking, holding, actions and outcomes (each refusal
with its message), coverage worked by hand, and the pages. 2024/25 terms (core/data/
term_dates.csv): autumn 3 Sep to 20 Dec 2024, spring 6 Jan to 4 Apr 2025, summer 22 Apr to
22 Jul 2025."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.attendance import tsm
from frontdoor.attendance.models import LiaisonAssignment, TargetingSupportMeeting, TsmAction
from frontdoor.attendance.tests.county_registers import county_with_registers
from frontdoor.attendance.tsm import Coverage, TsmRefused
from frontdoor.core.models import AuditEvent
from frontdoor.schools.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(persona):
    return persona("attendance_officer_north")  # school A is in North


def held_meeting(county, officer, on=date(2024, 10, 7)):
    meeting = tsm.tsm_book(school=county.school_a, number=1, on=on, by=officer)
    tsm.tsm_hold(meeting=meeting, held_on=on, notes="", today=on, by=officer)
    return meeting


def test_booking_follows_the_terms(county, officer):
    meeting = tsm.tsm_book(school=county.school_a, number=1, on=date(2024, 10, 7), by=officer)
    assert (meeting.academic_year, meeting.status) == (2024, "booked")
    with pytest.raises(TsmRefused, match="already booked"):
        tsm.tsm_book(school=county.school_a, number=1, on=date(2024, 11, 7), by=officer)
    with pytest.raises(TsmRefused, match="between 6 January 2025 and 4 April 2025"):
        tsm.tsm_book(school=county.school_a, number=2, on=date(2024, 12, 2), by=officer)
    assert AuditEvent.objects.filter(action="tsm.book").count() == 1


def test_only_the_schools_officers_book(county, officer, persona):
    with pytest.raises(PermissionDenied):
        tsm.tsm_book(school=county.school_a, number=1, on=date(2024, 10, 7), by=persona("head_a"))
    south = persona("attendance_officer_south")
    with pytest.raises(PermissionDenied):
        tsm.tsm_book(school=county.school_a, number=1, on=date(2024, 10, 7), by=south)


def test_holding_a_meeting(county, officer):
    meeting = tsm.tsm_book(school=county.school_a, number=1, on=date(2024, 10, 7), by=officer)
    with pytest.raises(TsmRefused, match="on or after the day it met"):
        tsm.tsm_hold(
            meeting=meeting,
            held_on=date(2024, 10, 7),
            notes="",
            today=date(2024, 10, 6),
            by=officer,
        )
    tsm.tsm_hold(
        meeting=meeting,
        held_on=date(2024, 10, 8),
        notes="Good",
        today=date(2024, 10, 9),
        by=officer,
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.meeting_date) == ("held", date(2024, 10, 8))
    with pytest.raises(TsmRefused, match="already recorded as held"):
        tsm.tsm_hold(
            meeting=meeting,
            held_on=date(2024, 10, 8),
            notes="",
            today=date(2024, 10, 9),
            by=officer,
        )
    with pytest.raises(TsmRefused, match="cannot change"):
        tsm.tsm_reschedule(meeting=meeting, on=date(2024, 11, 4), by=officer)


def test_actions_and_their_outcomes(county, officer, persona):
    booked = tsm.tsm_book(school=county.school_a, number=2, on=date(2025, 1, 13), by=officer)
    with pytest.raises(TsmRefused, match="record the meeting as held first"):
        tsm.tsm_action_agree(
            meeting=booked, action="Call home", owner="Head", due_date=date(2025, 2, 1),
            cohort="Year 2", by=officer,
        )  # fmt: skip
    meeting = held_meeting(county, officer)
    with pytest.raises(TsmRefused, match="one pupil or for a cohort"):
        tsm.tsm_action_agree(
            meeting=meeting, action="Call", owner="Head", due_date=date(2024, 11, 1), by=officer
        )
    with pytest.raises(TsmRefused, match="not on this school's roll"):
        tsm.tsm_action_agree(
            meeting=meeting, action="Call", owner="Head", due_date=date(2024, 11, 1),
            pupil=county.pupil_b, by=officer,
        )  # fmt: skip
    action = tsm.tsm_action_agree(
        meeting=meeting, action="Meet the family", owner="Attendance lead",
        due_date=date(2024, 11, 1), pupil=county.pupil_a, by=officer,
    )  # fmt: skip
    lead = persona("attendance_lead_a")
    with pytest.raises(TsmRefused, match="Describe the outcome"):
        tsm.tsm_action_outcome(action=action, status="done", outcome=" ", by=lead)
    tsm.tsm_action_outcome(action=action, status="done", outcome="Met on 20 Oct", by=lead)
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("done", "Met on 20 Oct")
    with pytest.raises(PermissionDenied):
        tsm.tsm_action_outcome(action=action, status="done", outcome="x", by=persona("head_b"))
    # Followed up at the next meeting.
    tsm.tsm_hold(
        meeting=booked, held_on=date(2025, 1, 13), notes="", today=date(2025, 1, 13), by=officer
    )
    assert tsm.previous_actions(booked) == [action]


@pytest.mark.parametrize(
    ("booked_for", "held", "today", "status"),
    [
        (None, False, date(2024, 10, 1), Coverage.NOT_BOOKED),
        (None, False, date(2024, 12, 21), Coverage.OVERDUE),  # the autumn term has ended
        (date(2024, 11, 4), False, date(2024, 10, 1), Coverage.BOOKED),
        (date(2024, 11, 4), False, date(2024, 11, 5), Coverage.OVERDUE),  # date passed
        (date(2024, 11, 4), True, date(2025, 3, 1), Coverage.HELD),
    ],
)
def test_coverage_status(county, officer, booked_for, held, today, status):
    meeting = None
    if booked_for:
        meeting = tsm.tsm_book(school=county.school_a, number=1, on=booked_for, by=officer)
        if held:
            tsm.tsm_hold(meeting=meeting, held_on=booked_for, notes="", today=today, by=officer)
    assert tsm.coverage_status(meeting, tsm.term_window(2024, 1), today) == status


def test_coverage_by_district(county, officer):
    held_meeting(county, officer)
    rows = {
        r.district: r for r in tsm.coverage(Establishment.objects.all(), 2024, date(2024, 12, 21))
    }
    assert rows["North"].schools == 2
    assert dict(rows["North"].counts[1]) == {Coverage.HELD: 1, Coverage.OVERDUE: 1}
    assert dict(rows["North"].counts[2]) == {Coverage.NOT_BOOKED: 2}
    assert dict(rows["South"].counts[1]) == {Coverage.OVERDUE: 1}


def test_schools_to_follow_up_this_term(county, officer):
    # 21 December 2024: the autumn term has ended. A held; C (North) booked for a date that
    # passed (overdue); B (South) never booked (overdue too, as the term is over). In spring,
    # before any meeting: all three not booked.
    held_meeting(county, officer)
    tsm.tsm_book(school=county.school_c, number=1, on=date(2024, 11, 4), by=officer)
    LiaisonAssignment.objects.create(
        establishment=county.school_c, officer=officer, since=date(2024, 9, 1)
    )
    found = tsm.follow_up(Establishment.objects.all(), 2024, date(2024, 12, 21))
    assert [(f.school.urn, f.number, f.status) for f in found] == [
        (990003, 1, Coverage.OVERDUE),
        (990002, 1, Coverage.OVERDUE),
    ]
    assert (found[0].officer, found[1].officer) == (officer.get_full_name(), "")
    spring = tsm.follow_up(Establishment.objects.all(), 2024, date(2025, 1, 10))
    assert {(f.number, f.status) for f in spring} == {(2, Coverage.NOT_BOOKED)}
    assert len(spring) == 3


def test_an_officer_books_and_records_through_the_page(county, signed_in, settings):
    client = signed_in("attendance_officer_north")
    this_year = tsm.term_window(2026, 1)
    response = client.post(
        "/attendance/schools/990001/meetings/",
        {"step": "book", "number": "1", "meeting_date": this_year.start.isoformat()},
    )
    assert response.status_code == 302
    assert TargetingSupportMeeting.objects.filter(establishment__urn=990001).exists()
    refused = client.post(
        "/attendance/schools/990001/meetings/",
        {"step": "book", "number": "2", "meeting_date": this_year.start.isoformat()},
    ).content.decode()
    assert "Meeting 2 is the spring term" in refused  # the GOV.UK error, the form kept
    assert f'value="{this_year.start.isoformat()}"' in refused


def test_a_school_sees_its_meetings_but_cannot_book(county, signed_in):
    client = signed_in("head_a")
    page = client.get("/attendance/schools/990001/meetings/").content.decode()
    assert "Meeting 1: Autumn term" in page and "Book meeting" not in page
    assert (
        client.post(
            "/attendance/schools/990001/meetings/",
            {"step": "book", "number": "1", "meeting_date": "2026-10-01"},
        ).status_code
        == 403
    )
    assert client.get("/attendance/schools/990002/meetings/").status_code == 404


def test_the_pack(county, signed_in, persona, tmp_path):
    county_with_registers(tmp_path)
    client = signed_in("attendance_manager")
    officer = persona("attendance_officer_north")
    year_start = tsm.term_window(2026, 1).start
    meeting = tsm.tsm_book(school=county.school_a, number=1, on=year_start, by=officer)
    page = client.get("/attendance/schools/990001/meetings/1/pack/").content.decode()
    assert "Targeting Support Meeting pack" in page
    assert "87.50%" in page and "85.42%" in page  # the school and the county, year to date
    assert "Amelia Hart" in page  # persistently absent
    assert AuditEvent.objects.filter(action="tsm.pack", object_id=str(meeting.pk)).exists()
    assert TsmAction.objects.count() == 0


def test_the_pack_as_a_pdf(county, signed_in, persona, tmp_path):
    county_with_registers(tmp_path)
    client = signed_in("head_a")
    officer = persona("attendance_officer_north")
    tsm.tsm_book(school=county.school_a, number=1, on=tsm.term_window(2026, 1).start, by=officer)
    response = client.get("/attendance/schools/990001/meetings/1/pack/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="tsm.pack.download").exists()


def test_the_coverage_page_lists_the_schools_to_follow_up(county, signed_in):
    page = signed_in("attendance_manager").get("/attendance/meetings/").content.decode()
    assert "Meeting 1: Autumn term" in page
    assert "Schools to follow up this term" in page
    assert 'href="/attendance/schools/990001/meetings/"' in page  # nobody has booked yet
