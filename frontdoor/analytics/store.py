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
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
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
        return json.loads((self.root / MANIFESTS / f"{_version_name(version)}.json").read_text())

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
    `publish`. Made by `MarksStore.writer`, which holds the store's lock meanwhile."""

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
        self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)

    def add(self, marks: pa.Table, *, refuse_conflicts: bool = False) -> MergeCounts:
        """Merge a batch into the partitions it touches. With `refuse_conflicts`, a batch that
        gives two codes for one pupil-session raises ConflictingMarks before any file is
        written; otherwise the later row wins."""
        marks = conform(marks)
        groups = list(partition_rows(marks))
        merges = list(self._pool.map(lambda group: self._merge(marks, *group), groups))
        if refuse_conflicts:
            rows, earlier = _in_row_order(self._pool.map(_Merge.conflicts, merges))
            if len(rows):
                raise ConflictingMarks(rows, earlier)
        changed = [merge for merge in merges if merge.counts.changed]
        for partition in self._pool.map(self._write, changed):
            self._partitions[(partition.academic_year, partition.urn)] = partition
            self._written.add((partition.academic_year, partition.urn))
        counts = sum((merge.counts for merge in merges), MergeCounts())
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

    def _merge(self, batch: pa.Table, academic_year: int, urn: int, rows: np.ndarray) -> "_Merge":
        current = self._partitions.get((academic_year, urn))
        stored = None
        if current is not None:
            stored = pq.read_table(
                self.store.root / current.path, partitioning=None, use_threads=False
            )
        return _Merge(stored, batch, rows, academic_year, urn)

    def _write(self, merge: "_Merge") -> Partition:
        name = _version_name(self.version)
        path = f"academic_year={merge.academic_year}/urn={merge.urn:06d}/{name}.parquet"
        table = merge.table()
        _write_parquet(table, self.store.root / path)
        return Partition(merge.academic_year, merge.urn, path, table.num_rows)


def conform(marks: pa.Table) -> pa.Table:
    """The marks in the store's schema, in one chunk; refuses incomplete marks."""
    missing = [name for name in MARKS_SCHEMA.names if name not in marks.column_names]
    if missing:
        raise ValueError(f"Marks need the columns {', '.join(missing)}.")
    marks = marks.select(MARKS_SCHEMA.names).cast(MARKS_SCHEMA).combine_chunks()
    if any(column.null_count for column in marks.columns):
        raise ValueError("Every mark needs a URN, UPN, date, session and code.")
    if marks.num_rows and pc.min(marks["urn"]).as_py() < 1:
        raise ValueError("URNs are positive numbers.")
    sessions = marks["session"]
    known = pc.sum(pc.equal(sessions, "AM")).as_py() or 0
    known += pc.sum(pc.equal(sessions, "PM")).as_py() or 0
    if known != marks.num_rows:
        raise ValueError("Sessions are AM or PM.")
    return marks


