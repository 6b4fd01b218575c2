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


def _send_figures_only(user) -> bool:
    """Analysts and administrators reach SEND's figures from the menu; caseworkers, who also
    may, from the SEND section's own navigation."""
    return access.can(user, Permission.VIEW_SEND_MEASURES) and not access.can(
        user, Permission.WORK_SEND_CASES
    )


# (text, URL name, what is needed: a permission, any of a tuple of them, a test of the user,
# or None for everyone)
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
    ("SEND performance", "send_performance", _send_figures_only),
    ("Virtual School", "send_virtual_school", Permission.KEEP_PEPS),
    ("EHC cases", "send_school_cases", Permission.VIEW_SCHOOL_SEND),
    ("Your child’s EHC case", "send_family", Permission.FOLLOW_OWN_SEND_CASE),
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
    return _reachable(request, _ITEMS)


# The SEND caseworker's section: each part of the casework, shown above every SEND page.
_SEND_SECTION = [
    ("Requests", "send_caseload", Permission.WORK_SEND_CASES),
    ("Plans", "send_plans", Permission.WORK_SEND_CASES),
    ("Annual reviews", "send_reviews", Permission.WORK_SEND_CASES),
    ("Phase transfer", "send_transfers", Permission.WORK_SEND_CASES),
    ("Placement panel", "send_panel", Permission.WORK_SEND_CASES),
    ("Disagreements", "send_disagreements", Permission.WORK_SEND_CASES),
    ("Performance", "send_performance", Permission.VIEW_SEND_MEASURES),
    ("Inclusion", "send_inclusion", access.can_view_county_attendance),
]


def section_navigation_for(request) -> list[NavItem]:
    """The SEND section's navigation, on its pages, for those who work its cases."""
    user = getattr(request, "user", None)
    if not (request.path.startswith("/send/") and access.can(user, Permission.WORK_SEND_CASES)):
        return []
    return _reachable(request, _SEND_SECTION)


def _reachable(request, table) -> list[NavItem]:
    items = []
    for text, name, needed in table:
        if needed is not None and not _allowed(request.user, needed):
            continue
        href = reverse(name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        items.append(NavItem(text, href, active))
    # Only the most specific item is current: /requests/measures/ is not also /requests/.
    current = max((item.href for item in items if item.active), key=len, default=None)
    return [replace(item, active=item.href == current) for item in items]


def _allowed(user, needed) -> bool:
    if callable(needed) and not isinstance(needed, Permission):
        return needed(user)
    permissions = needed if isinstance(needed, tuple) else (needed,)
    return any(access.can(user, permission) for permission in permissions)
