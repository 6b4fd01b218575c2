"""The service navigation: what a signed-in user can reach, decided by the access layer."""

from dataclasses import dataclass, replace

from django.urls import reverse

from frontdoor.core import access
from frontdoor.core.access import Permission


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


# (text, URL name, the permission needed (or any of a tuple of them), None for everyone)
_ITEMS = [
    ("Home", "home", None),
    ("Schools", "establishment_list", Permission.VIEW_SCHOOLS),
    ("Pupils", "pupil_search", Permission.VIEW_PUPILS),
    ("Attendance", "attendance_home", Permission.VIEW_ATTENDANCE),
    ("Requests for Support", "support_request_list", Permission.REQUEST_SUPPORT),
    ("Cases", "support_cases", Permission.WORK_CASES),
    ("Front Door measures", "support_measures", Permission.VIEW_SUPPORT_MEASURES),
    ("School pathways", "pathways", (Permission.NOTIFY_PATHWAYS, Permission.RESPOND_PATHWAYS)),
    ("SEND casework", "send_caseload", Permission.WORK_SEND_CASES),
    ("Funding", "funding_home", Permission.RUN_FUNDING_MODELS),
    ("School budget", "funding_my_school", Permission.VIEW_OWN_SCHOOL_FUNDING),
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
        needed = permission if isinstance(permission, tuple) else (permission,)
        if permission is not None and not any(access.can(user, p) for p in needed):
            continue
        href = reverse(name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        items.append(NavItem(text, href, active))
    # Only the most specific item is current: /requests/measures/ is not also /requests/.
    current = max((item.href for item in items if item.active), key=len, default=None)
    return [replace(item, active=item.href == current) for item in items]
