"""`frontdoor funding ap-model`: the delegated option of the AP/PRU model, from a CSV of districts.

    frontdoor funding ap-model --input DISTRICTS.csv --out OUT.csv \\
        [--place-rate 0.0042] [--place-cost 18000]

DISTRICTS.csv has the columns `district,ks3_ks4_pupils,district_total` (pounds). OUT.csv has
`district,places,places_exact,pru_budget,district_total,devolved`, one row per district in input
order and a final `Total` row: `places` is whole places rounded half up, `places_exact` is to 4 dp
and the money is in pounds to 2 dp, all computed from the unrounded places (so the Total row's
places can differ from the sum of the rows above, as in the 2018 table: 243 shown, 242 total).

Every line is checked first; on any problem the command prints `FILE: line N: field: problem` for
each, exits 1 and writes nothing (the output goes to a temporary file renamed only on success)."""

import csv
from argparse import ArgumentTypeError
from decimal import Decimal, InvalidOperation
from pathlib import Path

from frontdoor.core.csv_files import csv_write_whole
from frontdoor.core.rounding import round_half_up
from frontdoor.funding import ap_model

COLUMNS = ("district", "ks3_ks4_pupils", "district_total")
OUT_COLUMNS = ("district", "places", "places_exact", "pru_budget", "district_total", "devolved")


class BadInput(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def add_arguments(parser) -> None:
    parser.add_argument(
        "--input", required=True, type=Path, help="CSV: district,ks3_ks4_pupils,district_total"
    )
    parser.add_argument("--out", required=True, type=Path, help="the CSV to write")
    parser.add_argument(
        "--place-rate",
        type=_non_negative,
        default=ap_model.DEFAULT_PLACE_RATE,
        help="places commissioned per KS3+KS4 pupil (default 0.0042, i.e. 0.42%%)",
    )
    parser.add_argument(
        "--place-cost",
        type=_non_negative,
        default=ap_model.DEFAULT_PLACE_COST,
        help="pounds per commissioned place (default 18000)",
    )


def handle(options, stdout, stderr) -> int:
    path = options["input"]
    try:
        districts, lines = read_districts(path)
    except BadInput as bad:
        return _refused(stderr, bad.problems)
    try:
        model = ap_model.delegated_model(
            districts, place_rate=options["place_rate"], place_cost=options["place_cost"]
        )
    except ap_model.PRUBudgetExceedsDistrictTotal as refused:
        return _refused(
            stderr, [f"{path}: line {lines[refused.district]}: district_total: {refused}"]
        )
    rows = [*model.districts, model.total]
    csv_write_whole(options["out"], OUT_COLUMNS, [_out_row(row) for row in rows])
    stdout.write(
        f"Wrote {len(model.districts)} districts and the total to {options['out']}: "
        f"{model.total.places} places, PRU budget £{_pounds(model.total.pru_budget)} "
        f"({_percent(model.pru_share)}), devolved £{_pounds(model.total.devolved)} "
        f"({_percent(model.devolved_share)})."
    )
    return 0


def read_districts(path: Path) -> tuple[list[ap_model.DistrictTotal], dict[str, int]]:
    """The districts, and the line each is on (the header is line 1). Raises BadInput with every
    problem found."""
    path = Path(path)
    try:
        # utf-8-sig: spreadsheets save CSV with a byte-order mark.
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip().lower() for name in reader.fieldnames or []]
            if not header:
                raise BadInput([f"{path}: line 1: header: the file is empty"])
            missing = [name for name in COLUMNS if name not in header]
            if missing:
                raise BadInput(
                    [f"{path}: line 1: {name}: missing column (expected {','.join(COLUMNS)})"
                     for name in missing]
                )  # fmt: skip
            reader.fieldnames = header
            return _check_rows(path, reader)
    except OSError as error:
        raise BadInput([f"{path}: cannot be read ({error.strerror})"]) from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise BadInput([f"{path}: cannot be read as CSV ({error})"]) from None


def _check_rows(path, reader) -> tuple[list[ap_model.DistrictTotal], dict[str, int]]:
    problems, districts, lines, folded = [], [], {}, {}
    for row in reader:
        line = reader.line_num
        row_problems = []

        def problem(field, message, line=line, row_problems=row_problems):
            row_problems.append(f"{path}: line {line}: {field}: {message}")

        name = (row["district"] or "").strip()
        if not name:
            problem("district", "is empty")
        elif name.casefold() in folded:
            problem("district", f"{name!r} is already on line {folded[name.casefold()]}")
        else:
            folded[name.casefold()] = line
        pupils = _number(row["ks3_ks4_pupils"], "ks3_ks4_pupils", problem)
        if pupils is not None and pupils != pupils.to_integral_value():
            problem("ks3_ks4_pupils", f"{row['ks3_ks4_pupils'].strip()!r} is not a whole number")
        total = _number(row["district_total"], "district_total", problem)
        if row_problems:
            problems += row_problems
            continue
        lines[name] = line
        districts.append(ap_model.DistrictTotal(name, int(pupils), total))
    if problems:
        raise BadInput(problems)
    if not districts:
        raise BadInput([f"{path}: line 2: district: the file has a header but no districts"])
    return districts, lines


def _number(text, field, problem) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        problem(field, "is empty")
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        problem(field, f"{text!r} is not a number")
        return None
    if value < 0:
        problem(field, f"{text} is negative")
        return None
    return value


def _out_row(row: ap_model.DelegatedDistrict) -> list[str]:
    return [
        row.name,
        str(row.places),
        str(round_half_up(row.places_exact, 4)),
        *(
            str(round_half_up(money, 2))
            for money in (row.pru_budget, row.district_total, row.devolved)
        ),
    ]


def _refused(stderr, problems: list[str]) -> int:
    for problem in problems:
        stderr.write(problem)
    stderr.write("Nothing was written.")
    return 1


def _pounds(value: Decimal) -> str:
    return f"{round_half_up(value, 2):,}"


def _percent(share: Decimal | None) -> str:
    return "no money" if share is None else f"{round_half_up(share * 100, 0)}%"


def _non_negative(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ArgumentTypeError(f"{text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ArgumentTypeError(f"{text!r} must be a number, zero or more")
    return value
