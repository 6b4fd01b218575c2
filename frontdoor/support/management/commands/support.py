"""`frontdoor support <subcommand>`: the Front Door's housekeeping on the command line.

    frontdoor support purge-drafts     # delete drafts unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS

Each subcommand lives in its own module under frontdoor/support/cli/ (core.subcommands)."""

from frontdoor.core.subcommands import SubcommandsCommand


class Command(SubcommandsCommand):
    help = "The Front Door's housekeeping: purge-drafts deletes Requests for Support never sent."
    cli_package = "frontdoor.support.cli"
    subcommands = {
        "purge-drafts": "Delete drafts unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS days, with "
        "their files.",
    }
