"""PDF documents from HTML templates, by WeasyPrint: the same markup as the page, laid out for
A4 by reports/print.html's own stylesheet (no script, no external requests)."""

from django.http import HttpResponse
from django.template.loader import render_to_string


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: the Pango library is missing."""


def pdf_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    try:
        from weasyprint import HTML
    except OSError as error:  # WeasyPrint loads Pango when imported
        raise PdfUnavailable(
            "PDFs need the Pango library (on Debian: apt install libpango-1.0-0)."
        ) from error
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=None).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
