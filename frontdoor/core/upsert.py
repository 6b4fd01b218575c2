"""Create or update many rows in a few queries, for the importers: matched on a key, a new key
creates a row, a row whose values differ updates it and the rest are left alone, so importing
the same file twice changes nothing."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.db import models

WRITE_BATCH = 500


@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


def rows_upsert(
    model: type[models.Model],
    *,
    existing: Mapping[Hashable, models.Model],
    rows: Iterable[tuple[Hashable, dict]],
    stamp: dict | None = None,
) -> UpsertCounts:
    """`rows` are (key, values by attribute name); `existing` the stored instances by key.
    `stamp` (when and from what it was imported) is written with every created or changed
    row but is not itself a change."""
    stamp = stamp or {}
    to_create, to_update, changed_fields, unchanged = [], [], set(), 0
    for key, values in rows:
        instance = existing.get(key)
        if instance is None:
            to_create.append(model(**values, **stamp))
            continue
        changed = {
            name: value for name, value in values.items() if getattr(instance, name) != value
        }
        if not changed:
            unchanged += 1
            continue
        for name, value in {**changed, **stamp}.items():
            setattr(instance, name, value)
        to_update.append(instance)
        changed_fields.update(changed, stamp)
    model.objects.bulk_create(to_create, batch_size=WRITE_BATCH)
    if to_update:
        # Values are keyed by attribute (`district_id`); bulk_update wants field names.
        names = sorted({model._meta.get_field(name).name for name in changed_fields})
        model.objects.bulk_update(to_update, names, batch_size=WRITE_BATCH)
    return UpsertCounts(len(to_create), len(to_update), unchanged)
