"""What an EHC plan says, section by section (reg 12), as plain data, and the two checks that
matter most to families: the golden thread (each outcome meets a need; each piece of provision
serves an outcome) and quantified provision (who does what, how often, for how long). Also the
readable difference between two versions, as the family is shown it.

A plan's content is a dict of sections (reg 12), each keyed by its letter:

    A   text: the child's views, interests and aspirations
    B   needs: [{"id": "b1", "area": "communication", "text": "..."}]; C and D the same
        for health and social care needs
    E   outcomes: [{"id": "e1", "text": "...", "meets": ["b1"], "by": "end of KS2"}]
    F   provision: [{"id": "f1", "text": "...", "serves": ["e1"], "who": "teaching assistant",
                     "how_often": "daily", "hours_a_week": 5}]; G, H1 and H2 the same
        for health and social care provision
    I   placement: {"urn": 123456, "name": "...", "type": "mainstream"}
    J   personal budget: {"amount": 0, "arrangements": "..."}
    K   advice and information: [{"kind": "psychological", "from": "...", "date": "2025-03-20"}]
"""

import difflib
from dataclasses import dataclass

SECTIONS = {
    "A": "The child's views, interests and aspirations",
    "B": "Special educational needs",
    "C": "Health needs related to the SEN",
    "D": "Social care needs related to the SEN",
    "E": "Outcomes",
    "F": "Special educational provision",
    "G": "Health provision",
    "H1": "Social care provision under the Chronically Sick and Disabled Persons Act",
    "H2": "Other social care provision",
    "I": "Placement",
    "J": "Personal budget",
    "K": "Advice and information",
}
NEEDS, PROVISION = ("B", "C", "D"), ("F", "G", "H1", "H2")
AREAS = {
    "communication": "Communication and interaction",
    "cognition": "Cognition and learning",
    "semh": "Social, emotional and mental health",
    "sensory": "Sensory and/or physical",
}

# What section I may name when it names a type of setting rather than (or as well as) a school.
SETTING_TYPES = {
    "mainstream": "Mainstream school or academy",
    "resourced": "Specialist resource provision in a mainstream school",
    "special": "Special school or academy",
    "independent_special": "Independent or non-maintained special school",
    "college": "Further education college",
    "other": "Other",
}


@dataclass(frozen=True)
class Problem:
    section: str
    item: str | None
    message: str

    def __str__(self) -> str:
        where = f"Section {self.section}" + (f", {self.item}" if self.item else "")
        return f"{where}: {self.message}"


def problems(content: dict) -> list[Problem]:
    """Everything that stops the content being a plan the council can issue."""
    found = []
    if not str(content.get("A", "")).strip():
        found.append(Problem("A", None, "record the child's views, interests and aspirations"))
    needs = {item["id"] for key in NEEDS for item in content.get(key, [])}
    if not content.get("B"):
        found.append(Problem("B", None, "a plan describes at least one special educational need"))
    for item in content.get("B", []):
        if item.get("area") not in AREAS:
            found.append(Problem("B", item["id"], "choose the area of need"))
    outcomes = {item["id"] for item in content.get("E", [])}
    if not outcomes:
        found.append(Problem("E", None, "a plan sets at least one outcome"))
    for item in content.get("E", []):
        if not set(item.get("meets", [])) & needs:
            found.append(Problem("E", item["id"], "say which need in B, C or D it meets"))
    served = set()
    for key in PROVISION:
        for item in content.get(key, []):
            serves = set(item.get("serves", [])) & outcomes
            served |= serves
            if not serves:
                found.append(Problem(key, item["id"], "say which outcome in E it serves"))
            if key == "F" and not _quantified(item):
                found.append(
                    Problem(key, item["id"], "say who provides it, how often and for how long")
                )
    if not content.get("F"):
        found.append(Problem("F", None, "a plan specifies the special educational provision"))
    for item in content.get("E", []):
        if item["id"] not in served:
            found.append(Problem("E", item["id"], "no provision in F, G or H serves it"))
    if not (content.get("I") or {}).get("name"):
        found.append(Problem("I", None, "name the school, college or type of setting"))
    return found


def _quantified(item: dict) -> bool:
    hours = item.get("hours_a_week")
    return bool(
        str(item.get("who", "")).strip()
        and str(item.get("how_often", "")).strip()
        and isinstance(hours, int | float)
        and hours > 0
    )


# Differences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    section: str
    item: str | None  # an item's id, or None for a section held as text or a single record
    kind: str  # "added", "removed", "changed"
    before: str
    after: str

    @property
    def words(self) -> list[tuple[str, str]]:
        """The change word by word: ("same" | "removed" | "added", text), for the page to mark."""
        old, new = self.before.split(), self.after.split()
        marked = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
            if tag == "equal":
                marked.append(("same", " ".join(old[i1:i2])))
                continue
            if i2 > i1:
                marked.append(("removed", " ".join(old[i1:i2])))
            if j2 > j1:
                marked.append(("added", " ".join(new[j1:j2])))
        return marked


def differences(before: dict, after: dict) -> list[Change]:
    """What changed from one version to the next, section by section in the plan's order."""
    changes = []
    for section in SECTIONS:
        old, new = before.get(section), after.get(section)
        if isinstance(old, list) or isinstance(new, list):
            changes += _list_changes(section, old or [], new or [])
        elif _shown(old) != _shown(new):
            kind = "added" if not old else "removed" if not new else "changed"
            changes.append(Change(section, None, kind, _shown(old), _shown(new)))
    return changes


def _list_changes(section: str, old: list, new: list) -> list[Change]:
    before = {item["id"]: item for item in old if "id" in item} | {
        f"#{n}": item for n, item in enumerate(old, 1) if "id" not in item
    }
    after = {item["id"]: item for item in new if "id" in item} | {
        f"#{n}": item for n, item in enumerate(new, 1) if "id" not in item
    }
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = _shown(before.get(key)), _shown(after.get(key))
        if was == now:
            continue
        kind = "added" if key not in before else "removed" if key not in after else "changed"
        changes.append(Change(section, key, kind, was, now))
    return changes


def _shown(value) -> str:
    """An item as a family would read it: its text, then its details."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        text = str(value.get("text", value.get("name", ""))).strip()
        details = [
            f"{key.replace('_', ' ')}: {_detail(item)}"
            for key, item in value.items()
            if key not in ("id", "text", "name") and item not in (None, "", [])
        ]
        return "; ".join([text, *details]) if text else "; ".join(details)
    return str(value)


def _detail(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
