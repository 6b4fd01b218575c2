"""Writes to the establishment register. Every function: keyword arguments, one transaction."""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import batched

from django.db import transaction
from django.db.models import QuerySet

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.upsert import rows_upsert
from frontdoor.schools.gias import (
    DISTRICT_CODE,
    EstablishmentRow,
    GiasImportError,
    GiasRows,
    Problem,
)
from frontdoor.schools.models import District, Establishment, Trust

# Comfortably under SQLite's smallest limit on query parameters (999).
IN_BATCH = 900


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    skipped: int = 0  # rows deliberately not imported (see frontdoor.schools.gias)


@transaction.atomic
def establishments_import_gias(*, rows: Sequence[EstablishmentRow], by=None) -> ImportSummary:
    """Create or update the establishments of a checked GIAS file (`gias.parse_gias_csv`),
    matched by URN, all or nothing. Only the fields the file supplied are written, so a reduced
    extract leaves districts, trusts and roll numbers from a fuller one alone; establishments
    not in the file are left as they are. Importing the same file again changes nothing.

    `by` is the signed-in user; None for the command line. Raises GiasImportError (nothing
    written) when a district code is not one of the council's districts."""
    if by is not None:
        access.require(by, Permission.IMPORT_REFERENCE_DATA)
    district_ids = _district_ids(rows)
    trust_ids = _trusts_upsert(rows)
    existing = {
        establishment.urn: establishment
        for establishment in _filter_in(Establishment.objects.all(), "urn", [r.urn for r in rows])
    }

    counts = rows_upsert(
        Establishment,
        existing=existing,
        rows=((row.urn, _field_values(row, district_ids, trust_ids)) for row in rows),
    )
    summary = ImportSummary(
        **asdict(counts),
        skipped=len(rows.skipped) if isinstance(rows, GiasRows) else 0,
    )
    audit.record(by, "schools.import_gias", detail=asdict(summary), username="system")
    return summary


def _field_values(row: EstablishmentRow, district_ids: dict, trust_ids: dict) -> dict:
    """The row's values for the fields its file supplied, keyed by attribute name."""
    values = {}
    for name in row.provided:
        if name == "district":
            values["district_id"] = district_ids.get(row.district_code)
        elif name == "trust":
            values["trust_id"] = trust_ids.get(row.trust_uid)
        else:
            values[name] = getattr(row, name)
    return values


def _district_ids(rows: Sequence[EstablishmentRow]) -> dict[str, int]:
    """District ids by ONS code. A code that is not one of the council's districts is a problem:
    a school silently left without its district would drop out of every district's lists."""
    codes = {row.district_code for row in rows if row.district_code}
    found = dict(_filter_in(District.objects.values_list("code", "id"), "code", codes))
    unknown: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.district_code and row.district_code not in found:
            unknown[row.district_code].append(row.line)
    if unknown:
        problems = []
        for code, lines in unknown.items():
            also = f" (also on {len(lines) - 1} other lines)" if len(lines) > 1 else ""
            message = f"{code!r} is not the code of any district in Front Door{also}"
            problems.append(Problem(lines[0], DISTRICT_CODE, message))
        raise GiasImportError(problems)
    return found


def _trusts_upsert(rows: Sequence[EstablishmentRow]) -> dict[str, int]:
    """Create the file's academy trusts that are new and rename those that changed; their ids
    by GIAS group UID."""
    wanted = {row.trust_uid: (row.trust_name, row.trust_kind) for row in rows if row.trust_uid}
    existing = {trust.uid: trust for trust in _filter_in(Trust.objects.all(), "uid", wanted)}
    rows_upsert(
        Trust,
        existing=existing,
        rows=(
            (uid, {"uid": uid, "name": name, "kind": kind}) for uid, (name, kind) in wanted.items()
        ),
    )
    return dict(_filter_in(Trust.objects.values_list("uid", "id"), "uid", wanted))


def _filter_in(queryset: QuerySet, field: str, values: Iterable) -> Iterator:
    """`queryset.filter(<field>__in=values)` for any number of values, in batches the database
    accepts."""
    for batch in batched(values, IN_BATCH):
        yield from queryset.filter(**{f"{field}__in": batch})
