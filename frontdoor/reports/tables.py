"""A table as a download: CSV (`?download=csv`) or Excel (`?download=xlsx`), from the same
header and rows, so the two never differ; and several tables as one workbook, a sheet each."""

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

FORMATS = {"csv", "xlsx"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(kind: str, *, name: str, header: Sequence[str], rows) -> HttpResponse:
    """`name` is the file's name without its extension (and the sheet's title)."""
    if kind == "xlsx":
        return workbook_response(name=name, sheets=[(name, header, rows)])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def workbook_response(*, name: str, sheets: Sequence[tuple[str, Sequence[str], object]]):
    """An Excel workbook with a sheet for each (title, header, rows), in order."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's limit
        sheet.append(list(header))
        for row in rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _cell(value):
    """Numbers stay numbers in Excel (a Decimal rate as a float); everything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)
