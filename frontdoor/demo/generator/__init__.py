"""The synthetic county, generated in memory.

`generate_county(seed=..., scale=..., as_at=...)` returns plain records (no database): the
same three inputs always give the same county. Every stage draws from its own random stream
(`random.Random("<seed>/<stage>")`, which Python seeds through SHA-512, so it does not depend
on PYTHONHASHSEED), and nothing iterates over a set or a dict whose order could change.

Rates are exact, not merely expected: a characteristic with a target of 26.1% of primary
pupils is given to round(0.261 × N) of them, chosen by weighted sampling without replacement
(Efraimidis–Spirakis keys), the weights carrying the differences between schools (district
deprivation, grammar schools, PRUs) and between pupils (boys and SEN, FSM and social care).
All the numbers are in `frontdoor.demo.calibration`.

The stages, in the order they run, each a module here: `schools`, `trusts`, `pupils`,
`alternative_provision`, `rolls`, `characteristics`, `inspections`. They share the county
being made (`state.CountyState`) and return the records in `records`."""

from collections.abc import Callable
from datetime import date

from frontdoor.demo.generator import (
    alternative_provision,
    characteristics,
    inspections,
    pupils,
    rolls,
    schools,
    trusts,
)
from frontdoor.demo.generator.dates import term_end, term_start
from frontdoor.demo.generator.records import (
    ACADEMY_ROUTES,
    AP_KINDS,
    DUAL_MAIN,
    DUAL_SUBSIDIARY,
    ESTABLISHMENT_TYPES,
    KIND_ORDER,
    NOT_RELIGIOUS,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    SINGLE,
    County,
    EnrolmentRecord,
    ExclusionRecord,
    InspectionRecord,
    PeriodRecord,
    PupilRecord,
    SchoolRecord,
    TrustRecord,
)
from frontdoor.demo.generator.sampling import apportion, weighted_sample
from frontdoor.demo.generator.schools import school_counts
from frontdoor.demo.generator.state import CountyState

__all__ = [
    "ACADEMY_ROUTES",
    "AP_KINDS",
    "DUAL_MAIN",
    "DUAL_SUBSIDIARY",
    "ESTABLISHMENT_TYPES",
    "KIND_ORDER",
    "NOT_RELIGIOUS",
    "PRIMARY_KINDS",
    "SECONDARY_KINDS",
    "SINGLE",
    "County",
    "EnrolmentRecord",
    "ExclusionRecord",
    "InspectionRecord",
    "PeriodRecord",
    "PupilRecord",
    "SchoolRecord",
    "TrustRecord",
    "apportion",
    "generate_county",
    "generate_register",
    "school_counts",
    "term_end",
    "term_start",
    "weighted_sample",
]

STAGES: tuple[Callable[[CountyState], None], ...] = (
    schools.add,
    trusts.add,
    pupils.add,
    alternative_provision.add,
    rolls.count,
    characteristics.add,
    inspections.add,
)


def generate_county(
    *,
    seed: int,
    scale: float = 1.0,
    as_at: date,
    on_step: Callable[[int, int], None] | None = None,
) -> County:
    """The county for (seed, scale, as_at); `on_step(done, total)` after each of its steps."""
    county = CountyState(seed=seed, scale=scale, as_at=as_at)
    for done, stage in enumerate(STAGES, start=1):
        stage(county)
        if on_step is not None:
            on_step(done, len(STAGES))
    return county.finished()


def generate_register(*, seed: int, scale: float = 1.0, as_at: date):
    """Only the schools and trusts of the county `generate_county` makes (same seed, same
    schools): quick, for checking names and counts."""
    county = CountyState(seed=seed, scale=scale, as_at=as_at)
    schools.add(county)
    trusts.add(county)
    return county.schools, county.trusts
