"""`frontdoor send <subcommand>`: SEND casework on the command line.

    frontdoor send deadlines --received DATE
    frontdoor send inclusion

Each subcommand lives in its own module under frontdoor/send/cli/ (see core/subcommands.py)."""

from frontdoor.core.subcommands import SubcommandsCommand


class Command(SubcommandsCommand):
    help = "SEND casework: the statutory clocks, and the inclusion dashboard's figures."
    cli_package = "frontdoor.send.cli"
    subcommands = {
        "deadlines": "The statutory deadlines of a request for an EHC needs assessment, as CSV.",
        "inclusion": "Work out today's inclusion dashboard figures ahead of the first visitor.",
    }
