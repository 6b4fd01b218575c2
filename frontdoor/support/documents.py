"""Checking, attaching and removing a request's documents. A file is accepted by what it is
(its first bytes), not by what its name or the browser claims, and up to a size limit."""

from dataclasses import dataclass

from django.db import transaction

from frontdoor.core import audit
from frontdoor.support.models import RequestDocument, SupportRequest
from frontdoor.support.services import own_draft

MAX_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 10


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    magic: bytes
    content_type: str


KINDS = (
    Kind((".pdf",), b"%PDF-", "application/pdf"),
    Kind((".png",), b"\x89PNG\r\n\x1a\n", "image/png"),
    Kind((".jpg", ".jpeg"), b"\xff\xd8\xff", "image/jpeg"),
    Kind(
        (".docx",),
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    Kind((".odt",), b"PK\x03\x04", "application/vnd.oasis.opendocument.text"),
)
_NAMES = [kind.extensions[0].lstrip(".").upper() for kind in KINDS]
ACCEPTED = ", ".join(_NAMES[:-1]) + " or " + _NAMES[-1]  # "PDF, PNG, JPG, DOCX or ODT"


class DocumentRefused(Exception):
    pass


def document_kind(name: str, head: bytes) -> Kind:
    """The file's kind, when its name and its first bytes agree on one we accept."""
    lowered = name.lower()
    for kind in KINDS:
        if lowered.endswith(kind.extensions) and head.startswith(kind.magic):
            return kind
    raise DocumentRefused(f"The selected file must be a {ACCEPTED}")


@transaction.atomic
def request_document_add(*, request: SupportRequest, by, upload) -> RequestDocument:
    request = own_draft(request, by)
    if upload.size > MAX_BYTES:
        raise DocumentRefused("The selected file must be smaller than 10MB")
    if upload.size == 0:
        raise DocumentRefused("The selected file is empty")
    if request.documents.count() >= MAX_DOCUMENTS:
        raise DocumentRefused(f"A request can have up to {MAX_DOCUMENTS} documents")
    upload.seek(0)
    kind = document_kind(upload.name, upload.read(8))
    upload.seek(0)
    document = RequestDocument(
        request=request,
        name=upload.name[-200:],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    audit.record(by, "support_request.document_add", request, detail={"document": document.pk})
    return document


@transaction.atomic
def request_document_remove(*, request: SupportRequest, by, document_id: int) -> None:
    request = own_draft(request, by)
    document = request.documents.get(pk=document_id)
    storage, stored = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit.record(by, "support_request.document_remove", request)
