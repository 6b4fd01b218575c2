"""The synthetic county's registers: complete, valid, deterministic, patterned like real
registers, and calibrated to Kent's published 2024/25 figures. No database: the county is
generated in memory and its marks read with DuckDB."""

from collections import Counter
from datetime import date
from statistics import mean

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.analytics import engine
from frontdoor.analytics.store import MarksStore
from frontdoor.attendance import codes, measures, periods
from frontdoor.core import term_dates
from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import absence_model as model
from frontdoor.demo import calibration as cal
from frontdoor.demo.generator import DUAL_SUBSIDIARY, generate_county
from frontdoor.demo.register_plan import phase_of
from frontdoor.demo.registers import CountyRegisters, registers_write
from frontdoor.demo.suspensions import suspensions_read

AS_AT = date(2026, 11, 22)  # a Sunday: the live year runs to Friday 20 November
FULL_YEAR, LIVE_YEAR = 2025, 2026
ABSENT = (*codes.AUTHORISED_CODES, *codes.UNAUTHORISED_CODES)
POSSIBLE = (*codes.PRESENT_CODES, *codes.AEA_CODES, *ABSENT)


def _enrolments(county, academic_year: int) -> pa.Table:
    """The county's enrolments as the measures take them, with the year group in
    `academic_year` and the phase of the school."""
    shift = academic_year_of(county.as_at) - academic_year
    return pa.table(
        {
            "urn": pa.array([county.schools[e.school].urn for e in county.enrolments], pa.int32()),
            "upn": [county.pupils[e.pupil].upn for e in county.enrolments],
            "admission_date": [e.admission_date for e in county.enrolments],
            "leaving_date": pa.array([e.leaving_date for e in county.enrolments], pa.date32()),
            "nc_year": [county.pupils[e.pupil].nc_year - shift for e in county.enrolments],
            "phase": [phase_of(county.schools[e.school].kind) for e in county.enrolments],
            "dual": [e.registration == DUAL_SUBSIDIARY for e in county.enrolments],
        }
    )


@pytest.fixture(scope="module")
def county():
    """A tenth of Kent (about 24,000 pupils, two special schools), as at a Sunday in November."""
    return generate_county(seed=7, scale=0.1, as_at=AS_AT)


@pytest.fixture(scope="module")
def marks(county) -> pa.Table:
    return pa.concat_tables(school_year.marks for school_year in CountyRegisters(county))


@pytest.fixture(scope="module")
def db(county, marks):
    con = duckdb.connect()
    con.register("marks", marks)
    con.register("enrolments", _enrolments(county, FULL_YEAR))
    con.register("school_days", pa.table({"date": _school_days(FULL_YEAR, LIVE_YEAR)}))
    return con


def _school_days(*years: int) -> list[date]:
    return [day for year in years for day in term_dates.school_days(year) if day < AS_AT]


def _one(db, sql: str):
    return db.sql(sql).fetchall()[0]


# --- the model's numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", model.CALIBRATED_PHASES)
def test_each_distribution_has_the_targets_mean_and_persistent_share(phase):
    quantiles = (np.arange(200_000) + 0.5) / 200_000
    rates = model.DISTRIBUTIONS[phase].rate(quantiles)
    target = model.TARGETS[phase]
    assert rates.mean() * 100 == pytest.approx(target.absence, abs=0.001)
    assert (rates >= 0.1).mean() * 100 == pytest.approx(target.persistent_absence, abs=0.001)
    assert np.all(np.diff(rates) >= 0) and rates.min() >= 0 and rates.max() <= 1


@given(
    rate=st.floats(0, 1),
    possible=st.integers(3, 400),
    season=st.floats(0.5, 1.5),
)
def test_absence_sessions_never_cross_the_persistent_or_severe_line(rate, possible, season):
    expected = np.array([rate * possible * season])
    absent = int(model.absence_sessions(np.array([rate]), np.array([possible]), expected)[0])
    assert 0 <= absent <= possible
    assert (10 * absent >= possible) == (rate >= 0.1)
    assert (2 * absent >= possible) == (rate >= 0.5)


# --- the registers -----------------------------------------------------------------------------


