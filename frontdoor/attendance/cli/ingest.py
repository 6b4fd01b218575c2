"""`frontdoor attendance ingest FILE [--store PATH]`: add a file of register marks to the store.

The file is checked whole first; on any problem the command prints `line N: …` (`row N: …` for
Parquet) to stderr, exits 1 and the store is untouched. Otherwise it prints the new version and
what changed; a file the store already holds changes nothing. Progress goes to stderr. Into the
default store, a change also rebuilds the dashboards' attendance summaries."""

import time
from pathlib import Path

from frontdoor.analytics.store import MarksStore, default_store
from frontdoor.attendance.ingest import InvalidMarksFile, marks_ingest
from frontdoor.attendance.summaries import summaries_build


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", type=Path, help="CSV with the header urn,upn,date,session,code, or Parquet"
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="the marks store's directory (default: settings.FRONTDOOR_MARKS_STORE)",
    )


def handle(options, stdout, stderr) -> int:
    path = options["file"]
    store = MarksStore(options["store"]) if options["store"] else default_store()
    stderr.write(f"Ingesting {path.name} into the marks store at version {store.version}.")
    started = time.perf_counter()
    try:
        result = marks_ingest(path=path, store=store, progress=_Progress(stderr))
    except InvalidMarksFile as refused:
        for line in refused.report():
            stderr.write(line)
        stderr.write(f"{path.name} was refused: nothing was added to the marks store.")
        return 1
    seconds = time.perf_counter() - started
    if result.commit is None:
        stdout.write(
            f"Nothing changed: the marks store already holds every mark in {path.name} "
            f"(version {result.version}, {result.marks:,} marks checked in {seconds:.1f} s)."
        )
        return 0
    commit = result.commit
    stdout.write(
        f"Marks store version {commit.version}: {commit.added:,} marks added, "
        f"{commit.replaced:,} replaced, {commit.unchanged:,} unchanged, "
        f"{commit.partitions_written:,} school-year files written in {seconds:.1f} s."
    )
    if options["store"] is None:  # the dashboards read the default store's summaries
        began = time.perf_counter()
        summaries_build(store=store)
        stdout.write(f"Dashboard summaries rebuilt in {time.perf_counter() - began:.1f} s.")
    return 0


class _Progress:
    """One line per stage as it ends, with its count and time (as `frontdoor demo` does)."""

    def __init__(self, out):
        self.out = out
        self.last = time.perf_counter()

    def __call__(self, stage: str, count: int, noun: str) -> None:
        now = time.perf_counter()
        self.out.write(f"  {stage:<24}{count:>13,} {noun:<13}{now - self.last:6.1f} s")
        self.last = now
