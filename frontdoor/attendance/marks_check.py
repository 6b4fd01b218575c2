"""Checking a file of register marks, line by line, before anything uses it: what ingest
(into the store) and the measures command (straight from files) both rely on.

The whole file is read (CSV with the header `urn,upn,date,session,code`, or Parquet) and checked
in DuckDB against the codes and a register: the database's schools, pupils and enrolments for
ingest, the enrolments file for the measures command. Each problem is reported as `line N: …`
(CSV: the header is line 1) or `row N: …` (Parquet: the first row is row 1). A UPN is personal
data, so no message repeats one: a mark's other values (URN, date, session, code) are shown.

What a line must hold:
- urn: six digits, the URN of a school in the register;
- upn: the UPN of a pupil in the register, as written;
- date: YYYY-MM-DD, a real date, within an enrolment of that pupil at that school
  (admission date to leaving date, both included; no leaving date while on roll);
- session: AM or PM, in any case (stored in capitals);
- code: a code of the set in force on that date, as the DfE writes it (`I`, not `i`),
  or `-` for no mark;
- no two different codes for one pupil's session at one school (the same mark twice is fine).
Blank lines carry no mark and are passed over.
"""

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from frontdoor.analytics.store import conflicting_marks
from frontdoor.attendance import codes, selectors

COLUMNS = ("urn", "upn", "date", "session", "code")
MAX_REPORTED = 50
_FAST_TYPES = {"urn": pa.int32(), "date": pa.date32()}
_PARQUET_MAGIC = b"PAR1"
_NEVER = date(9999, 12, 31)

# Progress: called at the end of each stage with its name, a count and what it counts.
Progress = Callable[[str, int, str], None]


