"""The marks store: revisions replace, versions stay readable, a commit is all or nothing."""

import fcntl
import tempfile
from datetime import date, timedelta

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from frontdoor.analytics import store as store_module
from frontdoor.analytics.store import (
    MARKS_SCHEMA,
    ConflictingMarks,
    MarksStore,
    UnknownVersion,
    conflicting_marks,
    default_store,
)

SCHOOL, OTHER_SCHOOL = 990001, 990002
MONDAY = date(2024, 9, 2)


def marks(*rows: tuple) -> pa.Table:
    """Rows of (urn, upn, date, session, code)."""
    return pa.Table.from_pylist([dict(zip(MARKS_SCHEMA.names, row, strict=True)) for row in rows])


def as_rows(table: pa.Table) -> list[tuple]:
    return [tuple(mark.values()) for mark in table.to_pylist()]


@pytest.fixture
def store(tmp_path) -> MarksStore:
    return MarksStore(tmp_path / "marks")


def test_an_empty_store_is_version_0(store):
    assert (store.version, store.files()) == (0, [])
    assert store.read().schema == MARKS_SCHEMA


def test_a_commit_writes_one_sorted_file_per_school_and_academic_year(store):
    result = store.commit(
        marks(
            (SCHOOL, "B1", MONDAY, "AM", "/"),
            (SCHOOL, "A1", MONDAY, "PM", "\\"),
            (SCHOOL, "A1", MONDAY, "AM", "/"),
            (SCHOOL, "A1", date(2024, 8, 30), "AM", "#"),  # academic year 2023/24
            (OTHER_SCHOOL, "C1", MONDAY, "AM", "I"),
        ),
        source="test",
    )

    assert result == store_module.CommitResult(
        version=1, added=5, replaced=0, unchanged=0, partitions_written=3
    )
    assert [path.relative_to(store.root).as_posix() for path in store.files()] == [
        "academic_year=2023/urn=990001/v000001.parquet",
        "academic_year=2024/urn=990001/v000001.parquet",
        "academic_year=2024/urn=990002/v000001.parquet",
    ]
    assert as_rows(store.read(academic_years=[2024])) == [
        (SCHOOL, "A1", MONDAY, "AM", "/"),
        (SCHOOL, "A1", MONDAY, "PM", "\\"),
        (SCHOOL, "B1", MONDAY, "AM", "/"),
        (OTHER_SCHOOL, "C1", MONDAY, "AM", "I"),
    ]
    assert store.read().schema == MARKS_SCHEMA
    assert store.manifest()["marks"] == 5


def test_duckdb_reads_the_files_with_their_academic_year(store):
    store.commit(
        marks((SCHOOL, "A1", MONDAY, "AM", "/"), (SCHOOL, "A1", date(2024, 8, 30), "AM", "#")),
        source="t",
    )

    rows = duckdb.execute(
        "SELECT academic_year, urn, upn, date, session, code FROM read_parquet(?) ORDER BY date",
        [[str(path) for path in store.files()]],
    ).fetchall()

    assert rows == [
        (2023, SCHOOL, "A1", date(2024, 8, 30), "AM", "#"),
        (2024, SCHOOL, "A1", MONDAY, "AM", "/"),
    ]


