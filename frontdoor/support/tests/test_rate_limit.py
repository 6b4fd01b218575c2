"""Rate limits on Requests for Support: drafts started and requests submitted, per account and
per address, within the last hour. Over a limit: a 429 page saying when to try again, and
nothing changed."""

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.support.models import SupportRequest
from frontdoor.support.tests.test_requests import complete_draft


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.FRONTDOOR_SUPPORT_DRAFTS_PER_ACCOUNT = 3
    settings.FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ACCOUNT = 2
    settings.FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS = 3


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(client, draft, address="10.0.0.1"):
    return client.post(f"/requests/{draft.pk}/check/", REMOTE_ADDR=address)


def submissions() -> int:
    return SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT).count()


def test_submissions_up_to_the_limit_go_through(persona, county):
    head = persona("head_a")
    client = client_for(head)
    for _ in range(2):
        sent = submit(client, complete_draft(head, county))
        assert sent.status_code == 302
    assert submissions() == 2
    assert set(
        AuditEvent.objects.filter(action="support_request.submit").values_list(
            "ip_address", flat=True
        )
    ) == {"10.0.0.1"}


def test_a_submission_over_the_accounts_limit_is_refused_and_stays_a_draft(persona, county, caplog):
    head = persona("head_a")
    client = client_for(head)
    for _ in range(2):
        submit(client, complete_draft(head, county))
    draft = complete_draft(head, county)
    before = SupportRequest.objects.values().get(pk=draft.pk)

    with caplog.at_level(logging.WARNING, logger="frontdoor.support"):
        refused = submit(client, draft, address="10.0.0.2")

    assert refused.status_code == 429
    assert "You have sent too many requests" in refused.text
    assert "Your answers are saved in your draft" in refused.text
    # The first of the two submissions leaves the hour's window first: then one more is allowed.
    assert 3540 <= int(refused["Retry-After"]) <= 3600
    first = AuditEvent.objects.filter(action="support_request.submit").earliest("occurred_at")
    try_again = timezone.localtime(first.occurred_at + timedelta(hours=1))
    assert f"try again after {try_again:%-I:%M}" in refused.text
    assert SupportRequest.objects.values().get(pk=draft.pk) == before
    assert submissions() == 2
    assert AuditEvent.objects.filter(action="support_request.submit").count() == 2
    # The log says which limit, for whom by id: never a name or the address.
    [line] = [r.getMessage() for r in caplog.records if r.name == "frontdoor.support"]
    assert "support_request.submit refused" in line and "per-account" in line
    assert f"user {head.pk}" in line
    assert "head.a" not in line and "10.0.0" not in line
    # The draft is still theirs to change.
    assert client.get(f"/requests/{draft.pk}/answers/tried/").status_code == 200


def test_the_limit_is_over_the_last_hour(persona, county, monkeypatch):
    head = persona("head_a")
    client = client_for(head)
    for _ in range(2):
        submit(client, complete_draft(head, county))
    draft = complete_draft(head, county)
    assert submit(client, draft).status_code == 429

    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert submit(client, draft).status_code == 302
    assert submissions() == 3


def test_the_address_limit_counts_every_account_on_that_address(persona, county):
    head, police, senco = persona("head_a"), persona("partner_police"), persona("senco_a")
    for user in (head, police):
        client = client_for(user)
        assert submit(client, complete_draft(user, county), address="10.0.0.9").status_code == 302
    assert submit(client_for(head), complete_draft(head, county), "10.0.0.9").status_code == 302

    # A third account, under its own limit, is refused from the same address only.
    senco_client = client_for(senco)
    draft = complete_draft(senco, county)
    refused = submit(senco_client, draft, address="10.0.0.9")
    assert refused.status_code == 429
    assert SupportRequest.objects.get(pk=draft.pk).status == SupportRequest.Status.DRAFT
    assert submit(senco_client, draft, address="10.0.0.10").status_code == 302
    assert submissions() == 4


def test_the_address_comes_from_the_proxys_forwarded_for(persona, county):
    head, police = persona("head_a"), persona("partner_police")
    for user in (head, police, head):
        client_for(user).post(
            f"/requests/{complete_draft(user, county).pk}/check/",
            HTTP_X_FORWARDED_FOR="192.0.2.7, 10.0.0.1",
        )
    refused = client_for(police).post(
        f"/requests/{complete_draft(police, county).pk}/check/",
        HTTP_X_FORWARDED_FOR="192.0.2.7, 10.0.0.1",
    )
    assert refused.status_code == 429


def test_starting_a_draft_over_the_accounts_limit_is_refused(persona, county):
    head = persona("head_a")
    client = client_for(head)
    for _ in range(3):
        assert client.post("/requests/new/").status_code == 302
    refused = client.post("/requests/new/")
    assert refused.status_code == 429
    assert "You have sent too many requests" in refused.text
    assert "No new request has been started" in refused.text
    assert SupportRequest.objects.count() == 3
    # Someone else at the same school starts theirs as usual.
    assert client_for(persona("senco_a")).post("/requests/new/").status_code == 302


def test_an_incomplete_request_is_not_counted(persona, county):
    head = persona("head_a")
    client = client_for(head)
    draft = complete_draft(head, county, tried="")
    for _ in range(3):
        page = submit(client, draft)
        assert page.status_code == 200 and "Say what has been tried so far" in page.text
    assert submit(client, complete_draft(head, county)).status_code == 302
