"""Pupils in mainstream and special schools, and the Kent schools each was at before: the
enrolments behind every school history, and the UPN the first school gave."""

import random
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate

from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.demo.generator.dates import day_between, term_end, term_start
from frontdoor.demo.generator.records import (
    AP_KINDS,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    EnrolmentRecord,
    PupilRecord,
    SchoolRecord,
)
from frontdoor.demo.generator.sampling import Pool
from frontdoor.demo.generator.state import CountyState
from frontdoor.demo.upn import make_upn

# Where a pupil who grew up in another district grew up: districts in proportion to people.
DISTRICT_POOL = Pool(range(len(cal.DISTRICTS)), [d.population for d in cal.DISTRICTS])


def add(county: CountyState) -> None:
    """Each school's year groups filled with pupils, each with the schools they came from."""
    rng = county.stream("pupils")
    admissions = Admissions(county)
    for school in county.schools:
        if school.kind in AP_KINDS:
            continue
        for year, size in _cohorts(rng, school).items():
            for _ in range(size):
                admissions.mainstream_pupil(rng, school, year)


def _cohorts(rng: random.Random, school: SchoolRecord) -> dict[int, int]:
    sizes: dict[int, int] = {}
    if school.kind == "special":
        return {year: rng.randint(*cal.SPECIAL_COHORT) for year in school.nc_years}
    entry_years = {0, 7}
    for year in school.nc_years:
        if year >= 12:
            continue
        size = school.pan * school.popularity * rng.gauss(1, 0.04)
        cap = school.pan if year in entry_years else school.pan + 3
        sizes[year] = max(3, min(cap, round(size)))
    if school.has_sixth_form:
        stay = cal.SIXTH_FORM_STAY[school.kind]
        twelve = round(school.pan * school.popularity * stay * rng.gauss(1, 0.1))
        sizes[12] = max(5, twelve)
        sizes[13] = max(4, round(twelve * cal.Y13_RETENTION * rng.gauss(1, 0.03)))
    return sizes


def _ethnicity_tables() -> list[tuple[list[str], list[float]]]:
    """For each district: ethnicity codes and their cumulative shares, White British less
    where the district is more diverse."""
    district_weights = [d.population for d in cal.DISTRICTS]
    mean_diversity = sum(d.population * d.diversity for d in cal.DISTRICTS) / sum(district_weights)
    others = {code: share for code, share in cal.ETHNICITY.items() if code != "WBRI"}
    other_total = sum(others.values())
    tables = []
    for district in cal.DISTRICTS:
        not_british = other_total * district.diversity / mean_diversity
        codes = ["WBRI", *others]
        weights = [1 - not_british] + [
            share * not_british / other_total for share in others.values()
        ]
        tables.append((codes, list(accumulate(weights))))
    return tables


ETHNICITY_TABLES = _ethnicity_tables()


def _group_of(kind: str) -> str:
    if kind in PRIMARY_KINDS:
        return "primary"
    if kind in SECONDARY_KINDS:
        return "secondary"
    return kind


def _pools(schools: list[SchoolRecord], kinds: tuple[str, ...]) -> dict[int, Pool]:
    """The schools of `kinds` by district, in proportion to size; a district with none draws
    from the county's, which is also under -1."""
    by_district: dict[int, list[SchoolRecord]] = {d: [] for d in range(len(cal.DISTRICTS))}
    for school in schools:
        if school.kind in kinds:
            by_district[school.district].append(school)
    everyone = [s for d in sorted(by_district) for s in by_district[d]]
    whole_county = Pool([s.index for s in everyone], [s.pan for s in everyone])
    return {
        d: Pool([s.index for s in members], [s.pan for s in members]) or whole_county
        for d, members in by_district.items()
    } | {-1: whole_county}


