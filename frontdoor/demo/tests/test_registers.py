"""The synthetic county's registers: complete, valid, deterministic, patterned like real
registers, and calibrated to Kent's published 2024/25 figures. No database: the county is
generated in memory and its marks read with DuckDB."""

from datetime import date

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
from frontdoor.demo.generator import DUAL_SUBSIDIARY, generate_county
from frontdoor.demo.register_plan import phase_of
from frontdoor.demo.registers import CountyRegisters, registers_write

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


def test_registers_write_commits_one_version(tmp_path):
    county = generate_county(seed=2, scale=0.01, as_at=AS_AT)
    store = MarksStore(tmp_path / "marks")
    progress = []
    summary = registers_write(county, store, progress=lambda *step: progress.append(step))
    assert store.version == summary.version == 1
    assert store.read().num_rows == summary.marks == sum(summary.by_year.values())
    assert set(summary.by_year) == {FULL_YEAR, LIVE_YEAR}
    assert progress[-1][1] == progress[-1][2] == len(progress)
