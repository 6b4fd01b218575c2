from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.core.models import AuditEvent


def audit_events_search(
    *,
    username: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(actor_username__iexact=username.strip())
    if action:
        events = events.filter(action__startswith=action.strip())
    if object_type:
        events = events.filter(object_type=object_type.strip().lower())
    if object_id:
        events = events.filter(object_id=object_id.strip())
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
        events = events.filter(occurred_at__lt=end)
    return events
