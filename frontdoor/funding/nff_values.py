"""The schools national funding formula's factor values for a year, as data with their sources
(frontdoor/funding/data/nff/<year>.toml; domain/funding.md §1).

A factor's values are keyed by phase: `primary`, `ks3`, `ks4` for the factors the NFF sets by key
stage (basic entitlement, the minimum per pupil levels) and `primary`, `secondary` for the rest.
For the lump sum and sparsity, `primary` is the value for primary schools and `secondary` for
middle, secondary and all-through schools."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from frontdoor.funding.toml_reader import TomlReader, load_toml

DATA = Path(__file__).parent / "data" / "nff"

BY_STAGE = ("primary", "ks3", "ks4")
BY_PHASE = ("primary", "secondary")

# Every NFF factor a local formula must use (funding.md §3), in the APT's order, with its keys.
FACTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "basic_entitlement": ("Basic entitlement", BY_STAGE),
    "fsm": ("Free school meals", BY_PHASE),
    "fsm6": ("FSM6 (Ever 6)", BY_PHASE),
    "idaci_a": ("IDACI band A", BY_PHASE),
    "idaci_b": ("IDACI band B", BY_PHASE),
    "idaci_c": ("IDACI band C", BY_PHASE),
    "idaci_d": ("IDACI band D", BY_PHASE),
    "idaci_e": ("IDACI band E", BY_PHASE),
    "idaci_f": ("IDACI band F", BY_PHASE),
    "lpa": ("Low prior attainment", BY_PHASE),
    "eal3": ("English as an additional language (EAL3)", BY_PHASE),
    "mobility": ("Mobility", BY_PHASE),
    "lump_sum": ("Lump sum", BY_PHASE),
    "sparsity": ("Sparsity (maximum)", BY_PHASE),
    "mppl": ("Minimum per pupil level", BY_STAGE),
}
# Factors paid per eligible pupil, from the school's counts of the same name.
COUNTED = ("fsm", "fsm6", "idaci_a", "idaci_b", "idaci_c", "idaci_d", "idaci_e", "idaci_f")
COUNTED += ("lpa", "eal3", "mobility")


def factor_name(factor: str) -> str:
    return FACTORS[factor][0]


def factor_keys(factor: str) -> tuple[str, ...]:
    return FACTORS[factor][1]


@dataclass(frozen=True)
class SparsityRules:
    distance: Mapping[str, Decimal]  # miles, by "primary" / "secondary"
    year_group: Mapping[str, Decimal]  # largest average year-group size, by school phase
    distance_taper: Decimal  # a fraction: schools this far below the distance get a share


@dataclass(frozen=True)
class NffYear:
    year: str
    source: str
    values: Mapping[str, Mapping[str, Decimal]]  # factor → key → pounds
    sources: Mapping[str, str]  # factor → where its values come from
    mobility_threshold: Decimal  # a fraction of the phase's pupils
    funding_floor: Decimal  # a fraction
    mfg_range: tuple[Decimal, Decimal]  # fractions
    tightening: tuple[Decimal, Decimal]  # (tolerance, move): fractions, 0.025 and 0.10
    sparsity: SparsityRules
    rules_source: str

    def value(self, factor: str, key: str) -> Decimal:
        return self.values[factor][key]


class UnknownYear(LookupError):
    pass


def years() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.toml"))


@cache
def load(year: str) -> NffYear:
    path = DATA / f"{year}.toml"
    if year not in years():
        raise UnknownYear(f"no NFF values for {year} (there are {', '.join(years())})")
    return parse(load_toml(path), source=str(path))


def parse(data: dict, *, source: str) -> NffYear:
    reader = TomlReader(source)
    reader.keys("", data, required=("year", "source", "factors", "rules"))
    values, sources = {}, {}
    factors = data.get("factors") or {}
    reader.keys("factors", factors, required=tuple(FACTORS))
    for factor, keys in ((f, factor_keys(f)) for f in FACTORS if f in factors):
        table = factors[factor]
        reader.keys(f"factors.{factor}", table, required=(*keys, "source"))
        values[factor] = {
            key: reader.number(f"factors.{factor}.{key}", table.get(key), minimum=0) or Decimal(0)
            for key in keys
        }
        sources[factor] = table.get("source", "")
    rules = data.get("rules") or {}
    rule_keys = ("mobility_threshold_percent", "funding_floor_percent", "mfg_min_percent")
    rule_keys += ("mfg_max_percent", "tightening_tolerance_percent", "tightening_move_percent")
    reader.keys("rules", rules, required=(*rule_keys, "sparsity", "source"))
    sparsity = rules.get("sparsity") or {}
    distances = ("primary_distance", "secondary_distance", "distance_taper_percent")
    sizes = ("primary", "middle", "secondary", "all_through")
    reader.keys(
        "rules.sparsity", sparsity, required=(*distances, *(f"{s}_year_group" for s in sizes))
    )

    def percent(key: str) -> Decimal:
        return reader.percent(f"rules.{key}", rules.get(key), minimum=0) or Decimal(0)

    def sparsity_number(key: str) -> Decimal:
        return reader.number(f"rules.sparsity.{key}", sparsity.get(key), minimum=0) or Decimal(0)

    year = NffYear(
        year=str(data.get("year", "")),
        source=str(data.get("source", "")),
        values=values,
        sources=sources,
        mobility_threshold=percent("mobility_threshold_percent"),
        funding_floor=percent("funding_floor_percent"),
        mfg_range=(percent("mfg_min_percent"), percent("mfg_max_percent")),
        tightening=(percent("tightening_tolerance_percent"), percent("tightening_move_percent")),
        sparsity=SparsityRules(
            distance={
                "primary": sparsity_number("primary_distance"),
                "secondary": sparsity_number("secondary_distance"),
            },
            year_group={
                phase: sparsity_number(f"{phase.replace('-', '_')}_year_group")
                for phase in ("primary", "middle", "secondary", "all-through")
            },
            distance_taper=sparsity_number("distance_taper_percent") / 100,
        ),
        rules_source=str(rules.get("source", "")),
    )
    reader.raise_problems()
    return year
