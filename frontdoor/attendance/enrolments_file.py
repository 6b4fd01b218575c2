"""Reading a file of enrolments (`urn,upn,admission_date,leaving_date,nc_year`) for the measures
command, checking every line before anything uses it (marks are checked by `marks_check`).

The file is read with Arrow (in file order, every column as text) and checked in DuckDB. Problems
carry the line they are on (the header is line 1; for Parquet, rows count from 1) and never echo a
UPN, which is personal data."""

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ENROLMENT_COLUMNS = ("urn", "upn", "admission_date", "leaving_date", "nc_year")
MAX_REPORTED = 50


class BadFile(Exception):
    """The file cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__("\n".join(problems))

    def report(self) -> str:
        lines = list(self.problems[:MAX_REPORTED])
        if self.total > len(lines):
            lines.append(f"… and {self.total - len(lines)} more problems ({self.total} in all).")
        return "\n".join(lines)


def _where(path: Path) -> str:
    return "row" if path.suffix.lower() == ".parquet" else "line"


def read_text_table(path: Path, required: tuple[str, ...], optional=()) -> pa.Table:
    """The file as text columns plus `_line`, after checking its header."""
    path = Path(path)
    if not path.exists():
        raise BadFile([f"{path}: no such file"])
    if path.suffix.lower() == ".parquet":
        table = pq.read_table(path)
        table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
        first_line = 1
    else:
        try:
            table = pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(block_size=64 << 20),
                convert_options=pacsv.ConvertOptions(
                    column_types=_all_text(path), strings_can_be_null=False
                ),
            )
        except pa.ArrowInvalid as error:
            raise BadFile([f"{path.name}: cannot be read as CSV ({error})"]) from None
        first_line = 2
    columns = [name.strip().lower() for name in table.column_names]
    missing = [name for name in required if name not in columns]
    extra = [name for name in columns if name not in required and name not in optional]
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"line 1: missing column(s): {', '.join(missing)}")
        if extra:
            problems.append(f"line 1: unexpected column(s): {', '.join(extra)}")
        problems.append(f"line 1: the columns must be {','.join(required)}")
        raise BadFile(problems)
    table = table.rename_columns(columns)
    lines = pa.array(range(first_line, first_line + table.num_rows), pa.int64())
    return table.append_column("_line", lines)


def _all_text(path: Path) -> dict[str, pa.DataType]:
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        header = handle.readline().rstrip("\r\n").split(",")
    return {name: pa.string() for name in header}


def _problems(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[int, str]]:
    return [(int(line), reason) for line, reason in con.execute(sql).fetchall()]


def _raise_if_any(path: Path, found: list[tuple[int, str]]) -> None:
    if found:
        found.sort()
        where = _where(path)
        raise BadFile([f"{where} {line}: {reason}" for line, reason in found], total=len(found))


def check_enrolments(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Every enrolment's URN, dates and NC year; leaving not before admission; no overlapping
    enrolments of one pupil at one school."""
    raw = read_text_table(path, ENROLMENT_COLUMNS)
    con = con or duckdb.connect()
    con.register("raw_enrolments", raw)
    con.execute(
        """
        create or replace temp table typed_enrolments as
        select _line,
               try_cast(trim(urn) as integer) as urn,
               trim(upn) as upn,
               try_cast(trim(admission_date) as date) as admission_date,
               try_cast(nullif(trim(leaving_date), '') as date) as leaving_date,
               try_cast(trim(nc_year) as integer) as nc_year,
               trim(urn) as urn_text, trim(admission_date) as admission_text,
               trim(leaving_date) as leaving_text, trim(nc_year) as nc_year_text
        from raw_enrolments
        """
    )
    found = _problems(
        con,
        r"""
        select _line, case
            when urn is null or urn <= 0 then 'URN "' || urn_text || '" is not a number'
            when upn = '' then 'UPN is empty'
            when admission_date is null
                 or not regexp_full_match(admission_text, '\d{4}-\d{2}-\d{2}')
                then 'admission_date "' || admission_text || '" is not a date (YYYY-MM-DD)'
            when leaving_text <> '' and (leaving_date is null
                 or not regexp_full_match(leaving_text, '\d{4}-\d{2}-\d{2}'))
                then 'leaving_date "' || leaving_text || '" is not a date (YYYY-MM-DD)'
            when leaving_date < admission_date then 'leaving_date is before admission_date'
            when nc_year is null or nc_year < -2 or nc_year > 14
                then 'nc_year "' || nc_year_text || '" must be a whole number from -2 to 14'
        end as reason
        from typed_enrolments where reason is not null
        """,
    )
    found += _problems(
        con,
        """
        select b._line, 'overlaps the enrolment of the same pupil at the same school on line '
                        || a._line
        from typed_enrolments a join typed_enrolments b
          on a.urn = b.urn and a.upn = b.upn and a._line < b._line
         and b.admission_date <= coalesce(a.leaving_date, date '9999-12-31')
         and a.admission_date <= coalesce(b.leaving_date, date '9999-12-31')
        """,
    )
    _raise_if_any(path, found)
    return con.sql(
        """select _line, urn, upn, admission_date, leaving_date, nc_year
           from typed_enrolments order by _line"""
    ).to_arrow_table()
