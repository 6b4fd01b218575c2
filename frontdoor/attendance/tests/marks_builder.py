"""Small registers written by hand for the measure tests: a pupil's marks as a string of codes,
one per session from a start date, school days only (weekends skipped)."""

from datetime import date, timedelta

import pyarrow as pa

from frontdoor.analytics import engine


def sessions(start: date, codes: str | list[str]):
    """(date, session, code) for each code, AM then PM, Monday to Friday from `start`."""
    sequence = list(codes) if isinstance(codes, str) else codes
    day, half = start, 0
    while day.weekday() > 4:
        day += timedelta(days=1)
    for code in sequence:
        yield day, ("AM", "PM")[half], code
        half ^= 1
        if half == 0:
            day += timedelta(days=1)
            while day.weekday() > 4:
                day += timedelta(days=1)


def marks_table(registers: dict[tuple[int, str], list[tuple[date, str | list[str]]]]):
    """{(urn, upn): [(start, codes), …]} as an Ibis table of marks."""
    rows = {"urn": [], "upn": [], "date": [], "session": [], "code": []}
    for (urn, upn), runs in registers.items():
        for start, codes in runs:
            for day, session, code in sessions(start, codes):
                for column, value in zip(rows, (urn, upn, day, session, code), strict=True):
                    rows[column].append(value)
    arrow = pa.table(rows).cast(
        pa.schema(
            [
                ("urn", pa.int32()),
                ("upn", pa.string()),
                ("date", pa.date32()),
                ("session", pa.string()),
                ("code", pa.string()),
            ]
        )
    )
    return engine.table("marks", arrow)


def enrolments_table(rows: list[dict]):
    """Enrolments with defaults: admitted 1 September 2024, on roll, Year 5."""
    full = [
        {
            "urn": row["urn"],
            "upn": row["upn"],
            "admission_date": row.get("admission_date", date(2024, 9, 1)),
            "leaving_date": row.get("leaving_date"),
            "nc_year": row.get("nc_year", 5),
            **{k: v for k, v in row.items() if k not in {"urn", "upn"}},
        }
        for row in rows
    ]
    arrow = pa.Table.from_pylist(full)
    arrow = arrow.set_column(
        arrow.column_names.index("urn"), "urn", arrow.column("urn").cast(pa.int32())
    )
    arrow = arrow.set_column(
        arrow.column_names.index("leaving_date"),
        "leaving_date",
        arrow.column("leaving_date").cast(pa.date32()),
    )
    return engine.table("enrolments", arrow)
