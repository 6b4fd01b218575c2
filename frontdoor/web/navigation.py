"""The service navigation: what a signed-in user can reach, decided by the access layer."""

from dataclasses import dataclass

from django.urls import reverse

from frontdoor.core import access
from frontdoor.core.access import Permission


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


# (text, URL name, permission needed or None for everyone signed in)
_ITEMS = [
    ("Home", "home", None),
    ("Schools", "establishment_list", Permission.VIEW_SCHOOLS),
    ("Pupils", "pupil_search", Permission.VIEW_PUPILS),
    ("Attendance", "attendance_home", Permission.VIEW_ATTENDANCE),
    ("Requests for Support", "support_request_list", Permission.REQUEST_SUPPORT),
    ("Audit", "audit_search", Permission.VIEW_AUDIT),
    ("Administration", "admin:index", Permission.ADMINISTER),
]


def navigation_for(request) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if not user.is_verified() and request.path.startswith("/accounts/two-factor/"):
        return []
    items = []
    for text, name, permission in _ITEMS:
        if permission is not None and not access.can(user, permission):
            continue
        href = reverse(name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        items.append(NavItem(text, href, active))
    return items
