"""How absent the synthetic county's pupils are: every number behind its registers, with where
it comes from, and the distributions built from them.

The registers (frontdoor.demo.registers) give each enrolment a year's overall absence rate. The
rates of a phase's compulsory-age enrolments are not drawn independently: they are the quantiles
of the phase's distribution, handed out in order of a latent risk score (characteristics, year
group, school, the pupil's own noise). So the county's rates follow the distribution exactly at
any scale, while who is absent still depends on who the pupils are. Where in the year and on
which sessions the absence falls (season, weekday, spells, reasons) is `registers`' business,
with the weights and shares kept here.

Sources, by short name (files under ../shared/data/attendance/, read by no code at run time):
- YTD2425: EES_ytd_data_202425.csv, Kent (886) rows: the DfE's daily-data statistics for the
  full year 2024/25, compulsory school age, by phase (attendance.md §6.2); reason rates as % of
  possible sessions.
- TERMS2425: EES_{aut,spr,sum}_data_202425.csv, Kent (attendance.md §6.3).
- BANDS2223: absence_bands_distributions.zip, Kent 2022/23, school census: enrolments in 5%
  bands of overall absence, by phase, NC year, FSM and SEN (attendance.md §6.4).
- SOCIALCARE2425: kent_schools/kent_absence_social_care_groups_2018_2025.csv, Kent 2024/25.
- EXCL2324: send_frontdoor/lait/derived_kent_england_southeast_extract.csv, Kent (886) rows of
  the DfE's suspensions and permanent exclusions statistics as LAIT holds them, 2023/24 (LAIT
  year "2023/24"), the latest year published for Kent.
- FFT: FFT Education Datalab, day-of-week and AM/PM pattern (attendance.md §7).
"""

from dataclasses import dataclass

import numpy as np

PERSISTENT = 0.10  # overall absence at or above which an enrolment is persistently absent
SEVERE = 0.50

CALIBRATED_PHASES = ("primary", "secondary", "special")
COMPULSORY_YEARS = range(1, 12)  # NC years 1–11, what the DfE's figures cover


@dataclass(frozen=True)
class Target:
    attendance: float  # % of possible sessions
    persistent_absence: float  # % of enrolments

    @property
    def absence(self) -> float:
        return 100 - self.attendance


# YTD2425: attendance / persistent absence, Kent, 2024/25 full year (attendance.md §6.2).
TARGET_SOURCE = "Kent (886), 2024/25 full year, DfE daily attendance data (attendance.md §6.2)"
TARGETS = {
    "primary": Target(attendance=94.40, persistent_absence=15.04),
    "secondary": Target(attendance=91.58, persistent_absence=25.15),
    "special": Target(attendance=85.49, persistent_absence=40.44),
}

# BANDS2223: shares (%) of Kent enrolments, NC years 1–11, in the bands 0–5, >5–10, …, >45–50,
# >50% overall absence. Their shape is kept; the share above 10% is rescaled to the target.
BAND_EDGES = (0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 1.0)
BAND_SHARES_2223 = {
    "primary": (55.85, 26.98, 9.05, 3.38, 1.65, 0.93, 0.55, 0.35, 0.23, 0.16, 0.87),
    "secondary": (43.78, 26.99, 11.54, 5.14, 2.83, 1.80, 1.74, 1.15, 0.75, 0.59, 3.69),
    "special": (31.31, 26.64, 13.99, 7.55, 4.35, 3.48, 2.11, 1.55, 1.41, 0.97, 6.64),
}


class AbsenceDistribution:
    """A phase's distribution of overall absence rates, as a quantile function.

    The census bands, with the share above 10% scaled to the target persistent-absence rate
    (the bands above and the two below keep their proportions, so the severe share scales with
    it). Within every band the rates bunch towards its lower edge, rate = low + width × v^γ for
    v uniform in the band: one γ, solved in closed form, brings the mean to the target absence
    (a band's mean is low + width / (1 + γ))."""

    def __init__(self, shares_2223: tuple[float, ...], target: Target):
        shares = np.asarray(shares_2223, float) / sum(shares_2223)
        low, high = np.asarray(BAND_EDGES[:-1]), np.asarray(BAND_EDGES[1:])
        above = low >= PERSISTENT
        persistent = target.persistent_absence / 100
        shares = np.where(
            above,
            shares * persistent / shares[above].sum(),
            shares * (1 - persistent) / shares[~above].sum(),
        )
        mean_at_low_edges = float(shares @ low)
        spread = float(shares @ (high - low))
        self.gamma = spread / (target.absence / 100 - mean_at_low_edges) - 1
        if self.gamma <= 0:
            raise ValueError("The target absence is too high for the band shares' shape.")
        self.low, self.width = low, high - low
        self.cumulative = np.concatenate(([0.0], np.cumsum(shares)))
        self.shares = shares

    @property
    def severe_share(self) -> float:
        return float(self.shares[self.low >= SEVERE].sum())

    def rate(self, quantile: np.ndarray) -> np.ndarray:
        band = np.clip(np.searchsorted(self.cumulative, quantile, side="right") - 1, 0, 10)
        within = (quantile - self.cumulative[band]) / self.shares[band]
        return self.low[band] + self.width[band] * np.clip(within, 0, 1) ** self.gamma


