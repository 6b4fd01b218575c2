"""Reading a few rows out of a large Parquet file: only the row groups whose statistics can hold
the values asked for. The marks store's files are sorted by pupil and the summaries by school,
so a child's record reads one or two groups instead of a school's or the county's whole file."""

from collections.abc import Collection, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def rows_where(path: Path, column: str, values: Collection, columns: Sequence[str]) -> pa.Table:
    """The rows whose `column` is one of `values`, with `columns` (and `column`)."""
    file = pq.ParquetFile(path)
    index = file.schema_arrow.get_field_index(column)
    wanted = sorted(values)
    groups = [
        i
        for i in range(file.metadata.num_row_groups)
        if _may_hold(file.metadata.row_group(i).column(index).statistics, wanted)
    ]
    table = file.read_row_groups(groups, columns=list(dict.fromkeys([*columns, column])))
    kind = table.schema.field(column).type
    return table.filter(pc.is_in(table[column], value_set=pa.array(wanted, type=kind)))


def _may_hold(statistics, values: list) -> bool:
    if statistics is None or not statistics.has_min_max:
        return True
    return any(statistics.min <= value <= statistics.max for value in values)
