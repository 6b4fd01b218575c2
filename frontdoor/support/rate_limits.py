"""How many Requests for Support one account may start, and submit, in an hour, and how many
submissions may come from one address; the FRONTDOOR_SUPPORT_* settings set the numbers.

The audit trail's start and submit events are what is counted (core.throttle), so nothing new is
stored. The check runs inside the service's transaction: on SQLite, whose write transactions
take turns, the limit is exact; on PostgreSQL two submissions at the very same moment may both
pass at the limit's edge. It guards against floods, it is not a quota."""

import logging
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from frontdoor.core import throttle

WINDOW = timedelta(hours=1)
START = "support_request.start"
SUBMIT = "support_request.submit"

logger = logging.getLogger("frontdoor.support")


class TooManyRequests(Exception):
    """Over a limit: nothing was changed; `retry_at` is when the action will be allowed again."""

    def __init__(self, *, retry_at: datetime):
        super().__init__(f"Too many requests: try again after {retry_at:%H:%M %Z}.")
        self.retry_at = retry_at

    @property
    def retry_after(self) -> int:
        """Whole seconds until `retry_at` (at least 1), for the Retry-After header."""
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))


def check_can_start(*, by) -> None:
    _check(START, by=by, per_account=settings.FRONTDOOR_SUPPORT_DRAFTS_PER_ACCOUNT)


def check_can_submit(*, by, client_address: str | None) -> None:
    _check(
        SUBMIT,
        by=by,
        per_account=settings.FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ACCOUNT,
        client_address=client_address,
        per_address=settings.FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS,
    )


def _check(
    action: str,
    *,
    by,
    per_account: int,
    client_address: str | None = None,
    per_address: int | None = None,
) -> None:
    over = {}
    if at := throttle.action_retry_at(action, limit=per_account, window=WINDOW, actor=by):
        over["account"] = at
    if client_address and per_address is not None:
        at = throttle.action_retry_at(
            action, limit=per_address, window=WINDOW, ip_address=client_address
        )
        if at:
            over["address"] = at
    if not over:
        return
    refused = TooManyRequests(retry_at=max(over.values()))
    # Identifiers only: the user's id, never their name or the address.
    logger.warning(
        "%s refused for user %s: over the per-%s limit; allowed again in %d s",
        action,
        by.pk,
        " and per-".join(over),
        refused.retry_after,
    )
    raise refused
