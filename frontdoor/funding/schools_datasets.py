"""A schools dataset as the pages hold it: an uploaded file (CSV or Excel) read by the model's
own reader, and a saved dataset's CSV read back. `read_schools` reads a file on disk, so each is
written to a private temporary directory under its own name; problems are reported without that
directory, as `line N: field: problem`."""

import tempfile
from functools import lru_cache
from pathlib import Path

from frontdoor.funding.schools_data import SchoolData, read_schools
from frontdoor.funding.tabular_input import TabularInputError

SUFFIXES = (".csv", ".xlsx")
MAX_BYTES = 20 * 1024 * 1024  # a county's APT is well under 1 MB


def read_upload(upload) -> list[SchoolData]:
    """The schools in an uploaded file; TabularInputError listing every problem."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TabularInputError(["The selected file must be a CSV or an Excel (.xlsx) file"])
    if upload.size > MAX_BYTES:
        raise TabularInputError(["The selected file must be smaller than 20 MB"])
    return _read(b"".join(upload.chunks()), suffix)


@lru_cache(maxsize=8)
def schools_of(body: str) -> tuple[SchoolData, ...]:
    """A saved dataset's schools (its CSV always reads: it was checked when it was saved)."""
    return tuple(_read(body.encode("utf-8"), ".csv"))


def _read(content: bytes, suffix: str) -> list[SchoolData]:
    with tempfile.TemporaryDirectory(prefix="frontdoor-schools-") as folder:
        path = Path(folder) / f"schools{suffix}"
        path.write_bytes(content)
        try:
            return read_schools(path)
        except TabularInputError as bad:
            raise TabularInputError(
                [problem.removeprefix(f"{path}: ") for problem in bad.problems]
            ) from None
