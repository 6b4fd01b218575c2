"""The audit trail: every view or export of a child's record and every administrative change.

`record` writes one AuditEvent. Callers pass the object, not a description of it: the trail
holds identifiers only, so it never becomes a second copy of anyone's personal data."""

from django.db import models

from frontdoor.core.models import AuditEvent


def client_ip(request) -> str | None:
    # Behind a proxy, SECURE_PROXY_SSL_HEADER's proxy also sets REMOTE_ADDR to itself; the
    # deployment's proxy is trusted to pass the client address in X-Forwarded-For.
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    request=None,
    detail: dict | None = None,
    username: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """`ip_address` is the client's address when the caller (a service) has no `request`."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else username,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request) if request is not None else ip_address,
        detail=detail or {},
    )