def conflicting_marks(marks: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """(rows, earlier_rows) as ConflictingMarks has them, without a store: for reporting every
    problem in a file at once."""
    marks = conform(marks)
    return _in_row_order(
        _Merge(None, marks, rows, academic_year, urn).conflicts()
        for academic_year, urn, rows in partition_rows(marks)
    )


def partition_rows(marks: pa.Table) -> Iterator[tuple[int, int, np.ndarray]]:
    """(academic year, urn, row positions in batch order) for each partition the marks touch."""
    if not marks.num_rows:
        return
    keys = academic_years(_days(marks["date"])) << 32 | marks["urn"].to_numpy()
    encoded = pc.dictionary_encode(pa.array(keys))
    ids, partitions = encoded.indices.to_numpy(), encoded.dictionary.to_numpy()
    # Stable, so each partition keeps its rows in batch order; numpy radix-sorts 16-bit keys.
    sortable = ids.astype(np.uint16) if len(partitions) <= 1 << 16 else ids
    order = np.argsort(sortable, kind="stable")
    sizes = np.bincount(ids, minlength=len(partitions))
    ends = np.cumsum(sizes)
    for key, start, end in zip(partitions, ends - sizes, ends, strict=True):
        yield int(key >> 32), int(key & 0xFFFFFFFF), order[start:end]


def academic_years(days: np.ndarray) -> np.ndarray:
    """`core.calendar.academic_year_of` for days since 1970, asked once per distinct day."""
    distinct = np.sort(pc.unique(pa.array(days)).to_numpy())
    years = [academic_year_of(_EPOCH + timedelta(days=int(day))) for day in distinct]
    return np.array(years, np.int64)[np.searchsorted(distinct, days)]


def _days(dates: pa.ChunkedArray) -> np.ndarray:
    return pc.cast(dates, pa.int32()).to_numpy().astype(np.int64)


class _Merge:
    """One partition's stored marks and a batch's `rows` for it, in pupil-session order.

    The sort is stable over stored-then-incoming rows, so in each pupil-session's run the
    stored row (if any) comes first and the incoming rows follow in batch order: the last row
    of a run is the one that stands."""

    def __init__(
        self,
        stored: pa.Table | None,
        batch: pa.Table,
        rows: np.ndarray,
        academic_year: int,
        urn: int,
    ):
        self.academic_year, self.urn, self.rows = academic_year, urn, rows
        self.n_stored = 0 if stored is None else stored.num_rows
        incoming = batch.take(rows)
        combined = incoming if stored is None else pa.concat_tables([stored, incoming])
        self.combined = combined.combine_chunks()
        keys = _session_keys(self.combined, academic_year)
        self.order = np.argsort(keys, kind="stable")
        keys = keys[self.order]
        run_starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        self.starts = np.concatenate(([0], run_starts))
        self.ends = np.concatenate((run_starts - 1, [len(keys) - 1]))
        self.counts = self._count()

    def _count(self) -> MergeCounts:
        first, last = self.order[self.starts], self.order[self.ends]
        sent = last >= self.n_stored
        resent = sent & (first < self.n_stored)
        codes = self.combined["code"]
        same = pc.equal(codes.take(first[resent]), codes.take(last[resent]))
        unchanged = pc.sum(same).as_py() or 0
        resent_count = int(np.count_nonzero(resent))
        return MergeCounts(
            added=int(np.count_nonzero(sent)) - resent_count,
            replaced=resent_count - unchanged,
            unchanged=unchanged,
        )

    def table(self) -> pa.Table:
        standing = self.order[self.ends]
        if np.array_equal(standing, np.arange(self.combined.num_rows)):
            return self.combined  # sent in order, one row a pupil-session: no copy needed
        return self.combined.take(standing)

    def conflicts(self) -> tuple[np.ndarray, np.ndarray]:
        """(later, earlier) batch positions: each incoming row whose code differs from that
        of the first incoming row for the same pupil-session."""
        run_lengths = self.ends - self.starts + 1
        first_stored = self.order[self.starts] < self.n_stored
        # A run whose only row is stored points past its end; such runs have no incoming rows.
        first_sent = self.order[np.minimum(self.starts + first_stored, self.ends)]
        earlier = np.repeat(first_sent, run_lengths)
        # Only rows that share their pupil-session with another incoming row can disagree.
        shared = np.repeat(run_lengths - first_stored > 1, run_lengths)
        candidates = np.flatnonzero(shared & (self.order >= self.n_stored))
        later, earlier = self.order[candidates], earlier[candidates]
        codes = self.combined["code"]
        differs = ~pc.equal(codes.take(later), codes.take(earlier)).to_numpy()
        return self.rows[later[differs] - self.n_stored], self.rows[
            earlier[differs] - self.n_stored
        ]


_SESSION_BITS = 1
_DAY_BITS = 9  # the day of the academic year, 0 to 365


def _session_keys(marks: pa.Table, academic_year: int) -> np.ndarray:
    """An int64 per mark that sorts as (upn, date, session) does within one academic year:
    numpy sorts integers several times quicker than Arrow sorts strings."""
    upns = pc.dictionary_encode(marks["upn"].combine_chunks())
    rank = np.empty(len(upns.dictionary), np.int64)
    rank[pc.sort_indices(upns.dictionary).to_numpy()] = np.arange(len(upns.dictionary))
    first_day = (academic_year_start(academic_year) - _EPOCH).days
    day = _days(marks["date"]) - first_day
    pm = pc.equal(marks["session"], "PM").to_numpy().astype(np.int64)
    return rank[upns.indices.to_numpy()] << (_DAY_BITS + _SESSION_BITS) | day << _SESSION_BITS | pm


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


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
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
