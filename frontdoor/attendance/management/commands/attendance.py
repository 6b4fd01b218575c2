"""`frontdoor attendance <subcommand>`: the attendance engine on the command line.

    frontdoor attendance ingest FILE
    frontdoor attendance measures --marks M.csv --enrolments E.csv --from D --to D \
        --level L --out O.csv
    frontdoor attendance quality [--as-at DATE] [--from DATE] [--out FILE.csv]
    frontdoor attendance import-dfe EES_ytd_data_202425.csv [FILE ...]
    frontdoor attendance summarise

Each subcommand lives in its own module under frontdoor/attendance/cli/ (`import-dfe` in
import_dfe.py) with `add_arguments(parser)` and `handle(options, stdout, stderr) -> int` (the
exit status)."""

from frontdoor.core.subcommands import SubcommandsCommand

SUBCOMMANDS = {
    "ingest": "Validate a file of register marks and add it to the marks store (all or nothing).",
    "measures": "Compute attendance measures straight from CSV files, without the database.",
    "quality": "Register data quality: missing marks, N codes overdue, schools not submitting.",
    "summarise": "Bring the dashboards' attendance summaries up to date with the marks store.",
    "import-dfe": "Store the DfE's published attendance files, to compare with England and region.",
}


class Command(SubcommandsCommand):
    help = "The attendance engine: ingest register marks, measures, data quality, DfE figures."
    cli_package = "frontdoor.attendance.cli"
    subcommands = SUBCOMMANDS
