"""`frontdoor funding high-needs`: the high needs block forecast, from a TOML scenario.

    frontdoor funding high-needs --scenario SCENARIO.toml --out OUT.csv

The scenario's keys are in frontdoor/funding/high_needs_scenario.py; examples are in
frontdoor/funding/data/. OUT.csv has one row a year, the columns

    year,in_year_balance,accumulated_balance,grant,transfers_in,safety_valve,la_contributions,
    spend,underlying_in_year_balance,spend_<type>…,pupils_<type>…

(types mainstream, special, independent, ap, post16). Money is in pounds to 2 dp, pupils to 1 dp,
rounded half up from unrounded figures, so a row's parts can differ from its total by a penny.
A balance is negative in deficit. It then prints one line: the final accumulated balance and the
first year the in-year balance is reached, if ever.

The scenario is checked first; on any problem the command prints `FILE: key.path: problem` for
each, exits 1 and writes nothing (the output goes to a temporary file renamed only on success)."""

from decimal import Decimal
from pathlib import Path

from frontdoor.core.csv_files import csv_write_whole
from frontdoor.core.rounding import round_half_up
from frontdoor.funding import high_needs
from frontdoor.funding.high_needs_scenario import ScenarioError, load

MONEY_COLUMNS = (
    "in_year_balance",
    "accumulated_balance",
    "grant",
    "transfers_in",
    "safety_valve",
    "la_contributions",
    "spend",
    "underlying_in_year_balance",
)
OUT_COLUMNS = (
    "year",
    *MONEY_COLUMNS,
    *(f"spend_{name}" for name in high_needs.PLACEMENTS),
    *(f"pupils_{name}" for name in high_needs.PLACEMENTS),
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--scenario", required=True, type=Path, help="the TOML scenario (see funding/data/)"
    )
    parser.add_argument("--out", required=True, type=Path, help="the CSV to write")


def handle(options, stdout, stderr) -> int:
    try:
        scenario = load(options["scenario"])
    except ScenarioError as bad:
        for problem in bad.problems:
            stderr.write(problem)
        stderr.write("Nothing was written.")
        return 1
    result = high_needs.forecast(scenario)
    csv_write_whole(options["out"], OUT_COLUMNS, [_out_row(year) for year in result.years])
    reached = result.in_year_balance_reached
    underlying = result.underlying_balance_reached
    stdout.write(
        f"Wrote {len(result.years)} years to {options['out']}: {_balance(result.final_balance)} "
        f"at the end of {result.years[-1].year}; in-year balance "
        + (f"reached in {reached}" if reached else "not reached")
        + " ("
        + (f"grant and transfers alone cover spend from {underlying}" if underlying else
           "grant and transfers alone never cover spend")
        + ")."
    )  # fmt: skip
    return 0


def _out_row(year: high_needs.Year) -> list[str]:
    money = [getattr(year, name) for name in MONEY_COLUMNS]
    money += [year.spend_by_placement.get(name, Decimal(0)) for name in high_needs.PLACEMENTS]
    pupils = [year.pupils.get(name, Decimal(0)) for name in high_needs.PLACEMENTS]
    return [
        year.year,
        *(str(round_half_up(value, 2)) for value in money),
        *(str(round_half_up(value, 1)) for value in pupils),
    ]


def _balance(value: Decimal) -> str:
    kind = "accumulated deficit" if value < 0 else "accumulated surplus"
    return f"{kind} £{abs(round_half_up(value, 2)):,}"
