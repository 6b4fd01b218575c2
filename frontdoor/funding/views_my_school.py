"""A headteacher's (or a trust's) own lines in the published schools block scenarios: for each
of their schools, each published scenario's NFF allocation, local formula allocation, change,
per pupil, MFG top-up and de-delegation. Never another school's line or a county table."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdoor.funding import selectors, tables_lff


@require_GET
def my_school(request):
    schools = list(selectors.funding_schools_of(request.user))
    lines = selectors.own_school_lines(schools)
    tables = [
        (school, tables_lff.own_school_table(lines[str(school.urn)],
                                             caption=f"{school.name} (URN {school.urn})"))
        for school in schools
        if lines.get(str(school.urn))
    ]  # fmt: skip
    context = {
        "schools": schools,
        "tables": tables,
        "missing": [school for school in schools if not lines.get(str(school.urn))],
        "published": selectors.published_lff_scenarios().exists(),
    }
    return render(request, "funding/my_school.html", context)
