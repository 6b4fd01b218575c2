"""Writes of the attendance app. Every function: keyword arguments, one transaction."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from frontdoor.attendance.comparators import FigureRow, parse_dfe_file
from frontdoor.attendance.models import DFE_KEY_FIELDS, DfeAttendanceFigure
from frontdoor.core import access, audit
from frontdoor.core.access import Permission

WRITE_BATCH = 500


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
    now = timezone.now()
    stamp = {"source_file": source_file, "imported_at": now}
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        figure = existing.get(row.key)
        if figure is None:
            to_create.append(DfeAttendanceFigure(**row.values, **stamp))
            continue
        changed = {
            name: value for name, value in row.values.items() if getattr(figure, name) != value
        }
        if changed:
            for name, value in {**changed, **stamp}.items():
                setattr(figure, name, value)
            to_update.append(figure)
            changed_fields.update(changed)
    DfeAttendanceFigure.objects.bulk_create(to_create, batch_size=WRITE_BATCH)
    if to_update:
        DfeAttendanceFigure.objects.bulk_update(
            to_update, sorted(changed_fields | set(stamp)), batch_size=WRITE_BATCH
        )
    return DfeImportSummary(
        file=source_file,
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
    )
