"""How long an unsent Request for Support is kept: a draft names a child and says why someone is
worried about them, so one left unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS days (30 unless set)
is deleted, with its documents. Submitted requests are records of the council's work and are
kept under its records policy, not here. Run daily (`frontdoor support purge-drafts`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from frontdoor.core import audit
from frontdoor.support.models import RequestDocument, SupportRequest


def drafts_expired(*, now: datetime):
    cutoff = now - timedelta(days=settings.FRONTDOOR_SUPPORT_DRAFT_DAYS)
    return SupportRequest.objects.filter(status=SupportRequest.Status.DRAFT, updated_at__lt=cutoff)


@transaction.atomic
def drafts_purge(*, now: datetime) -> int:
    """Delete the expired drafts and, once that commits, their files; return how many."""
    expired = drafts_expired(now=now).select_for_update()
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    files = list(RequestDocument.objects.filter(request__in=ids).values_list("file", flat=True))
    storage = RequestDocument._meta.get_field("file").storage
    SupportRequest.objects.filter(pk__in=ids).delete()  # children and documents cascade
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    audit.record(None, "support_request.drafts_purge", detail={"drafts": len(ids)})
    return len(ids)