class Admissions:
    """Makes pupils and admits them: the school they are at now, after the schools they were
    at before (drawn from where they grew up)."""

    def __init__(self, county: CountyState):
        self.county = county
        self.feeder_pools = _pools(county.schools, ("primary", "infant"))
        self.secondary_pools = _pools(county.schools, ("secondary",))

    def year_of(self, pupil_year: int, nc_year: int) -> int:
        """The academic year in which a pupil now in `pupil_year` was in `nc_year`."""
        return self.county.year - pupil_year + nc_year

    def nc_year_on(self, pupil: PupilRecord, day: date) -> int:
        return pupil.nc_year - (self.county.year - academic_year_of(day))

    def _start(self, academic_year: int) -> date:
        return min(term_start(academic_year), self.county.as_at)

    def new_pupil(self, rng: random.Random, school: SchoolRecord, year: int, group: str):
        county = self.county
        if school.gender == "Girls":
            sex = "F"
        elif school.gender == "Boys":
            sex = "M"
        else:
            sex = "M" if rng.random() < cal.MALE_SHARE else "F"
        codes, cumulative = ETHNICITY_TABLES[school.district]
        ethnicity = codes[min(bisect(cumulative, rng.random() * cumulative[-1]), len(codes) - 1)]
        born_from = date(county.year - 5 - year, 9, 1).toordinal()
        born_to = date(county.year - 4 - year, 9, 1).toordinal()
        pupil = PupilRecord(
            index=len(county.pupils),
            school=school.index,
            nc_year=year,
            group=group,
            sex=sex,
            ethnicity=ethnicity,
            date_of_birth=date.fromordinal(born_from + int(rng.random() * (born_to - born_from))),
        )
        self._name(pupil)
        county.pupils.append(pupil)
        return pupil

    def _name(self, pupil: PupilRecord) -> None:
        rng = self.county.name_stream
        heritage = names.HERITAGE_BY_ETHNICITY.get(pupil.ethnicity)
        if heritage and rng.random() < 0.7:
            boys, girls, surnames = names.HERITAGE_NAMES[heritage]
        else:
            boys, girls, surnames = names.BOYS, names.GIRLS, names.SURNAMES
        pupil.first_name = rng.choice(boys if pupil.sex == "M" else girls)
        pupil.last_name = rng.choice(surnames)

    def mainstream_pupil(self, rng: random.Random, school: SchoolRecord, year: int) -> None:
        pupil = self.new_pupil(rng, school, year, _group_of(school.kind))
        if school.kind == "special":
            entry = school.nc_years[0]
            if year > entry and rng.random() < cal.SPECIAL_FROM_MAINSTREAM:
                moved_in = rng.randint(entry + 1, year)
                self._moved_in(rng, pupil, school, moved_in, same_phase=False)
            else:
                self._entered(rng, pupil, school, entry)
            return
        entry = {"junior": 3}.get(school.kind, 0 if school.kind in PRIMARY_KINDS else 7)
        if year >= 12 and rng.random() < cal.SIXTH_FORM_JOINERS:
            entry = 12
        in_year_possible = self.county.as_at > term_start(self.county.year) + timedelta(days=10)
        if year > entry and rng.random() < cal.MOVE_PER_YEAR * (year - entry):
            self._moved_in(rng, pupil, school, rng.randint(entry + 1, year), same_phase=True)
        elif in_year_possible and rng.random() < cal.IN_YEAR_ADMISSION:
            self._moved_in(rng, pupil, school, year, same_phase=True)
        else:
            self._entered(rng, pupil, school, entry)

    def _entered(self, rng, pupil: PupilRecord, school: SchoolRecord, entry: int) -> None:
        """Admitted at the start of the school's entry year, after the schools before it."""
        entry_year = self.year_of(pupil.nc_year, entry)
        history = []
        if entry > 0:
            history = self.history_until(
                rng,
                pupil,
                school.district,
                last_year=entry - 1,
                leaving=term_end(entry_year - 1),
                exclude=school.index,
                partner=school.partner if school.kind == "junior" else None,
            )
        self.enrol(pupil, history, school.index, self._start(entry_year), entry)

    def _moved_in(self, rng, pupil, school, moved_in: int, *, same_phase: bool) -> None:
        """Admitted during NC year `moved_in` (in-year or at the start of that year)."""
        as_at = self.county.as_at
        academic_year = self.year_of(pupil.nc_year, moved_in)
        start = term_start(academic_year)
        last = min(term_end(academic_year), as_at)
        if not same_phase and rng.random() < 0.6:
            admission = self._start(academic_year)  # special schools: mostly from September
        else:
            admission = day_between(rng, start + timedelta(days=7), last)
        admission = min(admission, as_at)
        leaving = admission - timedelta(days=rng.randint(1, 7))
        last_year = moved_in if leaving >= start else moved_in - 1
        outside = (
            same_phase
            and academic_year == self.county.year
            and rng.random() < cal.FROM_OUTSIDE_KENT
        )
        history = []
        if outside:
            pupil.from_outside_kent = True
        elif last_year >= 0:
            history = self.history_until(
                rng,
                pupil,
                school.district,
                last_year=last_year,
                leaving=leaving,
                exclude=school.index,
            )
        self.enrol(pupil, history, school.index, admission, moved_in)

    def history_until(
        self,
        rng: random.Random,
        pupil: PupilRecord,
        district: int,
        *,
        last_year: int,
        leaving: date,
        exclude: int,
        partner: int | None = None,
    ) -> list[tuple[int, date, date, int]]:
        """The Kent schools a pupil attended from reception until `leaving` (in NC year
        `last_year`): (school, admission, leaving, NC year on admission), oldest first."""
        if rng.random() > 0.9:
            district = DISTRICT_POOL.pick(rng)  # grew up in another district
        reception = self.year_of(pupil.nc_year, 0)
        history: list[tuple[int, date, date, int]] = []
        primary_leaving = leaving if last_year <= 6 else term_end(reception + 6)
        if partner is not None and rng.random() < 0.9:
            first = partner
        else:
            first = self._pick(
                rng,
                self.feeder_pools,
                district,
                exclude,
                term_start(reception),
                through_junior=last_year >= 3,
            )
        if first is None:
            return history
        first_school = self.county.schools[first]
        if first_school.kind == "infant" and min(last_year, 6) >= 3:
            history.append((first, term_start(reception), term_end(reception + 2), 0))
            junior = first_school.partner
            history.append((junior, term_start(reception + 3), primary_leaving, 3))
        else:
            history.append((first, term_start(reception), primary_leaving, 0))
        if last_year >= 7:
            secondary = self._pick(
                rng, self.secondary_pools, district, exclude, term_start(reception + 7)
            )
            if secondary is not None:
                history.append((secondary, term_start(reception + 7), leaving, 7))
        return history

    def another_primary(self, rng, district: int, *, exclude: int, on: date) -> int | None:
        """A primary school (not an infant or junior school, so the pupil can stay on) of the
        district, else the county's, open on `on`, and not `exclude`."""
        for _ in range(8):
            choice = self._pick(rng, self.feeder_pools, district, exclude, on)
            if choice is not None and self.county.schools[choice].kind == "primary":
                return choice
        return None

    def _pick(
        self, rng, pools, district, exclude: int, on: date, *, through_junior: bool = False
    ) -> int | None:
        """A school from the district's pool (else the county's) that is not `exclude` and was
        open on `on`; with `through_junior`, not an infant school whose juniors are `exclude`."""
        pool = pools[district]
        for _ in range(8):
            choice = pool.pick(rng)
            school = self.county.schools[choice]
            feeds_exclude = through_junior and school.kind == "infant" and school.partner == exclude
            opened = school.opened_on
            if choice != exclude and not feeds_exclude and (opened is None or opened <= on):
                return choice
            pool = pools[-1]
        return None

    def enrol(self, pupil, history, school: int, admission: date, nc_year: int) -> None:
        """Enrolled at `school` now (single registration), after the schools in `history`."""
        enrolments = self.county.enrolments
        for earlier, admitted, left, year in history:
            enrolments.append(EnrolmentRecord(pupil.index, earlier, admitted, left, year))
        enrolments.append(EnrolmentRecord(pupil.index, school, admission, None, nc_year))
        first_school, first_admission = (
            (history[0][0], history[0][1]) if history else (school, admission)
        )
        pupil.first_admission = first_admission
        pupil.upn = self._upn(self.county.schools[first_school], first_admission)

    def _upn(self, school: SchoolRecord, admitted: date) -> str:
        serials = self.county.upn_serials
        key = (school.establishment_number, admitted.year)
        serial = serials.get(key, 0)
        serials[key] = serial + 1
        return make_upn(
            la_code=cal.LA_CODE,
            establishment_number=school.establishment_number,
            year=admitted.year,
            serial=serial,
        )
