"""`frontdoor import_gias FILE.csv`: import a GIAS establishments extract, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontdoor.schools.gias import GiasImportError, parse_gias_csv
from frontdoor.schools.services import establishments_import_gias


class Command(BaseCommand):
    help = (
        "Import a GIAS establishments CSV (UTF-8 or Windows-1252). The whole file is checked "
        "first: if any row has a problem, every problem is listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file downloaded from GIAS")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            summary = establishments_import_gias(rows=parse_gias_csv(path))
        except GiasImportError as error:
            for problem in error.problems:
                self.stderr.write(f"{path}: {problem}")
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {path}; nothing was imported."
            ) from None
        skipped = (
            f", {summary.skipped} skipped (proposed to open, or not schools)"
            if summary.skipped
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path}: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged{skipped}."
            )
        )
