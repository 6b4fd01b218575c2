"""The per-school dataset the schools block formula runs on: an APT-like table, one row a school,
from CSV or Excel. The columns are documented in docs/funding-schools-data.md.

Pupil counts are from the October census (reception to Y6 primary, Y7-9 KS3, Y10-11 KS4; nursery
and sixth form excluded). Each additional-needs count is the number of eligible pupils in that
phase (`fsm_primary`, `fsm_secondary`, …), never more than the phase's pupils."""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from frontdoor.funding.nff_values import COUNTED
from frontdoor.funding.tabular_input import TabularInputError, read_rows

PHASES = ("primary", "middle", "secondary", "all-through")
# Year groups an average year-group size divides by (sparsity), when the file gives none.
DEFAULT_YEAR_GROUPS = {"primary": 7, "middle": 4, "secondary": 5, "all-through": 12}

STAGE_COLUMNS = ("primary_pupils", "ks3_pupils", "ks4_pupils")
COUNT_COLUMNS = tuple(
    f"{factor}_{phase}" for factor in COUNTED for phase in ("primary", "secondary")
)
REQUIRED = ("urn", "name", "phase", "maintained", *STAGE_COLUMNS, *COUNT_COLUMNS)
OPTIONAL = (
    "district",
    "year_groups",
    "sparsity_distance",
    "area_cost_adjustment",
    "premises",
    "mfg_baseline",
    "mfg_baseline_pupils",
    "nff_baseline_per_pupil",
)
COLUMNS = (*REQUIRED, *OPTIONAL)
YES, NO = frozenset({"yes", "y", "true", "1"}), frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class SchoolData:
    urn: str
    name: str
    phase: str  # one of PHASES
    maintained: bool  # maintained by the council (de-delegation applies), not an academy
    pupils: Mapping[str, int]  # by "primary", "ks3", "ks4"
    eligible: Mapping[str, Mapping[str, int]]  # counted factor → "primary"/"secondary" → pupils
    district: str = ""
    year_groups: int = 7
    sparsity_distance: Decimal | None = None  # miles to the second-nearest compatible school
    area_cost_adjustment: Decimal = Decimal(1)
    premises: Decimal = Decimal(0)  # rates, PFI, split sites and exceptional: paid as they are
    mfg_baseline: Decimal | None = None  # last year's post-MFG budget less the exclusions
    mfg_baseline_pupils: int | None = None
    nff_baseline_per_pupil: Decimal | None = None  # the NFF floor's pupil-led baseline

    @property
    def pupils_on_roll(self) -> int:
        return sum(self.pupils.values())

    def phase_pupils(self, phase: str) -> int:
        """Pupils in "primary" or "secondary" (KS3 and KS4), or in one key stage."""
        if phase == "secondary":
            return self.pupils["ks3"] + self.pupils["ks4"]
        return self.pupils[phase]

    @property
    def lump_sum_key(self) -> str:
        """Which lump sum and sparsity value the school takes."""
        return "primary" if self.phase == "primary" else "secondary"


def read_schools(path: Path) -> list[SchoolData]:
    """Every school in the file, or TabularInputError listing every problem in it."""
    problems, schools, seen = [], [], {}
    for line, row in read_rows(path, required=REQUIRED):
        row_problems: list[str] = []

        def problem(field, message, line=line, row_problems=row_problems):
            row_problems.append(f"{path}: line {line}: {field}: {message}")

        school = _school(row, problem)
        if school.urn and school.urn in seen:
            problem("urn", f"{school.urn} is already on line {seen[school.urn]}")
        if row_problems:
            problems += row_problems
            continue
        seen[school.urn] = line
        schools.append(school)
    if problems:
        raise TabularInputError(problems)
    if not schools:
        raise TabularInputError([f"{path}: line 2: urn: the file has a header but no schools"])
    return schools


