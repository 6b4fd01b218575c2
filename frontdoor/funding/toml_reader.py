"""Reading the funding models' TOML files with every problem reported by its key path.

A reader collects problems as `SOURCE: key.path: problem` and carries on, so one run lists them
all; the caller raises `TomlInputError` with the list when there are any."""

import math
import tomllib
from decimal import Decimal
from pathlib import Path

HUNDRED = Decimal(100)


class TomlInputError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def load_toml(path: Path) -> dict:
    """The file's tables, or TomlInputError saying why it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise TomlInputError([f"{path}: cannot be read ({error.strerror})"]) from None
    except tomllib.TOMLDecodeError as error:
        raise TomlInputError([f"{path}: is not valid TOML ({error})"]) from None
    except UnicodeDecodeError:
        raise TomlInputError([f"{path}: is not UTF-8 text"]) from None


def parse_toml_text(text: str, *, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlInputError([f"{source}: is not valid TOML ({error})"]) from None


class TomlReader:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.source}: {key}: {message}")

    def raise_problems(self) -> None:
        if self.problems:
            raise TomlInputError(self.problems)

    def keys(self, key, data, required=(), optional=()) -> None:
        where = f"{key}." if key else ""
        for name in required:
            if name not in data:
                self.problem(f"{where}{name}", "missing")
        for name in data:
            if name not in (*required, *optional):
                expected = ", ".join((*required, *optional))
                self.problem(f"{where}{name}", f"unknown key (expected {expected})")

    def table(self, key, data) -> bool:
        if data is None:
            return False
        if not isinstance(data, dict):
            self.problem(key, f"must be a table, not {shown(data)}")
            return False
        return True

    def number(self, key, value, minimum=None, maximum=None) -> Decimal | None:
        if value is None:
            return None  # reported as missing by `keys`
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"{shown(value)} is not a number")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(key, f"{value} is not a finite number")
            return None
        # Through str, so 0.05 in the file is exactly 0.05, not the nearest binary float.
        number = Decimal(str(value))
        if minimum is not None and number < minimum:
            self.problem(key, f"{value} is negative" if minimum == 0 else f"{value} < {minimum}")
            return None
        if maximum is not None and number > maximum:
            self.problem(key, f"{value} > {maximum}")
            return None
        return number

    def percent(self, key, value, minimum=None, maximum=None) -> Decimal | None:
        """A percentage in the file, as a fraction (1.5 → 0.015)."""
        number = self.number(key, value, minimum, maximum)
        return None if number is None else number / HUNDRED

    def whole(self, key, value) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{shown(value)} is not a whole number")
            return None
        return value

    def text(self, key, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(key, f"{shown(value)} is not text")
            return None
        return value

    def flag(self, key, value) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(key, f"{shown(value)} is not true or false")
            return None
        return value


def shown(value) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
