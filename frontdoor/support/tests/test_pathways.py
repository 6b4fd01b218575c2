"""The schools' pathways: each form's own rules, the service's checks against the pupil's
records, the records the pathways change (exclusions, the attendance ladder), who sees which,
and the pages."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from frontdoor.attendance.models import Exclusion, SupportStep
from frontdoor.core.calendar import add_working_days
from frontdoor.core.models import AuditEvent, User
from frontdoor.schools.models import Sector
from frontdoor.support import pathway_forms as f
from frontdoor.support.clocks import received_on
from frontdoor.support.models import PathwayNotification
from frontdoor.support.pathway_services import PathwayRefused, pathway_notify, pathway_respond
from frontdoor.support.pathways import BY_SLUG, PATHWAYS, answer_rows
from frontdoor.support.selectors import pathway_notification_for

UPN = "A886000000001"  # Amelia, on school A's roll (conftest.County)


def _valid(form_class, **data):
    form = form_class({"upn": UPN, **data})
    assert form.is_valid(), form.errors
    return form.cleaned_data


def _user(persona, name):
    """The persona, made once per test."""
    return User.objects.filter(username=name.replace("_", ".")).first() or persona(name)


def _notify(persona, county, slug, **data):
    pathway = BY_SLUG[slug]
    answers = _valid(pathway.form, **data)
    return pathway_notify(
        pathway=pathway,
        school=county.school_a,
        upn=answers["upn"],
        answers=answers,
        by=_user(persona, "head_a"),
    )


PART_TIME = {
    "start_date": "2025-01-06",
    "review_date": "2025-02-03",
    "sessions_a_week": "6",
    "reason": "reintegration",
    "parents_agree": "yes",
    "plan": "Two more sessions every fortnight.",
}


def test_there_are_thirteen_pathways_each_with_a_team_time_and_outcomes():
    assert len(PATHWAYS) == 13
    assert len(BY_SLUG) == 13
    for pathway in PATHWAYS:
        assert pathway.response_days >= 1
        assert pathway.outcomes
        assert "upn" in pathway.form.base_fields


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"review_date": "2025-02-18"}, "review_date", "within 6 weeks"),
        ({"review_date": "2025-01-06"}, "review_date", "after the start"),
        ({"parents_agree": "no"}, "parents_agree", "parents’ agreement"),
        ({"sessions_a_week": "10"}, "sessions_a_week", "less than or equal to 9"),
    ],
)
def test_part_time_timetable_form_rules(changes, field, message):
    form = f.PartTimeTimetableForm({"upn": UPN, **PART_TIME, **changes})
    assert not form.is_valid()
    assert message.replace("’", "'") in " ".join(form.errors[field]).replace("’", "'")


def test_a_suspension_needs_its_length_and_a_licence_its_hours_within_12():
    form = f.SuspensionForm(
        {
            "upn": UPN,
            "kind": "suspension",
            "start_date": "2025-01-06",
            "reason": "PD",
            "details": "x",
            "parents_told": "yes",
        }
    )
    assert not form.is_valid() and "sessions" in form.errors
    form = f.ChildLicenceForm(
        {
            "upn": UPN,
            "kind": "employment",
            "employer": "Paper shop",
            "work": "Deliveries",
            "start_date": "2025-01-06",
            "end_date": "2025-03-31",
            "school_days_missed": "0",
            "hours_a_week": "14",
            "parents_consent": "yes",
        }
    )
    assert not form.is_valid() and "12 hours" in form.errors["hours_a_week"][0]


def test_a_notification_is_referenced_and_due_after_the_pathways_working_days(persona, county):
    sent = _notify(persona, county, "part-time-timetable", **PART_TIME)
    assert sent.reference == f"PWY-{sent.pk:06d}"
    assert sent.pupil == county.pupil_a and sent.team == "attendance"
    assert sent.received_on == received_on(sent.submitted_at)
    assert sent.due_on == add_working_days(sent.received_on, 5)
    assert sent.answers["start_date"] == "2025-01-06"
    assert ("Sessions a week the pupil will attend", "6") in answer_rows(
        BY_SLUG["part-time-timetable"], sent.answers
    )
    assert AuditEvent.objects.filter(action="pathway.notify").count() == 1


def test_the_pupil_must_have_been_on_the_schools_roll(persona, county):
    pathway = BY_SLUG["inclusion-advice"]
    answers = _valid(pathway.form, areas=["behaviour"], concern="c", tried="t")
    with pytest.raises(PathwayRefused) as refused:
        pathway_notify(
            pathway=pathway,
            school=county.school_a,
            upn=county.pupil_b.upn,
            answers=answers,
            by=persona("head_a"),
        )
    assert refused.value.field == "upn" and "Alder Primary School" in str(refused.value)
    with pytest.raises(PermissionDenied):  # another school's staff
        pathway_notify(
            pathway=pathway, school=county.school_a, upn=UPN, answers=answers, by=persona("head_b")
        )
    with pytest.raises(PermissionDenied):  # the council's officers do not send them
        pathway_notify(
            pathway=pathway,
            school=county.school_a,
            upn=UPN,
            answers=answers,
            by=persona("attendance_officer_north"),
        )


def test_the_suspension_pathway_records_the_suspension_or_changes_nothing(persona, county):
    start = date(2025, 1, 6)
    sent = _notify(
        persona,
        county,
        "suspension",
        kind="suspension",
        start_date=start,
        sessions="4",
        reason="PD",
        details="Repeated disruption.",
        parents_told="yes",
    )
    assert sent.exclusion.sessions == 4 and sent.exclusion.pupil == county.pupil_a
    with pytest.raises(PathwayRefused) as refused:  # over the 90 sessions a year
        _notify(
            persona,
            county,
            "suspension",
            kind="suspension",
            start_date=start,
            sessions="88",
            reason="PD",
            details="x",
            parents_told="yes",
        )
    assert "45 school days" in str(refused.value)
    assert Exclusion.objects.count() == 1 and PathwayNotification.objects.count() == 1


def test_a_child_under_13_cannot_be_employed(persona, county):
    with pytest.raises(PathwayRefused) as refused:
        _notify(
            persona,
            county,
            "child-licence",
            kind="employment",
            employer="Shop",
            work="Deliveries",
            start_date="2025-01-06",
            end_date="2025-03-01",
            school_days_missed="0",
            hours_a_week="5",
            parents_consent="yes",
        )
    assert refused.value.field == "kind" and "under 13" in str(refused.value)
    licence = _notify(
        persona,
        county,
        "child-licence",
        kind="performance",
        employer="Theatre",
        work="Pantomime",
        start_date="2025-01-06",
        end_date="2025-01-10",
        school_days_missed="3",
        parents_consent="yes",
    )
    assert licence.team == "child_employment"


def test_a_pru_registration_names_a_pupil_referral_unit(persona, county):
    with pytest.raises(PathwayRefused) as refused:
        _notify(
            persona,
            county,
            "pru-registration",
            pru_urn=str(county.school_b.urn),
            start_date="2025-01-06",
            reason="r",
            has_ehc_plan="no",
        )
    assert refused.value.field == "pru_urn"
    county.school_b.sector = Sector.ALTERNATIVE_PROVISION
    county.school_b.save()
    assert _notify(
        persona,
        county,
        "pru-registration",
        pru_urn=str(county.school_b.urn),
        start_date="2025-01-06",
        reason="r",
        has_ehc_plan="no",
    ).pk


def test_a_formal_meeting_held_goes_on_the_attendance_ladder_and_the_school_is_told(
    persona, county, django_capture_on_commit_callbacks
):
    sent = _notify(
        persona,
        county,
        "formal-attendance-meeting",
        proposed_date="2025-01-20",
        parent_name="Jo Hart",
        support_so_far="Calls home.",
    )
    sent.submitted_by.email = "head@alder.example"
    sent.submitted_by.save()
    officer = persona("attendance_officer_north")
    held = timezone.localdate() - timedelta(days=1)
    with pytest.raises(PathwayRefused) as refused:
        pathway_respond(
            notification=sent, outcome="meeting_held", response="Met.", by=officer, step_on=None
        )
    assert refused.value.field == "step_on"
    with django_capture_on_commit_callbacks(execute=True):
        done = pathway_respond(
            notification=sent,
            outcome="meeting_held",
            response="Met the parent; agreed a plan.",
            by=officer,
            step_on=held,
        )
    step = SupportStep.objects.get()
    assert done.support_step == step and step.kind == "formal_meeting" and step.taken_on == held
    assert done.status == "closed" and done.responded_by == officer
    assert len(mail.outbox) == 1 and "Amelia" not in mail.outbox[0].body
    with pytest.raises(PathwayRefused):  # once only
        pathway_respond(
            notification=sent, outcome="meeting_held", response="Again.", by=officer, step_on=held
        )


def test_a_penalty_notice_needs_support_first_and_the_refusal_changes_nothing(persona, county):
    sent = _notify(
        persona,
        county,
        "penalty-notice",
        parent_name="Jo Hart",
        period_start="2024-11-04",
        period_end="2024-12-13",
        unauthorised_sessions="12",
        support_so_far="Letters.",
    )
    with pytest.raises(PathwayRefused) as refused:
        pathway_respond(
            notification=sent,
            outcome="notice_issued",
            response="Issued.",
            by=persona("attendance_officer_north"),
            step_on=timezone.localdate(),
        )
    assert "Support first" in str(refused.value)
    sent.refresh_from_db()
    assert sent.status == "open" and not SupportStep.objects.exists()


def test_only_officers_for_the_schools_district_respond(persona, county):
    sent = _notify(persona, county, "advice-and-support", topics=["attendance"], question="q")
    for name in ("attendance_officer_south", "head_a"):
        with pytest.raises(PermissionDenied):
            pathway_respond(
                notification=sent,
                outcome="advice_given",
                response="r",
                by=_user(persona, name),
                step_on=None,
            )


def test_who_sees_a_notification(persona, county):
    sent = _notify(persona, county, "advice-and-support", topics=["attendance"], question="q")
    for name in ("head_a", "senco_a", "attendance_officer_north", "attendance_manager"):
        assert pathway_notification_for(_user(persona, name), sent.pk) == sent
    for name in ("head_b", "attendance_officer_south", "front_door", "partner_police"):
        with pytest.raises(Http404):
            pathway_notification_for(persona(name), sent.pk)


def test_a_school_sends_a_form_with_an_error_then_an_officer_responds(persona, county, client):
    client.force_login(_user(persona, "head_a"))
    assert b"Notify a part-time timetable" in client.get("/pathways/").content
    url = "/pathways/new/part-time-timetable/"
    typed = {**PART_TIME, "upn": UPN, "review_date": "2025-03-31"}
    page = client.post(url, typed)
    assert page.status_code == 200
    assert "within 6 weeks" in page.text and "Two more sessions every fortnight." in page.text
    sent = client.post(url, {**typed, "review_date": "2025-02-03"})
    found = PathwayNotification.objects.get()
    assert sent.url == f"/pathways/{found.pk}/"
    assert "Attendance team will respond by" in client.get(sent.url).text
    assert client.get("/pathways/new/nonsense/").status_code == 404

    client.force_login(persona("attendance_officer_north"))
    queue = client.get("/pathways/")
    assert found.reference in queue.text and "Start a form" not in queue.text
    page = client.post(sent.url, {"outcome": "noted", "response": ""})
    assert "Enter what was done or decided" in page.text
    done = client.post(sent.url, {"outcome": "noted", "response": "Fine: review booked."})
    assert done.status_code == 302
    assert "Fine: review booked." in client.get(sent.url).text
    assert AuditEvent.objects.filter(action="pathway.view").count() == 2


def test_a_school_cannot_respond(persona, county, client):
    sent = _notify(persona, county, "advice-and-support", topics=["attendance"], question="q")
    client.force_login(_user(persona, "head_a"))
    assert client.post(f"/pathways/{sent.pk}/", {"outcome": "advice_given"}).status_code == 403
