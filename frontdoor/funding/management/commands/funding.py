"""`frontdoor funding <subcommand>`: the funding models on the command line.

    frontdoor funding ap-model --input DISTRICTS.csv --out OUT.csv \
        [--place-rate 0.0042] [--place-cost 18000]
    frontdoor funding high-needs --scenario SCENARIO.toml --out OUT.csv
    frontdoor funding lff --schools SCHOOLS.csv --year 2023-24 [--policy POLICY.toml] --out OUT.csv

Each subcommand lives in its own module under frontdoor/funding/cli/ (`ap-model` in ap_model.py)
with `add_arguments(parser)` and `handle(options, stdout, stderr) -> int` (the exit status), as
`frontdoor attendance` does."""

from frontdoor.core.subcommands import SubcommandsCommand

SUBCOMMANDS = {
    "ap-model": "The AP/PRU delegated model: commissioned PRU places and the balance devolved.",
    "high-needs": "The high needs block forecast: in-year and accumulated balance, year by year.",
    "lff": "The schools block: each school's NFF allocation and its local formula budget.",
}


class Command(SubcommandsCommand):
    help = (
        "The funding models: the AP/PRU allocation, the schools block formula and the high "
        "needs block forecast."
    )
    cli_package = "frontdoor.funding.cli"
    subcommands = SUBCOMMANDS