DISTRIBUTIONS = {
    phase: AbsenceDistribution(BAND_SHARES_2223[phase], TARGETS[phase])
    for phase in CALIBRATED_PHASES
}
# PRUs and the health needs service are not in the DfE's figures (nor calibrated): their pupils
# take their place on the secondary scale, shifted by AP_RISK.
SCALE_OF_PHASE = {phase: phase for phase in CALIBRATED_PHASES} | {"ap": "secondary"}

# --- who is absent: the latent risk score ------------------------------------------------------
# Score = Σ shifts + school effect + pupil noise (standard normal). ASSUMPTION: shifts tuned so
# the county's gaps come near BANDS2223 (share above 10%: primary FSM 35% against 11% not FSM,
# any SEN 29% against 15%; secondary FSM 51% against 23%) and SOCIALCARE2425 (children in need
# about 41% persistently absent in primary and 64% in secondary; looked-after children 7% and
# 21%, below the average in primary and near it in secondary).
RISK_SHIFT = {
    "fsm": 0.85,
    "sen_support": 0.40,
    "ehcp": 0.55,
    "medical": 0.45,
    "young_carer": 0.35,
}
# Social care, the strongest that applies (a looked-after child is also a child in need), by
# phase; PRUs take secondary schools'. Tuned (full county) to SOCIALCARE2425's overall absence,
# the DfE's groups: looked after for 12 months at 31 March, primary 3.9%, secondary 8.7%
# (special and AP together, from Kent's total less those: about 9%, against 14.5% for all
# special pupils); on a child protection plan (CPPO) 14.8%, 35.0% (special 26.7% in 2023/24);
# other children in need (CINO) 13.5%, 24.8%, special 13.6% (no worse than their schools: in
# special schools, children in need are mostly disabled children).
SOCIAL_CARE_SHIFT = {
    "cla": {"primary": -0.9, "secondary": -0.5, "special": -0.9},
    "cpp": {"primary": 0.75, "secondary": 1.25, "special": 0.5},
    "cin": {"primary": 0.6, "secondary": 0.8, "special": -0.4},
}
# BANDS2223 by NC year (share above 10%: Y7 21%, Y8 27%, Y9 30%, Y10 31%, Y11 37%; Y1 20%
# against 16–17% for Y2–6). Reception and the sixth form (outside the figures) ASSUMPTION.
YEAR_GROUP_SHIFT = {0: 0.15, 1: 0.12, 7: -0.30, 8: -0.02, 9: 0.08, 10: 0.12, 11: 0.30}
SIXTH_FORM_SHIFT = 0.30
AP_RISK = 1.4  # ASSUMPTION: PRU attendance is far below secondary schools'
SCHOOL_SPREAD = 0.25  # ASSUMPTION: sd of a school's own effect on the score
DEPRIVATION_SHIFT = 0.30  # × log of the school's deprivation multiplier
YEAR_TO_YEAR = 0.65  # ASSUMPTION: correlation of a pupil's noise between years


def by_phase(table: dict[str, float], phase: np.ndarray) -> np.ndarray:
    """`table`'s value for each row's phase (PRUs on the secondary scale unless they have one
    of their own)."""
    values = np.zeros(len(phase))
    for row_phase, scale in SCALE_OF_PHASE.items():
        values[phase == row_phase] = table.get(row_phase, table[scale])
    return values


