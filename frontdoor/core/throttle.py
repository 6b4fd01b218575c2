"""Throttling: at most so many events for one key (an account, an address) within a sliding
window; once there are that many, the next is refused until the oldest of them leaves the window.

The events counted are rows kept anyway, each with an `occurred_at`: failed sign-ins
(SignInFailure) for the login lockout; the audit trail's events for actions limited per account
and per address (Requests for Support started and submitted: support/rate_limits.py)."""

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.core.models import AuditEvent, SignInFailure


def retry_at(events: QuerySet, *, limit: int, window: timedelta) -> datetime | None:
    """None while fewer than `limit` of `events` fall within the last `window`; otherwise when
    another will be allowed: the moment the `limit`-th most recent of them leaves the window."""
    recent = events.filter(occurred_at__gte=timezone.now() - window).order_by("-occurred_at")
    at_limit = recent.values_list("occurred_at", flat=True)[limit - 1 : limit]
    return next((occurred_at + window for occurred_at in at_limit), None)


def action_retry_at(action: str, *, limit: int, window: timedelta, **who) -> datetime | None:
    """`retry_at` over the audit trail's `action` events by one account (`actor=user`) or from
    one address (`ip_address=...`)."""
    return retry_at(AuditEvent.objects.filter(action=action, **who), limit=limit, window=window)


# Sign-in ---------------------------------------------------------------------------------------


def _digest(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()


def _lockout_window() -> timedelta:
    return timedelta(minutes=settings.FRONTDOOR_LOGIN_LOCKOUT_MINUTES)


def is_locked_out(*, username: str, ip_address: str | None) -> bool:
    window = _lockout_window()
    failures = SignInFailure.objects.all()
    by_username = failures.filter(username_digest=_digest(username))
    if retry_at(by_username, limit=settings.FRONTDOOR_LOGIN_FAILURES_PER_USER, window=window):
        return True
    return bool(ip_address) and bool(
        retry_at(
            failures.filter(ip_address=ip_address),
            limit=settings.FRONTDOOR_LOGIN_FAILURES_PER_ADDRESS,
            window=window,
        )
    )


def failure_record(*, username: str, ip_address: str | None) -> None:
    SignInFailure.objects.create(username_digest=_digest(username), ip_address=ip_address)


def failures_clear(*, username: str) -> None:
    """A successful sign-in wipes that username's failures (not the address's)."""
    SignInFailure.objects.filter(username_digest=_digest(username)).delete()
    SignInFailure.objects.filter(occurred_at__lt=timezone.now() - _lockout_window()).delete()
