"""A school's attendance responsibilities: the checklist (reads) and its upkeep (writes)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from frontdoor.attendance.models import ResponsibilityCheck
from frontdoor.attendance.models_checklist import RESPONSIBILITIES
from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.schools.models import Establishment


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    check: ResponsibilityCheck | None

    @property
    def in_place(self) -> bool:
        return bool(self.check and self.check.in_place)


def checklist(school: Establishment) -> list[Item]:
    checks = {c.item: c for c in ResponsibilityCheck.objects.filter(establishment=school)}
    return [Item(key, text, checks.get(key)) for key, text in RESPONSIBILITIES.items()]


def can_keep(user, school: Establishment) -> bool:
    return (
        access.can(user, Permission.KEEP_CHECKLIST)
        and access.scope_establishments(user, Establishment.objects.filter(pk=school.pk)).exists()
    )


@transaction.atomic
def checklist_update(*, school: Establishment, answers: dict[str, tuple[bool, str]], by) -> int:
    """Save the school's answers (item -> (in place, evidence)); how many changed."""
    if not can_keep(by, school):
        raise PermissionDenied("The school's own staff keep its checklist.")
    changed = 0
    for key, (in_place, evidence) in answers.items():
        if key not in RESPONSIBILITIES:
            continue
        check, created = ResponsibilityCheck.objects.get_or_create(
            establishment=school,
            item=key,
            defaults={"in_place": in_place, "evidence": evidence, "updated_by": by},
        )
        if created or (check.in_place, check.evidence) != (in_place, evidence):
            check.in_place, check.evidence, check.updated_by = in_place, evidence, by
            check.save()
            changed += 1
    audit.record(by, "attendance.checklist", school, detail={"changed": changed})
    return changed
