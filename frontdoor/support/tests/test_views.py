"""The Request for Support journey in the browser's terms: pages, errors, save and resume."""

from datetime import UTC, datetime, timedelta

from frontdoor.core.models import AuditEvent
from frontdoor.support.models import SupportRequest


def test_a_school_completes_a_request_correcting_an_error_on_the_way(signed_in, county):
    client = signed_in("head_a")
    started = client.post("/requests/new/")
    draft = SupportRequest.objects.get()
    assert started.url == f"/requests/{draft.pk}/children/"

    # A child without a last name, and a URN that is not a school: both errors, answers kept.
    page = client.post(
        started.url, {"first_name": "Amelia", "last_name": "", "school": "123", "upn": ""}
    )
    assert "Enter the child&#x27;s last name" in page.text
    assert "Enter the URN of a school in the county&#x27;s register" in page.text
    assert 'value="Amelia"' in page.text
    client.post(
        started.url,
        {"first_name": "Amelia", "last_name": "Able", "school": county.school_a.urn},
    )
    assert draft.children.get().school == county.school_a

    family = f"/requests/{draft.pk}/answers/family/"
    assert client.post(family, {"parents": ""}).status_code == 200  # required: shown again
    answered = client.post(family, {"parents": "Sam Able (mother)", "postcode": "ME14 1XX"})
    assert answered.url == f"/requests/{draft.pk}/answers/concerns/"

    # Save and come back later: the answers are kept and the draft is listed.
    saved = client.post(
        f"/requests/{draft.pk}/answers/concerns/",
        {"concerns": "Not seen for three weeks.", "save_and_exit": "1"},
    )
    assert saved.url == "/requests/"
    listed = client.get("/requests/")
    assert f"/requests/{draft.pk}/check/" in listed.text
    check = client.get(f"/requests/{draft.pk}/check/")
    assert "Not seen for three weeks." in check.text
    assert "Say what has been tried so far" in check.text  # still missing

    client.post(f"/requests/{draft.pk}/answers/tried/", {"tried": "Home visits."})
    client.post(
        f"/requests/{draft.pk}/answers/consent/",
        {"consent": "not_sought", "consent_not_sought_reason": ""},
    )
    consent = client.post(
        f"/requests/{draft.pk}/answers/consent/",
        {"consent": "not_sought", "consent_not_sought_reason": ""},
    )
    assert "Explain why asking for consent would increase the risk" in consent.text
    client.post(
        f"/requests/{draft.pk}/answers/consent/",
        {"consent": "given", "consent_not_sought_reason": ""},
    )
    client.post(
        f"/requests/{draft.pk}/answers/referrer/",
        {"referrer_name": "Hana Head", "referrer_email": "head@a.example", "source": "2A"},
    )
    sent = client.post(f"/requests/{draft.pk}/check/")
    draft.refresh_from_db()
    assert sent.url == f"/requests/{draft.pk}/"
    assert draft.reference == f"RFS-{draft.pk:06d}"
    detail = client.get(sent.url)
    assert draft.reference in detail.text and "Waiting for a decision" in detail.text
    assert AuditEvent.objects.filter(action="support_request.view").count() == 1
    # Submitted: its pages no longer change it.
    assert client.get(family).status_code == 403


def test_a_partner_cannot_open_another_partners_request(signed_in, persona, county):
    other = persona("head_b")
    draft = SupportRequest.objects.create(created_by=other)
    client = signed_in("partner_police")
    assert client.get(f"/requests/{draft.pk}/").status_code == 404
    assert client.get(f"/requests/{draft.pk}/check/").status_code == 404


def test_the_front_door_pages_through_the_countys_requests(signed_in, persona):
    referrer = persona("partner_police")
    SupportRequest.objects.bulk_create(
        SupportRequest(
            created_by=referrer,
            status=SupportRequest.Status.SUBMITTED,
            reference=f"RFS-{number:06d}",
            submitted_at=datetime(2026, 11, 2, 9, tzinfo=UTC) + timedelta(minutes=number),
        )
        for number in range(1, 53)
    )
    client = signed_in("front_door")
    first = client.get("/requests/")
    assert "RFS-000052" in first.text and "RFS-000003" in first.text  # newest first
    assert "RFS-000002" not in first.text
    assert 'href="?page=2"' in first.text
    assert "RFS-000001" in client.get("/requests/?page=2").text