class InvalidMarksFile(Exception):
    """The file was refused; nothing was written. `problems` holds the first MAX_REPORTED
    messages in file order, `total` how many there are."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(problems))

    def report(self) -> list[str]:
        """The messages to show, and how many more there are."""
        more = self.total - len(self.problems)
        tail = [f"… and {more:,} more ({self.total:,} problems in all)."] if more > 0 else []
        return [*self.problems, *tail]


@dataclass(frozen=True)
class Register:
    """What marks are checked against: enrolments (`urn, upn, admission_date, leaving_date`,
    null while on roll) and, read only when a line has to be explained, the schools (`urn`)
    and pupils (`upn`), with what to say of a URN or UPN that is not among them."""

    enrolments: Callable[[], pa.Table]
    schools: Callable[[], pa.Table]
    pupils: Callable[[], pa.Table]
    unknown_school: str = "unknown school (no establishment has URN {urn})"
    unknown_pupil: str = "unknown pupil (UPN not on the pupil register)"


def database_register() -> Register:
    return Register(selectors.enrolment_windows, selectors.school_urns, selectors.pupil_upns)


def enrolments_register(enrolments: pa.Table, name: str) -> Register:
    """The register an enrolments file gives: its schools and pupils are those it enrols."""
    windows = enrolments.select(["urn", "upn", "admission_date", "leaving_date"])
    return Register(
        enrolments=lambda: windows,
        schools=lambda: pa.table({"urn": pc.unique(windows["urn"])}),
        pupils=lambda: pa.table({"upn": pc.unique(windows["upn"])}),
        unknown_school=f"unknown school (no enrolment in {name} has URN {{urn}})",
        unknown_pupil=f"unknown pupil (UPN not in {name})",
    )


@dataclass(frozen=True)
class CheckedMarks:
    """A file's marks that passed every check: COLUMNS typed, identical repeats still there,
    and the line each came from."""

    marks: pa.Table
    lines: np.ndarray
    where: str  # "line" or "row"

    def conflict_refusal(self, rows: np.ndarray, earlier_rows: np.ndarray) -> "InvalidMarksFile":
        """The refusal for marks that contradict an earlier one (positions in `marks`)."""
        problems = _Problems(self.where, [])
        problems.add_conflicts(rows, earlier_rows, self.lines)
        return problems.refusal()


def marks_check(
    path: Path,
    *,
    register: Register,
    progress: Progress | None = None,
    find_conflicts: bool = True,
) -> CheckedMarks:
    """The file's marks, or InvalidMarksFile with every problem. With `find_conflicts`
    False, a clean file's contradicting marks are left for the caller (the store's commit
    finds them in the pass it makes anyway): raise `conflict_refusal` for them."""
    path, progress = Path(path), progress or (lambda stage, count, noun: None)
    sent = _read(path)
    progress("Reading the file", sent.marks.num_rows, "marks")
    con = _Connection(sent.marks, register)
    progress("Reading the register", con.enrolments, "enrolments")
    problems = _Problems(sent.where, sent.malformed)
    problems.add_rows(con, register)
    progress("Checking every mark", sent.marks.num_rows, "marks")
    marks, lines = _keyed_marks(con, sent.marks, clean=not problems.total)
    if problems.total or find_conflicts:
        problems.add_conflicts(*conflicting_marks(marks), lines)
    if problems.total:
        raise problems.refusal()
    return CheckedMarks(marks, lines, sent.where)


@dataclass(frozen=True)
class _SentFile:
    marks: pa.Table  # COLUMNS as read, plus `line`
    where: str  # "line" or "row"
    malformed: list[tuple[int, str]]  # (line, problem) for lines that could not be split


def _read(path: Path) -> _SentFile:
    if not path.is_file():
        raise InvalidMarksFile([f"{path}: no such file"])
    with path.open("rb") as handle:
        is_parquet = handle.read(len(_PARQUET_MAGIC)) == _PARQUET_MAGIC
    return _read_parquet(path) if is_parquet else _read_csv(path)


def _read_parquet(path: Path) -> _SentFile:
    try:
        _check_columns(pq.read_schema(path).names, "the file")
        marks = pq.read_table(path, columns=list(COLUMNS))
    except pa.ArrowException as error:
        raise InvalidMarksFile([f"the file cannot be read as Parquet: {error}"]) from None
    return _SentFile(_with_lines(marks, first=1), "row", [])


def _read_csv(path: Path) -> _SentFile:
    with path.open("rb") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise InvalidMarksFile([f"line 1: no header; the file must start with {_HEADER}"])
    try:
        header = next(csv.reader([first_line.decode("utf-8-sig")]))
    except UnicodeDecodeError:
        raise InvalidMarksFile(["line 1: the header is not UTF-8 text"]) from None
    _check_columns(header, "line 1")
    try:
        marks, malformed = _parse_csv(path, fast=True)
    except pa.ArrowInvalid:
        # A value the typed parser cannot read: read everything as text, for DuckDB to report.
        try:
            marks, malformed = _parse_csv(path, fast=False)
        except pa.ArrowInvalid as error:  # not UTF-8, say
            raise InvalidMarksFile([f"the file cannot be read as CSV: {error}"]) from None
    lines = _with_lines(marks, first=2, skipped=[line for line, _ in malformed])
    return _SentFile(lines, "line", malformed)


def _parse_csv(path: Path, *, fast: bool) -> tuple[pa.Table, list[tuple[int, str]]]:
    """The file's marks and its lines with the wrong number of values (left out). Blank lines
    are read as rows of nulls, so that row i is still line i + 2."""

    def read(threads: bool) -> tuple[pa.Table, list[tuple[int | None, int]]]:
        malformed: list[tuple[int | None, int]] = []

        def skip(row) -> str:
            malformed.append((row.number, row.actual_columns))
            return "skip"

        types = {name: (_FAST_TYPES if fast else {}).get(name, pa.string()) for name in COLUMNS}
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=threads, block_size=4 << 20),
            parse_options=pacsv.ParseOptions(invalid_row_handler=skip, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True),
        )
        return table, malformed

    marks, malformed = read(threads=True)
    if malformed:  # only a single-threaded read knows the line numbers
        marks, malformed = read(threads=False)
    return marks, [
        (line, f"{found} values where there should be {len(COLUMNS)}") for line, found in malformed
    ]


_HEADER = ",".join(COLUMNS)


def _check_columns(names: list[str], where: str) -> None:
    missing = [name for name in COLUMNS if name not in names]
    extra = [name for name in names if name not in COLUMNS]
    repeated = sorted({name for name in names if names.count(name) > 1})
    found = [
        f"{label} {', '.join(map(repr, columns))}"
        for label, columns in (
            ("missing columns:", missing),
            ("unexpected columns:", extra),
            ("repeated columns:", repeated),
        )
        if columns
    ]
    if found:
        raise InvalidMarksFile([f"{where}: {'; '.join(found)} (expected {_HEADER})"])


def _with_lines(marks: pa.Table, *, first: int, skipped: Sequence[int] = ()) -> pa.Table:
    """`marks` plus the line (or row) each came from, counting past the skipped lines."""
    rows = np.arange(marks.num_rows, dtype=np.int64)
    # Good rows before each skipped line: a row i after k of them is on line first + i + k.
    before = np.sort(np.asarray(skipped, np.int64)) - first - np.arange(len(skipped))
    lines = first + rows + np.searchsorted(before, rows, side="right")
    marks = marks.select(list(COLUMNS)).append_column("line", pa.array(lines))
    if marks["urn"].null_count:  # blank lines (rows of nulls) carry no mark: leave them out
        blank = reduce(pc.and_, (marks[name].is_null() for name in COLUMNS))
        marks = marks.filter(pc.invert(blank))
    return marks


class _Connection:
    """DuckDB with the file's marks (`sent`, the values typed where they can be),
    `enrolments` (leaving date filled in while on roll) and `code_validity`; `schools` and
    `pupils` are read from the database only when a line has to be explained."""

    def __init__(self, marks: pa.Table, register: Register):
        self.db = duckdb.connect(config={"preserve_insertion_order": False})
        self.db.register("marks", marks)
        windows = register.enrolments()
        self.enrolments = windows.num_rows
        on_roll = pc.fill_null(windows["leaving_date"], pa.scalar(_NEVER, pa.date32()))
        self.db.register("enrolments", windows.set_column(3, "leaving_date", on_roll))
        self.db.register("code_validity", _code_validity())
        self.db.execute(_SENT.format(**_typed_expressions(marks.schema)))

    def sql(self, query: str, parameters: dict | None = None):
        return self.db.execute(query, parameters or {})

    def value(self, query: str):
        """The one value a query returns (read to the end: DuckDB wants every result finished
        before the next statement)."""
        return self.db.execute(query).fetchall()[0][0]

    def read_schools_and_pupils(self, register: Register) -> None:
        self.db.register("schools", register.schools())
        self.db.register("pupils", register.pupils())


def _is_typed(schema: pa.Schema) -> bool:
    """Whether the read typed the URN and date (the fast CSV read, or Parquet that did)."""
    return pa.types.is_integer(schema.field("urn").type) and pa.types.is_date32(
        schema.field("date").type
    )


def _typed_expressions(schema: pa.Schema) -> dict[str, str]:
    """SQL for the typed URN and date. The fast CSV read (and Parquet) may have typed them
    already; text is held to the same rules as that read (digits; YYYY-MM-DD; spaces around
    either ignored), not to DuckDB's own casts, which take `1e5` and `2024/9/2`."""
    urn = "urn"
    if not pa.types.is_integer(schema.field("urn").type):
        urn = (
            "CASE WHEN regexp_full_match(trim(urn::VARCHAR), '[0-9]+') "
            "THEN TRY_CAST(trim(urn::VARCHAR) AS BIGINT) END"
        )
    day = "date"
    if not pa.types.is_date32(schema.field("date").type):
        day = (
            "CASE WHEN regexp_full_match(trim(date::VARCHAR), '[0-9]{4}-[0-9]{2}-[0-9]{2}') "
            "THEN TRY_CAST(trim(date::VARCHAR) AS DATE) END"
        )
    return {
        "urn": f"CASE WHEN {urn} BETWEEN 100000 AND 999999 THEN ({urn})::INTEGER END",
        "day": day,
    }