def test_the_same_seed_makes_the_same_registers_and_another_seed_others():
    def digest(seed):
        county = generate_county(seed=seed, scale=0.01, as_at=AS_AT)
        tables = [year.marks for year in CountyRegisters(county)]
        return [
            (t.num_rows, t.column("code").to_pylist()[::97], t.column("upn")[0]) for t in tables
        ]

    assert digest(3) == digest(3)
    assert digest(3) != digest(4)


def test_every_code_is_a_valid_code_on_its_date(db):
    pairs = db.sql("SELECT DISTINCT code, date FROM marks").fetchall()
    assert {code for code, _ in pairs} <= {*codes.CODES, codes.NO_MARK}
    assert [(code, day) for code, day in pairs if codes.validate(code, day)] == []
    assert {s for (s,) in db.sql("SELECT DISTINCT session FROM marks").fetchall()} == {"AM", "PM"}


def test_a_year_before_19_august_2024_has_the_old_code_set():
    county = generate_county(seed=5, scale=0.01, as_at=date(2024, 11, 22))
    con = duckdb.connect()
    con.register("marks", pa.concat_tables(year.marks for year in CountyRegisters(county)))
    pairs = con.sql("SELECT DISTINCT code, date FROM marks").fetchall()
    assert [(code, day) for code, day in pairs if codes.validate(code, day)] == []
    old_year = {code for code, day in pairs if day < codes.CHANGE_OVER}
    assert {"C", "B"} <= old_year and not old_year & {"C2", "K", "Y4"}
    assert min(day for _, day in pairs) == term_dates.school_days(2023)[0]


def test_marks_fall_on_school_days_inside_an_enrolment_two_a_day(county, db):
    total, in_an_enrolment = _one(
        db,
        """SELECT (SELECT count(*) FROM marks), count(*) FROM marks m JOIN enrolments e
             ON e.urn = m.urn AND e.upn = m.upn AND m.date >= e.admission_date
             AND (e.leaving_date IS NULL OR m.date <= e.leaving_date)""",
    )
    assert in_an_enrolment == total
    assert _one(db, "SELECT count(DISTINCT (upn, urn, date, session)) FROM marks")[0] == total
    dates = {day for (day,) in db.sql("SELECT DISTINCT date FROM marks").fetchall()}
    assert dates == set(_school_days(FULL_YEAR, LIVE_YEAR))
    # Every enrolment has both sessions of every school day it covers.
    days = np.array([day.toordinal() for day in _school_days(FULL_YEAR, LIVE_YEAR)])
    expected: dict[tuple[int, str], int] = {}
    for e in county.enrolments:
        leaving = (e.leaving_date or date.max).toordinal()
        covered = np.searchsorted(days, leaving, "right") - np.searchsorted(
            days, e.admission_date.toordinal()
        )
        key = (county.schools[e.school].urn, county.pupils[e.pupil].upn)
        expected[key] = expected.get(key, 0) + 2 * int(covered)
    counted = {
        (urn, upn): n
        for urn, upn, n in db.sql("SELECT urn, upn, count(*) FROM marks GROUP BY ALL").fetchall()
    }
    assert counted == {key: n for key, n in expected.items() if n}


def test_every_school_has_four_or_five_inset_days_closed_for_everyone(db):
    inset = db.sql(
        f"""SELECT urn, count(DISTINCT date) FROM marks
            WHERE code = '#' AND date < DATE '{FULL_YEAR + 1}-09-01' GROUP BY urn"""
    ).fetchall()
    schools = _one(db, "SELECT count(DISTINCT urn) FROM marks")[0]
    assert len(inset) == schools
    assert {days for _, days in inset} <= {4, 5}
    open_on_a_closed_day = _one(
        db,
        """SELECT count(*) FROM marks m
           JOIN (SELECT DISTINCT urn, date FROM marks WHERE code = '#') c USING (urn, date)
           WHERE m.code <> '#'""",
    )[0]
    assert open_on_a_closed_day == 0
    assert _one(db, "SELECT count(DISTINCT urn) FROM marks WHERE code = 'Y4'")[0] >= 1


