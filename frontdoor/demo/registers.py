"""The synthetic county's registers: two sessions a day of marks for every enrolment on every
school day it covers, for the last full academic year before the as-at date and the current
year up to the day before it.

`CountyRegisters(county)` yields one Arrow table of marks per school and year (the marks
store's columns), deterministic from the county's seed; `registers_write` commits them to a
`MarksStore` as one version, a few schools at a time so that memory stays flat. The numbers
behind the marks are in `frontdoor.demo.absence_model`; the county-wide part (rates, dual
timetables) in `register_plan`; one school's year in `school_register`."""

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from frontdoor.analytics.store import MarksStore
from frontdoor.demo.register_plan import (
    CountyPlan,
    EnrolmentYears,
    Placement,
    RegisterYear,
    register_years,
    stream,
)
from frontdoor.demo.school_register import SchoolYear, possible_sessions, school_register

BATCH_MARKS = 1_000_000  # marks handed to the store at a time (a few schools)


@dataclass(frozen=True)
class SchoolYearMarks:
    academic_year: int
    school: int  # index in county.schools
    marks: pa.Table


@dataclass
class RegistersSummary:
    marks: int = 0
    by_year: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    version: int | None = None

    def add(self, school_year: SchoolYearMarks) -> None:
        count = school_year.marks.num_rows
        self.marks += count
        self.by_year[school_year.academic_year] = (
            self.by_year.get(school_year.academic_year, 0) + count
        )


@dataclass
class _YearPlan:
    year: RegisterYear
    rows: EnrolmentYears
    schools: list[tuple[int, np.ndarray]]  # (school, its rows in UPN order)
    closures: dict[int, dict[str, np.ndarray]]
    placements: dict[int, list[Placement]]
    festival_days: np.ndarray


class CountyRegisters:
    """The county's registers, one school-year at a time: `len` of them, in year and school
    order. Planning takes two passes over the schools: one to count each enrolment's possible
    sessions (closures, dual registration), so that the absence can be handed out across the
    county; then the registers themselves."""

    def __init__(self, county):
        self.county = county
        self.plan = CountyPlan(county)
        self.upns = np.array([pupil.upn for pupil in county.pupils])
        self.upn_rank = np.empty(len(self.upns), np.int64)
        self.upn_rank[np.argsort(self.upns, kind="stable")] = np.arange(len(self.upns))
        self.years = [self._year_plan(year) for year in register_years(county.as_at)]

    def __len__(self) -> int:
        return sum(len(year.schools) for year in self.years)

    def __iter__(self) -> Iterator[SchoolYearMarks]:
        for plan in self.years:
            for school, rows in plan.schools:
                school_year = self._school_year(plan, school, rows)
                urn, academic_year = school_year.urn, plan.year.academic_year
                rng = stream(self.county.seed, "registers", urn, academic_year)
                yield SchoolYearMarks(academic_year, school, school_register(school_year, rng))

    def _year_plan(self, year: RegisterYear) -> _YearPlan:
        rows = self.plan.enrolment_years(year)
        # Each school's enrolments in UPN order: the store keeps marks sorted by UPN.
        order = np.lexsort((rows.first, self.upn_rank[rows.pupil], rows.school))
        schools, starts = np.unique(rows.school[order], return_index=True)
        plan = _YearPlan(
            year=year,
            rows=rows,
            schools=list(zip(schools.tolist(), np.split(order, starts[1:]), strict=True)),
            closures=self.plan.closures(year),
            placements=_placements_by_school(self.plan.placements(year)),
            festival_days=self.plan.festival_days(year),
        )
        for school, chunk in plan.schools:
            possible, weighted = possible_sessions(self._school_year(plan, school, chunk))
            rows.possible[chunk], rows.weighted[chunk] = possible, weighted
        self.plan.assign_absence(rows, year)
        self.plan.assign_suspensions(rows, year)
        return plan

    def _school_year(self, plan: _YearPlan, school: int, chunk: np.ndarray) -> SchoolYear:
        rows = plan.rows.take(chunk)
        return SchoolYear(
            urn=self.county.schools[school].urn,
            school=school,
            phase=rows.phase[0],
            year=plan.year,
            rows=rows,
            upns=self.upns[rows.pupil],
            closures=plan.closures[school],
            placements=plan.placements.get(school, []),
            festival_days=plan.festival_days,
        )


def registers_write(
    county,
    store: MarksStore,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> RegistersSummary:
    """Generate the county's registers and commit them to `store` as one version. The store
    merges and writes one batch in a thread of its own while the next is drawn (numpy and
    Arrow release the GIL), with one batch waiting at most, so memory stays flat."""
    started = time.perf_counter()
    summary = RegistersSummary()
    registers = CountyRegisters(county)
    source = f"frontdoor demo: seed {county.seed}, scale {county.scale:g}, as at {county.as_at}"
    with store.writer(source=source) as writer, ThreadPoolExecutor(max_workers=1) as adder:
        adding: Future | None = None
        batch: list[pa.Table] = []
        for done, school_year in enumerate(registers, start=1):
            batch.append(school_year.marks)
            summary.add(school_year)
            if sum(table.num_rows for table in batch) >= BATCH_MARKS or done == len(registers):
                if adding is not None:
                    adding.result()
                adding = adder.submit(writer.add, pa.concat_tables(batch))
                batch = []
            if progress is not None:
                progress("registers", done, len(registers))
        if adding is not None:
            adding.result()
    summary.version = writer.result.version if writer.result else None
    summary.seconds = time.perf_counter() - started
    return summary


def _placements_by_school(placements: list[Placement]) -> dict[int, list[Placement]]:
    by_school: dict[int, list[Placement]] = {}
    for placement in placements:
        by_school.setdefault(placement.main_school, []).append(placement)
        by_school.setdefault(placement.ap_school, []).append(placement)
    return by_school