_SENT = """
CREATE TEMP VIEW sent AS
SELECT line, {urn} AS urn, upn::VARCHAR AS upn, {day} AS day,
       upper(session::VARCHAR) AS session, code::VARCHAR AS code,
       urn::VARCHAR AS urn_text, date::VARCHAR AS date_text, session::VARCHAR AS session_text
FROM marks
"""

# Every mark on roll with a code in force: one pass with two joins, whatever the file's size.
_PROBLEM_ROWS = """
CREATE TEMP TABLE problem_rows AS
SELECT DISTINCT s.line, s.urn, s.upn, s.day, s.session, s.code, s.urn_text, s.date_text,
       s.session_text, e.urn IS NOT NULL AS on_roll,
       c.code IS NOT NULL AND s.day BETWEEN c.valid_from AND c.valid_to AS code_in_force
FROM sent s
LEFT JOIN enrolments e
       ON e.urn = s.urn AND e.upn = s.upn AND s.day BETWEEN e.admission_date AND e.leaving_date
LEFT JOIN code_validity c ON c.code = s.code
WHERE e.urn IS NULL OR s.session IS NULL OR s.session NOT IN ('AM', 'PM')
   OR c.code IS NULL OR s.day NOT BETWEEN c.valid_from AND c.valid_to
"""

