"""rows_upsert: created, updated and unchanged, with an import stamp that is not a change."""

import pytest

from frontdoor.core.upsert import UpsertCounts, rows_upsert
from frontdoor.schools.models import District, Establishment, Trust


@pytest.mark.django_db
def test_new_keys_are_created_changed_rows_updated_and_the_rest_left_alone():
    Trust.objects.create(uid="1", name="Oak Trust", kind=Trust.Kind.MULTI_ACADEMY)
    Trust.objects.create(uid="2", name="Ash Trust", kind=Trust.Kind.MULTI_ACADEMY)
    existing = {trust.uid: trust for trust in Trust.objects.all()}
    rows = [
        ("1", {"uid": "1", "name": "Oak Trust", "kind": Trust.Kind.MULTI_ACADEMY}),
        ("2", {"uid": "2", "name": "Ash Learning Trust", "kind": Trust.Kind.MULTI_ACADEMY}),
        ("3", {"uid": "3", "name": "Elm Trust", "kind": Trust.Kind.SINGLE_ACADEMY}),
    ]

    counts = rows_upsert(Trust, existing=existing, rows=rows)

    assert counts == UpsertCounts(created=1, updated=1, unchanged=1)
    assert sorted(Trust.objects.values_list("uid", "name")) == [
        ("1", "Oak Trust"),
        ("2", "Ash Learning Trust"),
        ("3", "Elm Trust"),
    ]
    again = {trust.uid: trust for trust in Trust.objects.all()}
    assert rows_upsert(Trust, existing=again, rows=rows) == UpsertCounts(0, 0, 3)


@pytest.mark.django_db
def test_values_by_attribute_name_update_foreign_keys(county):
    north, south = county.north, county.south
    school = Establishment.objects.get(urn=990001)
    assert school.district_id == north.id
    counts = rows_upsert(
        Establishment,
        existing={990001: school},
        rows=[(990001, {"district_id": south.id})],
    )
    assert counts.updated == 1
    assert Establishment.objects.get(urn=990001).district == District.objects.get(pk=south.id)
