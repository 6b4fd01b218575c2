"""Documents on a request: checked by what they are, stored under a random name, downloaded
only by those who may see the request, and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from frontdoor.core.models import AuditEvent
from frontdoor.support import documents, services
from frontdoor.support.tests.test_requests import complete_draft

PDF = b"%PDF-1.7\n" + b"x" * 100


def upload(name="chronology.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00 not a pdf"),  # the name says PDF, the bytes do not
        ("script.exe", PDF),  # a PDF's bytes under a name we do not accept
        ("page.html", b"<html>"),
    ],
)
def test_a_file_is_accepted_by_what_it_is(persona, county, name, content):
    head = persona("head_a")
    draft = complete_draft(head, county)
    with pytest.raises(documents.DocumentRefused, match="must be a PDF"):
        documents.request_document_add(request=draft, by=head, upload=upload(name, content))
    assert not draft.documents.exists()


def test_size_limits(persona, county, monkeypatch):
    head = persona("head_a")
    draft = complete_draft(head, county)
    monkeypatch.setattr(documents, "MAX_BYTES", 50)
    with pytest.raises(documents.DocumentRefused, match="smaller than 10MB"):
        documents.request_document_add(request=draft, by=head, upload=upload())
    with pytest.raises(documents.DocumentRefused, match="empty"):
        documents.request_document_add(request=draft, by=head, upload=upload(content=b""))


def test_the_stored_name_does_not_carry_the_uploaded_one(persona, county):
    head = persona("head_a")
    draft = complete_draft(head, county)
    document = documents.request_document_add(
        request=draft, by=head, upload=upload("Amelia Able chronology.pdf")
    )
    assert document.name == "Amelia Able chronology.pdf"
    assert "Amelia" not in document.file.name
    assert document.file.name.startswith(f"requests/{draft.pk}/")
    assert document.content_type == "application/pdf"


def test_who_may_download_a_document(signed_in, persona, county, client):
    head = persona("head_a")
    draft = complete_draft(head, county)
    document = documents.request_document_add(request=draft, by=head, upload=upload())
    services.support_request_submit(request=draft, by=head)
    url = f"/requests/{draft.pk}/documents/{document.pk}/"
    client.force_login(persona("front_door"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action="support_request.document_view").count() == 1
    client.force_login(persona("partner_police"))
    assert client.get(url).status_code == 404


def test_the_referrer_uploads_and_removes_through_the_page(signed_in, county):
    client = signed_in("head_a")
    client.post("/requests/new/")
    from frontdoor.support.models import SupportRequest

    draft = SupportRequest.objects.get()
    page = f"/requests/{draft.pk}/documents/"
    refused = client.post(page, {"file": upload("notes.txt", b"hello")})
    assert "The selected file must be a PDF" in refused.text
    client.post(page, {"file": upload()})
    document = draft.documents.get()
    assert "chronology.pdf" in client.get(f"/requests/{draft.pk}/check/").text
    client.post(f"/requests/{draft.pk}/documents/{document.pk}/remove/")
    assert not draft.documents.exists()
