"""One school's register for one academic year, drawn with numpy as a matrix of codes
(enrolments × school days × AM, PM) and flattened to marks.

The order of drawing is the order of precedence: the school's closures and what is not counted
(INSET `#`, a day closed unexpectedly `Y4`, a reception pupil's staggered start `X`, dual
registration `D`); then each enrolment's exact number of absent sessions (from its rate, see
absence_model), spent first on events (suspensions, holidays next to a break, part-time
timetables, festivals, study leave, appointments, late after the register closed) and the rest
in spells of illness or unexplained absence where a correlated noise, weighted by season and
session, is lowest; then what replaces presence (late, trips, sport, off-site, work experience,
LA provision); and in the live year, the marks schools have not finished (N not yet replaced, a
register not taken).

Events are drawn as cells (enrolment, day, session), not as whole matrices, since most touch a
few enrolments on a few days."""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from frontdoor.attendance.codes import CHANGE_OVER, CLOSED, NO_MARK
from frontdoor.demo import absence_model as model
from frontdoor.demo.register_plan import EnrolmentYears, Placement, RegisterYear

CODES = ("/", "\\", CLOSED, "Y4", "X", "D", "I", "O", "C", "N", "M", "G", "E", "C2", "S", "R",
         "U", "L", "V", "P", "B", "W", "K", NO_MARK)  # fmt: skip
# The same registers under the code set before 19 August 2024.
PRE_2024 = {"Y4": "Y", "C2": "C", "K": "B"}
CODE_INDEX = {code: index for index, code in enumerate(CODES)}
AM, PM = 0, 1
BOTH = (AM, PM)

# ASSUMPTIONS about schools' habits.
STAGGERED_START = 5  # days of afternoons off (X) for reception pupils in September
HOLIDAY_DAYS = (3, 10)
PART_TIME_WEEKS = (3, 12)
OBSERVANCE = (0.30, 0.005)  # share keeping a festival day: observing groups, the rest
STUDY_LEAVE = (2, 8)  # sessions for Years 11 and 13 in May and June
TRIP_TAKE_UP = 0.85
WORK_EXPERIENCE_TAKE_UP = 0.6  # Years 10 and 12, a week in June or July
LA_PROVISION = 0.004  # pupils with a plan or a medical condition taught by the LA (K) a while
LA_PROVISION_WEEKS = (2, 6)
NOISE_JITTER = 0.15  # between the two sessions of a day
RECENT_UNEXPLAINED = (0.75, 0.45, 0.20)  # chance an absence 1, 2, 3 school days ago is still N
STALE_UNEXPLAINED = 0.004  # older N never replaced (the data-quality worklist)
REGISTER_NOT_TAKEN = 0.25  # schools with one session of one year group unmarked lately

Cells = tuple[np.ndarray, np.ndarray, np.ndarray]  # enrolment rows, days, sessions


@dataclass(frozen=True)
class SchoolYear:
    """What one school's register for one year is drawn from."""

    urn: int
    school: int  # index in county.schools
    phase: str
    year: RegisterYear
    rows: EnrolmentYears  # the enrolments, in UPN order
    upns: np.ndarray
    closures: dict[str, np.ndarray]
    placements: list[Placement]
    festival_days: np.ndarray


def possible_sessions(school_year: SchoolYear) -> tuple[np.ndarray, np.ndarray]:
    """Each enrolment's possible sessions, plain and weighted by season (each session's weight
    over the mean weight of the year's sessions)."""
    register = _Register(school_year, rng=None)
    possible = register.possible()
    seasonal = (possible * register.weights).sum(axis=(1, 2)) / register.mean_weight
    return possible.sum(axis=(1, 2)), seasonal


def school_register(school_year: SchoolYear, rng: np.random.Generator) -> pa.Table:
    """The marks, drawn with `rng`."""
    register = _Register(school_year, rng=rng)
    register.absences()
    register.attendance_codes()
    if school_year.year.live:
        register.unfinished()
    return register.marks()


