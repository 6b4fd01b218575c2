"""Drafts never sent are deleted once unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS days, with their
documents' files; submitted requests are kept."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.support.models import RequestChild, RequestDocument, SupportRequest
from frontdoor.support.retention import drafts_purge


def _request(user, *, days_old: int, status=SupportRequest.Status.DRAFT) -> SupportRequest:
    made = SupportRequest.objects.create(created_by=user, status=status)
    RequestChild.objects.create(request=made, first_name="Amelia", last_name="Hart")
    # updated_at is auto_now: set the age with an update, as the clock would have.
    SupportRequest.objects.filter(pk=made.pk).update(
        updated_at=timezone.now() - timedelta(days=days_old)
    )
    return made


@pytest.mark.django_db(transaction=True)
def test_old_drafts_go_with_their_files_and_the_rest_stay(persona, settings):
    settings.FRONTDOOR_SUPPORT_DRAFT_DAYS = 30
    head = persona("head_a")
    old = _request(head, days_old=31)
    document = RequestDocument(
        request=old, name="plan.pdf", content_type="application/pdf", size=9, uploaded_by=head
    )
    document.file.save("plan", ContentFile(b"%PDF-1.7\n"))
    stored, storage = document.file.name, document.file.storage
    recent = _request(head, days_old=29)
    sent = _request(head, days_old=400, status=SupportRequest.Status.SUBMITTED)

    assert drafts_purge(now=timezone.now()) == 1
    assert set(SupportRequest.objects.values_list("pk", flat=True)) == {recent.pk, sent.pk}
    assert not RequestChild.objects.filter(request=old.pk).exists()
    assert not storage.exists(stored)
    assert AuditEvent.objects.get(action="support_request.drafts_purge").detail == {"drafts": 1}


@pytest.mark.django_db
def test_the_command_says_how_many(persona):
    _request(persona("head_a"), days_old=45)
    out = StringIO()
    call_command("support", "purge-drafts", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 draft request."
