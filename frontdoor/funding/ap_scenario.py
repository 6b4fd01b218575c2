"""AP/PRU allocation scenarios as TOML (the shipped example is data/ap_model_2018.toml), read
into `ap_allocation.APScenario`.

    option = "delegated"            # optional: "delegated" (the default) or "devolved"
    basis = "census"                # optional: "census" (the default) or "pan"
    place_rate_percent = 0.42       # delegated: required; places per 100 KS3+KS4 pupils
    place_cost = 18_000             # delegated: required; pounds a place
    county_budget = 8_026_000       # optional: the county AP pot, shared by the stage 1 formula

    [weights]                       # optional, needs county_budget; each a multiple of one
    deprivation = 0.5               #   KS3+KS4 pupil (ap_model.district_allocations): a
    children_in_care = 3            #   district's count is its pupils + Σ weight × its count
    eal = 0.25

    [[districts]]                   # one or more
    name = "North West Kent"        #   required, unique
    ks3_ks4_pupils = 15_195         #   October census; required without schools, not with them
    pan = 3_100                     #   the Year 7 PANs summed; required on basis "pan" without
                                    #   schools, not allowed with them
    district_total = 2_112_700      #   pounds; required without county_budget, not with it
    deprivation = 2_400             #   a count for each weight set: required then, else optional
    children_in_care = 120
    eal = 900

    [[districts.schools]]           # optional: the district's secondary schools
    name = "Oak Academy"            #   required, unique in the district
    urn = 100001                    #   optional
    ks3_ks4_pupils = 1_050          #   required: on the October census
    pan = 210                       #   Year 7 PAN; required on basis "pan"
    selective = false               #   optional: a selective school's share is reallocated
    penalty_percent = 10            #   optional, 0-100: taken off for opting out of
                                    #   collaboration or In-Year Fair Access, and reallocated

The district's stage 1 share is worked on its pupils on the basis: census, its KS3+KS4 pupils
(its schools' summed when it has schools); "pan", PAN × 5 (Y7-Y11), its schools' summed or its
own `pan`. Places stay at the place rate of the county's census pupils.

Every key is checked; problems are reported as `SOURCE: key.path: problem`, tables numbered from
1 (`districts[2].schools[3].pan`), by TomlInputError."""

from decimal import Decimal

from frontdoor.funding import ap_model
from frontdoor.funding.ap_allocation import (
    CENSUS,
    DELEGATED,
    DEVOLVED,
    FACTORS,
    PAN,
    APDistrict,
    APScenario,
    APSchool,
    SchoolsRefused,
    allocate,
)
from frontdoor.funding.toml_reader import TomlInputError, TomlReader, shown

OPTIONS = (DELEGATED, DEVOLVED)
BASES = (CENSUS, PAN)


def parse(data: dict, *, source: str) -> APScenario:
    reader = TomlReader(source)
    option = _choice(reader, "option", data.get("option", DELEGATED), OPTIONS)
    basis = _choice(reader, "basis", data.get("basis", CENSUS), BASES)
    places = ("place_rate_percent", "place_cost")
    delegated = option == DELEGATED
    reader.keys(
        "",
        data,
        required=(*places, "districts") if delegated else ("districts",),
        optional=("option", "basis", "county_budget", "weights", *(() if delegated else places)),
    )
    rate = reader.percent("place_rate_percent", data.get("place_rate_percent"), 0, 100)
    cost = reader.number("place_cost", data.get("place_cost"), 0)
    budget = reader.number("county_budget", data.get("county_budget"), 0)
    weights = _weights(reader, data.get("weights"), pooled="county_budget" in data)
    shape = _Shape(basis, pooled="county_budget" in data, weights=tuple(weights))
    districts = _districts(reader, data.get("districts"), shape)
    reader.raise_problems()
    scenario = APScenario(tuple(districts), option, basis, rate, cost, budget, weights)
    _check_runs(scenario, source)
    return scenario


def run(scenario: APScenario) -> ap_model.DelegatedModel | None:
    """The delegated option's table (None under the devolved option)."""
    return allocate(scenario).delegated


def _check_runs(scenario: APScenario, source: str) -> None:
    """A scenario is saved only if the model can allocate its money."""
    names = [d.name for d in scenario.districts]
    try:
        allocate(scenario)
    except ap_model.PRUBudgetExceedsDistrictTotal as refused:
        number = names.index(refused.district) + 1
        pooled = scenario.county_budget is not None
        key = "county_budget" if pooled else f"districts[{number}].district_total"
        raise TomlInputError([f"{source}: {key}: {refused}"]) from None
    except SchoolsRefused as refused:
        number = names.index(refused.district) + 1
        raise TomlInputError([f"{source}: districts[{number}].schools: {refused}"]) from None
    except ap_model.APModelError as error:
        raise TomlInputError([f"{source}: districts: {error}"]) from None


