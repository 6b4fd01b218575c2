"""Documents attached to a Request for Support (a chronology, a plan, a photograph of an
injury): stored outside the web root, in the "attachments" storage, under a random name, and
served only through the access layer (views_documents)."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models


def attachment_storage():
    return storages["attachments"]


def _stored_name(document, filename: str) -> str:
    # The referrer's file name can say who the child is: it is kept in the database only.
    return f"requests/{document.request_id}/{uuid.uuid4().hex}"


class RequestDocument(models.Model):
    request = models.ForeignKey(
        "support.SupportRequest", on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(storage=attachment_storage, upload_to=_stored_name, max_length=200)
    name = models.CharField(max_length=200)  # as uploaded, shown and used on download
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
