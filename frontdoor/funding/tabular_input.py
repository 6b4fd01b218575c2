"""Rows from a CSV or Excel file, each with the line a spreadsheet user would look for.

Headers are matched case-insensitively; line 1 is the header, so the first school is line 2 (for
Excel, the row number on the first sheet). Problems raise `TabularInputError` with every problem
as `FILE: line N: field: problem`."""

import csv
from collections.abc import Iterator
from pathlib import Path


class TabularInputError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_rows(path: Path, *, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) for each non-blank row; every required column must be present."""
    path = Path(path)
    try:
        rows = list(_excel_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path))
    except OSError as error:
        raise TabularInputError([f"{path}: cannot be read ({error.strerror})"]) from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise TabularInputError([f"{path}: cannot be read as CSV ({error})"]) from None
    except ValueError as error:  # openpyxl: not a workbook
        raise TabularInputError([f"{path}: cannot be read as Excel ({error})"]) from None
    if not rows or not any(rows[0][1]):
        raise TabularInputError([f"{path}: line 1: header: the file is empty"])
    header = [name.strip().lower() for name in rows[0][1]]
    missing = [name for name in required if name not in header]
    if missing:
        raise TabularInputError(
            [f"{path}: line 1: {name}: missing column" for name in missing]
        )  # fmt: skip
    records = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        records.append((line, dict(zip(header, (cell.strip() for cell in cells), strict=False))))
    return records


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    # utf-8-sig: spreadsheets save CSV with a byte-order mark.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        for cells in reader:
            yield reader.line_num, cells


def _excel_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only when an Excel file is given

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield line, ["" if value is None else _text(value) for value in values]
    finally:
        workbook.close()


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
