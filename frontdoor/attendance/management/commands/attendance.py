"""`frontdoor attendance <subcommand>`: the attendance engine on the command line.

    frontdoor attendance ingest FILE
    frontdoor attendance measures --marks M.csv --enrolments E.csv --from D --to D \
        --level L --out O.csv
    frontdoor attendance quality [--as-at DATE] [--from DATE] [--out FILE.csv]
    frontdoor attendance import-dfe EES_ytd_data_202425.csv [FILE ...]
    frontdoor attendance summarise

Each subcommand lives in its own module under frontdoor/attendance/cli/ (`import-dfe` in
import_dfe.py) with `add_arguments(parser)` and `handle(options, stdout, stderr) -> int` (the
exit status)."""

import sys
from importlib import import_module

from django.core.management.base import BaseCommand

SUBCOMMANDS = {
    "ingest": "Validate a file of register marks and add it to the marks store (all or nothing).",
    "measures": "Compute attendance measures straight from CSV files, without the database.",
    "quality": "Register data quality: missing marks, N codes overdue, schools not submitting.",
    "summarise": "Bring the dashboards' attendance summaries up to date with the marks store.",
    "import-dfe": "Store the DfE's published attendance files, to compare with England and region.",
}


class Command(BaseCommand):
    help = "The attendance engine: ingest register marks, measures, data quality, DfE figures."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, help_text in SUBCOMMANDS.items():
            sub = subparsers.add_parser(name, help=help_text, description=help_text)
            _module(name).add_arguments(sub)

    def handle(self, *args, **options):
        status = _module(options["subcommand"]).handle(options, self.stdout, self.stderr)
        if status:
            sys.exit(status)


def _module(name: str):
    return import_module(f"frontdoor.attendance.cli.{name.replace('-', '_')}")
