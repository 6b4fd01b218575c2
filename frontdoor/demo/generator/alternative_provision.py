"""The PRUs and the health needs service: pupils dual registered there now or in the past,
and pupils on their roll alone after leaving a mainstream school; and the county's permanent
exclusions, whose pupils go to a PRU (from a secondary school) or another primary school."""

import random
from datetime import date, timedelta

from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import calibration as cal
from frontdoor.demo.generator.dates import day_between
from frontdoor.demo.generator.pupils import DISTRICT_POOL, Admissions
from frontdoor.demo.generator.records import (
    AP_KINDS,
    DUAL_MAIN,
    DUAL_SUBSIDIARY,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    EnrolmentRecord,
    ExclusionRecord,
    PupilRecord,
    SchoolRecord,
)
from frontdoor.demo.generator.sampling import weighted_choice, weighted_sample
from frontdoor.demo.generator.state import CountyState


def add(county: CountyState) -> None:
    rng = county.stream("alternative_provision")
    admissions = Admissions(county)
    as_at = county.as_at
    current = {e.pupil: e for e in county.enrolments if e.leaving_date is None}
    singles: dict[int, int] = {}  # sole-registered pupils wanted, by behaviour PRU
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
        if health:
            for _ in range(single):
                _sole_pupil(rng, admissions, school, as_at - timedelta(days=420), as_at)
        else:
            singles[school.index] = single
    excluded = _permanent_exclusions(county, admissions)
    # The PRUs' other sole-registered pupils were excluded in the year before the registers'.
    before = date(county.year - 1, 9, 1)
    for school in county.schools:
        for _ in range(singles.get(school.index, 0) - excluded.count(school.index)):
            _sole_pupil(rng, admissions, school, before - timedelta(days=365), before, youngest=9)


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


def _sole_pupil(
    rng: random.Random,
    admissions: Admissions,
    school: SchoolRecord,
    first: date,
    last: date,
    youngest: int = 7,
) -> None:
    """A pupil now in Year `youngest` or above on the AP school's roll alone since a day
    between `first` and `last`, after leaving a mainstream school."""
    years = [y for y in school.nc_years if y >= youngest] or list(school.nc_years)
    year = rng.choice(years)
    district = school.serves[rng.randrange(len(school.serves))]
    home = SchoolRecord(index=-1, kind=school.kind, district=district)
    pupil = admissions.new_pupil(rng, home, year, school.kind)
    pupil.school = school.index
    admission = day_between(rng, first, last)
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


# --- permanent exclusions -----------------------------------------------------------------------


def _permanent_exclusions(county: CountyState, admissions: Admissions) -> list[int]:
    """The permanent exclusions of the registers' years (the last full one and this one to the
    as-at date), at the rates of cal.PERMANENT_EXCLUSION of each phase's pupils on roll; the
    schools each pupil went to (a PRU index for every pupil placed in one)."""
    rng = county.stream("permanent_exclusions")
    placed = []
    for academic_year in (county.year - 1, county.year):
        if academic_year not in term_dates.covered_years():
            continue
        days = [d for d in term_dates.school_days(academic_year) if d < county.as_at]
        if not days:
            continue
        share = len(days) / len(term_dates.school_days(academic_year))
        census = min(date(academic_year + 1, 1, 15), county.as_at)
        roll = _roll_on(county, census)
        for phase, rate in cal.PERMANENT_EXCLUSION.items():
            # The year groups still at school in the phase now: a pupil excluded in Year 6 or
            # Year 11 last year has moved on, as the county's other leavers have.
            moved_on = county.year - academic_year
            years = {
                year: weight
                for year, weight in cal.PERMANENT_EXCLUSION_YEARS[phase].items()
                if year + moved_on <= max(cal.PERMANENT_EXCLUSION_YEARS[phase])
            }
            expected = rate * roll[phase] * share
            count = int(expected) + (rng.random() < expected - int(expected))
            for _ in range(count):
                day = days[rng.randrange(len(days))]
                school = _excluded(rng, admissions, phase, weighted_choice(rng, years), day)
                if school is not None:
                    placed.append(school)
    return placed


def _roll_on(county: CountyState, day: date) -> dict[str, int]:
    """Pupils on the roll of primary and secondary schools on `day`."""
    roll = {"primary": 0, "secondary": 0}
    for enrolment in county.enrolments:
        if enrolment.registration == DUAL_SUBSIDIARY or enrolment.admission_date > day:
            continue
        if enrolment.leaving_date is not None and enrolment.leaving_date < day:
            continue
        kind = county.schools[enrolment.school].kind
        if kind in PRIMARY_KINDS:
            roll["primary"] += 1
        elif kind in SECONDARY_KINDS:
            roll["secondary"] += 1
    return roll


def _excluded(
    rng: random.Random, admissions: Admissions, phase: str, nc_year: int, day: date
) -> int | None:
    """A pupil permanently excluded on `day` in `nc_year` from a school of `phase`, now at a
    behaviour PRU that takes the year group (secondary) or another primary school in the
    district; the school now, or None when there is none to go to (at the smallest scales)."""
    county = admissions.county
    now = nc_year + county.year - academic_year_of(day)
    if phase == "primary":
        pru, district = None, DISTRICT_POOL.pick(rng)
    else:
        prus = [s for s in county.schools if s.kind == "pru" and now in s.nc_years]
        if not prus:
            return None
        pru = prus[rng.randrange(len(prus))]
        district = pru.serves[rng.randrange(len(pru.serves))]
    home = SchoolRecord(index=-1, kind=pru.kind if pru else "primary", district=district)
    home.gender = "Boys" if rng.random() < cal.PERMANENT_EXCLUSION_BOYS else "Girls"
    pupil = admissions.new_pupil(rng, home, now, home.kind)
    history = _excluded_from(rng, admissions, pupil, home, nc_year, day)
    soonest, latest = (day + timedelta(days=n) for n in cal.PERMANENT_EXCLUSION_PLACED)
    admission = min(day_between(rng, soonest, latest), county.as_at)
    school = pru.index if pru is not None else None
    if pru is None and history:
        school = admissions.another_primary(rng, district, exclude=history[-1][0], on=admission)
    if school is None or not history:
        county.pupils.pop()  # the pupil just made: no school fits
        return None
    pupil.school = school
    admissions.enrol(pupil, history, school, admission, admissions.nc_year_on(pupil, admission))
    county.permanent_exclusions.append(ExclusionRecord(pupil.index, history[-1][0], day))
    return school


def _excluded_from(
    rng: random.Random,
    admissions: Admissions,
    pupil: PupilRecord,
    home: SchoolRecord,
    nc_year: int,
    day: date,
) -> list[tuple[int, date, date, int]]:
    """The schools the pupil was at until `day`, the last of them the one that excluded the
    pupil: a primary school, or a non-selective secondary (`home.kind` a PRU), for the pupil's
    sex (`home.gender`); empty when none fits."""
    schools = admissions.county.schools
    kinds = ("secondary",) if home.kind in AP_KINDS else PRIMARY_KINDS  # not grammars
    for _attempt in range(8):
        history = admissions.history_until(
            rng, pupil, home.district, last_year=nc_year, leaving=day, exclude=-1
        )
        if history and history[-1][2] == day:
            excluding = schools[history[-1][0]]
            if excluding.kind in kinds and excluding.gender in ("Mixed", home.gender):
                return history
    return []
