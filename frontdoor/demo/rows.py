"""Writing many rows at once, for the demo county's big tables."""

from collections.abc import Callable, Sequence

from django.db import connection

BATCH = 5000


def rows_insert(
    model,
    fields: Sequence[str],
    rows: list[tuple],
    stage: str,
    progress: Callable[[str, int, int], None],
) -> None:
    """INSERT `rows` (values for `fields`, already adapted for the database) with
    `executemany`, BATCH rows at a time. For the big tables only (pupils, enrolments,
    characteristic periods, and the Front Door's year): it writes several times faster than
    `bulk_create`, whose per-field preparation of every model instance is most of its time
    (bench/README.md has the figures), and it leaves alone what a model's save would set (the
    Front Door's records keep the times they were made). (One multi-row INSERT per batch was
    slower still on both SQLite and PostgreSQL.)"""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Identifiers come from the model's metadata, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(sql, batch)
            progress(stage, start + len(batch), len(rows))
