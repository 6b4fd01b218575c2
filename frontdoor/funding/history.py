"""The high needs block's recorded history (data/high_needs_history.toml): pupils and spend a year,
as published, for the forecast's page to set its years against."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from frontdoor.funding.high_needs import HighNeedsError, parse_year
from frontdoor.funding.toml_reader import TomlReader, load_toml

HISTORY = Path(__file__).parent / "data" / "high_needs_history.toml"


@dataclass(frozen=True)
class HistoryYear:
    year: str
    pupils: int
    expenditure: Decimal
    estimate: bool


@dataclass(frozen=True)
class History:
    source: str
    years: tuple[HistoryYear, ...]


@cache
def high_needs_history(path: Path = HISTORY) -> History:
    """The history, checked as a scenario is (TomlInputError naming the key on a problem)."""
    data = load_toml(path)
    reader = TomlReader(str(path))
    reader.keys("", data, required=("source", "years"))
    years = []
    for number, table in enumerate(data.get("years") or [], start=1):
        key = f"years[{number}]"
        if not reader.table(key, table):
            continue
        reader.keys(key, table, required=("year", "pupils", "expenditure"), optional=("estimate",))
        year = reader.text(f"{key}.year", table.get("year"))
        try:
            parse_year(year or "")
        except HighNeedsError as error:
            reader.problem(f"{key}.year", str(error))
        years.append(
            HistoryYear(
                year=year,
                pupils=reader.whole(f"{key}.pupils", table.get("pupils")),
                expenditure=reader.number(f"{key}.expenditure", table.get("expenditure"), 0),
                estimate=bool(reader.flag(f"{key}.estimate", table.get("estimate"))),
            )
        )
    reader.raise_problems()
    return History(reader.text("source", data.get("source")) or "", tuple(years))
