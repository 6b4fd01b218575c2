"""Writes of the attendance app. Every function: keyword arguments, one transaction."""

from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from frontdoor.attendance.comparators import FigureRow, parse_dfe_file
from frontdoor.attendance.models import DFE_KEY_FIELDS, DfeAttendanceFigure
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.upsert import rows_upsert


@dataclass(frozen=True)
class DfeImportSummary:
    file: str
    created: int
    updated: int
    unchanged: int


def dfe_figures_import(*, path: Path | str, by=None) -> DfeImportSummary:
    """Store a DfE "Pupil attendance in schools" file (`comparators.parse_dfe_file`), matched
    on period, area and phase: new rows are created, changed ones updated (a revised release
    replaces the figures it revises) and the rest left alone, so the same file twice changes
    nothing. Rows already stored that the file does not have are kept.

    The whole file is checked before anything is written: a bad file raises `DfeFileError`.
    `by` is the signed-in user; None for the command line."""
    if by is not None:
        access.require(by, Permission.IMPORT_REFERENCE_DATA)
    path = Path(path)
    rows = parse_dfe_file(path)
    with transaction.atomic():
        summary = _upsert(rows, source_file=path.name)
        audit.record(
            by,
            "attendance.import_dfe",
            detail={
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
            username="system",
        )
    return summary


def _upsert(rows: list[FigureRow], *, source_file: str) -> DfeImportSummary:
    existing = {
        tuple(getattr(figure, name) for name in DFE_KEY_FIELDS): figure
        for figure in DfeAttendanceFigure.objects.filter(
            period_kind__in={row.values["period_kind"] for row in rows},
            academic_year__in={row.values["academic_year"] for row in rows},
            time_period__in={row.values["time_period"] for row in rows},
        )
    }
    counts = rows_upsert(
        DfeAttendanceFigure,
        existing=existing,
        rows=((row.key, row.values) for row in rows),
        stamp={"source_file": source_file, "imported_at": timezone.now()},
    )
    return DfeImportSummary(file=source_file, **asdict(counts))
