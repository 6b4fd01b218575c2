"""The demo county's recorded suspensions, read back from its registers: each pupil's E codes
(excluded, no alternative provision) in a week become one suspension starting on the first of
them, so the E codes and the records reconcile as a careful school's would."""

import random

import duckdb

from frontdoor.analytics.store import MarksStore
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

_SUSPENSIONS = """
SELECT urn, upn, min(date) AS start_date, count(*) AS sessions
FROM read_parquet($files, hive_partitioning = false)
WHERE code = 'E'
GROUP BY urn, upn, date_trunc('week', date)
ORDER BY urn, upn, start_date
"""


def suspensions_save(*, store: MarksStore, academic_year: int, seed: int) -> int:
    files = [str(path) for path in store.files(academic_years=[academic_year])]
    recorder = User.objects.filter(role="la_admin").order_by("pk").first()
    if not files or recorder is None:
        return 0
    rows = duckdb.execute(_SUSPENSIONS, {"files": files}).fetchall()
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
