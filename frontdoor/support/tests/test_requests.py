"""Requests for Support: the draft, its pages, submitting it, and who may see it."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from frontdoor.core.models import AuditEvent
from frontdoor.support import services
from frontdoor.support.models import Consent, ReferralSource, SupportRequest
from frontdoor.support.selectors import support_requests_visible_to

COMPLETE = {
    "parents": "Sam Able (mother)",
    "concerns": "Not seen at school for three weeks.",
    "tried": "Home visits by the attendance lead.",
    "consent": Consent.GIVEN,
    "family_email": "family@example.org",
    "referrer_name": "Hana Head",
    "referrer_phone": "01632 960000",
}


def complete_draft(user, county, **answers):
    draft = services.support_request_start(by=user)
    services.request_child_add(
        request=draft,
        by=user,
        answers={"first_name": "Amelia", "last_name": "Able", "school": county.school_a},
    )
    return services.support_request_update(request=draft, by=user, answers=COMPLETE | answers)


def test_a_draft_starts_with_the_referrers_details_and_source(persona):
    head = persona("head_a")
    head.first_name, head.last_name, head.email = "Hana", "Head", "head@school-a.example"
    draft = services.support_request_start(by=head)
    assert draft.status == SupportRequest.Status.DRAFT
    assert draft.reference is None
    assert draft.referrer_name == "Hana Head"
    assert draft.referrer_organisation == head.schools.get().name
    assert draft.source == ReferralSource.SCHOOLS
    police = services.support_request_start(by=persona("partner_police"))
    assert police.source == ReferralSource.POLICE


def test_the_back_office_cannot_make_requests(persona):
    with pytest.raises(PermissionDenied):
        services.support_request_start(by=persona("finance"))


def test_submitting_lists_what_is_missing_and_changes_nothing(persona):
    head = persona("head_a")
    draft = services.support_request_start(by=head)
    with pytest.raises(services.RequestIncomplete) as refused:
        services.support_request_submit(request=draft, by=head)
    pages = list(dict.fromkeys(page for page, _ in refused.value.missing))
    assert pages == ["children", "family", "concerns", "tried", "consent", "referrer"]
    draft.refresh_from_db()
    assert draft.status == SupportRequest.Status.DRAFT and draft.reference is None


def test_consent_not_sought_needs_its_reason(persona, county):
    head = persona("head_a")
    draft = complete_draft(head, county, consent=Consent.NOT_SOUGHT)
    assert services.missing_answers(draft) == [
        ("consent", "Explain why asking for consent would increase the risk")
    ]


@pytest.mark.django_db(transaction=True)
def test_submitting_gives_a_reference_a_receipt_date_and_an_acknowledgement(persona, county):
    head = persona("head_a")
    head.email = "head@school-a.example"
    draft = complete_draft(head, county, referrer_email="head@school-a.example")
    # Friday 22 December 2023 at 6pm: received on the next working day, Wednesday 27 December
    # (Christmas Day and Boxing Day are bank holidays); decided within one working day.
    at = datetime(2023, 12, 22, 18, 0, tzinfo=UTC)
    submitted = services.support_request_submit(request=draft, by=head, at=at)
    assert submitted.reference == f"RFS-{submitted.pk:06d}"
    assert submitted.status == SupportRequest.Status.SUBMITTED
    assert str(submitted.received_on) == "2023-12-27"
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["family@example.org", "head@school-a.example"]
    acknowledgement = next(m for m in mail.outbox if m.to == ["head@school-a.example"])
    assert submitted.reference in acknowledgement.subject
    assert "Thursday 28 December 2023" in acknowledgement.body
    assert "Amelia" not in acknowledgement.body  # the referrer's email names no child
    copy = next(m for m in mail.outbox if m.to == ["family@example.org"])
    assert "Amelia Able" in copy.body and "three weeks" in copy.body
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"support_request.start", "support_request.submit"} <= actions


@pytest.mark.django_db(transaction=True)
def test_no_copy_goes_to_the_family_when_asking_them_would_raise_the_risk(persona, county):
    head = persona("head_a")
    draft = complete_draft(
        head,
        county,
        consent=Consent.NOT_SOUGHT,
        consent_not_sought_reason="Father is the alleged abuser.",
        referrer_email="head@school-a.example",
    )
    services.support_request_submit(request=draft, by=head)
    assert [message.to for message in mail.outbox] == [["head@school-a.example"]]


def test_only_its_referrer_changes_a_draft_and_nobody_a_submitted_request(persona, county):
    head = persona("head_a")
    draft = complete_draft(head, county)
    with pytest.raises(PermissionDenied):
        services.support_request_update(
            request=draft, by=persona("attendance_lead_a"), answers={"tried": "x"}
        )
    services.support_request_submit(request=draft, by=head)
    with pytest.raises(PermissionDenied, match="submitted"):
        services.support_request_update(request=draft, by=head, answers={"tried": "x"})


def test_who_sees_a_request(persona, county):
    head = persona("head_a")
    draft = complete_draft(head, county)
    lead = persona("attendance_lead_a")
    front_door = persona("front_door")
    police = persona("partner_police")
    # A draft is its referrer's alone.
    assert list(support_requests_visible_to(head)) == [draft]
    assert not support_requests_visible_to(lead).exists()
    assert not support_requests_visible_to(front_door).exists()
    services.support_request_submit(request=draft, by=head)
    # Submitted: the Front Door, and the staff of the child's school; not other schools or
    # partners.
    assert list(support_requests_visible_to(front_door)) == [draft]
    assert list(support_requests_visible_to(lead)) == [draft]
    assert not support_requests_visible_to(persona("head_b")).exists()
    assert not support_requests_visible_to(police).exists()
    assert not support_requests_visible_to(persona("early_help_north")).exists()
