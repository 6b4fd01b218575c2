"""A management command made of subcommands (`frontdoor attendance ingest`, `frontdoor funding
ap-model`): each lives in its own module of a `cli` package, named after it with "-" as "_",
with `add_arguments(parser)` and `handle(options, stdout, stderr) -> int` (the exit status)."""

import sys
from importlib import import_module

from django.core.management.base import BaseCommand


class SubcommandsCommand(BaseCommand):
    cli_package = ""  # e.g. "frontdoor.attendance.cli"
    subcommands: dict[str, str] = {}  # name -> one line of help

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, help_text in self.subcommands.items():
            sub = subparsers.add_parser(name, help=help_text, description=help_text)
            self._module(name).add_arguments(sub)

    def handle(self, *args, **options):
        status = self._module(options["subcommand"]).handle(options, self.stdout, self.stderr)
        if status:
            sys.exit(status)

    def _module(self, name: str):
        return import_module(f"{self.cli_package}.{name.replace('-', '_')}")