def test_a_later_mark_replaces_the_earlier_and_old_versions_stay_readable(store):
    store.commit(
        marks((SCHOOL, "A1", MONDAY, "AM", "N"), (SCHOOL, "A1", MONDAY, "PM", "N")), source="a"
    )
    other_partition = store.commit(marks((OTHER_SCHOOL, "C1", MONDAY, "AM", "/")), source="b")

    result = store.commit(
        marks(
            (SCHOOL, "A1", MONDAY, "AM", "I"),  # replaces N
            (SCHOOL, "A1", MONDAY, "PM", "N"),  # as stored
            (SCHOOL, "A1", MONDAY + timedelta(days=1), "AM", "/"),  # new
        ),
        source="c",
    )

    assert (result.version, result.added, result.replaced, result.unchanged) == (3, 1, 1, 1)
    assert result.partitions_written == 1
    assert as_rows(store.read(academic_years=[2024]))[:3] == [
        (SCHOOL, "A1", MONDAY, "AM", "I"),
        (SCHOOL, "A1", MONDAY, "PM", "N"),
        (SCHOOL, "A1", MONDAY + timedelta(days=1), "AM", "/"),
    ]
    assert as_rows(store.read(version=1)) == [
        (SCHOOL, "A1", MONDAY, "AM", "N"),
        (SCHOOL, "A1", MONDAY, "PM", "N"),
    ]
    # The untouched school's file is shared by versions 2 and 3, not copied.
    assert store.files(version=2)[1] == store.files()[1]
    assert other_partition.partitions_written == 1
    assert store.manifest(3)["parent"] == 2 and store.manifest(3)["source"] == "c"


def test_within_one_batch_the_later_row_wins(store):
    store.commit(
        marks((SCHOOL, "A1", MONDAY, "AM", "N"), (SCHOOL, "A1", MONDAY, "AM", "I")), source="t"
    )

    assert as_rows(store.read()) == [(SCHOOL, "A1", MONDAY, "AM", "I")]


def test_a_commit_that_changes_nothing_publishes_nothing(store):
    batch = marks((SCHOOL, "A1", MONDAY, "AM", "/"), (SCHOOL, "A1", MONDAY, "PM", "\\"))
    store.commit(batch, source="first")

    assert store.commit(batch, source="again") is None
    assert store.commit(batch.slice(0, 1), source="part") is None
    assert store.version == 1
    assert [p.name for p in (store.root / store_module.MANIFESTS).iterdir()] == ["v000001.json"]


def test_a_writer_publishes_many_batches_as_one_version(store):
    with store.writer(source="demo") as writer:
        writer.add(marks((SCHOOL, "A1", MONDAY, "AM", "/")))
        writer.add(marks((OTHER_SCHOOL, "C1", MONDAY, "AM", "/")))
        writer.add(marks((SCHOOL, "A1", MONDAY, "PM", "\\")))  # the same partition again
        assert store.version == 0  # nothing published until the block ends

    assert (writer.result.version, writer.result.added) == (1, 3)
    assert writer.result.partitions_written == 2
    assert store.read().num_rows == 3


def test_an_exception_in_the_writer_publishes_nothing(store):
    store.commit(marks((SCHOOL, "A1", MONDAY, "AM", "/")), source="first")

    with pytest.raises(RuntimeError), store.writer(source="broken") as writer:
        writer.add(marks((SCHOOL, "A1", MONDAY, "AM", "I")))
        raise RuntimeError("the source went away")

    assert store.version == 1
    assert as_rows(store.read()) == [(SCHOOL, "A1", MONDAY, "AM", "/")]


@pytest.mark.parametrize("crash_writing", [store_module.MANIFESTS, store_module.CURRENT])
def test_a_crash_mid_commit_leaves_the_store_as_it_was(store, monkeypatch, crash_writing):
    store.commit(marks((SCHOOL, "A1", MONDAY, "AM", "N")), source="first")
    before = store.read()
    write_atomically = store_module._write_atomically

    def crash(path, text):
        if crash_writing in path.parts or path.name == crash_writing:
            raise OSError("power cut")
        write_atomically(path, text)

    monkeypatch.setattr(store_module, "_write_atomically", crash)
    with pytest.raises(OSError, match="power cut"):
        store.commit(marks((SCHOOL, "A1", MONDAY, "AM", "I")), source="crashed")
    monkeypatch.undo()

    assert store.version == 1
    assert store.read().equals(before)
    with pytest.raises(UnknownVersion):
        store.files(version=2)
    # The next commit reuses the crashed version's number; vacuum clears what the crash left.
    assert store.commit(marks((SCHOOL, "A1", MONDAY, "AM", "M")), source="next").version == 2
    assert as_rows(store.read()) == [(SCHOOL, "A1", MONDAY, "AM", "M")]
    assert store.vacuum() == 0
    (store.root / "academic_year=2024/urn=990001/v000003.parquet").write_bytes(b"half")
    assert store.vacuum() == 1
    assert store.read(version=1).equals(before)


