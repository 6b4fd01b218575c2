from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import establishments_with_pupils_visible_to
from frontdoor.schools import selectors as schools


@require_GET
def home(request):
    """The county home page: schools by sector and district, how many are good or better,
    and recent Ofsted outcomes; plus the user's own schools when their role has some."""
    access.require(request.user, Permission.VIEW_COUNTY_DASHBOARD)
    if access.can(request.user, Permission.FOLLOW_OWN_SEND_CASE):
        return redirect("send_family")  # a family's home is their child's case
    my_schools = []
    if access.can(request.user, Permission.VIEW_PUPILS) and (
        request.user.schools.exists() or request.user.trust_id
    ):
        my_schools = list(establishments_with_pupils_visible_to(request.user).order_by("name"))
    context = {
        "my_schools": my_schools,
        "good_or_better": schools.good_or_better_by_sector(),
        "by_district": schools.establishment_counts_by_district(),
        "recent_inspections": schools.recent_inspections(limit=10),
    }
    return render(request, "web/home.html", context)
