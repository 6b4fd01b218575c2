"""What a family is told when their child's case moves on: the sentence (hand-worked dates from
the statutory clock), a notification for each parent following the child and none for anyone
else, and an email once the change is committed (none if it is rolled back)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.send import notifications, plan_services, review_services, services
from frontdoor.send.models import Delivery, EhcRequest, Requester
from frontdoor.send.models_notifications import Notification
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import ReviewDecision
from frontdoor.send.tests.plans import complete

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 9, 1, 9, 30, tzinfo=LONDON)  # a Tuesday: received on 1 September 2026


@pytest.fixture
def parent(persona):
    user = persona("parent")  # follows Bella (county.pupil_b)
    user.email = "parent@example.invalid"
    user.save(update_fields=["email"])
    return user


def receive(county, by, pupil=None) -> EhcRequest:
    return services.ehc_request_receive(
        pupil=pupil or county.pupil_b,
        district=county.south,
        requester=Requester.PARENT,
        requester_name="",
        delivery=Delivery.EMAIL,
        sent_at=SENT,
        by=by,
    )


def messages_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_the_decision_to_assess_says_what_comes_next_and_by_when(
    county, caseworker, parent, django_capture_on_commit_callbacks
):
    ehc = receive(county, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    # 16 weeks from 1 September 2026 (reg 10(1)) is 22 December 2026.
    expected = (
        "The council has decided to carry out an EHC needs assessment. Next: professionals give "
        "their advice and the council decides whether to issue an EHC plan, due by "
        "22 December 2026."
    )
    assert messages_for(parent) == [expected]
    notification = Notification.objects.get(recipient=parent)
    assert notification.ehc_request == ehc and not notification.is_read
    [email] = mail.outbox
    assert email.to == ["parent@example.invalid"]
    assert ehc.reference in email.subject
    assert expected in email.body
    assert "Bella" not in email.body and "Stone" not in email.body  # no name in an email


def test_a_refusal_says_how_to_challenge_it_and_has_no_next_step(county, caseworker, parent):
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=False, on=date(2026, 10, 1), by=caseworker)
    [message] = messages_for(parent)
    assert message.startswith("The council has decided not to carry out an EHC needs assessment.")
    assert "mediation or appeal to the SEND Tribunal" in message
    assert "Next:" not in message


def test_the_draft_plan_gives_the_15_days_and_the_final_plans_date(county, caseworker, parent):
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 9, 10), by=caseworker)
    services.plan_decide(request=ehc, issue=True, on=date(2026, 10, 20), by=caseworker)
    services.draft_serve(request=ehc, on=date(2026, 11, 2), by=caseworker)
    newest = Notification.objects.filter(recipient=parent).first().message
    # 15 days beginning with 2 November is to 16 November (reg 13(1)); the final plan is due
    # 20 weeks from 1 September: 19 January 2027 (reg 13(2)).
    assert newest == (
        "The council has sent you the draft EHC plan. You have until 16 November 2026 to "
        "comment on it and to say which school or college you would like it to name. Next: "
        "the council issues the final EHC plan, due by 19 January 2027."
    )
    assert len(messages_for(parent)) == 3  # one for each step


def test_nobody_else_is_notified(county, caseworker, parent, persona):
    amelias = User.objects.create_user(username="amelia.parent", role=Role.PARENT)
    amelias.children.set([county.pupil_a])
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    assert messages_for(amelias) == []
    assert Notification.objects.exclude(recipient=parent).count() == 0


def test_a_child_nobody_follows_gets_no_notification_or_email(
    county, caseworker, django_capture_on_commit_callbacks
):
    ehc = receive(county, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_change_tells_nobody(
    county, caseworker, parent, django_capture_on_commit_callbacks
):
    ehc = receive(county, caseworker)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
        raise RuntimeError("the page failed after the decision")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_inactive_parent_is_not_told(county, caseworker, parent):
    parent.is_active = False
    parent.save(update_fields=["is_active"])
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    assert messages_for(parent) == []


def issued_plan(county, caseworker) -> EhcPlan:
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 9, 10), by=caseworker)
    services.plan_decide(request=ehc, issue=True, on=date(2026, 9, 20), by=caseworker)
    version = plan_services.plan_draft_save(request=ehc, content=complete(), by=caseworker)
    plan_services.plan_version_finalise(plan=version.plan, on=date(2026, 10, 1), by=caseworker)
    return version.plan


def test_a_final_plan_points_to_its_first_review(county, caseworker, parent):
    plan = issued_plan(county, caseworker)
    newest = Notification.objects.filter(recipient=parent).first()
    assert newest.plan == plan
    assert newest.message == (
        "The EHC plan is now final. You can read it, section by section, on your page. "
        "Next: the annual review, due by 1 October 2027."
    )


def reviewed(county, caseworker, decision, amendments=None):
    plan = issued_plan(county, caseworker)
    review = review_services.review_open(plan=plan, by=caseworker)
    review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2026, 10, 20),
        invitations_sent_on=date(2026, 10, 5),
        by=caseworker,
    )
    return review_services.review_decide(
        review=review,
        decision=decision,
        on=date(2026, 10, 26),
        amendments=amendments,
        by=caseworker,
    )


def test_keeping_the_plan_after_a_review(county, caseworker, parent):
    reviewed(county, caseworker, ReviewDecision.MAINTAIN)
    assert Notification.objects.filter(recipient=parent).first().message == (
        "After the annual review, the council has decided to keep the EHC plan as it is. "
        "Next: the following annual review, due by 20 October 2027."
    )


def test_amending_the_plan_gives_the_15_days_and_the_8_weeks(county, caseworker, parent):
    changed = complete() | {"A": "Sam now wants to be a train driver."}
    reviewed(county, caseworker, ReviewDecision.AMEND, amendments=changed)
    # 15 days beginning 26 October 2026 end on 9 November (reg 22(2)); the amended plan is
    # due 8 weeks after the proposals: 21 December 2026 (reg 22(3)).
    assert Notification.objects.filter(recipient=parent).first().message == (
        "After the annual review, the council has decided to amend the EHC plan. You have "
        "until 9 November 2026 to comment on the proposed changes. Next: the amended plan, "
        "due by 21 December 2026."
    )


def test_ceasing_the_plan_says_how_to_challenge_it(county, caseworker, parent):
    reviewed(county, caseworker, ReviewDecision.CEASE)
    message = Notification.objects.filter(recipient=parent).first().message
    assert message.startswith("After the annual review, the council has decided to stop")
    assert "appeal to the SEND Tribunal" in message


def test_an_amended_version_says_why(county, caseworker, parent):
    plan = issued_plan(county, caseworker)
    draft = plan_services.plan_amendment_start(
        plan=plan, reason=PlanVersion.Reason.TRIBUNAL, by=caseworker
    )
    draft.content = complete() | {"A": "Changed by the Tribunal's order."}
    draft.save()
    plan_services.plan_version_finalise(plan=plan, on=date(2026, 11, 5), by=caseworker)
    assert (
        Notification.objects.filter(recipient=parent)
        .first()
        .message.startswith(
            "An amended EHC plan (version 2: amended by a tribunal order) is now final."
        )
    )


def test_a_notification_is_about_a_case(county):
    with pytest.raises(ValueError, match="about a request or a plan"):
        notifications.family_notify(what_changed="Something happened.")


def test_marking_read_touches_only_the_parents_own(county, caseworker, parent, persona):
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    other = User.objects.create_user(username="other.parent", role=Role.PARENT)
    theirs = Notification.objects.create(recipient=other, ehc_request=ehc, message="x")
    mine = list(Notification.objects.filter(recipient=parent))
    assert notifications.family_notifications_mark_read(user=parent, notifications=mine) == 1
    assert notifications.family_notifications_mark_read(user=parent, notifications=[theirs]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    with pytest.raises(PermissionDenied):
        notifications.family_notifications_mark_read(user=caseworker, notifications=mine)


def test_a_new_plan_issued_from_its_page_tells_the_family_once(county, caseworker, parent):
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 9, 10), by=caseworker)
    services.plan_decide(request=ehc, issue=True, on=date(2026, 9, 20), by=caseworker)
    version = plan_services.plan_draft_save(request=ehc, content=complete(), by=caseworker)
    services.draft_serve(request=ehc, on=date(2026, 9, 21), by=caseworker)
    before = len(messages_for(parent))
    plan_services.plan_draft_issue(plan=version.plan, on=date(2026, 10, 12), by=caseworker)
    assert len(messages_for(parent)) == before + 1
