"""`frontdoor funding <subcommand>`: the funding models on the command line.

    frontdoor funding ap-model --input DISTRICTS.csv --out OUT.csv \
        [--place-rate 0.0042] [--place-cost 18000]
    frontdoor funding high-needs --scenario SCENARIO.toml --out OUT.csv

Each subcommand lives in its own module under frontdoor/funding/cli/ (`ap-model` in ap_model.py)
with `add_arguments(parser)` and `handle(options, stdout, stderr) -> int` (the exit status), as
`frontdoor attendance` does."""

import sys
from importlib import import_module

from django.core.management.base import BaseCommand

SUBCOMMANDS = {
    "ap-model": "The AP/PRU delegated model: commissioned PRU places and the balance devolved.",
    "high-needs": "The high needs block forecast: in-year and accumulated balance, year by year.",
}


class Command(BaseCommand):
    help = "The funding models: the AP/PRU allocation and the high needs block forecast."

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
    return import_module(f"frontdoor.funding.cli.{name.replace('-', '_')}")
