"""Login throttling: too many failed sign-ins for one username, or from one address, within the
lockout window and further attempts are refused until the window has passed."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from frontdoor.core.models import SignInFailure


def _digest(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()


def _window_start():
    return timezone.now() - timedelta(minutes=settings.FRONTDOOR_LOGIN_LOCKOUT_MINUTES)


def is_locked_out(*, username: str, ip_address: str | None) -> bool:
    recent = SignInFailure.objects.filter(occurred_at__gte=_window_start())
    if recent.filter(username_digest=_digest(username)).count() >= (
        settings.FRONTDOOR_LOGIN_FAILURES_PER_USER
    ):
        return True
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= (
        settings.FRONTDOOR_LOGIN_FAILURES_PER_ADDRESS
    )


def failure_record(*, username: str, ip_address: str | None) -> None:
    SignInFailure.objects.create(username_digest=_digest(username), ip_address=ip_address)


def failures_clear(*, username: str) -> None:
    """A successful sign-in wipes that username's failures (not the address's)."""
    SignInFailure.objects.filter(username_digest=_digest(username)).delete()
    SignInFailure.objects.filter(occurred_at__lt=_window_start()).delete()
