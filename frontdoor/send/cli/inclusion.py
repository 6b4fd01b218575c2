"""`frontdoor send inclusion`: work out today's inclusion dashboard figures, and render its first
view (the county, every phase, EHC plans), ahead of its first visitor, into the "shared" cache
every process reads (selectors_inclusion.latest_figures, inclusion_page.figures_html).

    frontdoor send inclusion

Run after `frontdoor attendance summarise` (as `make run` does) or early each day: the figures
take a few seconds for a county, which the first visitor would otherwise wait for. It prints
what it worked out, and nothing about any child."""

import time

from frontdoor.send import selectors_inclusion
from frontdoor.send.inclusion_page import DEFAULT_FILTERS, figures_html


def add_arguments(parser) -> None:
    pass


def handle(options, stdout, stderr) -> int:
    started = time.perf_counter()
    figures = selectors_inclusion.latest_figures()
    figures_html(figures, DEFAULT_FILTERS)
    seconds = time.perf_counter() - started
    attendance = (
        f"attendance to {figures.attendance_as_at:%-d %B %Y}"
        if figures.attendance_as_at
        else "no attendance summary yet"
    )
    stdout.write(
        f"Inclusion figures for {len(figures.schools):,} schools as at {figures.on:%-d %B %Y} "
        f"({attendance}), ready in {seconds:.1f} s."
    )
    return 0