def _school(row: dict[str, str], problem) -> SchoolData:
    """The row as a school; meaningless wherever `problem` was called, so the caller drops it."""
    urn, name, phase = row["urn"], row["name"], row["phase"].lower()
    if not urn:
        problem("urn", "is empty")
    if not name:
        problem("name", "is empty")
    if phase not in PHASES:
        problem("phase", f"{row['phase']!r} is not one of {', '.join(PHASES)}")
    maintained = _yes_no(row["maintained"], "maintained", problem)
    pupils = {
        column.removesuffix("_pupils"): _whole(row[column], column, problem)
        for column in STAGE_COLUMNS
    }
    if None not in pupils.values() and not sum(pupils.values()):
        problem("primary_pupils", "the school has no pupils in reception to Y11")
    eligible = {factor: {} for factor in COUNTED}
    for factor in COUNTED:
        for part in ("primary", "secondary"):
            column = f"{factor}_{part}"
            count = _whole(row[column], column, problem)
            in_phase = _phase_count(pupils, part)
            if count is not None and in_phase is not None and count > in_phase:
                problem(column, f"{count} is more than the school's {in_phase} {part} pupils")
            eligible[factor][part] = count
    return SchoolData(
        urn=urn,
        name=name,
        phase=phase,
        maintained=maintained,
        pupils=pupils,
        eligible=eligible,
        **_optional(row, phase, problem),
    )


def _optional(row: dict[str, str], phase: str, problem) -> dict:
    values = {"district": row.get("district", "")}
    year_groups = row.get("year_groups", "")
    values["year_groups"] = (
        _whole(year_groups, "year_groups", problem, minimum=1)
        if year_groups
        else DEFAULT_YEAR_GROUPS.get(phase, 7)
    )
    for column in ("sparsity_distance", "premises", "mfg_baseline", "nff_baseline_per_pupil"):
        text = row.get(column, "")
        values[column] = _decimal(text, column, problem) if text else None
    values["premises"] = values["premises"] or Decimal(0)
    aca = row.get("area_cost_adjustment", "")
    values["area_cost_adjustment"] = (
        _decimal(aca, "area_cost_adjustment", problem) if aca else Decimal(1)
    )
    if values["area_cost_adjustment"] is not None and not (
        1 <= values["area_cost_adjustment"] <= 2
    ):
        problem("area_cost_adjustment", f"{aca} is not between 1 and 2")
    baseline_pupils = row.get("mfg_baseline_pupils", "")
    values["mfg_baseline_pupils"] = (
        _whole(baseline_pupils, "mfg_baseline_pupils", problem, minimum=1)
        if baseline_pupils
        else None
    )
    if bool(row.get("mfg_baseline")) != bool(baseline_pupils):
        missing = "mfg_baseline_pupils" if row.get("mfg_baseline") else "mfg_baseline"
        problem(missing, "is empty, but the MFG needs both the baseline and its pupils")
    return values


def _phase_count(pupils: dict, part: str) -> int | None:
    if part == "primary":
        return pupils["primary"]
    if pupils["ks3"] is None or pupils["ks4"] is None:
        return None
    return pupils["ks3"] + pupils["ks4"]


def _yes_no(text: str, field: str, problem) -> bool | None:
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    problem(field, f"{text!r} is not yes or no")
    return None


def _decimal(text: str, field: str, problem) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").replace("£", ""))
    except InvalidOperation:
        problem(field, f"{text!r} is not a number")
        return None
    if not value.is_finite():
        problem(field, f"{text!r} is not a number")
        return None
    if value < 0:
        problem(field, f"{text} is negative")
        return None
    return value


def _whole(text: str, field: str, problem, minimum: int = 0) -> int | None:
    if not text:
        problem(field, "is empty")
        return None
    value = _decimal(text, field, problem)
    if value is None:
        return None
    if value != value.to_integral_value():
        problem(field, f"{text!r} is not a whole number")
        return None
    if value < minimum:
        problem(field, f"{text} is less than {minimum}")
        return None
    return int(value)


def schools_csv(schools: list[SchoolData]) -> str:
    """The schools as the CSV `read_schools` reads: every column, blanks where a value is absent."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for school in schools:
        writer.writerow(_row(school))
    return out.getvalue()


def _row(school: SchoolData) -> list:
    counts = {
        f"{factor}_{part}": school.eligible[factor][part]
        for factor in COUNTED
        for part in ("primary", "secondary")
    }
    values = {
        "urn": school.urn,
        "name": school.name,
        "phase": school.phase,
        "maintained": "yes" if school.maintained else "no",
        **{f"{stage}_pupils": school.pupils[stage] for stage in ("primary", "ks3", "ks4")},
        **counts,
        "district": school.district,
        "year_groups": school.year_groups,
        "sparsity_distance": school.sparsity_distance,
        "area_cost_adjustment": school.area_cost_adjustment,
        "premises": school.premises,
        "mfg_baseline": school.mfg_baseline,
        "mfg_baseline_pupils": school.mfg_baseline_pupils,
        "nff_baseline_per_pupil": school.nff_baseline_per_pupil,
    }
    return ["" if values[column] is None else values[column] for column in COLUMNS]
