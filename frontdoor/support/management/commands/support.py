"""`frontdoor support <subcommand>`: the Front Door's housekeeping on the command line.

frontdoor support purge-drafts     # delete drafts unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from frontdoor.support.retention import drafts_purge


class Command(BaseCommand):
    help = "The Front Door's housekeeping: purge-drafts deletes Requests for Support never sent."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        subparsers.add_parser(
            "purge-drafts",
            help="Delete drafts unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS days, with their files.",
        )

    def handle(self, *args, subcommand, **options):
        deleted = drafts_purge(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} draft request{'s' if deleted != 1 else ''}.")
