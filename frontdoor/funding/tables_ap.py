"""The AP/PRU allocation's tables (stage 1, stage 2 under the devolved option, each district's
schools), for the page and its downloads alike; the delegated option's table is
`tables.delegated_table`. Money paid to a school is shown to the penny, as it is paid."""

from decimal import Decimal

from frontdoor.core.rounding import round_half_up
from frontdoor.funding import tables
from frontdoor.funding.ap_allocation import PAN, YEAR_GROUPS_ON_PAN, APResult, DistrictResult
from frontdoor.funding.tables import Cell, Table, label, thousands

FACTOR_NAMES = {
    "deprivation": "Deprivation",
    "children_in_care": "Children in care",
    "eal": "EAL",
}


def count(number: int | Decimal) -> Cell:
    """A whole count as it is; a weighted count exact to 0.01 for the download."""
    exact = number if isinstance(number, int) else round_half_up(number, 2)
    return Cell(exact, f"{round_half_up(number, 0):,}")


def pounds(amount: Decimal) -> Cell:
    exact = round_half_up(amount, 2)
    exact = exact if exact else abs(exact)  # no "−0.00"
    return Cell(exact, f"−{-exact:,}" if exact < 0 else f"{exact:,}")


def percent(fraction: Decimal) -> Cell:
    return Cell(round_half_up(fraction * 100, 4), f"{round_half_up(fraction * 100, 1)}%")


def downloads(result: APResult) -> dict[str, Table]:
    """The page's tables by their name in its downloads (`?table=`): the districts under the
    option (the consultation's table, when delegated), stage 1, and every school's share."""
    districts = (
        tables.delegated_table(
            result.delegated, {d.name: d.district.census_pupils for d in result.districts}
        )
        if result.delegated
        else devolved_table(result)
    )
    return {
        "districts": districts,
        "stage1": stage1_table(result),
        "schools": schools_export_table(result),
    }


def stage1_table(result: APResult) -> Table:
    """Each district's pupils, its weighted count and its share of the county total."""
    scenario = result.scenario
    on_pan = scenario.basis == PAN
    factors = [f for f in FACTOR_NAMES if f in scenario.weights]
    whole = result.county_total

    def row(name, census, counted, counts, weighted, total) -> list[Cell]:
        return [
            label(name),
            count(census),
            *([count(counted)] if on_pan else []),
            *(count(counts[f]) for f in factors),
            count(weighted),
            percent(total / whole) if whole else label(""),
            thousands(total),
        ]

    rows = [
        row(d.name, d.district.census_pupils, d.counted, d.district.counts, d.weighted,
            d.district_total)
        for d in result.districts
    ]  # fmt: skip
    rows.append(
        row(
            "Total",
            sum(d.district.census_pupils for d in result.districts),
            sum(d.counted for d in result.districts),
            {f: sum(d.district.counts.get(f, 0) for d in result.districts) for f in factors},
            result.weighted_total,
            whole,
        )
    )
    weights = [f"{FACTOR_NAMES[f]} (× {scenario.weights[f].normalize():f})" for f in factors]
    return Table(
        "The county budget between districts (£k)"
        if scenario.county_budget is not None
        else "Each district's total, as given (£k)",
        ["District", "KS3+KS4 pupils (October census)",
         *([f"Pupils on PAN (Year 7 PAN × {YEAR_GROUPS_ON_PAN})"] if on_pan else []),
         *weights, "Weighted count", "Share", "District total (£k)"],
        ["district", "ks3_ks4_pupils", *(["pan_pupils"] if on_pan else []), *factors,
         "weighted_count", "share_percent", "district_total"],
        rows,
    )  # fmt: skip


def devolved_table(result: APResult) -> Table:
    """Option 1: each district's whole total devolved to its schools."""
    rows = [
        [label(d.name), thousands(d.district_total), thousands(d.devolved),
         count(len(d.schools)), count(sum(s.school.selective for s in d.schools)),
         count(sum(bool(s.school.penalty) for s in d.schools))]
        for d in result.districts
    ]  # fmt: skip
    total = result.county_total
    every = [s for d in result.districts for s in d.schools]
    rows.append(
        [label("Total"), thousands(total), thousands(total), count(len(every)),
         count(sum(s.school.selective for s in every)),
         count(sum(bool(s.school.penalty) for s in every))]
    )  # fmt: skip
    return Table(
        "Option 1, devolved: each district's total devolved to its schools (£k)",
        ["District", "District total (£k)", "Devolved to schools (£k)", "Schools given",
         "Selective", "Penalised"],
        ["district", "district_total", "devolved", "schools", "selective", "penalised"],
        rows,
    )  # fmt: skip


SCHOOL_HEADER = ["School", "URN", "Pupils counted", "Pro rata (£)", "Selective share moved (£)",
                 "Penalty (£)", "Penalties reallocated (£)", "Share (£)", "Why"]  # fmt: skip
SCHOOL_EXPORT = ["school", "urn", "selective", "penalty_percent", "pupils_counted", "pro_rata",
                 "selective_reallocated", "penalty", "penalties_received", "share"]  # fmt: skip


def school_table(district: DistrictResult) -> Table:
    """One district's schools and how each one's share is reached, with the total."""
    rows = [_school_cells(s) for s in district.schools]
    parts = [_money_parts(s.share) for s in district.schools]
    rows.append(
        [label("Total"), label(""), count(sum(s.counted for s in district.schools)),
         *(pounds(sum(column, Decimal(0))) for column in zip(*parts, strict=True)),
         label("")]
    )  # fmt: skip
    return Table(
        f"{district.name}: £{round_half_up(district.devolved, 2):,} devolved to its schools",
        SCHOOL_HEADER,
        SCHOOL_EXPORT,
        rows,
    )


def schools_export_table(result: APResult) -> Table:
    """Every school's share, a row a school, for the download."""
    rows = [[label(d.name), *_school_export(s)] for d in result.districts for s in d.schools]
    header = ["district", *SCHOOL_EXPORT]
    return Table("Each school's share (£)", header, header, rows)


def _school_cells(school) -> list[Cell]:
    given = school.school
    return [
        label(given.name),
        Cell(given.urn or "", str(given.urn or ""), numeric=False),
        count(school.counted),
        *(pounds(amount) for amount in _money_parts(school.share)),
        _why(school),
    ]


def _money_parts(share) -> tuple[Decimal, ...]:
    """Signed, so that each row adds up: pro rata + moved − penalty + reallocated = share."""
    return (share.pro_rata, share.selective_reallocated, -share.penalty,
            share.penalties_received, share.share)  # fmt: skip


def _school_export(school) -> list[Cell]:
    """As `_school_cells`, with the school's flags in place of the page's note."""
    cells = _school_cells(school)
    given = school.school
    flags = [
        Cell(given.selective, ""),
        Cell(round_half_up(given.penalty * 100, 2), ""),
    ]
    return [*cells[:2], *flags, *cells[2:-1]]


def _why(school) -> Cell:
    given = school.school
    if given.selective:
        return Cell("selective", "Selective", tag="grey")
    if given.penalty:
        rate = round_half_up(given.penalty * 100, 2).normalize()
        return Cell("penalty", f"Penalty of {rate:f}%", tag="red")
    return Cell("", "")
