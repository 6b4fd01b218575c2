"""`frontdoor funding lff`: every school's NFF notional allocation and local formula budget.

    frontdoor funding lff --schools SCHOOLS.csv --year 2023-24 [--policy POLICY.toml] --out OUT.csv

SCHOOLS.csv (or .xlsx) has the columns in docs/funding-schools-data.md; POLICY.toml the keys in
frontdoor/funding/lff_policy.py (examples in frontdoor/funding/data/lff/). With no policy the local
formula is the NFF itself: every factor at its value, the funding floor, no MFG, no transfer.

OUT.csv has one row a school with the columns of frontdoor/funding/lff_tables.py, starting
`urn,name,district,phase,maintained,pupils,nff_allocation,lff_allocation`; money in pounds to 2 dp,
rounded half up from unrounded figures. The command then prints the county summary and any factor
that fails the direct-NFF tightening test.

Every input is checked first; on any problem it prints `FILE: line N: field: problem` (or
`FILE: key.path: problem` for the policy) for each, exits 1 and writes nothing."""

from decimal import Decimal
from pathlib import Path

from frontdoor.core.csv_files import csv_write_whole
from frontdoor.core.rounding import round_half_up
from frontdoor.funding import lff_policy, nff_values, tightening
from frontdoor.funding.lff_tables import SCHOOL_COLUMNS, school_rows, summary_rows
from frontdoor.funding.schools_block import CannotBalance, run_policy
from frontdoor.funding.schools_data import read_schools
from frontdoor.funding.tabular_input import TabularInputError
from frontdoor.funding.toml_reader import TomlInputError

TEXT_COLUMNS = ("urn", "name", "district", "phase", "maintained", "pupils")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--schools", required=True, type=Path, help="CSV or .xlsx, one school a row"
    )
    parser.add_argument("--year", required=True, help=f"one of {', '.join(nff_values.years())}")
    parser.add_argument("--policy", type=Path, help="the local formula (TOML); default the NFF")
    parser.add_argument("--out", required=True, type=Path, help="the CSV to write")


def handle(options, stdout, stderr) -> int:
    try:
        nff = nff_values.load(options["year"])
        schools = read_schools(options["schools"])
        policy = (
            lff_policy.load(options["policy"], nff) if options["policy"] else lff_policy.NFF_ITSELF
        )
        run = run_policy(schools, policy, nff)
    except nff_values.UnknownYear as error:
        return _refused(stderr, [f"--year: {error}"])
    except (TabularInputError, TomlInputError) as bad:
        return _refused(stderr, bad.problems)
    except CannotBalance as error:
        return _refused(stderr, [f"{options['policy']}: balance: {error}"])
    rows = [[_cell(column, row[column]) for column in SCHOOL_COLUMNS] for row in school_rows(run)]
    csv_write_whole(options["out"], SCHOOL_COLUMNS, rows)
    stdout.write(f"Wrote {len(rows)} schools to {options['out']} ({policy.name}, {nff.year}).")
    for line, figure in summary_rows(run):
        stdout.write(f"  {line}: {_shown(figure)}")
    failures = tightening.failures(tightening.check(run.values, policy.last_year, nff))
    for check in failures:
        stdout.write(f"  Tightening test: {check.label}: {check.outcome}")
    if run.needs_secretary_of_state:
        stdout.write("  A transfer above 0.5% needs the Secretary of State's approval.")
    return 0


def _refused(stderr, problems: list[str]) -> int:
    for problem in problems:
        stderr.write(problem)
    stderr.write("Nothing was written.")
    return 1


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column in TEXT_COLUMNS:
        return str(value)
    return str(round_half_up(value, 2))


def _shown(figure) -> str:
    if isinstance(figure, Decimal):
        return f"£{round_half_up(figure, 2):,}"
    return f"{figure:,}" if isinstance(figure, int) else str(figure)