def test_dual_registration_marks_d_where_the_pupil_is_at_the_other_school(db):
    # D only where the pupil has a mark other than D at another school that session.
    lone_d = _one(
        db,
        """SELECT count(*) FROM marks d WHERE d.code = 'D' AND NOT EXISTS (
             SELECT 1 FROM marks o WHERE o.upn = d.upn AND o.date = d.date
             AND o.session = d.session AND o.urn <> d.urn AND o.code <> 'D')""",
    )[0]
    assert lone_d == 0
    # Every pupil marked at an AP school while on another's roll has D at one of them.
    placed = _one(
        db,
        """SELECT count(DISTINCT m.upn), count(DISTINCT d.upn) FROM marks m
           JOIN enrolments e ON e.urn = m.urn AND e.upn = m.upn AND e.dual
             AND m.date >= e.admission_date
             AND (e.leaving_date IS NULL OR m.date <= e.leaving_date)
           LEFT JOIN marks d ON d.upn = m.upn AND d.code = 'D'
           WHERE m.code <> '#'""",
    )
    assert placed[0] > 10 and placed[0] == placed[1]
    # LA-arranged provision (K) is for pupils registered at one school only.
    k_while_dual = _one(
        db,
        """SELECT count(*) FROM marks k JOIN marks o ON o.upn = k.upn AND o.date = k.date
           AND o.session = k.session AND o.urn <> k.urn WHERE k.code = 'K'""",
    )[0]
    assert k_while_dual == 0


def test_absence_is_highest_on_friday_afternoons_and_in_winter(db):
    def absence_by(group: str) -> dict:
        return dict(
            db.sql(
                f"""SELECT {group}, avg((code IN {ABSENT})::int) FROM marks
                    WHERE code IN {POSSIBLE} AND date < DATE '{FULL_YEAR + 1}-09-01'
                    GROUP BY ALL"""
            ).fetchall()
        )

    by_session = absence_by("dayofweek(date) || session")
    assert max(by_session, key=by_session.get) == "5PM"
    assert min(by_session, key=by_session.get) == "3AM"
    assert by_session["5PM"] > 1.1 * by_session["3AM"]
    by_month = absence_by("month(date)")
    assert min(by_month[12], by_month[1], by_month[2]) > 1.15 * by_month[9]


def test_absences_come_in_spells_and_holidays_next_to_breaks(db):
    # Illness: most absent days have an absent neighbouring school day.
    lone, ill_days = _one(
        db,
        """WITH days AS (SELECT date, row_number() OVER (ORDER BY date) n FROM school_days),
            ill AS (SELECT DISTINCT m.urn, m.upn, d.n FROM marks m JOIN days d USING (date)
              WHERE code = 'I')
            SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ill o
              WHERE o.urn = i.urn AND o.upn = i.upn AND abs(o.n - i.n) = 1)), count(*)
            FROM ill i""",
    )
    assert lone < 0.5 * ill_days
    # Term-time holidays (G) run up to a break or on from one: within two school days of it
    # (the school may have an INSET day there, or a suspension may come first).
    days = _school_days(FULL_YEAR, LIVE_YEAR)
    edges = set()
    for year in (FULL_YEAR, LIVE_YEAR):
        for first, last in term_dates.half_terms(year):
            if first in days:
                edges.update(days[days.index(first) : days.index(first) + 3])
            if last in days:
                edges.update(days[max(days.index(last) - 2, 0) : days.index(last) + 1])
    holidays = db.sql(
        f"""SELECT min(date), max(date) FROM marks WHERE code = 'G'
            GROUP BY upn, urn, date >= DATE '{LIVE_YEAR}-09-01'"""
    ).fetchall()
    near = sum(1 for first, last in holidays if first in edges or last in edges)
    assert len(holidays) > 100 and near > 0.97 * len(holidays)
    # Part-time timetables are afternoons; suspensions are secondary far more than primary.
    assert _one(db, "SELECT count(*) FROM marks WHERE code = 'C2' AND session = 'AM'")[0] == 0
    suspended = dict(
        db.sql(
            """SELECT e.phase, count(DISTINCT m.upn) / count(DISTINCT e.upn) FROM enrolments e
               LEFT JOIN marks m ON m.urn = e.urn AND m.upn = e.upn AND m.code = 'E'
               GROUP BY e.phase"""
        ).fetchall()
    )
    assert suspended["secondary"] > 3 * suspended["primary"]


