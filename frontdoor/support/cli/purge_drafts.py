"""`frontdoor support purge-drafts`: delete drafts unchanged for FRONTDOOR_SUPPORT_DRAFT_DAYS."""

from django.utils import timezone

from frontdoor.support.retention import drafts_purge


def add_arguments(parser) -> None:
    pass  # nothing to choose: the age comes from the setting


def handle(options, stdout, stderr) -> int:
    deleted = drafts_purge(now=timezone.now())
    stdout.write(f"Deleted {deleted} draft request{'s' if deleted != 1 else ''}.")
    return 0