def year_group_shift(nc_year: np.ndarray) -> np.ndarray:
    table = np.zeros(16)
    for year, shift in YEAR_GROUP_SHIFT.items():
        table[year] = shift
    table[12:] = SIXTH_FORM_SHIFT
    return table[np.clip(nc_year, 0, 15)]


# --- when: season, weekday, session ------------------------------------------------------------
# Relative chance of an absence by month, September to July. ASSUMPTION shaped on TERMS2425
# (primary autumn / spring / summer 5.64 / 5.73 / 5.43%, secondary 7.91 / 8.37 / 9.13, special
# 14.30 / 14.78 / 14.47): a winter illness peak from December to February everywhere, and in
# secondary schools a rise through the summer term.
MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)
MONTH_WEIGHTS = {
    "primary": (0.80, 0.98, 1.05, 1.25, 1.15, 1.08, 1.00, 0.88, 0.88, 0.92, 0.95),
    "secondary": (0.72, 0.90, 0.98, 1.12, 1.05, 1.02, 1.00, 1.00, 1.06, 1.12, 1.22),
    "special": (0.90, 1.00, 1.02, 1.12, 1.08, 1.06, 1.00, 0.95, 0.95, 0.98, 1.00),
}
MONTH_WEIGHTS["ap"] = MONTH_WEIGHTS["secondary"]
# Relative chance by weekday (Monday to Friday) and session (AM, PM). FFT: absence is lowest on
# Wednesday mornings and highest on Friday afternoons.
SESSION_WEIGHTS = (
    (1.06, 1.05),
    (0.97, 0.98),
    (0.90, 0.96),
    (0.97, 1.00),
    (1.05, 1.25),
)


def session_weights(phase: str, months: np.ndarray, weekdays: np.ndarray) -> np.ndarray:
    """The chance of an absence on each session (AM and PM of each day, in order), relative."""
    by_month = np.zeros(13)
    by_month[list(MONTHS)] = MONTH_WEIGHTS[phase]
    by_session = np.asarray(SESSION_WEIGHTS)[weekdays]  # days × 2
    return (by_month[months][:, None] * by_session).ravel()


def season_share(phase: str, months: np.ndarray, weekdays: np.ndarray, days: int) -> float:
    """How much absence the first `days` school days of a year have, against the year's mean:
    the year to date in November is below the full year, since the winter is still to come."""
    weights = session_weights(phase, months, weekdays)
    return float(weights[: 2 * days].mean() / weights.mean())


# --- how: spells and reasons -------------------------------------------------------------------
# Spells: each pupil's absences follow a noise that runs on over a window of school days of the
# pupil's own; most children have short spells, a few long ones (ASSUMPTION).
SPELL_WINDOWS = (3, 6, 15)
SPELL_WINDOW_SHARES = (0.50, 0.35, 0.15)


# YTD2425, Kent: what the absence was made of, and the lates and approved activities, as % of
# possible sessions (bench/bench_demo.py prints the county's figures beside them).
# fmt: off
KENT_REASON_RATES = {
    "primary": {"I": 3.08, "O": 0.84, "G": 0.54, "C": 0.33, "M": 0.29, "C2": 0.20, "U": 0.19,
                "N": 0.04, "E": 0.04, "R": 0.03, "L": 0.98, "V": 0.76, "B": 0.15, "P": 0.09},
    "secondary": {"I": 3.67, "O": 2.54, "C": 0.45, "M": 0.43, "G": 0.28, "C2": 0.27, "U": 0.23,
                  "E": 0.22, "S": 0.20, "N": 0.08, "L": 2.97, "V": 0.85, "W": 0.35, "B": 0.22,
                  "P": 0.16},
    "special": {"I": 5.57, "O": 2.54, "C": 2.29, "C2": 1.99, "M": 1.05, "G": 0.41, "U": 0.26,
                "E": 0.19, "N": 0.15, "L": 1.10, "B": 0.88, "V": 0.45, "P": 0.15},
}
# fmt: on


@dataclass(frozen=True)
class Reasons:
    """How a phase's absence is made up. ASSUMPTIONs, tuned so that the county comes near
    KENT_REASON_RATES."""

    holiday: float  # share of pupils taking a term-time holiday (G) in a year
    part_time: float  # chance of some weeks on a part-time timetable (C2), likewise
    appointments: float  # M sessions per pupil-year
    late_after_close: float  # U sessions per pupil-year
    unauthorised: float  # chance a spell of absence is O, at the phase's mean rate
    exceptional: float  # chance a spell is leave in exceptional circumstances (C)
    unexplained: float  # chance a spell's N is never replaced
    late: float  # L: chance of a late arrival on a school day, at the phase's mean rate
    visit_days: float  # V: trip days per year group per year
    sport: float  # P sessions per pupil-year
    off_site: float  # B sessions per pupil-year