def test_the_live_year_runs_to_the_last_school_day_with_unfinished_marks(db):
    last_day = max(_school_days(LIVE_YEAR))
    assert _one(db, "SELECT max(date) FROM marks")[0] == last_day == date(2026, 11, 20)
    recent_n, older_n, no_mark, older_no_mark = _one(
        db,
        f"""SELECT count(*) FILTER (WHERE code = 'N' AND date >= DATE '{last_day}' - 2),
                   count(*) FILTER (WHERE code = 'N' AND date < DATE '{last_day}' - 14
                                    AND date >= DATE '{LIVE_YEAR}-09-01'),
                   count(*) FILTER (WHERE code = '-'),
                   count(*) FILTER (WHERE code = '-' AND date < DATE '{LIVE_YEAR}-09-01')
            FROM marks""",
    )
    assert recent_n > 100 and older_n > 0 and no_mark > 0 and older_no_mark == 0


def test_the_full_year_reproduces_kents_figures_by_phase(county, marks):
    """Attendance and persistent absence, Years 1–11, within half a percentage point of
    Kent's 2024/25 figures (attendance.md §6.2), computed by the attendance engine."""
    con = engine.connect("duckdb")
    by_phase = measures.aggregate(
        measures.enrolment_measures(
            engine.table("marks", marks),
            engine.table("enrolments", _enrolments(county, FULL_YEAR)),
            periods.academic_year(FULL_YEAR),
        ),
        ["phase"],
    )
    figures = {row["phase"]: row for row in con.to_pyarrow(by_phase).to_pylist()}
    for phase, target in model.TARGETS.items():
        row = figures[phase]
        attendance = 100 * row["overall_attendance"] / row["possible_sessions"]
        persistent = 100 * row["persistent_absence_count"] / row["enrolments"]
        assert attendance == pytest.approx(target.attendance, abs=0.5), phase
        assert persistent == pytest.approx(target.persistent_absence, abs=0.5), phase
        assert row["enrolments"] > 250, phase  # so that one enrolment moves PA under 0.5 pp


# --- suspensions and permanent exclusions ------------------------------------------------------

CENSUS = date(2026, 1, 15)  # the full year's January census: the rates' denominator


def _on_roll(county, day: date) -> Counter:
    """Pupils on roll (main or single registration) on `day`, by the phase of the school."""
    return Counter(
        phase_of(county.schools[e.school].kind)
        for e in county.enrolments
        if e.registration != DUAL_SUBSIDIARY
        and e.admission_date <= day
        and (e.leaving_date is None or e.leaving_date >= day)
    )


@pytest.fixture(scope="module")
def suspensions(marks) -> list[tuple]:
    """The suspensions as the demo reads them back: (urn, upn, start date, sessions)."""
    con = duckdb.connect()
    con.register("marks", marks)
    return suspensions_read(con)


def _phase_of_urn(county) -> dict[int, str]:
    return {school.urn: phase_of(school.kind) for school in county.schools}


def test_a_full_years_suspensions_come_to_kents_rates_by_phase(county, suspensions):
    """Suspensions and suspended pupils per 100 on roll within 5% of Kent's 2023/24 figures
    (absence_model.SUSPENSION_TARGETS); about half the suspended pupils suspended more than
    once; most suspensions a day or two, about two days on average."""
    phase_of_urn, roll = _phase_of_urn(county), _on_roll(county, CENSUS)
    full_year = [row for row in suspensions if row[2] < date(LIVE_YEAR, 9, 1)]
    for phase in model.CALIBRATED_PHASES:
        target = model.SUSPENSION_TARGETS[phase]
        mine = [row for row in full_year if phase_of_urn[row[0]] == phase]
        per_pupil = Counter((urn, upn) for urn, upn, _, _ in mine)
        assert 100 * len(mine) / roll[phase] == pytest.approx(target.suspensions, rel=0.05), phase
        suspended = 100 * len(per_pupil) / roll[phase]
        assert suspended == pytest.approx(target.suspended, rel=0.05), phase
        repeated = sum(count > 1 for count in per_pupil.values()) / len(per_pupil)
        assert 0.35 < repeated < 0.65, phase
    days = [sessions / 2 for *_, sessions in full_year]
    assert 1.8 < mean(days) < 2.3
    assert sum(length <= 2 for length in days) > 0.65 * len(days)
    assert max(days) <= 5


