"""`frontdoor attendance summarise`: bring the dashboards' attendance summaries up to date with
the marks store (nothing to do when they are). Ingest and `frontdoor demo` do this themselves;
`make run` calls it so that a store filled another way is summarised too."""

import time

from frontdoor.analytics.store import default_store
from frontdoor.attendance.summaries import latest_summary, summaries_build


def add_arguments(parser) -> None:
    pass


def handle(options, stdout, stderr) -> int:
    store = default_store()
    before = latest_summary()
    started = time.perf_counter()
    summary = summaries_build(
        store=store, progress=lambda stage, seconds: stderr.write(f"  {seconds:6.1f} s  {stage}")
    )
    if summary is None:
        stdout.write("The marks store holds no marks: there is nothing to summarise.")
    elif summary is before:
        stdout.write(
            f"The attendance summaries are up to date (marks store version {store.version})."
        )
    else:
        stdout.write(
            f"Attendance summaries for marks store version {store.version}, to "
            f"{summary.as_at:%-d %B %Y}, built in {time.perf_counter() - started:.1f} s."
        )
    return 0
