"""The register marks store: Parquet files per academic year and school, versioned by manifests.

    root/
      CURRENT                                  the published version, e.g. `v000004`
      _manifests/v000004.json                  that version's partition files, its parent,
                                               source and counts
      academic_year=2024/urn=118234/v000004.parquet

A commit merges incoming marks into each partition they touch (a later mark for the same urn,
upn, date and session replaces the earlier one), writes each changed partition as a new file and
fsyncs it, writes the manifest and only then replaces CURRENT (os.replace, atomic). Readers read
CURRENT and a manifest and never lock; a crash at any point leaves CURRENT naming a complete
version. Files that no manifest names are orphans of a crashed commit: harmless, and `vacuum`
deletes them. See docs/adr/0005.

Each file holds every column, urn included. DuckDB's read_parquet also reads the directory names
(hive partitioning: an `academic_year` column, and urn as BIGINT); pyarrow must be told not to
(`partitioning=None`), which `read` does.
"""

import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings

from frontdoor.core.calendar import academic_year_of, academic_year_start

MARKS_SCHEMA = pa.schema(
    [
        ("urn", pa.int32()),
        ("upn", pa.string()),
        ("date", pa.date32()),
        ("session", pa.string()),
        ("code", pa.string()),
    ]
)
CURRENT = "CURRENT"
MANIFESTS = "_manifests"
LOCK = "_lock"
_EPOCH = date(1970, 1, 1)


class UnknownVersion(LookupError):
    pass


class ConflictingMarks(ValueError):
    """A batch gave two different codes for one pupil-session. `rows` are the positions in the
    batch of the rows that disagree with an earlier row, `earlier_rows` of that earlier row."""

    def __init__(self, rows: np.ndarray, earlier_rows: np.ndarray):
        self.rows, self.earlier_rows = rows, earlier_rows
        super().__init__(f"{len(rows)} marks contradict an earlier mark in the same batch.")


@dataclass(frozen=True)
class Partition:
    academic_year: int
    urn: int
    path: str  # relative to the store's root
    marks: int


