"""Ingest a file of register marks into the marks store: all of it or none of it (docs/adr/0005).

The whole file is checked first against the database's schools, pupils and enrolments
(`marks_check`, which says what a line must hold); on any problem nothing is written. A crash
while writing leaves the store as it was: the store commits by swapping one pointer."""

from dataclasses import dataclass
from pathlib import Path

from frontdoor.analytics.store import CommitResult, ConflictingMarks, MarksStore
from frontdoor.attendance.marks_check import (
    MAX_REPORTED,
    InvalidMarksFile,
    Progress,
    database_register,
    marks_check,
)

__all__ = ["MAX_REPORTED", "IngestResult", "InvalidMarksFile", "marks_ingest"]


@dataclass(frozen=True)
class IngestResult:
    marks: int  # rows in the file
    commit: CommitResult | None  # None: the store already held every mark
    version: int  # the store's version afterwards


def marks_ingest(
    *, path: Path, store: MarksStore, progress: Progress | None = None
) -> IngestResult:
    path, progress = Path(path), progress or (lambda stage, count, noun: None)
    checked = marks_check(
        path, register=database_register(), progress=progress, find_conflicts=False
    )
    try:
        commit = store.commit(checked.marks, source=f"ingest {path.name}", refuse_conflicts=True)
    except ConflictingMarks as conflicts:
        raise checked.conflict_refusal(conflicts.rows, conflicts.earlier_rows) from None
    progress("Writing the store", commit.partitions_written if commit else 0, "school-years")
    return IngestResult(checked.marks.num_rows, commit, store.version)
