"""Writing CSV for the command line: a file that appears whole or not at all (a failed run
leaves nothing a later step could mistake for output)."""

import csv
import os
import tempfile
from pathlib import Path


def csv_write_whole(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write beside the target and rename, so a failure never leaves a partial file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path.cwd()
    with tempfile.NamedTemporaryFile(
        "w", newline="", dir=folder, suffix=".partial", delete=False
    ) as handle:
        partial = Path(handle.name)
        try:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
