"""What the county's registers must say before any school's register is drawn: which years,
which enrolments each covers on which school days, each school's closures, the timetables of
dual-registered pupils, and every enrolment's absence for the year. County-wide, because the
absence is handed out across each phase (see frontdoor.demo.absence_model) and a
dual-registered pupil's two schools must agree on where the pupil is."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from zlib import crc32

import numpy as np

from frontdoor.attendance.codes import CLOSED
from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import absence_model as model
from frontdoor.demo.generator import AP_KINDS, DUAL_SUBSIDIARY, PRIMARY_KINDS, SECONDARY_KINDS
from frontdoor.pupils.models import Characteristic

NEVER = date.max.toordinal()
# Groups among whom religious observance days (R) are mostly taken (ASSUMPTION).
OBSERVING_ETHNICITIES = frozenset({"AIND", "APKN", "ABAN", "AOTH", "BAFR", "MOTH", "OOTH"})
FLAGS = ("fsm", "sen_support", "ehcp", "medical", "young_carer", "cla", "cpp", "cin")
# ASSUMPTIONS about schools' calendars.
INSET_DAYS = (4, 5)  # a year
FIRST_DAY_INSET = 0.8
CLOSURE_DAY_SHARE = 0.04  # schools with a day closed unexpectedly (Y4) in a year


def stream(seed: int, stage: str, *keys: int) -> np.random.Generator:
    """A random stream of its own for each stage (and school, year), fixed by the seed."""
    return np.random.default_rng([seed, crc32(stage.encode()), *keys])


def phase_of(kind: str) -> str:
    if kind in PRIMARY_KINDS:
        return "primary"
    if kind in SECONDARY_KINDS:
        return "secondary"
    return "ap" if kind in AP_KINDS else "special"


@dataclass(frozen=True)
class RegisterYear:
    """An academic year of registers: its school days (the council's calendar) and those marked."""

    academic_year: int
    days: np.ndarray  # ordinals of the school days with marks, ascending
    all_days: np.ndarray  # ordinals of every school day of the year
    live: bool  # the current year, marked up to the day before the as-at date

    @cached_property
    def halves(self) -> list[tuple[int, int]]:
        """The six half terms as (first, last) positions in `all_days` (and so in `days`,
        which starts the same)."""
        found = []
        for first, last in term_dates.half_terms(self.academic_year):
            start = int(np.searchsorted(self.all_days, first.toordinal()))
            end = int(np.searchsorted(self.all_days, last.toordinal(), side="right")) - 1
            found.append((start, end))
        return found

    @cached_property
    def weekdays(self) -> np.ndarray:
        """Of every school day of the year, Monday = 0."""
        return (self.all_days + 6) % 7

    @cached_property
    def months(self) -> np.ndarray:
        return np.array([date.fromordinal(int(day)).month for day in self.all_days])


def register_years(as_at: date) -> list[RegisterYear]:
    """The last full academic year before `as_at`, and the current one up to the last school
    day before it; only years whose term dates are known."""
    current = academic_year_of(as_at)
    years = []
    for year in (current - 1, current):
        if year not in term_dates.covered_years():
            continue
        all_days = np.array([d.toordinal() for d in term_dates.school_days(year)])
        days = all_days[all_days < as_at.toordinal()]
        if len(days):
            years.append(RegisterYear(year, days, all_days, live=year == current))
    return years


@dataclass
class EnrolmentYears:
    """The enrolments one register year covers (struct of arrays, one element each)."""

    enrolment: np.ndarray  # index into county.enrolments
    pupil: np.ndarray
    school: np.ndarray
    first: np.ndarray  # first and last covered day, positions in RegisterYear.days
    last: np.ndarray
    nc_year: np.ndarray
    phase: np.ndarray  # of the school: primary, secondary, special, ap
    flags: dict[str, np.ndarray]
    observing: np.ndarray  # likely to keep religious festivals (R)
    # Filled in once the schools' closures and timetables are known (CountyPlan.assign_absence):
    possible: np.ndarray  # possible sessions
    weighted: np.ndarray  # possible sessions weighted by season (see absence_model)
    rate: np.ndarray  # overall absence rate for the year
    absent: np.ndarray  # sessions of absence
    suspensions: np.ndarray  # suspensions (CountyPlan.assign_suspensions), part of the absence

    def take(self, rows: np.ndarray) -> "EnrolmentYears":
        return EnrolmentYears(
            **{
                name: {k: v[rows] for k, v in value.items()}
                if isinstance(value, dict)
                else value[rows]
                for name, value in vars(self).items()
            }
        )

    def __len__(self) -> int:
        return len(self.enrolment)


@dataclass(frozen=True)
class Placement:
    """A dual registration: on `weekdays` (Monday = 0) between the first and last day (positions
    in RegisterYear.days) the pupil is at the AP school, and the main school marks D; on the
    other days the AP school marks D."""

    pupil: int
    main_school: int
    ap_school: int
    first: int
    last: int
    weekdays: tuple[bool, bool, bool, bool, bool]


class CountyPlan:
    """The county-wide part of the registers for one county, year by year."""

    def __init__(self, county):
        self.county = county
        self.county_year = academic_year_of(county.as_at)
        pupils, enrolments = county.pupils, county.enrolments
        self.admission = np.array([e.admission_date.toordinal() for e in enrolments])
        self.leaving = np.array(
            [NEVER if e.leaving_date is None else e.leaving_date.toordinal() for e in enrolments]
        )
        self.enrolment_pupil = np.array([e.pupil for e in enrolments])
        self.enrolment_school = np.array([e.school for e in enrolments])
        self.pupil_nc_year = np.array([p.nc_year for p in pupils])
        self.observing = np.array([p.ethnicity in OBSERVING_ETHNICITIES for p in pupils])
        self.school_phase = np.array([phase_of(s.kind) for s in county.schools])
        self.pupil_male = np.array([p.sex == "M" for p in pupils])
        # The health needs service suspends no one (ASSUMPTION: its pupils are there for
        # their health).
        self.school_suspends = np.array([s.kind != "health_needs" for s in county.schools])
        self.excluded = np.zeros(len(enrolments), bool)  # ends in a permanent exclusion
        ended = {(x.pupil, x.school, x.start_date) for x in county.permanent_exclusions}
        for index in np.flatnonzero(np.isin(self.enrolment_pupil, [x[0] for x in ended])):
            enrolment = enrolments[index]
            self.excluded[index] = (
                enrolment.pupil,
                enrolment.school,
                enrolment.leaving_date,
            ) in ended
        self.school_effect = self._school_effects()
        self.lasting_noise = stream(county.seed, "absence-noise").standard_normal(len(pupils))
        self._periods = _periods(county.periods)
        self.timetables = self._timetables()

    def _school_effects(self) -> np.ndarray:
        rng = stream(self.county.seed, "school-absence")
        deprivation = np.array([s.deprivation for s in self.county.schools])
        spread = rng.standard_normal(len(deprivation)) * model.SCHOOL_SPREAD
        return spread + model.DEPRIVATION_SHIFT * np.log(deprivation)

    def enrolment_years(self, year: RegisterYear) -> EnrolmentYears:
        days = year.days
        first = np.searchsorted(days, self.admission)
        last = np.searchsorted(days, self.leaving, side="right") - 1
        covered = np.flatnonzero(first <= last)
        pupil = self.enrolment_pupil[covered]
        school = self.enrolment_school[covered]
        flags = self._flags(days[0], days[-1])
        count = len(covered)
        return EnrolmentYears(
            enrolment=covered,
            pupil=pupil,
            school=school,
            first=first[covered],
            last=last[covered],
            nc_year=self.pupil_nc_year[pupil] - (self.county_year - year.academic_year),
            phase=self.school_phase[school],
            flags={name: flag[pupil] for name, flag in flags.items()},
            observing=self.observing[pupil],
            possible=np.zeros(count, np.int64),
            weighted=np.zeros(count),
            rate=np.zeros(count),
            absent=np.zeros(count, np.int64),
            suspensions=np.zeros(count, np.int64),
        )

    def _flags(self, first_day: int, last_day: int) -> dict[str, np.ndarray]:
        """Each characteristic, for the pupils who had it on any day of the year's registers."""
        pupil, kind, start, end = self._periods
        during = (start <= last_day) & (end >= first_day)
        flags = {}
        for name in FLAGS:
            flag = np.zeros(len(self.county.pupils), bool)
            flag[pupil[during & (kind == name)]] = True
            flags[name] = flag
        return flags

    def _risk(self, rows: EnrolmentYears, year: RegisterYear) -> np.ndarray:
        yearly = stream(self.county.seed, "absence-noise", year.academic_year)
        fresh = yearly.standard_normal(len(self.county.pupils))[rows.pupil]
        persistence = model.YEAR_TO_YEAR
        noise = np.sqrt(persistence) * self.lasting_noise[rows.pupil]
        noise += np.sqrt(1 - persistence) * fresh
        risk = noise + self.school_effect[rows.school] + model.year_group_shift(rows.nc_year)
        for name, shift in model.RISK_SHIFT.items():
            risk += shift * rows.flags[name]
        social_care = np.zeros(len(rows))
        for name in reversed(model.SOCIAL_CARE_SHIFT):  # the strongest last
            shift = model.by_phase(model.SOCIAL_CARE_SHIFT[name], rows.phase)
            social_care = np.where(rows.flags[name], shift, social_care)
        return risk + social_care + model.AP_RISK * (rows.phase == "ap")

    def assign_absence(self, rows: EnrolmentYears, year: RegisterYear) -> None:
        """Rates and sessions of absence, once `rows.possible` and `rows.weighted` are known.
        Each phase's compulsory-age enrolments with a possible session take the quantiles of
        its distribution in order of risk, and their absence comes to its target exactly (in
        the live year, the target's share for the season so far); everyone else on the phase's
        scale takes the quantile where their risk falls."""
        risk = self._risk(rows, year)
        measured = np.isin(rows.nc_year, model.COMPULSORY_YEARS) & (rows.possible > 0)
        scale = np.array([model.SCALE_OF_PHASE[phase] for phase in rows.phase])
        for phase in model.CALIBRATED_PHASES:
            ranked = (rows.phase == phase) & measured
            if not ranked.any():
                continue
            on_scale = np.flatnonzero(scale == phase)
            quantiles = model.ranked_quantiles(
                risk, np.flatnonzero(ranked), np.flatnonzero((scale == phase) & ~ranked)
            )
            season = model.season_share(phase, year.months, year.weekdays, len(year.days))
            rows.rate[on_scale] = model.DISTRIBUTIONS[phase].rate(quantiles[on_scale])
            rows.absent[on_scale] = model.calibrated_absence(
                rows.rate[on_scale],
                rows.possible[on_scale],
                rows.weighted[on_scale],
                ranked[on_scale],
                target=model.TARGETS[phase].absence / 100 * season,
            )

    def assign_suspensions(self, rows: EnrolmentYears, year: RegisterYear) -> None:
        """Suspensions for each enrolment, once its absence is known: each phase's come to its
        target per 100 pupils on roll (enrolments weighted by the share of the year they
        cover), spread over its pupils by who they are (see absence_model). In the live year,
        the target's share for the days so far, with fewer repeats in the shorter time. Each
        suspension takes at least a day of the enrolment's absence, with a day between two."""
        rng = stream(self.county.seed, "suspensions", year.academic_year)
        share = len(year.days) / len(year.all_days)
        coverage = (rows.last - rows.first + 1) / len(year.all_days)
        room = np.minimum(
            model.MAX_SUSPENSIONS, np.minimum(rows.absent // 2, (rows.possible // 2 + 1) // 2)
        )
        weights = model.SUSPENSION_WEIGHTS
        weight = self.school_suspends[rows.school] * np.power(
            rows.rate / model.by_phase(model.TYPICAL_RATE, rows.phase),
            model.SUSPENSION_ABSENCE_POWER,
        )
        weight *= np.asarray(model.SUSPENSION_YEAR_WEIGHTS)[np.clip(rows.nc_year, 0, 13)]
        weight *= np.where(self.pupil_male[rows.pupil], weights["male"], 1.0)
        weight *= np.where(self.excluded[rows.enrolment], weights["excluded"], 1.0)
        for name in ("fsm", "sen_support", "ehcp", "cin", "cla"):
            weight *= np.where(rows.flags[name], weights[name], 1.0)
        for phase, target in model.SUSPENSION_TARGETS.items():
            members = np.flatnonzero(rows.phase == phase)
            suspensions = round(target.suspensions / 100 * coverage[members].sum())
            suspended = round(suspensions / (1 + (target.per_pupil - 1) * share))
            rows.suspensions[members] = model.suspension_counts(
                rng, weight[members], room[members], suspensions, suspended
            )

    def closures(self, year: RegisterYear) -> dict[int, dict[str, np.ndarray]]:
        """Each school's closures: {code: positions of the days in the year}."""
        return {
            school.index: school_closures(
                year, stream(self.county.seed, "closures", school.urn, year.academic_year)
            )
            for school in self.county.schools
        }

    def _timetables(self) -> list[tuple[int, int, tuple[bool, ...]]]:
        """(subsidiary enrolment, main enrolment, weekdays at the AP school) for every dual
        registration. ASSUMPTION: about half of behaviour-PRU placements and a third of
        health-needs ones are full time; the rest are two or three days a week."""
        rng = stream(self.county.seed, "dual-timetables")
        county = self.county
        others: dict[int, list[int]] = {}
        for index, enrolment in enumerate(county.enrolments):
            if enrolment.registration != DUAL_SUBSIDIARY:
                others.setdefault(enrolment.pupil, []).append(index)
        timetables = []
        for index, enrolment in enumerate(county.enrolments):
            if enrolment.registration != DUAL_SUBSIDIARY:
                continue
            mains = [
                other
                for other in others.get(enrolment.pupil, [])
                if self.admission[other] <= self.leaving[index]
                and self.leaving[other] >= self.admission[index]
            ]
            health = county.schools[enrolment.school].kind == "health_needs"
            full_time = rng.random() < (0.35 if health else 0.5)
            days_there = 5 if full_time else int(rng.integers(2, 4))
            chosen = set(rng.choice(5, days_there, replace=False).tolist())
            weekdays = tuple(day in chosen for day in range(5))
            timetables.extend((index, main, weekdays) for main in mains)
        return timetables

    def placements(self, year: RegisterYear) -> list[Placement]:
        days = year.days
        found = []
        for subsidiary, main, weekdays in self.timetables:
            start = max(self.admission[subsidiary], self.admission[main])
            end = min(self.leaving[subsidiary], self.leaving[main])
            first = int(np.searchsorted(days, start))
            last = int(np.searchsorted(days, end, side="right")) - 1
            if first <= last:
                found.append(
                    Placement(
                        pupil=int(self.enrolment_pupil[subsidiary]),
                        main_school=int(self.enrolment_school[main]),
                        ap_school=int(self.enrolment_school[subsidiary]),
                        first=first,
                        last=last,
                        weekdays=weekdays,
                    )
                )
        return found

    def festival_days(self, year: RegisterYear) -> np.ndarray:
        """Two school days a year on which religious observance (R) is recorded, the same for
        every school (ASSUMPTION: festivals that move through the calendar)."""
        rng = stream(self.county.seed, "festivals", year.academic_year)
        return np.sort(rng.choice(len(year.all_days), 2, replace=False))


def school_closures(year: RegisterYear, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """INSET days, mostly the first day of the year and days next to the breaks, and now and
    then a day closed unexpectedly (Y4) between November and March."""
    starts = [first for first, _ in year.halves]
    ends = [last for _, last in year.halves]
    inset = [starts[0]] if rng.random() < FIRST_DAY_INSET else []
    candidates = sorted({*starts[1:], *ends, starts[0] + 1} - set(inset))
    wanted = int(rng.integers(INSET_DAYS[0], INSET_DAYS[1] + 1)) - len(inset)
    inset += rng.choice(candidates, wanted, replace=False).tolist()
    closures = {CLOSED: np.array(sorted(inset))}
    if rng.random() < CLOSURE_DAY_SHARE:
        winter = np.flatnonzero(np.isin(year.months, (11, 12, 1, 2, 3)))
        closures["Y4"] = rng.choice(np.setdiff1d(winter, inset), 1)
    return closures


def _periods(periods) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    names = {
        Characteristic.FSM.value: "fsm",
        Characteristic.SEN_SUPPORT.value: "sen_support",
        Characteristic.EHC_PLAN.value: "ehcp",
        Characteristic.MEDICAL_CONDITION.value: "medical",
        Characteristic.YOUNG_CARER.value: "young_carer",
        Characteristic.LOOKED_AFTER.value: "cla",
        Characteristic.CHILD_PROTECTION_PLAN.value: "cpp",
        Characteristic.CHILD_IN_NEED.value: "cin",
    }
    kept = [p for p in periods if p.characteristic in names]
    return (
        np.array([p.pupil for p in kept], np.int64),
        np.array([names[p.characteristic] for p in kept]),
        np.array([p.start_date.toordinal() for p in kept]),
        np.array([NEVER if p.end_date is None else p.end_date.toordinal() for p in kept]),
    )
