"""API tokens: making, revoking and checking the keys the aggregate API accepts
(`Authorization: Bearer <key>`). A key is 32 random bytes; only its SHA-256 is stored, so a
leaked database reveals no key. Checking compares digests, not keys."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.models import ApiToken


class ApiTokenRefused(Exception):
    pass


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for the user (for the API's aggregate figures, so the user must be allowed
    attendance figures) and its key, which is never shown again."""
    if not access.can(user, Permission.VIEW_ATTENDANCE):
        raise ApiTokenRefused("Your role has no access to the attendance figures the API serves.")
    key = "fd_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_digest(key))
    audit.record(user, "api_token.create", token, detail={"name": name})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> None:
    if token.user_id != by.pk:
        raise ApiTokenRefused("You can revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(by, "api_token.revoke", token)


def user_for_key(key: str):
    """The active user a key belongs to, or None (unknown, revoked, or the user is inactive)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