# Why each of those rows failed: a list of problem kinds, in the order they are reported.
_DIAGNOSED = """
CREATE TEMP TABLE diagnosed AS
SELECT p.line, p.urn, p.day, p.code, p.urn_text, p.date_text, p.session_text,
  list_filter([
    CASE WHEN p.urn IS NULL THEN 'urn' WHEN s.urn IS NULL THEN 'school' END,
    CASE WHEN p.upn IS NULL THEN 'upn' WHEN u.upn IS NULL THEN 'pupil' END,
    CASE WHEN p.day IS NULL THEN 'date' END,
    CASE WHEN p.session IS NULL OR p.session NOT IN ('AM', 'PM') THEN 'session' END,
    CASE WHEN p.code IS NULL OR v.code IS NULL OR (p.day IS NOT NULL AND NOT p.code_in_force)
         THEN 'code' END,
    CASE WHEN s.urn IS NOT NULL AND u.upn IS NOT NULL AND p.day IS NOT NULL AND NOT p.on_roll
         THEN 'enrolment' END
  ], lambda kind: kind IS NOT NULL) AS kinds
FROM problem_rows p
LEFT JOIN schools s ON s.urn = p.urn
LEFT JOIN pupils u ON u.upn = p.upn
LEFT JOIN code_validity v ON v.code = p.code
"""

# The rows the store can take (every key readable), with their lines.
_KEYED = """
SELECT urn, upn, day AS date, session, code, line FROM sent
WHERE urn IS NOT NULL AND upn IS NOT NULL AND day IS NOT NULL
  AND session IN ('AM', 'PM') AND code IS NOT NULL
"""


