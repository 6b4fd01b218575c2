"""The demo county's recorded suspensions and permanent exclusions.

Suspensions are read back from its registers: each run of a pupil's E codes (excluded, no
alternative provision), unbroken by a session the pupil was expected in, becomes one suspension
starting on the first of them, so the E codes and the records reconcile as a careful school's
would. The registers never put two of a pupil's suspensions next to each other
(`school_register`). Permanent exclusions come from the generator: the pupil's enrolment ends
on the day."""

import random

import duckdb

from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import codes
from frontdoor.attendance.models import Exclusion
from frontdoor.core.models import User
from frontdoor.pupils.models import Pupil
from frontdoor.schools.models import Establishment

REASONS = [  # the most common reasons first, as in the DfE's national figures
    (Exclusion.Reason.DISRUPTION, 40),
    (Exclusion.Reason.VERBAL_ADULT, 15),
    (Exclusion.Reason.PHYSICAL_PUPIL, 14),
    (Exclusion.Reason.VERBAL_PUPIL, 9),
    (Exclusion.Reason.PHYSICAL_ADULT, 6),
    (Exclusion.Reason.DRUGS, 4),
    (Exclusion.Reason.DAMAGE, 3),
    (Exclusion.Reason.BULLYING, 3),
    (Exclusion.Reason.OTHER, 6),
]
# Permanent exclusions' reasons (ASSUMPTION shaped on the DfE's national figures: persistent
# disruption the most common, then assault, drugs and weapons far more than for suspensions).
PERMANENT_REASONS = [
    (Exclusion.Reason.DISRUPTION, 35),
    (Exclusion.Reason.PHYSICAL_PUPIL, 15),
    (Exclusion.Reason.PHYSICAL_ADULT, 11),
    (Exclusion.Reason.DRUGS, 10),
    (Exclusion.Reason.WEAPON, 8),
    (Exclusion.Reason.VERBAL_ADULT, 8),
    (Exclusion.Reason.VERBAL_PUPIL, 4),
    (Exclusion.Reason.SEXUAL, 2),
    (Exclusion.Reason.DAMAGE, 2),
    (Exclusion.Reason.OTHER, 5),
]

# The suspensions in the marks of a relation `marks`: a pupil's E sessions at a school, numbered
# among the sessions the pupil was expected in (closures, dual registration and the like left
# out), fall into runs of consecutive numbers, one suspension each (within an academic year).
SUSPENSIONS = """
WITH suspended AS (SELECT DISTINCT upn FROM marks WHERE code = 'E'),
counted AS (
    SELECT urn, upn, date, code, year(date) - (month(date) < 9)::INTEGER AS academic_year,
           row_number() OVER (PARTITION BY urn, upn ORDER BY date, session) AS n
    FROM marks
    WHERE upn IN (SELECT upn FROM suspended) AND list_contains($possible, code)
),
spells AS (
    SELECT urn, upn, date, academic_year,
           n - row_number() OVER (PARTITION BY urn, upn ORDER BY n) AS spell
    FROM counted
    WHERE code = 'E'
)
SELECT urn, upn, min(date) AS start_date, count(*) AS sessions
FROM spells
GROUP BY urn, upn, academic_year, spell
ORDER BY urn, upn, start_date
"""
POSSIBLE = sorted(
    {*codes.PRESENT_CODES, *codes.AEA_CODES, *codes.AUTHORISED_CODES, *codes.UNAUTHORISED_CODES}
)


def suspensions_read(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(urn, upn, start date, sessions) of every suspension in the relation `marks` of `con`."""
    return con.execute(SUSPENSIONS, {"possible": POSSIBLE}).fetchall()


def suspensions_save(*, store: MarksStore, seed: int) -> int:
    """Record the suspensions in every year of the store's registers."""
    files = [str(path) for path in store.files()]
    recorder = _recorder()
    if not files or recorder is None:
        return 0
    con = duckdb.connect()
    con.read_parquet(files, hive_partitioning=False).create_view("marks")
    rows = suspensions_read(con)
    pupils = dict(Pupil.objects.values_list("upn", "pk"))
    schools = dict(Establishment.objects.values_list("urn", "pk"))
    rng = random.Random(f"{seed}-suspensions")
    reasons, weights = zip(*REASONS, strict=True)
    Exclusion.objects.bulk_create(
        [
            Exclusion(
                pupil_id=pupils[upn],
                establishment_id=schools[urn],
                kind=Exclusion.Kind.SUSPENSION,
                start_date=start,
                sessions=sessions,
                reason=rng.choices(reasons, weights)[0],
                recorded_by=recorder,
            )
            for urn, upn, start, sessions in rows
        ],
        batch_size=5000,
    )
    return len(rows)


def permanent_exclusions_save(*, county, pupil_ids: list[int], school_ids: dict[int, int]) -> int:
    """Record the county's permanent exclusions (the generator's), each with a DfE reason."""
    recorder = _recorder()
    if recorder is None:
        return 0
    rng = random.Random(f"{county.seed}-permanent-exclusions")
    reasons, weights = zip(*PERMANENT_REASONS, strict=True)
    Exclusion.objects.bulk_create(
        [
            Exclusion(
                pupil_id=pupil_ids[exclusion.pupil],
                establishment_id=school_ids[exclusion.school],
                kind=Exclusion.Kind.PERMANENT,
                start_date=exclusion.start_date,
                reason=rng.choices(reasons, weights)[0],
                recorded_by=recorder,
            )
            for exclusion in county.permanent_exclusions
        ]
    )
    return len(county.permanent_exclusions)


def _recorder() -> User | None:
    return User.objects.filter(role="la_admin").order_by("pk").first()
