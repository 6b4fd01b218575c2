"""A school's attendance responsibilities checklist: kept by the school, seen by the council's
attendance staff (its School Liaison Officer among them)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from frontdoor.attendance import areas, checklist


def responsibilities(request, urn: int):
    school = areas.school(request.user, urn).school
    editable = checklist.can_keep(request.user, school)
    if request.method == "POST" and editable:
        answers = {
            item.key: (
                request.POST.get(f"{item.key}-in_place") == "yes",
                request.POST.get(f"{item.key}-evidence", "").strip()[:2000],
            )
            for item in checklist.checklist(school)
        }
        changed = checklist.checklist_update(school=school, answers=answers, by=request.user)
        messages.success(request, f"Saved: {changed} answer{'s' if changed != 1 else ''} changed.")
        return redirect("responsibilities", urn=urn)
    items = checklist.checklist(school)
    context = {
        "school": school,
        "items": items,
        "editable": editable,
        "in_place": sum(1 for item in items if item.in_place),
    }
    return render(request, "attendance/responsibilities.html", context)