def test_conflicting_marks_are_refused_before_anything_is_written(store):
    batch = marks(
        (SCHOOL, "A1", MONDAY, "AM", "/"),
        (SCHOOL, "A1", MONDAY, "AM", "/"),  # the same again: fine
        (SCHOOL, "A1", MONDAY, "AM", "I"),
        (OTHER_SCHOOL, "A1", MONDAY, "AM", "D"),  # another school: no conflict
        (SCHOOL, "A1", MONDAY, "AM", "M"),
    )

    with pytest.raises(ConflictingMarks) as refused:
        store.commit(batch, source="t", refuse_conflicts=True)

    assert [list(refused.value.rows), list(refused.value.earlier_rows)] == [[2, 4], [0, 0]]
    assert [list(found) for found in conflicting_marks(batch)] == [[2, 4], [0, 0]]
    assert store.version == 0
    assert not list(store.root.glob("academic_year=*"))


def test_conflicts_against_the_store_are_revisions_not_conflicts(store):
    store.commit(marks((SCHOOL, "A1", MONDAY, "AM", "N")), source="first")

    result = store.commit(
        marks((SCHOOL, "A1", MONDAY, "AM", "I")), source="fix", refuse_conflicts=True
    )

    assert result.replaced == 1


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        (pa.table({"urn": [SCHOOL]}), "Marks need the columns upn, date, session, code."),
        (marks((SCHOOL, None, MONDAY, "AM", "/")), "Every mark needs a URN, UPN"),
        (marks((SCHOOL, "A1", MONDAY, "am", "/")), "Sessions are AM or PM."),
    ],
)
def test_incomplete_marks_are_refused(store, batch, message):
    with pytest.raises(ValueError, match=message):
        store.commit(batch, source="t")


def test_a_second_writer_waits_for_the_first(store):
    with (
        store.writer(source="first"),
        (store.root / store_module.LOCK).open() as handle,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_the_default_store_is_the_configured_one(settings, tmp_path):
    settings.FRONTDOOR_MARKS_STORE = tmp_path / "configured"

    assert default_store().root == tmp_path / "configured"


_mark = st.tuples(
    st.sampled_from([SCHOOL, OTHER_SCHOOL]),
    st.sampled_from(["A1", "B2", "C3"]),
    st.dates(date(2024, 8, 29), date(2024, 9, 3)),  # across an academic year's start
    st.sampled_from(["AM", "PM"]),
    st.sampled_from(["/", "I", "N"]),
)


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_mark, max_size=12), min_size=1, max_size=4))
def test_the_store_holds_the_last_mark_sent_for_each_pupil_session(batches):
    expected: dict[tuple, str] = {}
    with tempfile.TemporaryDirectory() as root:
        store = MarksStore(root)
        for batch in batches:
            result = store.commit(marks(*batch), source="hypothesis") if batch else None
            changed = {mark[:4]: mark[4] for mark in batch}.items() - expected.items()
            assert (result is None) == (not changed)
            expected.update({mark[:4]: mark[4] for mark in batch})
        stored = store.read()

    assert {row[:4]: row[4] for row in as_rows(stored)} == expected
    assert stored.num_rows == len(expected)
    keys = sorted((row[0], row[1], row[2], row[3]) for row in as_rows(stored))
    by_partition = sorted(keys, key=lambda key: (key[2] >= date(2024, 9, 1), key[0]))
    assert [row[:4] for row in as_rows(stored)] == by_partition


def test_academic_years_turn_on_1_september():
    last_day, first_day = date(2024, 8, 31), date(2024, 9, 1)
    days = np.array([(day - date(1970, 1, 1)).days for day in (first_day, last_day)])

    years, day_of_year = store_module.academic_year_and_day(days)
    assert (list(years), list(day_of_year)) == ([2024, 2023], [0, 365])  # 2024 is a leap year