class _Problems:
    """Problems found so far: the first MAX_REPORTED messages and the total."""

    def __init__(self, where: str, malformed: list[tuple[int, str]]):
        self.where = where
        self.found: list[tuple[int, str]] = list(malformed[:MAX_REPORTED])
        self.total = len(malformed)

    def add_rows(self, con: _Connection, register: Register) -> None:
        con.sql(_PROBLEM_ROWS)
        if not con.value("SELECT count(*) FROM problem_rows"):
            return
        con.read_schools_and_pupils(register)
        con.sql(_DIAGNOSED)
        count = con.value("SELECT sum(len(kinds)) FROM diagnosed")
        first = con.sql(
            "SELECT line, urn, day, code, urn_text, date_text, session_text, kinds "  # _Diagnosed
            "FROM diagnosed ORDER BY line LIMIT $limit",
            {"limit": MAX_REPORTED},
        ).fetchall()
        self._add(
            [
                (row.line, _describe(kind, row, register))
                for row in map(_Diagnosed._make, first)
                for kind in row.kinds
            ],
            count,
        )

    def add_conflicts(self, rows: np.ndarray, earlier: np.ndarray, lines: np.ndarray) -> None:
        self._add(
            [
                (
                    int(line),
                    f"a different code for the same pupil and session as {self.where} "
                    f"{int(earlier_line)}",
                )
                for line, earlier_line in zip(
                    lines[rows[:MAX_REPORTED]], lines[earlier[:MAX_REPORTED]], strict=True
                )
            ],
            len(rows),
        )

    def refusal(self) -> InvalidMarksFile:
        first = sorted(self.found, key=lambda problem: problem[0])[:MAX_REPORTED]
        return InvalidMarksFile(
            [f"{self.where} {line}: {message}" for line, message in first], self.total
        )

    def _add(self, found: list[tuple[int, str]], count: int) -> None:
        self.found += found
        self.total += count


class _Diagnosed(NamedTuple):
    """A line with problems, as the `diagnosed` table has it (never its UPN)."""

    line: int
    urn: int | None
    day: date | None
    code: str | None
    urn_text: str | None
    date_text: str | None
    session_text: str | None
    kinds: list[str]


def _describe(kind: str, row: _Diagnosed, register: Register) -> str:
    match kind:
        case "urn":
            return _bad("URN", row.urn_text, "six digits")
        case "school":
            return register.unknown_school.format(urn=row.urn)
        case "upn":
            return "missing UPN"
        case "pupil":
            return register.unknown_pupil
        case "date":
            return _bad("date", row.date_text, "YYYY-MM-DD")
        case "session":
            return _bad("session", row.session_text, "AM or PM")
        case "code" if row.code is None:
            return _bad("code", row.code, "`-` for no mark")
        case "code":
            # A code that is unknown is unknown on any day: the change-over stands in.
            return codes.validate(row.code, row.day or codes.CHANGE_OVER)
        case "enrolment":
            return (
                f"mark on {row.day.isoformat()} is outside the pupil's enrolment at URN "
                f"{row.urn} (no enrolment there covers that date)"
            )
    raise ValueError(kind)


def _bad(what: str, value: str | None, expected: str) -> str:
    if value is None:
        return f"missing {what} (expected {expected})"
    return f"bad {what} {value!r} (expected {expected})"


def _keyed_marks(con: _Connection, sent: pa.Table, *, clean: bool) -> tuple[pa.Table, np.ndarray]:
    """The marks the store can take (every one, in a clean file) and the line of each."""
    if clean and _is_typed(sent.schema):
        # The fast read typed them already; copying them out of DuckDB costs a second a 10M.
        keyed = sent.set_column(
            COLUMNS.index("session"), "session", pc.ascii_upper(sent["session"])
        )
    else:
        keyed = con.db.sql(_KEYED).to_arrow_table()
    return keyed.drop_columns(["line"]), keyed["line"].to_numpy()


def _code_validity() -> pa.Table:
    """Each code with the first and last day it can be recorded (open ends filled in), and
    `-`, which is not a code but may be sent on any day."""
    rows = [*codes.code_validity_rows(), (codes.NO_MARK, None, None)]
    return pa.table(
        {
            "code": pa.array([code for code, _, _ in rows], pa.string()),
            "valid_from": pa.array([start or date.min for _, start, _ in rows], pa.date32()),
            "valid_to": pa.array([end or _NEVER for _, _, end in rows], pa.date32()),
        }
    )
