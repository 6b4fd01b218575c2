"""Choosing the child a new case is about (a request, a disagreement): the search of the
caseworker's records and the child chosen from it, as the pages' send/_child_search.html shows
them. A search names children, so it is audited."""

from dataclasses import dataclass

from frontdoor.core import audit
from frontdoor.send.forms import ChildSearchForm
from frontdoor.send.selectors import child_for, children_matching


@dataclass(frozen=True)
class ChildSearch:
    search: ChildSearchForm
    found: list | None  # the children matching, once searched
    chosen: tuple | None  # (the child, their current school), once chosen

    def context(self) -> dict:
        return {"search": self.search, "found": self.found, "chosen": self.chosen}


def child_search(request) -> ChildSearch:
    """The search (`?q=`) and the child chosen (`pupil`, posted or in the address)."""
    user = request.user
    search = ChildSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if search.is_valid():
        found = list(children_matching(user, search.cleaned_data["q"]))
        audit.record(user, "pupil.search", request=request, detail={"shown": len(found)})
    chosen = child_for(user, request.POST.get("pupil") or request.GET.get("pupil") or 0)
    return ChildSearch(search, found, chosen)
