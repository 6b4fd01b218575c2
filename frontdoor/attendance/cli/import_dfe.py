"""`frontdoor attendance import-dfe FILE [FILE ...]`: store the DfE's published attendance
figures (the `EES_*_data_*.csv` files of "Pupil attendance in schools"), to compare the county
with England and its region.

Every file is checked before anything is written; on any problem the command prints each as
`FILE line N: column: reason` to stderr, exits 1 and stores nothing, from any of the files.
Otherwise it prints what each file created, updated and left unchanged."""

from pathlib import Path

from django.db import transaction

from frontdoor.attendance.comparators import DfeFileError
from frontdoor.attendance.services import dfe_figures_import

SHOWN_PROBLEMS = 50


def add_arguments(parser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="an EES_*_data_*.csv file of the DfE's Pupil attendance in schools release",
    )


def handle(options, stdout, stderr) -> int:
    summaries, problems = [], []
    with transaction.atomic():
        for path in options["files"]:
            try:
                summaries.append(dfe_figures_import(path=path))
            except DfeFileError as refused:
                problems.extend(refused.problems)
        if problems:
            # Files checked before the bad one were written inside this transaction.
            transaction.set_rollback(True)
    if problems:
        for problem in problems[:SHOWN_PROBLEMS]:
            stderr.write(problem)
        if len(problems) > SHOWN_PROBLEMS:
            stderr.write(f"… and {len(problems) - SHOWN_PROBLEMS:,} more problems.")
        stderr.write("Nothing was imported.")
        return 1
    for summary in summaries:
        stdout.write(
            f"{summary.file}: {summary.created:,} created, {summary.updated:,} updated, "
            f"{summary.unchanged:,} unchanged."
        )
    return 0
