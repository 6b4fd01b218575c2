"""The generator in memory: counts, determinism, names. No database."""

import csv
from dataclasses import astuple
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from frontdoor.demo import calibration as cal
from frontdoor.demo.generator import (
    apportion,
    generate_county,
    generate_register,
    school_counts,
    term_end,
    term_start,
    weighted_sample,
)

AS_AT = date(2026, 11, 22)


def _rows(county):
    return (
        [astuple(s) for s in county.schools],
        [astuple(p) for p in county.pupils],
        [astuple(e) for e in county.enrolments],
        [astuple(p) for p in county.periods],
        [astuple(i) for i in county.inspections],
    )


def test_the_same_seed_makes_the_same_county_and_another_seed_another():
    first = generate_county(seed=5, scale=0.02, as_at=AS_AT)
    again = generate_county(seed=5, scale=0.02, as_at=AS_AT)
    other = generate_county(seed=6, scale=0.02, as_at=AS_AT)
    assert _rows(first) == _rows(again)
    assert _rows(first) != _rows(other)


def test_the_as_at_date_moves_the_county():
    november = generate_county(seed=5, scale=0.01, as_at=AS_AT)
    next_year = generate_county(seed=5, scale=0.01, as_at=date(2027, 11, 22))
    assert {p.date_of_birth.year for p in november.pupils} != {
        p.date_of_birth.year for p in next_year.pupils
    }


def test_a_kent_sized_register():
    schools, trusts = generate_register(seed=2026, scale=1.0, as_at=AS_AT)
    kinds = [s.kind for s in schools]
    assert kinds.count("primary") + kinds.count("infant") + kinds.count("junior") == 455
    assert kinds.count("secondary") + kinds.count("grammar") == 99
    assert sum(s.selective for s in schools) == 32
    assert kinds.count("special") == 22
    assert kinds.count("pru") == 5 and kinds.count("health_needs") == 1
    assert all(s.establishment_type == "Pupil referral unit" for s in schools if s.sector == "ap")
    assert len({s.urn for s in schools}) == len(schools)
    assert all(cal.DEMO_URN_FIRST <= s.urn <= cal.DEMO_URN_LAST for s in schools)
    assert len({s.laestab for s in schools}) == len(schools)
    assert len({s.name for s in schools}) == len(schools)
    multi = [t for t in trusts if t.kind == "mat"]
    assert len(multi) == cal.MULTI_ACADEMY_TRUSTS
    owned = {s.trust for s in schools if s.trust is not None}
    assert owned == {t.index for t in trusts}, "every trust has at least one academy"
    primaries = [s for s in schools if s.sector == "primary"]
    secondaries = [s for s in schools if s.sector == "secondary"]
    assert 0.40 <= sum(s.is_academy for s in primaries) / len(primaries) <= 0.50
    assert 0.82 <= sum(s.is_academy for s in secondaries) / len(secondaries) <= 0.92
    assert all(s.is_academy == (s.trust is not None) for s in schools)
    voluntary = [s for s in schools if s.route in ("va", "vc")]
    assert all(s.religious_character != "Does not apply" for s in voluntary)


def test_schools_spread_over_districts_by_population():
    schools, _ = generate_register(seed=2026, scale=1.0, as_at=AS_AT)
    primaries = [0] * len(cal.DISTRICTS)
    for school in schools:
        if school.kind == "primary":
            primaries[school.district] += 1
    populations = [d.population for d in cal.DISTRICTS]
    expected = apportion(cal.SCHOOL_COUNTS["primary"], populations)
    assert primaries == expected


@pytest.mark.parametrize("scale", [0.01, 0.05])
def test_a_small_county_keeps_one_school_of_each_kind(scale):
    schools, _ = generate_register(seed=3, scale=scale, as_at=AS_AT)
    counts = school_counts(scale)
    kinds = [s.kind for s in schools]
    for kind, count in counts.items():
        assert kinds.count(kind) == count >= 1
    assert counts["grammar"] == max(1, round(32 * scale))
    assert counts["secondary"] == max(1, round(67 * scale))


def test_the_demo_schools():
    county = generate_county(seed=9, scale=0.01, as_at=AS_AT)
    school_a = county.schools[county.school_a]
    school_b = county.schools[county.school_b]
    assert school_a.kind == "primary" and cal.DISTRICTS[school_a.district].name == "Thanet"
    assert school_b.kind == "secondary" and school_b.is_academy
    assert school_b.district != school_a.district
    assert school_b.trust == county.trust_of_b
    assert county.trusts[county.trust_of_b].kind == "mat"


def test_no_school_or_trust_has_a_real_kent_schools_name():
    folder = Path(settings.FRONTDOOR_SHARED_DATA) / "data" / "kent_schools"
    if not folder.is_dir():
        pytest.skip(f"the shared Kent data is not at {folder}")
    real = set()
    for name, column in (
        ("kent_schools_register_combined.csv", "SchoolName"),
        ("kent_schools_gias.csv", "EstablishmentName"),
        ("kent_school_census_jan2019.csv", "SchoolName"),
    ):
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            real |= {row[column].strip().lower() for row in csv.DictReader(handle)}
    truncated = {name for name in real if len(name) == 30}  # some sources cut names at 30
    schools, trusts = generate_register(seed=2026, scale=1.0, as_at=AS_AT)
    ours = [s.name.lower() for s in schools] + [t.name.lower() for t in trusts]
    clashes = [n for n in ours if n in real or n[:30] in truncated]
    assert clashes == []


def test_terms():
    assert term_start(2026) == date(2026, 9, 3)  # a Thursday
    assert term_start(2027) == date(2027, 9, 3)  # a Friday
    assert term_start(2022) == date(2022, 9, 5)  # 3 September 2022 was a Saturday
    assert term_end(2025) == date(2026, 7, 21)  # a Tuesday
    assert term_end(2026) == date(2027, 7, 21)


def test_apportion_keeps_the_total_and_the_order():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(455, [d.population for d in cal.DISTRICTS])) == 455


def test_weighted_sample_takes_exactly_k_distinct_and_never_weight_zero():
    import random

    items = list(range(100))
    weights = [0 if i % 2 else 1 + i for i in items]
    chosen = weighted_sample(random.Random(1), items, weights, 30)
    assert len(chosen) == len(set(chosen)) == 30
    assert all(i % 2 == 0 for i in chosen)
    assert len(weighted_sample(random.Random(1), items, weights, 80)) == 50
