"""Reading a few rows out of a large Parquet file: only the row groups whose statistics can hold
the values asked for. The marks store's files are sorted by pupil and the summaries by school,
so a child's record reads one or two groups instead of a school's or the county's whole file.

A file's footer (its schema and every row group's statistics) is parsed once per process and
kept, keyed by the file's path, size and modification time: the store and the summaries write
new files rather than change old ones, and parsing a wide file's footer costs more than reading
the few rows wanted."""

from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def rows_where(path: Path, column: str, values: Collection, columns: Sequence[str]) -> pa.Table:
    """The rows whose `column` is one of `values`, with `columns` (and `column`)."""
    stat = Path(path).stat()
    metadata, ranges = _footer(str(path), stat.st_mtime_ns, stat.st_size, column)
    wanted = sorted(values)
    groups = [
        i
        for i, bounds in enumerate(ranges)
        if bounds is None or any(bounds[0] <= value <= bounds[1] for value in wanted)
    ]
    file = pq.ParquetFile(path, metadata=metadata)
    table = file.read_row_groups(groups, columns=list(dict.fromkeys([*columns, column])))
    kind = table.schema.field(column).type
    return table.filter(pc.is_in(table[column], value_set=pa.array(wanted, type=kind)))


@lru_cache(maxsize=4096)
def _footer(path: str, mtime_ns: int, size: int, column: str):
    """The file's metadata and, per row group, the (min, max) of `column` (None: unknown)."""
    metadata = pq.read_metadata(path)
    index = metadata.schema.to_arrow_schema().get_field_index(column)
    ranges = []
    for i in range(metadata.num_row_groups):
        statistics = metadata.row_group(i).column(index).statistics
        known = statistics is not None and statistics.has_min_max
        ranges.append((statistics.min, statistics.max) if known else None)
    return metadata, tuple(ranges)