def test_the_live_year_has_the_suspensions_of_its_days_so_far(county, suspensions):
    phase_of_urn, roll = _phase_of_urn(county), _on_roll(county, AS_AT)
    share = len(_school_days(LIVE_YEAR)) / len(term_dates.school_days(LIVE_YEAR))
    live = Counter(
        phase_of_urn[urn] for urn, _, start, _ in suspensions if start >= date(LIVE_YEAR, 9, 1)
    )
    for phase in model.CALIBRATED_PHASES:
        expected = model.SUSPENSION_TARGETS[phase].suspensions * share
        assert 100 * live[phase] / roll[phase] == pytest.approx(expected, rel=0.1), phase


def test_each_suspension_is_a_run_of_e_codes_on_days_expected_in_school(db, suspensions):
    """The records and the registers reconcile: as many E sessions as recorded sessions, every
    E in a suspension, and a suspension's sessions whole days."""
    e_codes = _one(db, "SELECT count(*) FROM marks WHERE code = 'E'")[0]
    assert e_codes == sum(sessions for *_, sessions in suspensions)
    assert all(sessions % 2 == 0 for *_, sessions in suspensions)
    first_marks = {
        (urn, upn, day): code
        for urn, upn, day, code in db.sql(
            "SELECT urn, upn, date, code FROM marks WHERE session = 'AM'"
        ).fetchall()
    }
    assert all(first_marks[(urn, upn, start)] == "E" for urn, upn, start, _ in suspensions)


def test_permanent_exclusions_come_to_kents_rates(county):
    """Each phase's in the full year: the rate of cal.PERMANENT_EXCLUSION of its pupils on roll,
    rounded one way or the other."""
    roll = _on_roll(county, CENSUS)
    full_year = Counter(
        phase_of(county.schools[x.school].kind)
        for x in county.permanent_exclusions
        if x.start_date < date(LIVE_YEAR, 9, 1)
    )
    assert set(full_year) <= set(cal.PERMANENT_EXCLUSION)
    for phase, rate in cal.PERMANENT_EXCLUSION.items():
        assert abs(full_year[phase] - rate * roll[phase]) < 1.5, phase
    assert 0.01 < 100 * full_year.total() / roll.total() < 0.05
    live = [x for x in county.permanent_exclusions if x.start_date >= date(LIVE_YEAR, 9, 1)]
    assert 0 < len(live) < full_year.total()


def test_a_permanent_exclusion_ends_the_pupils_registers_at_the_school(county, db):
    """The enrolment ends on the day; the school marks the pupil to that day and no further;
    the pupil goes to a PRU or another primary school afterwards, and is marked there only
    from then."""
    school_days = set(_school_days(FULL_YEAR, LIVE_YEAR))
    assert county.permanent_exclusions
    for exclusion in county.permanent_exclusions:
        pupil = county.pupils[exclusion.pupil]
        school = county.schools[exclusion.school]
        assert exclusion.start_date in school_days
        ended = [
            e for e in county.enrolments if e.pupil == pupil.index and e.school == school.index
        ]
        assert [e.leaving_date for e in ended] == [exclusion.start_date]
        last = _one(
            db,
            f"""SELECT max(date) FROM marks WHERE urn = {school.urn} AND upn = '{pupil.upn}'""",
        )[0]
        assert last == exclusion.start_date
        now = county.schools[pupil.school]
        assert now.kind == "pru" if school.kind in ("secondary", "grammar") else now.kind != "pru"
        (after,) = [
            e for e in county.enrolments if e.pupil == pupil.index and e.school == now.index
        ]
        assert after.admission_date > exclusion.start_date and after.leaving_date is None
        first = _one(
            db, f"SELECT min(date) FROM marks WHERE urn = {now.urn} AND upn = '{pupil.upn}'"
        )[0]
        assert first is None or first >= after.admission_date


def test_registers_write_commits_one_version(tmp_path):
    county = generate_county(seed=2, scale=0.01, as_at=AS_AT)
    store = MarksStore(tmp_path / "marks")
    progress = []
    summary = registers_write(county, store, progress=lambda *step: progress.append(step))
    assert store.version == summary.version == 1
    assert store.read().num_rows == summary.marks == sum(summary.by_year.values())
    assert set(summary.by_year) == {FULL_YEAR, LIVE_YEAR}
    assert progress[-1][1] == progress[-1][2] == len(progress)