@dataclass(frozen=True)
class MergeCounts:
    """Pupil-sessions sent, by what they did to the store. A pupil-session sent twice in one
    batch counts once; sent in two batches of one writer, once in each."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def __add__(self, other: "MergeCounts") -> "MergeCounts":
        return MergeCounts(
            self.added + other.added,
            self.replaced + other.replaced,
            self.unchanged + other.unchanged,
        )

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


@dataclass(frozen=True)
class CommitResult:
    version: int
    added: int
    replaced: int
    unchanged: int
    partitions_written: int


class MarksStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    @property
    def version(self) -> int:
        """The published version; 0 for a store nothing has been committed to."""
        try:
            return _version_number((self.root / CURRENT).read_text().strip())
        except FileNotFoundError:
            return 0

    def manifest(self, version: int | None = None) -> dict:
        current = self.version
        version = current if version is None else version
        if version == 0:
            return {"version": 0, "parent": None, "partitions": []}
        # A manifest above CURRENT belongs to a commit that never finished.
        if not 0 < version <= current:
            raise UnknownVersion(f"The marks store has no version {version}.")
        path = self.root / MANIFESTS / f"{_version_name(version)}.json"
        stat = path.stat()
        return _manifest_read(str(path), stat.st_mtime_ns, stat.st_size)

    def partitions(
        self, version: int | None = None, academic_years: Iterable[int] | None = None
    ) -> list[Partition]:
        wanted = None if academic_years is None else set(academic_years)
        return [
            partition
            for partition in map(_partition_from_json, self.manifest(version)["partitions"])
            if wanted is None or partition.academic_year in wanted
        ]

    def files(
        self, version: int | None = None, academic_years: Iterable[int] | None = None
    ) -> list[Path]:
        """The Parquet files of a version (the published one by default), in academic year and
        URN order."""
        return [self.root / p.path for p in self.partitions(version, academic_years)]

    def read(
        self, version: int | None = None, academic_years: Iterable[int] | None = None
    ) -> pa.Table:
        """The marks of a version as one Arrow table (for small stores and tests; the measures
        scan `files` instead)."""
        files = self.files(version, academic_years)
        if not files:
            return MARKS_SCHEMA.empty_table()
        return pq.read_table(files, partitioning=None, schema=MARKS_SCHEMA)

    def commit(
        self, marks: pa.Table, *, source: str, refuse_conflicts: bool = False
    ) -> CommitResult | None:
        """Merge one table of marks as one version; None when no mark changed."""
        with self.writer(source=source) as writer:
            writer.add(marks, refuse_conflicts=refuse_conflicts)
        return writer.result

    @contextmanager
    def writer(self, *, source: str) -> Iterator["MarksWriter"]:
        """Many batches, one version, published when the block ends without an exception."""
        with self._exclusive_lock():
            writer = MarksWriter(self, source=source, parent=self.manifest())
            try:
                yield writer
            finally:
                writer.close()
            writer.publish()

    def vacuum(self) -> int:
        """Delete the files no manifest names (left by crashed commits); returns how many."""
        with self._exclusive_lock():
            current = self.version
            named = {p.path for version in range(1, current + 1) for p in self.partitions(version)}
            orphans = [
                path
                for path in self.root.glob("academic_year=*/urn=*/*")
                if path.relative_to(self.root).as_posix() not in named
            ]
            orphans += [
                path
                for path in (self.root / MANIFESTS).iterdir()
                if path.suffix != ".json" or _version_number(path.stem) > current
            ]
            for path in orphans:
                path.unlink()
            return len(orphans)

    @contextmanager
    def _exclusive_lock(self) -> Iterator[None]:
        (self.root / MANIFESTS).mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def default_store() -> MarksStore:
    return MarksStore(settings.FRONTDOOR_MARKS_STORE)


class MarksWriter:
    """Stages one version: `add` writes merged partition files that no reader sees until
    `publish`. Made by `MarksStore.writer`, which holds the store's lock meanwhile.
    Partitions are merged and written on a thread a core (Arrow and numpy release the GIL)."""

    def __init__(self, store: MarksStore, *, source: str, parent: dict):
        self.store = store
        self.source = source
        self.parent = parent["version"]
        self.version = self.parent + 1
        self.result: CommitResult | None = None
        self._partitions = {
            (p.academic_year, p.urn): p for p in map(_partition_from_json, parent["partitions"])
        }
        self._written: set[tuple[int, int]] = set()
        self._counts = MergeCounts()
        self._pool = _threads()

    def add(self, marks: pa.Table, *, refuse_conflicts: bool = False) -> MergeCounts:
        """Merge a batch into the partitions it touches. With `refuse_conflicts`, a batch that
        gives two codes for one pupil-session raises ConflictingMarks before any file is
        written; otherwise the later row wins."""
        batch = _Batch(marks, self._pool)
        if refuse_conflicts:
            rows, earlier = _in_row_order(self._pool.map(batch.conflicts, batch.partitions))
            if len(rows):
                raise ConflictingMarks(rows, earlier)
        counts = MergeCounts()
        for partition, partition_counts in self._pool.map(
            lambda partition: self._merge_and_write(batch, partition), batch.partitions
        ):
            counts += partition_counts
            if partition is not None:
                self._partitions[(partition.academic_year, partition.urn)] = partition
                self._written.add((partition.academic_year, partition.urn))
        self._counts += counts
        return counts

    def close(self) -> None:
        self._pool.shutdown()

    def publish(self) -> None:
        if not self._written:
            return
        root = self.store.root
        for directory in _directories_to_sync(root, self._written):
            _fsync(directory)
        partitions = sorted(self._partitions.values(), key=lambda p: (p.academic_year, p.urn))
        counts = self._counts
        result = CommitResult(
            self.version, counts.added, counts.replaced, counts.unchanged, len(self._written)
        )
        manifest = {
            **asdict(result),
            "parent": self.parent,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": self.source,
            "marks": sum(p.marks for p in partitions),
            "partitions": [asdict(p) for p in partitions],
        }
        name = _version_name(self.version)
        _write_atomically(root / MANIFESTS / f"{name}.json", json.dumps(manifest, indent=1))
        _write_atomically(root / CURRENT, name + "\n")
        self.result = result

    def _merge_and_write(
        self, batch: "_Batch", group: "_Group"
    ) -> tuple[Partition | None, MergeCounts]:
        """Merge one partition's incoming marks into its stored file; write it if changed."""
        current = self._partitions.get((group.academic_year, group.urn))
        stored = None
        if current is not None:
            stored = pq.read_table(
                self.store.root / current.path, partitioning=None, use_threads=False
            )
        table, counts = _merged(stored, batch.table(group), group.academic_year)
        if not counts.changed:
            return None, counts
        name = _version_name(self.version)
        path = f"academic_year={group.academic_year}/urn={group.urn:06d}/{name}.parquet"
        _write_parquet(table, self.store.root / path)
        return Partition(group.academic_year, group.urn, path, table.num_rows), counts