# fmt: off
REASONS = {
    "primary": Reasons(
        holiday=0.28, part_time=0.04, appointments=1.3, late_after_close=0.95,
        unauthorised=0.085, exceptional=0.065, unexplained=0.01, late=0.021, visit_days=2.0,
        sport=0.35, off_site=0.6,
    ),
    "secondary": Reasons(
        holiday=0.13, part_time=0.045, appointments=2.0, late_after_close=1.15,
        unauthorised=0.19, exceptional=0.07, unexplained=0.012, late=0.075, visit_days=2.0,
        sport=0.6, off_site=0.85,
    ),
    "special": Reasons(
        holiday=0.12, part_time=0.4, appointments=2.4, late_after_close=1.3,
        unauthorised=0.11, exceptional=0.22, unexplained=0.012, late=0.03, visit_days=1.2,
        sport=0.6, off_site=1.4,
    ),
    # PRUs: like secondary schools, with more part-time and unauthorised absence.
    "ap": Reasons(
        holiday=0.03, part_time=0.12, appointments=1.6, late_after_close=1.5,
        unauthorised=0.5, exceptional=0.06, unexplained=0.015, late=0.05, visit_days=1.0,
        sport=0.5, off_site=2.0,
    ),
}
# fmt: on

# The mean rate each phase's reasons are relative to (PRUs: ASSUMPTION).
TYPICAL_RATE = {phase: TARGETS[phase].absence / 100 for phase in CALIBRATED_PHASES} | {"ap": 0.30}


# --- suspensions (E) ---------------------------------------------------------------------------
# EXCL2324, Kent 2023/24, per 100 pupils on roll in a full year: suspensions (PriFixedEx,
# SecFixedEx, SpecFixedEx) and pupils with one or more (Pri_, Sec_, Spec_ Pup_FixedEx). Kent's
# rate has risen every year since 2020/21 (all schools 3.29, 5.14, 6.79, 8.13; England 11.31
# in 2023/24): the latest published year is kept rather than a guess at the trend. PRUs are
# not in the figures: ASSUMPTION, per enrolment, well above secondary schools'.
@dataclass(frozen=True)
class SuspensionTarget:
    suspensions: float  # per 100 pupils in a full year
    suspended: float  # pupils with one or more suspensions, per 100

    @property
    def per_pupil(self) -> float:
        """Suspensions per suspended pupil in a full year."""
        return self.suspensions / self.suspended


SUSPENSION_SOURCE = "Kent (886), 2023/24, DfE suspensions and permanent exclusions (LAIT)"
SUSPENSION_TARGETS = {
    "primary": SuspensionTarget(suspensions=2.68, suspended=1.14),
    "secondary": SuspensionTarget(suspensions=13.87, suspended=6.23),
    "special": SuspensionTarget(suspensions=15.69, suspended=6.04),
    "ap": SuspensionTarget(suspensions=40.0, suspended=16.0),
}
# Who is suspended: relative chances, multiplied (ASSUMPTION shaped on the DfE's national rates
# by characteristic, about twice as high for boys and three to four times for pupils with free
# school meals or SEN, and on EXCL2324 for Kent's children in care, LAC_Fixed_ Ex: 14.1% with
# one or more against 3.6% of all pupils, and children in need, CINFixedExclusion: 11.5%).
# Absence goes with it: × the pupil's rate over the phase's, to SUSPENSION_ABSENCE_POWER.
SUSPENSION_WEIGHTS = {
    "male": 2.2,
    "fsm": 2.4,
    "sen_support": 2.2,
    "ehcp": 1.8,
    "cin": 1.4,
    "cla": 1.7,
    "excluded": 4.0,  # the enrolment ends in a permanent exclusion: most had suspensions first
}
SUSPENSION_ABSENCE_POWER = 0.5
# By NC year, reception to Year 13 (ASSUMPTION: the DfE's national rates by age, highest at
# 13 and 14, few in the infant years and the sixth form).
SUSPENSION_YEAR_WEIGHTS = (0.2, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2, 0.8, 1.1, 1.3, 1.3, 1.0, 0.15, 0.15)
# A suspended pupil's chance of more, in proportion to a gamma-distributed propensity of this
# shape (× √ of its weight): the counts are negative binomial, most suspended pupils have one
# or two and a few many (ASSUMPTION). EXCL2324's suspensions per suspended pupil (primary 2.35,
# secondary 2.23, special 2.60) then put about half of them at more than one.
SUSPENSION_REPEAT_SHAPE = 0.6
MAX_SUSPENSIONS = 12  # in a year (at most 45 days, by law)
# Days of E, 1 to 5 (ASSUMPTION: most suspensions are of a day or two, about two days on
# average; E is for the days without alternative provision, which the school must arrange
# from the sixth day).
SUSPENSION_DAYS = (0.45, 0.27, 0.13, 0.05, 0.10)