def _choice(reader: TomlReader, key: str, value, allowed: tuple[str, ...]) -> str:
    if value in allowed:
        return value
    reader.problem(key, f"{value!r} is not one of {', '.join(map(repr, allowed))}")
    return allowed[0]


def _weights(reader: TomlReader, data, *, pooled: bool) -> dict[str, Decimal]:
    if not reader.table("weights", data):
        return {}
    reader.keys("weights", data, optional=FACTORS)
    weights = {}
    for factor in FACTORS:
        weight = reader.number(f"weights.{factor}", data.get(factor), 0)
        if weight is None:
            continue
        if not pooled:
            reader.problem(
                f"weights.{factor}",
                "needs a county budget (county_budget): the weights share it between districts",
            )
        weights[factor] = weight
    return weights


class _Shape:
    """What the scenario's top level asks of each district and school."""

    def __init__(self, basis: str, *, pooled: bool, weights: tuple[str, ...]):
        self.on_pan = basis == PAN
        self.pooled = pooled
        self.weights = weights

    def district_keys(self, has_schools: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
        required, optional = ["name"], []
        own = [] if has_schools else ["ks3_ks4_pupils"]
        required += own
        if not has_schools:
            (required if self.on_pan else optional).append("pan")
        if not self.pooled:
            required.append("district_total")
        required += [f for f in FACTORS if f in self.weights]
        optional += [f for f in FACTORS if f not in self.weights]
        optional.append("schools")
        return tuple(required), tuple(optional)

    def school_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        required = ("name", "ks3_ks4_pupils", *(("pan",) if self.on_pan else ()))
        optional = ("urn", *(() if self.on_pan else ("pan",)), "selective", "penalty_percent")
        return required, optional


def _districts(reader: TomlReader, data, shape: _Shape) -> list[APDistrict]:
    if data is None:
        return []
    if not isinstance(data, list) or not data:
        reader.problem("districts", "must be one or more [[districts]] tables")
        return []
    districts, seen = [], {}
    for number, table in enumerate(data, start=1):
        key = f"districts[{number}]"
        if not reader.table(key, table):
            continue
        has_schools = "schools" in table
        required, optional = shape.district_keys(has_schools)
        reader.keys(key, table, required=required, optional=optional)
        name = _name(reader, f"{key}.name", table.get("name"), seen, number, "district")
        pupils = _count(reader, f"{key}.ks3_ks4_pupils", table.get("ks3_ks4_pupils"))
        pan = _count(reader, f"{key}.pan", table.get("pan"))
        total = reader.number(f"{key}.district_total", table.get("district_total"), 0)
        counts = {f: _count(reader, f"{key}.{f}", table.get(f)) for f in FACTORS if f in table}
        schools = _schools(reader, key, table.get("schools"), shape) if has_schools else ()
        districts.append(
            APDistrict(
                name,
                pupils or 0,
                pan,
                {f: c for f, c in counts.items() if c is not None},
                total,
                tuple(schools),
            )
        )
    return [] if reader.problems else districts


def _schools(reader: TomlReader, district: str, data, shape: _Shape) -> list[APSchool]:
    key = f"{district}.schools"
    if not isinstance(data, list) or not data:
        reader.problem(key, f"must be one or more [[districts.schools]] tables, not {shown(data)}")
        return []
    required, optional = shape.school_keys()
    schools, seen = [], {}
    for number, table in enumerate(data, start=1):
        where = f"{key}[{number}]"
        if not reader.table(where, table):
            continue
        reader.keys(where, table, required=required, optional=optional)
        name = _name(reader, f"{where}.name", table.get("name"), seen, number, "school")
        urn = _count(reader, f"{where}.urn", table.get("urn"))
        pupils = _count(reader, f"{where}.ks3_ks4_pupils", table.get("ks3_ks4_pupils"))
        pan = _count(reader, f"{where}.pan", table.get("pan"))
        selective = reader.flag(f"{where}.selective", table.get("selective"))
        penalty = reader.percent(f"{where}.penalty_percent", table.get("penalty_percent"), 0, 100)
        schools.append(
            APSchool(name, pupils or 0, urn, pan, bool(selective), penalty or Decimal(0))
        )
    return schools


def _name(reader: TomlReader, key: str, value, seen: dict, number: int, what: str) -> str | None:
    name = reader.text(key, value)
    if name is None:
        return None
    name = name.strip()
    if not name:
        reader.problem(key, "is empty")
    elif name.casefold() in seen:
        reader.problem(key, f"{name!r} is already {what} {seen[name.casefold()]}")
    else:
        seen[name.casefold()] = number
    return name


def _count(reader: TomlReader, key: str, value) -> int | None:
    """A whole number, zero or more."""
    number = reader.whole(key, value)
    if number is not None and number < 0:
        reader.problem(key, f"{number} is negative")
        return None
    return number
