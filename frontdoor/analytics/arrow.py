"""Database rows as Arrow tables, for the engine and the pages that read Parquet beside them."""

from collections.abc import Iterable

import pyarrow as pa


def rows_table(rows: Iterable[tuple], schema: dict[str, pa.DataType]) -> pa.Table:
    """`rows` (tuples, as `values_list` gives them) as a table with `schema`'s columns, in
    order, and types; no rows gives an empty table of the same shape."""
    columns = list(zip(*rows, strict=True)) or [()] * len(schema)
    return pa.table(
        {
            name: pa.array(values, kind)
            for (name, kind), values in zip(schema.items(), columns, strict=True)
        }
    )
