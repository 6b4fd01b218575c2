"""Reading a file of register marks (`urn,upn,date,session,code`) or of enrolments, checking every
line before anything uses it.

Files are read with Arrow (fast, in file order, every column as text) and checked in DuckDB, so a
county's year of marks is validated in seconds. Problems carry the line they are on (the header is
line 1; for Parquet, rows count from 1) and never echo a UPN, which is personal data."""

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from frontdoor.attendance import codes

MARK_COLUMNS = ("urn", "upn", "date", "session", "code")
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


def check_marks(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Every line's URN, date, session and code, and no two different marks for one
    pupil-session. Returns typed marks with `_line`, or raises BadFile."""
    raw = read_text_table(path, MARK_COLUMNS)
    con = con or duckdb.connect()
    con.register("raw_marks", raw)
    con.register("code_validity", _code_validity())
    con.execute(
        """
        create or replace temp table typed_marks as
        select _line,
               try_cast(trim(urn) as integer) as urn,
               trim(upn) as upn,
               try_cast(trim(date) as date) as date,
               upper(trim(session)) as session,
               upper(trim(code)) as code,
               trim(urn) as urn_text, trim(date) as date_text, trim(code) as code_text
        from raw_marks
        """
    )
    found = _problems(
        con,
        r"""
        select _line, case
            when urn is null or urn <= 0 then 'URN ' || coalesce('"' || urn_text || '"', '')
                 || ' is not a number'
            when upn = '' then 'UPN is empty'
            when not regexp_full_match(date_text, '\d{4}-\d{2}-\d{2}') or date is null
                then 'date "' || date_text || '" is not a date (YYYY-MM-DD)'
            when session not in ('AM', 'PM') then 'session "' || session || '" must be AM or PM'
            when code_text = '' then 'code is empty'
            when v.code is null then 'unknown code "' || code_text || '"'
            when (v.valid_from is not null and date < v.valid_from)
              or (v.valid_to is not null and date > v.valid_to)
                then 'code "' || code_text || '" is not valid on ' || date_text
                     || case when v.valid_from is not null
                             then ' (in force from 19 August 2024)'
                             else ' (in force until 18 August 2024)' end
        end as reason
        from typed_marks left join code_validity v on v.code = typed_marks.code
        where reason is not null
        """,
    )
    found += _problems(
        con,
        """
        select _line, 'a different mark for the same pupil and session is on line '
                      || first_line || ' (' || first_code || ')'
        from (
            select _line, code,
                   first_value(_line) over w as first_line,
                   first_value(code) over w as first_code
            from typed_marks
            where urn is not null and date is not null
            window w as (partition by urn, upn, date, session order by _line)
        ) where code <> first_code
        """,
    )
    _raise_if_any(path, found)
    return con.sql(
        """select _line, urn, upn, date, session, code from typed_marks
           qualify row_number() over (partition by urn, upn, date, session order by _line) = 1
           order by _line"""
    ).to_arrow_table()


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


def marks_outside_enrolments(con: duckdb.DuckDBPyConnection, marks: str, windows: str):
    """(line, reason) for every mark with no enrolment of that pupil at that school on its
    date. `marks` and `windows` name relations with urn, upn, date / admission_date,
    leaving_date."""
    return _problems(
        con,
        f"""
        select m._line, 'mark on ' || strftime(m.date, '%Y-%m-%d')
               || ' is outside the pupil''s enrolment at school ' || m.urn
        from {marks} m
        where not exists (
            select 1 from {windows} e
            where e.urn = m.urn and e.upn = m.upn and e.admission_date <= m.date
              and (e.leaving_date is null or m.date <= e.leaving_date))
        """,  # noqa: S608 (relation names are ours, not input)
    )


def _code_validity() -> pa.Table:
    rows = [*codes.code_validity_rows(), (codes.NO_MARK, None, None)]
    return pa.table(
        {
            "code": [code for code, _, _ in rows],
            "valid_from": pa.array([start for _, start, _ in rows], pa.date32()),
            "valid_to": pa.array([end for _, _, end in rows], pa.date32()),
        }
    )


__all__ = [
    "ENROLMENT_COLUMNS",
    "MARK_COLUMNS",
    "BadFile",
    "check_enrolments",
    "check_marks",
    "marks_outside_enrolments",
]
