"""Which area a request is for, and whether the user may see it: the county, a district, a
school or a year group, resolved once for the pages and the API. Refusals come from the access
layer (PermissionDenied) or as not found (a school outside the user's reach is not there)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from frontdoor.attendance.dashboards import Area
from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.pupils.models import nc_year_label
from frontdoor.schools import selectors as schools
from frontdoor.schools.models import District, Establishment

COUNTY_NAME = "Kent"


@dataclass(frozen=True)
class Resolved:
    area: Area
    school: Establishment | None = None
    names: dict = field(default_factory=dict)  # labels for the breakdown's keys


def county(user) -> Resolved:
    require_county(user)
    names = {district.code: district.name for district in schools.districts()}
    return Resolved(Area(COUNTY_NAME), names=names)


def district(user, code: str) -> Resolved:
    require_county(user)
    found = get_object_or_404(District, code=code)
    in_district = schools.open_establishments().filter(district=found)
    return Resolved(
        Area(found.name, district=code), names=dict(in_district.values_list("urn", "name"))
    )


def school(user, urn: int) -> Resolved:
    found = get_object_or_404(schools_for(user).select_related("district"), urn=urn)
    return Resolved(Area(found.name, urn=urn), school=found)


def year_group(user, urn: int, nc_year: int) -> Resolved:
    found = get_object_or_404(schools_for(user).select_related("district"), urn=urn)
    area = Area(f"{nc_year_label(nc_year)}, {found.name}", urn=urn, nc_year=nc_year)
    return Resolved(area, school=found)


def require_county(user) -> None:
    if not access.can_view_county_attendance(user):
        raise PermissionDenied("County and district attendance figures are for council staff.")


def schools_for(user):
    if not access.can(user, Permission.VIEW_ATTENDANCE):
        raise PermissionDenied("Your role does not include attendance figures.")
    return access.scope_attendance_schools(user, Establishment.objects.all())
