"""The PRUs and the health needs service: pupils dual registered there now or in the past,
and pupils on their roll alone after leaving a mainstream school."""

import random
from datetime import timedelta

from frontdoor.demo import calibration as cal
from frontdoor.demo.generator.dates import day_between
from frontdoor.demo.generator.pupils import Admissions
from frontdoor.demo.generator.records import (
    AP_KINDS,
    DUAL_MAIN,
    DUAL_SUBSIDIARY,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    EnrolmentRecord,
    PupilRecord,
    SchoolRecord,
)
from frontdoor.demo.generator.sampling import weighted_sample
from frontdoor.demo.generator.state import CountyState


def add(county: CountyState) -> None:
    rng = county.stream("alternative_provision")
    admissions = Admissions(county)
    as_at = county.as_at
    current = {e.pupil: e for e in county.enrolments if e.leaving_date is None}
    for school in county.schools:
        if school.kind not in AP_KINDS:
            continue
        health = school.kind == "health_needs"
        dual = rng.randint(*(cal.HEALTH_NEEDS_DUAL if health else cal.PRU_DUAL))
        single = rng.randint(*(cal.HEALTH_NEEDS_SINGLE if health else cal.PRU_SINGLE))
        dual = max(1, round(dual * min(1.0, county.scale * 5)))
        single = max(1, round(single * min(1.0, county.scale * 5)))
        candidates, weights = _candidates(county, school, health)
        chosen = weighted_sample(rng, candidates, weights, dual)
        for pupil in chosen:
            main = current[pupil.index]
            main.registration = DUAL_MAIN
            pupil.alternative_provision = school.kind
            earliest = max(main.admission_date, as_at - timedelta(days=300))
            admission = day_between(rng, earliest, as_at)
            county.enrolments.append(
                EnrolmentRecord(
                    pupil.index,
                    school.index,
                    admission,
                    None,
                    admissions.nc_year_on(pupil, admission),
                    DUAL_SUBSIDIARY,
                )
            )
        past = weighted_sample(
            rng,
            candidates,
            [0 if p.alternative_provision else w for p, w in zip(candidates, weights, strict=True)],
            round(len(chosen) * cal.PRU_PAST_PLACEMENTS),
        )
        for pupil in past:
            main = current[pupil.index]
            earliest = max(main.admission_date, as_at - timedelta(days=700))
            admission = day_between(rng, earliest, as_at - timedelta(days=200))
            leaving = admission + timedelta(days=rng.randint(40, 140))
            if admission < main.admission_date or leaving >= as_at:
                continue
            county.enrolments.append(
                EnrolmentRecord(
                    pupil.index,
                    school.index,
                    admission,
                    leaving,
                    admissions.nc_year_on(pupil, admission),
                    DUAL_SUBSIDIARY,
                )
            )
        for _ in range(single):
            _excluded_pupil(rng, admissions, school)


def _candidates(
    county: CountyState, school: SchoolRecord, health: bool
) -> tuple[list[PupilRecord], list[float]]:
    """Pupils of compulsory school age in mainstream schools the service covers, weighted by
    how likely they are to be placed there."""
    serves = set(school.serves)
    years = school.nc_years
    candidates, weights = [], []
    for pupil in county.pupils:
        main = county.schools[pupil.school]
        if main.district not in serves or pupil.nc_year not in years:
            continue
        if pupil.alternative_provision or main.kind not in (*PRIMARY_KINDS, *SECONDARY_KINDS):
            continue
        if pupil.nc_year > 11:
            continue
        weight = 1.0
        if not health:
            weight *= 2.0 if pupil.sex == "M" else 1.0
            weight *= 2.5 if pupil.nc_year >= 9 else 1.0
            weight *= 0.1 if main.kind == "grammar" else 1.0
            weight *= 0.15 if pupil.nc_year < 7 else 1.0
        else:
            weight *= 2.0 if pupil.nc_year >= 9 else 1.0
            weight *= 0.3 if pupil.nc_year < 7 else 1.0
        candidates.append(pupil)
        weights.append(weight)
    return candidates, weights


def _excluded_pupil(rng: random.Random, admissions: Admissions, school: SchoolRecord) -> None:
    """A pupil on the PRU's roll alone, after leaving a mainstream school."""
    as_at = admissions.county.as_at
    years = [y for y in school.nc_years if y >= 7] or list(school.nc_years)
    year = rng.choice(years)
    district = school.serves[rng.randrange(len(school.serves))]
    home = SchoolRecord(index=-1, kind=school.kind, district=district)
    pupil = admissions.new_pupil(rng, home, year, school.kind)
    pupil.school = school.index
    admission = day_between(rng, as_at - timedelta(days=420), as_at)
    leaving = admission - timedelta(days=rng.randint(1, 30))
    history = admissions.history_until(
        rng,
        pupil,
        district,
        last_year=admissions.nc_year_on(pupil, leaving),
        leaving=leaving,
        exclude=school.index,
    )
    admissions.enrol(
        pupil, history, school.index, admission, admissions.nc_year_on(pupil, admission)
    )