def suspension_counts(
    rng: np.random.Generator,
    weight: np.ndarray,
    room: np.ndarray,
    suspensions: int,
    suspended: int,
) -> np.ndarray:
    """Suspensions for each row: `suspended` rows drawn in proportion to `weight` without
    replacement (Efraimidis–Spirakis keys) with one each, and the rest of `suspensions` spread
    over them in proportion to their propensity to be suspended again; none beyond its `room`.
    The totals are exact, not expected, as long as there is room."""
    counts = np.zeros(len(weight), np.int64)
    eligible = np.flatnonzero((room > 0) & (weight > 0))
    keys = np.log(rng.random(len(eligible))) / weight[eligible]
    chosen = eligible[np.argsort(-keys, kind="stable")[:suspended]]
    counts[chosen] = 1
    propensity = rng.gamma(SUSPENSION_REPEAT_SHAPE, size=len(chosen)) * np.sqrt(weight[chosen])
    extra = suspensions - len(chosen)
    for _ in range(4):  # what a full pupil cannot take goes to the others
        spare = room[chosen] - counts[chosen]
        chance = propensity * (spare > 0)
        if extra <= 0 or chance.sum() == 0:
            break
        more = np.minimum(rng.multinomial(extra, chance / chance.sum()), spare)
        counts[chosen] += more
        extra -= int(more.sum())
    return counts


def ranked_quantiles(risk: np.ndarray, ranked: np.ndarray, placed: np.ndarray) -> np.ndarray:
    """Quantiles for rows of a phase: the `ranked` rows (positions) take (i + ½) / N in order of
    risk, a stratified draw that reproduces the distribution exactly for any N; the `placed`
    rows take the quantile at which their risk falls among the ranked."""
    quantiles = np.zeros(len(risk))
    order = ranked[np.argsort(risk[ranked], kind="stable")]
    count = len(order)
    quantiles[order] = (np.arange(count) + 0.5) / count
    place = np.searchsorted(risk[order], risk[placed])
    quantiles[placed] = (np.minimum(place, count - 1) + 0.5) / count
    return quantiles


def absence_sessions(rate: np.ndarray, possible: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Sessions of absence, `expected` rounded, but never across the persistent or severe line
    drawn by `rate`: an enrolment is persistently (severely) absent exactly when its rate is at
    least 10% (50%), as its counts will be measured (10 × absence ≥ possible). (With one or two
    possible sessions any absence is severe, and severe wins.)"""
    sessions = np.rint(expected).astype(np.int64)
    for threshold in (PERSISTENT, SEVERE):
        least = -(-possible // round(1 / threshold))  # ceil(possible × threshold)
        sessions = np.where(
            rate >= threshold, np.maximum(sessions, least), np.minimum(sessions, least - 1)
        )
    return np.clip(sessions, 0, possible)


def calibrated_absence(
    rate: np.ndarray,
    possible: np.ndarray,
    weighted: np.ndarray,
    calibrated: np.ndarray,
    target: float,
) -> np.ndarray:
    """Each row's sessions of absence: its rate of its `weighted` sessions (possible sessions
    weighted by season, so that a part of the year gets that part's share), times the one
    factor, found by bisection, that brings the `calibrated` rows' absence to `target`."""

    def sessions(factor: float) -> np.ndarray:
        return absence_sessions(rate, possible, rate * weighted * factor)

    low, high = 0.5, 2.0
    for _ in range(40):
        middle = (low + high) / 2
        absent = sessions(middle)[calibrated].sum()
        if absent < target * possible[calibrated].sum():
            low = middle
        else:
            high = middle
    return sessions(high)