def conform(marks: pa.Table) -> pa.Table:
    """The marks in the store's schema; refuses incomplete marks."""
    missing = [name for name in MARKS_SCHEMA.names if name not in marks.column_names]
    if missing:
        raise ValueError(f"Marks need the columns {', '.join(missing)}.")
    marks = marks.select(MARKS_SCHEMA.names).cast(MARKS_SCHEMA)
    if any(column.null_count for column in marks.columns):
        raise ValueError("Every mark needs a URN, UPN, date, session and code.")
    if marks.num_rows and pc.min(marks["urn"]).as_py() < 1:
        raise ValueError("URNs are positive numbers.")
    return marks


def conflicting_marks(marks: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """(rows, earlier_rows) as ConflictingMarks has them, without a store: for reporting every
    problem in a file at once."""
    with _threads() as pool:
        batch = _Batch(marks, pool)
        return _in_row_order(pool.map(batch.conflicts, batch.partitions))


@dataclass(frozen=True)
class _Group:
    """One partition's rows in a _Batch: positions start to end in its grouped arrays."""

    academic_year: int
    urn: int
    start: int
    end: int


class _Batch:
    """A batch grouped by partition, each mark packed in one int64: the UPN's id among the
    batch's distinct UPNs, the code's id likewise, and its slot (day of the academic year and
    session).

    Grouping gathers one array of integers, never strings: on a county's 85 million marks,
    gathering the strings across gigabytes of memory was ten times slower, and each gathered
    array costs seconds. A partition's rows become strings again, from the small arrays of
    distinct values, only as it is merged."""

    def __init__(self, marks: pa.Table, pool: Executor):
        marks = conform(marks)
        # The two slowest steps, hashing every UPN and every code, run side by side.
        upns, codes = pool.submit(_encode, marks["upn"]), pool.submit(_encode, marks["code"])
        (upn_ids, self.upns), (code_ids, self.codes) = upns.result(), codes.result()
        if len(self.codes) >= 1 << _CODE_BITS:
            raise ValueError("A batch holds at most 65,535 different codes.")
        pm = pc.equal(marks["session"], "PM")
        if not pc.all(pc.or_(pm, pc.equal(marks["session"], "AM")), min_count=0).as_py():
            raise ValueError("Sessions are AM or PM.")
        years, days_of_year = academic_year_and_day(_days(marks["date"]))
        packed = upn_ids.astype(np.int64) << (_CODE_BITS + _SLOT_BITS)
        packed |= code_ids.astype(np.int64) << _SLOT_BITS | days_of_year << 1 | pm.to_numpy()
        urns = marks["urn"].to_numpy()
        partition_ids, keys = _encode(pa.chunked_array([years.astype(np.int64) << 32 | urns]))
        # Arrow sorts small integers by counting: in linear time, and stably, so that each
        # partition keeps its rows in batch order (the later of two marks wins).
        self.rows = pc.sort_indices(pa.array(partition_ids)).to_numpy()
        self.packed = packed[self.rows]
        sizes = np.bincount(partition_ids, minlength=len(keys))
        ends = np.cumsum(sizes)
        self.partitions = [
            _Group(int(key >> 32), int(key & 0xFFFFFFFF), int(end - size), int(end))
            for key, size, end in zip(keys.to_numpy(), sizes, ends, strict=True)
        ]

    @cached_property
    def upn_ranks(self) -> np.ndarray:
        """Each UPN id's place in UPN order."""
        return _ranks(self.upns)

    def table(self, group: _Group) -> pa.Table:
        """The partition's marks as the store holds them: in upn, date, session order, one
        a pupil-session (the last the batch sent). Strings are gathered only here, from the
        small arrays of distinct values."""
        upn_ids, code_ids, slots, runs = self._sorted(group)
        standing = runs.order[runs.ends]
        upn_ids, code_ids, slots = upn_ids[standing], code_ids[standing], slots[standing]
        days = _first_day(group.academic_year) + (slots >> 1)
        return pa.table(
            {
                "urn": pa.array(np.full(len(slots), group.urn, np.int32)),
                "upn": self.upns.take(pa.array(upn_ids)),
                "date": pa.array(days.astype(np.int32)).cast(pa.date32()),
                "session": pc.if_else(pa.array((slots & 1).astype(bool)), "PM", "AM"),
                "code": self.codes.take(pa.array(code_ids)),
            },
            schema=MARKS_SCHEMA,
        )

    def conflicts(self, group: _Group) -> tuple[np.ndarray, np.ndarray]:
        """(rows, earlier_rows) in the batch: each row whose code differs from that of the
        first row for the same pupil-session."""
        _, code_ids, _, runs = self._sorted(group)
        first = np.repeat(runs.order[runs.starts], runs.ends - runs.starts + 1)
        differs = code_ids[runs.order] != code_ids[first]
        rows = self.rows[group.start : group.end]
        return rows[runs.order[differs]], rows[first[differs]]

    def _sorted(self, group: _Group) -> tuple[np.ndarray, np.ndarray, np.ndarray, "_Runs"]:
        """A partition's UPN ids, code ids and slots, in batch order, and their runs in
        pupil-session order."""
        packed = self.packed[group.start : group.end]
        upn_ids = packed >> (_CODE_BITS + _SLOT_BITS)
        slots = packed & (1 << _SLOT_BITS) - 1
        code_ids = packed >> _SLOT_BITS & (1 << _CODE_BITS) - 1
        return upn_ids, code_ids, slots, _Runs(_session_keys(self.upn_ranks[upn_ids], slots))


def academic_year_and_day(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For days since 1970: the academic year (`core.calendar.academic_year_of`) and the day
    within it (1 September is day 0), worked out once for each day from the first to the
    last."""
    if not len(days):
        return days, days
    first = int(days.min())
    years = [
        academic_year_of(_EPOCH + timedelta(days=day)) for day in range(first, int(days.max()) + 1)
    ]
    day_of_year = [first + n - _first_day(year) for n, year in enumerate(years)]
    offsets = days - np.int32(first)
    return np.array(years, np.int32)[offsets], np.array(day_of_year, np.int16)[offsets]


def _encode(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """An integer id for each value, and the distinct values the ids index."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    return encoded.indices.to_numpy(), encoded.dictionary


def _days(dates: pa.ChunkedArray) -> np.ndarray:
    """Days since 1970, as int32: a county's 85 million marks are arrays of hundreds of
    megabytes, and every byte costs time to fill."""
    return pc.cast(dates, pa.int32()).to_numpy()


class _Runs:
    """Rows sorted by key (stably) and where each run of equal keys starts and ends."""

    def __init__(self, keys: np.ndarray):
        self.order = np.argsort(keys, kind="stable")
        keys = keys[self.order]
        run_starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        self.starts = np.concatenate(([0], run_starts))
        self.ends = np.concatenate((run_starts - 1, [len(keys) - 1]))


def _merged(
    stored: pa.Table | None, incoming: pa.Table, academic_year: int
) -> tuple[pa.Table | None, MergeCounts]:
    """A partition's marks after the incoming ones (one a pupil-session, in order, as
    `_Batch.table` gives them) are merged into the stored ones (None if that changes no
    mark), and what changed."""
    if stored is None:
        return incoming, MergeCounts(added=incoming.num_rows)
    combined = pa.concat_tables([stored, incoming]).combine_chunks()
    upn_ids, upns = _encode(combined["upn"])
    days = _days(combined["date"]) - _first_day(academic_year)
    slots = days << 1 | pc.equal(combined["session"], "PM").to_numpy()
    # Stable: where both have a pupil-session, the stored row comes first and the incoming
    # row, the one that stands, last.
    runs = _Runs(_session_keys(_ranks(upns)[upn_ids], slots))
    first, last = runs.order[runs.starts], runs.order[runs.ends]
    resent = first != last
    codes = combined["code"]
    same = pc.equal(codes.take(first[resent]), codes.take(last[resent]))
    unchanged = pc.sum(same).as_py() or 0
    resent_count = int(np.count_nonzero(resent))
    counts = MergeCounts(
        added=incoming.num_rows - resent_count,
        replaced=resent_count - unchanged,
        unchanged=unchanged,
    )
    return (combined.take(last) if counts.changed else None), counts


# Within an academic year a mark's slot is its day of the year and session, day << 1 | PM:
# 10 bits. A code's id among a batch's distinct codes takes 16.
_SLOT_BITS = 10
_CODE_BITS = 16


def _session_keys(upn_ranks: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """An int64 per mark that sorts as (upn, date, session) does within one academic year,
    from each UPN's rank in UPN order: numpy sorts integers several times quicker than Arrow
    sorts strings."""
    return upn_ranks << _SLOT_BITS | slots


def _first_day(academic_year: int) -> int:
    return (academic_year_start(academic_year) - _EPOCH).days


def _ranks(values: pa.Array) -> np.ndarray:
    """Each value's place when the values are sorted."""
    rank = np.empty(len(values), np.int64)
    rank[pc.sort_indices(values).to_numpy()] = np.arange(len(values))
    return rank


def _in_row_order(
    pairs: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    found = list(pairs)
    if not found:
        return np.array([], np.int64), np.array([], np.int64)
    rows = np.concatenate([rows for rows, _ in found])
    earlier = np.concatenate([earlier for _, earlier in found])
    order = np.argsort(rows, kind="stable")
    return rows[order], earlier[order]


def _threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 2)


# Rows are sorted by pupil, so a row group holds about 40 pupils' year: a pupil's record reads
# one group, not the school's whole file, while scans still see large groups.
ROW_GROUP = 16_384


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP)
    _fsync(path)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _directories_to_sync(root: Path, written: Iterable[tuple[int, int]]) -> set[Path]:
    """Each new file's directory and those above it, which may be new too."""
    directories = {root}
    for academic_year, urn in written:
        year = root / f"academic_year={academic_year}"
        directories |= {year, year / f"urn={urn:06d}"}
    return directories


def _partition_from_json(entry: dict) -> Partition:
    return Partition(**entry)


def _version_name(version: int) -> str:
    return f"v{version:06d}"


def _version_number(name: str) -> int:
    return int(name.removeprefix("v"))


@lru_cache(maxsize=16)
def _manifest_read(path: str, mtime_ns: int, size: int) -> dict:
    """A published manifest never changes, so pages need not parse it again (keyed by the
    file's time and size too: a store replaced wholesale reuses version numbers). Callers must
    not change the dict."""
    return json.loads(Path(path).read_text())
