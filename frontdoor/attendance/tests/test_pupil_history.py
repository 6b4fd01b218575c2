"""A child's history of support on their record page: steps, meeting actions, suspensions and
exclusions, newest first, shown to those who may see the child."""

from datetime import date

import pytest

from frontdoor.attendance.models import (
    Exclusion,
    SupportStep,
    TargetingSupportMeeting,
    TsmAction,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(county, persona):
    officer = persona("attendance_manager")
    pupil, school = county.pupil_a, county.school_a
    SupportStep.objects.create(
        pupil=pupil,
        kind=SupportStep.Kind.SUPPORT_PLAN,
        taken_on=date(2024, 10, 1),
        evidence="Morning check-in with the pastoral lead",
        recorded_by=officer,
    )
    meeting = TargetingSupportMeeting.objects.create(
        establishment=school,
        academic_year=2024,
        number=1,
        status=TargetingSupportMeeting.Status.HELD,
        meeting_date=date(2024, 11, 12),
        booked_by=officer,
    )
    TsmAction.objects.create(
        meeting=meeting,
        pupil=pupil,
        action="Home visit",
        owner="Family liaison officer",
        due_date=date(2024, 11, 29),
        status=TsmAction.Status.DONE,
        outcome="Visited; transport arranged",
    )
    TsmAction.objects.create(
        meeting=meeting,
        cohort="Year 2",
        action="Not this child's",
        owner="Head",
        due_date=date(2024, 12, 1),
    )
    Exclusion.objects.create(
        pupil=pupil,
        establishment=school,
        kind=Exclusion.Kind.SUSPENSION,
        start_date=date(2024, 10, 15),
        sessions=3,
        reason=Exclusion.Reason.DISRUPTION,
        recorded_by=officer,
    )
    return pupil


def test_the_record_lists_the_history_newest_first(history, signed_in):
    page = signed_in("head_a").get(f"/pupils/{history.pk}/").content.decode()
    meeting = page.index("Home visit (owner Family liaison officer, due 29 Nov 2024)")
    suspension = page.index("Persistent disruptive behaviour (3 sessions)")
    plan = page.index("Morning check-in with the pastoral lead")
    assert meeting < suspension < plan
    assert "Done: Visited; transport arranged." in page
    assert "Not this child&#x27;s" not in page and "Not this child's" not in page


def test_a_child_with_no_history_says_so(county, signed_in):
    page = signed_in("head_b").get(f"/pupils/{county.pupil_b.pk}/").content.decode()
    assert "No support, meeting actions, suspensions or exclusions are recorded." in page