class _Register:
    """The matrix of codes: what is not counted is marked on construction, the rest after."""

    def __init__(self, school_year: SchoolYear, rng: np.random.Generator | None):
        self.school_year, self.rng = school_year, rng
        self.phase, self.year, self.rows = school_year.phase, school_year.year, school_year.rows
        rows = self.rows
        self.reasons = model.REASONS[self.phase]
        self.pupils, self.days = len(rows), len(self.year.days)
        self.day = np.arange(self.days)
        self.covered = (self.day >= rows.first[:, None]) & (self.day <= rows.last[:, None])
        self.codes = np.empty((self.pupils, self.days, 2), np.uint8)
        self.codes[..., AM], self.codes[..., PM] = CODE_INDEX["/"], CODE_INDEX["\\"]
        self.weekday = self.year.weekdays[: self.days]
        self.relative_rate = rows.rate / model.TYPICAL_RATE[self.phase]
        # The share of the year each enrolment covers: events are drawn in proportion.
        self.coverage = (rows.last - rows.first + 1) / len(self.year.all_days)
        weights = model.session_weights(self.phase, self.year.months, self.year.weekdays)
        self.mean_weight = weights.mean()
        self.weights = weights[: 2 * self.days].reshape(self.days, 2)
        self._close(school_year.closures)
        self._dual(school_year.school, school_year.placements)
        self._staggered_start()

    def possible(self) -> np.ndarray:
        """Enrolments × days × sessions: the sessions that count (open, the pupil expected)."""
        return _is_present(self.codes) & self.covered[..., None]

    # --- cells ---------------------------------------------------------------------------------

    def _blocks(self, rows, start, length, sessions=BOTH) -> Cells:
        """For each of `rows`, `length` school days from `start`, within its enrolment."""
        length = np.broadcast_to(np.maximum(length, 0), rows.shape)
        row, day = np.repeat(rows, length), _runs(np.broadcast_to(start, rows.shape), length)
        inside = (day >= self.rows.first[row]) & (day <= self.rows.last[row])
        row, day = row[inside], day[inside]
        sessions = np.asarray(sessions)
        return (
            np.repeat(row, len(sessions)),
            np.repeat(day, len(sessions)),
            np.tile(sessions, len(row)),
        )

    def _scattered(self, counts, first=None, last=None, session=None) -> Cells:
        """`counts` sessions of each enrolment at random days of its enrolment (between `first`
        and `last` if given), morning or afternoon at random unless `session` is given."""
        row = np.repeat(np.arange(self.pupils), counts)
        low = self.rows.first[row] if first is None else np.maximum(first, self.rows.first[row])
        high = self.rows.last[row] if last is None else np.minimum(last, self.rows.last[row])
        day = low + (self.rng.random(len(row)) * np.maximum(high - low + 1, 0)).astype(np.int64)
        inside = day <= high
        row, day = row[inside], day[inside]
        if session is None:
            return row, day, self.rng.integers(0, 2, len(row))
        return row, day, np.full(len(row), session)

    def _chosen(self, share) -> np.ndarray:
        """The rows drawn, each with its chance `share`."""
        return np.flatnonzero(self.rng.random(self.pupils) < np.minimum(share, 1))

    def _start_days(self, rows) -> np.ndarray:
        first, last = self.rows.first[rows], self.rows.last[rows]
        return first + (self.rng.random(len(rows)) * (last - first + 1)).astype(np.int64)

    # --- closures and what is not counted ------------------------------------------------------

    def _close(self, closures: dict[str, np.ndarray]) -> None:
        for code, days in closures.items():
            days = days[days < self.days]
            self.codes[:, days, :] = CODE_INDEX[code]

    def _dual(self, school: int, placements: list[Placement]) -> None:
        """D on the sessions the pupil is at the other school."""
        for placement in placements:
            main = placement.main_school == school
            if not main and placement.ap_school != school:
                continue
            rows = np.flatnonzero(self.rows.pupil == placement.pupil)
            at_ap = np.asarray(placement.weekdays)[self.weekday]
            days = np.flatnonzero(
                (at_ap if main else ~at_ap)
                & (self.day >= placement.first)
                & (self.day <= placement.last)
            )
            cells = np.ix_(rows, days)
            self.codes[cells] = np.where(
                _is_present(self.codes[cells]), CODE_INDEX["D"], self.codes[cells]
            )

    def _staggered_start(self) -> None:
        reception = np.flatnonzero(self.rows.nc_year == 0)
        cells = np.ix_(reception, self.day[:STAGGERED_START], [PM])
        self.codes[cells] = np.where(
            _is_present(self.codes[cells]), CODE_INDEX["X"], self.codes[cells]
        )

    # --- absence -------------------------------------------------------------------------------

    def absences(self) -> None:
        """Each enrolment's sessions of absence: events first, then spells."""
        self.free = self.possible()
        self.budget = self.rows.absent.copy()
        self._suspensions()
        self._holidays()
        self._part_time()
        self._festivals(self.school_year.festival_days)
        self._study_leave()
        self._spend("M", self._scattered(self._appointments()))
        late = self.reasons.late_after_close * np.sqrt(self.relative_rate) * self.coverage
        self._spend("U", self._scattered(self.rng.poisson(late), session=AM))
        self._spells()

    def _spend(self, code: str, cells: Cells) -> None:
        """Mark the free `cells` with `code`, each enrolment's earliest first, as far as its
        absence goes."""
        row, day, session = cells
        free = self.free[row, day, session]
        cell = np.unique((row[free] * self.days + day[free]) * 2 + session[free])
        row = cell // (2 * self.days)
        first_of_row = np.searchsorted(row, row)
        cell = cell[np.arange(len(cell)) - first_of_row < self.budget[row]]
        row, day, session = _cells(cell, self.days)
        self.codes[row, day, session] = CODE_INDEX[code]
        self.free[row, day, session] = False
        self.budget -= np.bincount(row, minlength=self.pupils)

    def _suspensions(self) -> None:
        """The suspensions the plan gave each enrolment: each of one to five whole days of E on
        days the pupil is expected in, with a day between two, so that each reads back as one
        (frontdoor.demo.suspensions); shortened if the enrolment's absence is less. Placed at
        random: the days between them are a random composition of the days to spare."""
        rows = np.flatnonzero(self.rows.suspensions)
        free = self.free[rows].all(axis=2)  # the days the pupil is expected in, both sessions
        free_days = free.sum(axis=1)
        count = np.minimum(self.rows.suspensions[rows], (free_days + 1) // 2)
        between = free_days - np.maximum(count - 1, 0)  # free days less one between each two
        room = np.minimum(self.budget[rows] // 2, between)
        owner = np.repeat(np.arange(len(rows)), count)  # each suspension's row, in order
        days_of = np.arange(1, len(model.SUSPENSION_DAYS) + 1)
        lengths = self.rng.choice(days_of, len(owner), p=model.SUSPENSION_DAYS)
        keep = np.ones(len(owner), bool)
        for short in np.flatnonzero(np.bincount(owner, lengths, len(rows)) > room):
            mine = np.flatnonzero(owner == short)
            while lengths[mine].sum() > room[short] and lengths[mine].max() > 1:
                lengths[mine[np.argmax(lengths[mine])]] -= 1
            keep[mine] = lengths[mine].sum() <= room[short]
        owner, lengths = owner[keep], lengths[keep]
        spare = between - np.bincount(owner, lengths, len(rows)).astype(np.int64)
        gaps = self.rng.integers(0, spare[owner] + 1)
        gaps = gaps[np.lexsort((gaps, owner))]  # ascending within each row
        step = np.cumsum(lengths + 1)
        first_of_row = np.searchsorted(owner, owner)
        starts = gaps + step - (lengths + 1) - (step - lengths - 1)[first_of_row]
        first_free = np.concatenate(([0], np.cumsum(free_days)[:-1]))
        day = np.nonzero(free)[1][_runs(first_free[owner] + starts, lengths)]
        row = rows[np.repeat(owner, lengths)]
        self._spend("E", (np.repeat(row, 2), np.repeat(day, 2), np.tile(BOTH, len(row))))

    def _holidays(self) -> None:
        """A week or so of term-time holiday (G) next to a break, before or after it."""
        away = self._chosen(self.reasons.holiday)
        planned = self.rng.integers(HOLIDAY_DAYS[0], HOLIDAY_DAYS[1] + 1, len(away))
        length = np.minimum(planned, self.budget[away] // 2)  # what the pupil's absence allows
        away, length = away[length >= HOLIDAY_DAYS[0]], length[length >= HOLIDAY_DAYS[0]]
        halves = np.array(self.year.halves)
        half = halves[self.rng.integers(0, len(halves), len(away))]
        before_break = self.rng.random(len(away)) < 0.5
        start = np.where(before_break, half[:, 1] - length + 1, half[:, 0])
        self._spend("G", self._blocks(away, start, length))

    def _part_time(self) -> None:
        """Afternoons off for some weeks on an agreed part-time timetable (C2)."""
        part_time = self._chosen(self.reasons.part_time * self.relative_rate)
        part_time = part_time[np.isin(self.rows.nc_year[part_time], model.COMPULSORY_YEARS)]
        weeks = self.rng.integers(PART_TIME_WEEKS[0], PART_TIME_WEEKS[1] + 1, len(part_time))
        cells = self._blocks(part_time, self._start_days(part_time), 5 * weeks, sessions=(PM,))
        self._spend("C2", cells)

    def _festivals(self, festival_days: np.ndarray) -> None:
        observing = self._chosen(np.where(self.rows.observing, *OBSERVANCE))
        for day in festival_days[festival_days < self.days]:
            self._spend("R", self._blocks(observing, day, 1))

    def _study_leave(self) -> None:
        exam_season = np.flatnonzero(np.isin(self.year.months[: self.days], (5, 6)))
        if not len(exam_season):
            return
        sitting = np.isin(self.rows.nc_year, (11, 13))
        counts = np.where(sitting, self.rng.integers(*STUDY_LEAVE, self.pupils), 0)
        self._spend("S", self._scattered(counts, exam_season[0], exam_season[-1]))

    def _appointments(self) -> np.ndarray:
        needs = 1 + self.rows.flags["ehcp"] + 0.8 * self.rows.flags["medical"]
        return self.rng.poisson(self.reasons.appointments * needs * self.coverage)

    def _spells(self) -> None:
        """The rest of each enrolment's absence where its noise, over the season's and the
        session's weight, is lowest (Efraimidis–Spirakis keys on a correlated noise: with no
        correlation, a weighted sample of sessions; with it, runs of days)."""
        noise = self._correlated_exponential()
        jitter = self.rng.standard_normal((self.pupils, self.days, 2), np.float32)
        keys = noise[..., None] * np.exp(NOISE_JITTER * jitter) / self.weights.astype(np.float32)
        keys[~self.free] = np.inf
        keys = keys.reshape(self.pupils, -1)
        wanted = self.budget
        cutoff = np.sort(keys, axis=1)[np.arange(self.pupils), np.maximum(wanted - 1, 0)]
        absent = (keys <= cutoff[:, None]) & (wanted > 0)[:, None]
        absent = absent.reshape(self.free.shape)
        self.codes[absent] = self._spell_labels(absent.any(axis=2))[absent]
        self.free &= ~absent
        self.budget -= absent.sum(axis=(1, 2))

    def _correlated_exponential(self) -> np.ndarray:
        """Enrolments × days of Exp(1) noise that runs on from one school day to the next: a
        Gaussian series, the moving sum of white noise over a window of days of the pupil's own
        (divided by √w, N(0, 1)), mapped to Exp(1) by a monotone function, so that its lows,
        where absence falls, last for days as the series' dips do."""
        window = self.rng.choice(model.SPELL_WINDOWS, self.pupils, p=model.SPELL_WINDOW_SHARES)
        series = np.empty((self.pupils, self.days), np.float32)
        for width in model.SPELL_WINDOWS:
            rows = np.flatnonzero(window == width)
            running = np.cumsum(
                self.rng.standard_normal((len(rows), self.days + width), np.float32), axis=1
            )
            series[rows] = (running[:, width:] - running[:, : self.days]) / np.sqrt(width)
        return _exponential_of_gaussian(series)

    def _spell_labels(self, absent_days: np.ndarray) -> np.ndarray:
        """Enrolments × days × sessions of codes: one reason for each run of absent days."""
        starts = absent_days & ~np.pad(absent_days[:, :-1], ((0, 0), (1, 0)))
        spell = np.cumsum(starts.ravel()).reshape(absent_days.shape) - 1
        pupil = np.nonzero(starts)[0]
        reasons = self.reasons
        unauthorised = np.minimum(0.95, reasons.unauthorised * self.relative_rate**0.6)[pupil]
        draw = self.rng.random(len(pupil))
        label = np.select(
            [
                draw < unauthorised,
                draw < unauthorised + reasons.exceptional,
                draw < unauthorised + reasons.exceptional + reasons.unexplained,
            ],
            [CODE_INDEX["O"], CODE_INDEX["C"], CODE_INDEX["N"]],
            CODE_INDEX["I"],
        ).astype(np.uint8)
        by_day = label[np.maximum(spell, 0)] if len(label) else np.zeros_like(spell, np.uint8)
        return np.repeat(by_day[..., None], 2, axis=2)

    # --- what replaces presence ----------------------------------------------------------------

    def _present(self, code: str, cells: Cells) -> None:
        present = _is_present(self.codes[cells])
        self.codes[tuple(part[present] for part in cells)] = CODE_INDEX[code]

    def attendance_codes(self) -> None:
        reasons, rows = self.reasons, self.rows
        late = np.minimum(reasons.late * (0.5 + 0.5 * self.relative_rate), 0.5)
        self._present("L", self._scattered(self.rng.binomial(rows.last - rows.first + 1, late)))
        self._trips()
        self._work_experience()
        self._present("P", self._scattered(self.rng.poisson(reasons.sport * self.coverage)))
        off_site = reasons.off_site * (1 + 2 * rows.flags["ehcp"]) * self.coverage
        self._present("B", self._scattered(self.rng.poisson(off_site)))
        dual = (self.codes == CODE_INDEX["D"]).any(axis=(1, 2))
        needs = (rows.flags["ehcp"] | rows.flags["medical"]) & ~dual
        taught = self._chosen(LA_PROVISION * needs)
        weeks = self.rng.integers(LA_PROVISION_WEEKS[0], LA_PROVISION_WEEKS[1] + 1, len(taught))
        self._present("K", self._blocks(taught, self._start_days(taught), 5 * weeks, (AM,)))

    def _trips(self) -> None:
        """Whole year groups out on a visit (V) for a day now and then."""
        for group in np.unique(self.rows.nc_year):
            members = np.flatnonzero(self.rows.nc_year == group)
            for _trip in range(self.rng.poisson(self.reasons.visit_days * self.days / 190)):
                going = members[self.rng.random(len(members)) < TRIP_TAKE_UP]
                self._present("V", self._blocks(going, int(self.rng.integers(self.days)), 1))

    def _work_experience(self) -> None:
        if self.phase not in ("secondary", "special"):
            return
        summer = np.flatnonzero(np.isin(self.year.months[: self.days], (6, 7)))
        mondays = summer[self.weekday[summer] == 0]
        if not len(mondays):
            return
        for group in (10, 12):
            members = np.flatnonzero(self.rows.nc_year == group)
            going = members[self.rng.random(len(members)) < WORK_EXPERIENCE_TAKE_UP]
            self._present("W", self._blocks(going, int(self.rng.choice(mondays)), 5))

    # --- the live year: what schools have not finished -----------------------------------------

    def unfinished(self) -> None:
        spells = np.isin(self.codes, [CODE_INDEX["I"], CODE_INDEX["O"], CODE_INDEX["C"]])
        chance = np.full(self.days, STALE_UNEXPLAINED)
        recent = RECENT_UNEXPLAINED[: self.days]
        chance[self.days - len(recent) :] = recent[::-1]
        still = spells & (self.rng.random(self.codes.shape) < chance[None, :, None])
        self.codes[still] = CODE_INDEX["N"]
        if self.rng.random() < REGISTER_NOT_TAKEN:
            day = self.days - 1 - int(self.rng.integers(0, min(10, self.days)))
            group = self.rng.choice(np.unique(self.rows.nc_year))
            rows = np.flatnonzero((self.rows.nc_year == group) & self.covered[:, day])
            session = int(self.rng.integers(0, 2))
            taken = self.codes[rows, day, session] != CODE_INDEX[CLOSED]
            self.codes[rows[taken], day, session] = CODE_INDEX[NO_MARK]

    # --- out -----------------------------------------------------------------------------------

    def marks(self) -> pa.Table:
        """The covered cells, row by row: each enrolment's marks run from its first day's AM
        to its last day's PM, so they come out in (UPN, date, session) order."""
        rows = self.rows
        cells = np.repeat(self.covered, 2, axis=1)
        day = np.broadcast_to(np.repeat(self.day, 2), cells.shape)[cells]
        names = CODES
        if date.fromordinal(int(self.year.all_days[0])) < CHANGE_OVER:
            names = tuple(PRE_2024.get(code, code) for code in CODES)
        return pa.table(
            {
                "urn": pa.array(np.full(len(day), self.school_year.urn, np.int32)),
                "upn": _repeated(self.school_year.upns, 2 * (rows.last - rows.first + 1)),
                "date": pa.array(self.year.days[day] - _EPOCH, pa.int32()).cast(pa.date32()),
                "session": _repeated(np.array(["AMPM"]), [len(day) // 2], pieces=2),
                "code": pa.array(names).take(self.codes.reshape(self.pupils, -1)[cells]),
            }
        )


_EPOCH = date(1970, 1, 1).toordinal()


def _is_present(codes: np.ndarray) -> np.ndarray:
    return codes <= 1  # `/` or `\`


def _exponential_of_gaussian(gaussian: np.ndarray) -> np.ndarray:
    """−log(1 − Φ(g)): Exp(1) for g ~ N(0, 1), increasing in g. Φ's tail from Abramowitz and
    Stegun 26.2.17 (absolute error below 1e-7), the upper branch in logs so it cannot overflow."""
    x = np.abs(gaussian)
    t = 1 / (1 + 0.2316419 * x)
    poly = t * (
        0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429)))
    )
    log_tail = -0.5 * x * x - 0.9189385 + np.log(poly)  # log(1 - Φ(|g|))
    return np.where(gaussian < 0, -np.log1p(-np.exp(log_tail)), -log_tail)


def _repeated(values: np.ndarray, counts, pieces: int = 1) -> pa.StringArray:
    """A string column of each value `counts` times over, built straight from the bytes (all
    the values one width, such as UPNs), each value cut into `pieces` strings of equal width."""
    width = len(values[0]) // pieces if len(values) else 0
    if any(len(value) != width * pieces for value in values):
        raise ValueError("the values must all be one width")
    data = np.frombuffer("".join(values).encode("ascii"), np.uint8).reshape(len(values), -1)
    data = np.repeat(data, counts, axis=0).reshape(-1, width)
    offsets = np.arange(len(data) + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(len(data), pa.py_buffer(offsets), pa.py_buffer(data))


def _runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """start, start + 1, …, start + length - 1 for each (start, length), concatenated."""
    lengths = np.asarray(lengths)
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.repeat(np.asarray(starts) - (ends - lengths), lengths) + np.arange(total)


def _cells(cell: np.ndarray, days: int) -> Cells:
    row, rest = np.divmod(cell, 2 * days)
    day, session = np.divmod(rest, 2)
    return row, day, session
