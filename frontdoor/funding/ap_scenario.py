"""AP/PRU allocation scenarios as TOML (the shipped example is data/ap_model_2018.toml): the
delegated option of `ap_model`, for the pages.

    place_rate_percent = 0.42       # required: places commissioned per 100 KS3+KS4 pupils
    place_cost = 18_000             # required: pounds a place
    county_budget = 8_026_000       # optional: the county AP pot, shared pro rata to pupils

    [[districts]]                   # one or more
    name = "North West Kent"        #   required, unique
    ks3_ks4_pupils = 15_195         #   required, a whole number, zero or more
    district_total = 2_112_700      #   pounds; required without county_budget, not allowed with it

Every key is checked; problems are reported as `SOURCE: key.path: problem`, districts numbered
from 1 (`districts[2].ks3_ks4_pupils`), by TomlInputError."""

from dataclasses import dataclass
from decimal import Decimal

from frontdoor.funding import ap_model
from frontdoor.funding.toml_reader import TomlInputError, TomlReader


@dataclass(frozen=True)
class APScenario:
    place_rate: Decimal  # a fraction: 0.0042
    place_cost: Decimal
    county_budget: Decimal | None
    districts: tuple[ap_model.DistrictTotal, ...]


def parse(data: dict, *, source: str) -> APScenario:
    reader = TomlReader(source)
    reader.keys(
        "",
        data,
        required=("place_rate_percent", "place_cost", "districts"),
        optional=("county_budget",),
    )
    rate = reader.percent("place_rate_percent", data.get("place_rate_percent"), 0, 100)
    cost = reader.number("place_cost", data.get("place_cost"), 0)
    budget = reader.number("county_budget", data.get("county_budget"), 0)
    rows = _districts(reader, data.get("districts"), pooled="county_budget" in data)
    reader.raise_problems()
    if budget is not None:
        totals = ap_model.district_allocations(
            budget, [ap_model.District(name, pupils) for name, pupils, _ in rows]
        )
        rows = [(name, pupils, totals[name]) for name, pupils, _ in rows]
    scenario = APScenario(rate, cost, budget, tuple(ap_model.DistrictTotal(*row) for row in rows))
    try:
        run(scenario)
    except ap_model.PRUBudgetExceedsDistrictTotal as refused:
        number = [d.name for d in scenario.districts].index(refused.district) + 1
        key = "county_budget" if budget is not None else f"districts[{number}].district_total"
        raise TomlInputError([f"{source}: {key}: {refused}"]) from None
    except ap_model.APModelError as error:
        raise TomlInputError([f"{source}: districts: {error}"]) from None
    return scenario


def run(scenario: APScenario) -> ap_model.DelegatedModel:
    return ap_model.delegated_model(
        scenario.districts, place_rate=scenario.place_rate, place_cost=scenario.place_cost
    )


def _districts(reader: TomlReader, data, *, pooled: bool) -> list[tuple[str, int, Decimal]]:
    if data is None:
        return []
    if not isinstance(data, list) or not data:
        reader.problem("districts", "must be one or more [[districts]] tables")
        return []
    rows, seen = [], {}
    for number, table in enumerate(data, start=1):
        key = f"districts[{number}]"
        if not reader.table(key, table):
            continue
        if pooled:
            reader.keys(key, table, required=("name", "ks3_ks4_pupils"))
        else:
            reader.keys(key, table, required=("name", "ks3_ks4_pupils", "district_total"))
        name = reader.text(f"{key}.name", table.get("name"))
        if name is not None:
            name = name.strip()
            if not name:
                reader.problem(f"{key}.name", "is empty")
            elif name.casefold() in seen:
                reader.problem(
                    f"{key}.name", f"{name!r} is already district {seen[name.casefold()]}"
                )
            else:
                seen[name.casefold()] = number
        pupils = reader.whole(f"{key}.ks3_ks4_pupils", table.get("ks3_ks4_pupils"))
        if pupils is not None and pupils < 0:
            reader.problem(f"{key}.ks3_ks4_pupils", f"{pupils} is negative")
        total = reader.number(f"{key}.district_total", table.get("district_total"), 0)
        rows.append((name, pupils, total))
    if reader.problems:
        return []
    return rows
