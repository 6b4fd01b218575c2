"""A request's documents: the referrer attaches them to their draft; anyone who may see the
request may download them, and each download is audited."""

from django import forms
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.core import audit
from frontdoor.support import documents
from frontdoor.support.selectors import support_request_for
from frontdoor.support.views import own_draft_for


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a document",
        help_text=f"A {documents.ACCEPTED} file, up to 10MB.",
        error_messages={"required": "Select a file"},
    )


@require_http_methods(["GET", "POST"])
def request_documents(request, request_id: int):
    draft = own_draft_for(request, request_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.request_document_add(
                request=draft, by=request.user, upload=form.cleaned_data["file"]
            )
        except documents.DocumentRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("support_request_documents", request_id=draft.pk)
    context = {"draft": draft, "documents": draft.documents.all(), "form": form}
    return render(request, "support/request_documents.html", context)


@require_POST
def request_document_remove_view(request, request_id: int, document_id: int):
    draft = own_draft_for(request, request_id)
    document = get_object_or_404(draft.documents, pk=document_id)
    documents.request_document_remove(request=draft, by=request.user, document_id=document.pk)
    return redirect("support_request_documents", request_id=draft.pk)


def request_document_download(request, request_id: int, document_id: int):
    found = support_request_for(request.user, request_id)
    document = get_object_or_404(found.documents, pk=document_id)
    audit.record(
        request.user,
        "support_request.document_view",
        found,
        request=request,
        detail={"document": document.pk},
    )
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
    response["Content-Type"] = document.content_type
    return response
