"""The funding models' results as tables: what a page shows and what its CSV and Excel
downloads hold, built once so that the two never differ. A cell carries its exact value (pounds
to the penny, pupils to 0.1, half up) for the download and its text for the page (money in £m
or £k, as the council's papers show it)."""

from dataclasses import dataclass
from decimal import Decimal

from frontdoor.core.rounding import round_half_up
from frontdoor.funding import ap_model, high_needs
from frontdoor.funding.history import History


@dataclass(frozen=True)
class Cell:
    value: object  # for the download
    text: str  # for the page
    numeric: bool = True
    tag: str = ""  # a GOV.UK tag colour ("red", "green") to show the text in, on the page


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]  # the page's
    export_header: list[str]  # the download's (units in pounds and pupils)
    rows: list[list[Cell]]

    def export_rows(self) -> list[list[object]]:
        return [[cell.value for cell in row] for row in self.rows]


def label(text: str) -> Cell:
    return Cell(text, text, numeric=False)


def millions(pounds: Decimal) -> Cell:
    shown = round_half_up(pounds / 1_000_000, 1)
    return Cell(round_half_up(pounds, 2), f"−{-shown:,}" if shown < 0 else f"{shown:,}")


def millions_text(pounds: Decimal) -> str:
    """ "−£145.0m", for a sentence."""
    shown = round_half_up(pounds / 1_000_000, 1)
    return f"−£{-shown:,}m" if shown < 0 else f"£{shown:,}m"


def thousands(pounds: Decimal) -> Cell:
    return Cell(round_half_up(pounds, 2), f"{round_half_up(pounds / 1000, 0):,}")


def whole(number: Decimal, exact_places: int = 1) -> Cell:
    return Cell(round_half_up(number, exact_places), f"{round_half_up(number, 0):,}")


def share(fraction: Decimal | None) -> str:
    return "no money" if fraction is None else f"{round_half_up(fraction * 100, 0)}%"


# High needs ----------------------------------------------------------------------------------

_MONEY_LINES = [
    ("Grant", "grant"),
    ("Transfers from the schools block", "transfers_in"),
    ("Safety Valve", "safety_valve"),
    ("Council contributions", "la_contributions"),
]
_BALANCE_LINES = [
    ("In-year balance", "in_year_balance"),
    ("Underlying in-year balance (grant and transfers less spend)", "underlying_in_year_balance"),
    ("Accumulated balance at the year end", "accumulated_balance"),
]


def forecast_table(forecast: high_needs.Forecast, *, name: str) -> Table:
    """One line a figure, one column a year (the way the council's spreadsheets run)."""
    years = forecast.years
    placements = [p for p in high_needs.PLACEMENTS if any(p in y.pupils for y in years)]
    rows = [_money_line(text, key, years) for text, key in _MONEY_LINES]
    rows += [
        [label(f"Spend: {high_needs.PLACEMENT_NAMES[p]}"),
         *(millions(y.spend_by_placement[p]) for y in years)]
        for p in placements
    ]  # fmt: skip
    rows.append([label("Spend in all"), *(millions(y.spend) for y in years)])
    rows += [_money_line(text, key, years) for text, key in _BALANCE_LINES]
    rows += [
        [label(f"Pupils: {high_needs.PLACEMENT_NAMES[p]}"), *(whole(y.pupils[p]) for y in years)]
        for p in placements
    ]
    labels = [y.year for y in years]
    return Table(
        f"{name}: the forecast year by year (£m; pupils)",
        ["", *labels],
        ["line (money in £, pupils)", *labels],
        rows,
    )


def _money_line(text: str, key: str, years: list[high_needs.Year]) -> list[Cell]:
    return [label(text), *(millions(getattr(year, key)) for year in years)]


def comparison_table(forecasts: dict[str, high_needs.Forecast]) -> Table:
    """The accumulated balance at each year end, a column a scenario; years in any of them."""
    years = sorted({y.year for f in forecasts.values() for y in f.years})
    by_year = {
        name: {y.year: y.accumulated_balance for y in f.years} for name, f in forecasts.items()
    }
    rows = [
        [label(year), *(_maybe_millions(balances.get(year)) for balances in by_year.values())]
        for year in years
    ]
    names = list(forecasts)
    return Table(
        "Accumulated balance at the year end (£m; a deficit is negative)",
        ["Year", *names],
        ["year", *(f"{name} (£)" for name in names)],
        rows,
    )


def _maybe_millions(pounds: Decimal | None) -> Cell:
    return Cell("", "", numeric=True) if pounds is None else millions(pounds)


def history_table(history: History) -> Table:
    rows = [
        [
            label(f"{y.year} (estimate)" if y.estimate else y.year),
            Cell(y.pupils, f"{y.pupils:,}"),
            millions(y.expenditure),
        ]
        for y in history.years
    ]
    return Table(
        "High needs pupils and expenditure, as recorded",
        ["Year", "High needs pupils and students", "Expenditure (£m)"],
        ["year", "pupils", "expenditure (£)"],
        rows,
    )


# AP / PRU ------------------------------------------------------------------------------------


def delegated_table(model: ap_model.DelegatedModel, pupils: dict[str, int]) -> Table:
    """The consultation's table: places, PRU budget, district total and the balance devolved."""
    rows = [
        [
            label(row.name),
            Cell(pupils[row.name], f"{pupils[row.name]:,}") if row.name in pupils else label(""),
            Cell(round_half_up(row.places_exact, 4), f"{row.places:,}"),
            thousands(row.pru_budget),
            thousands(row.district_total),
            thousands(row.devolved),
        ]
        for row in [*model.districts, model.total]
    ]
    rows[-1][1] = Cell(sum(pupils.values()), f"{sum(pupils.values()):,}")
    return Table(
        "Option 2, delegated: commissioned PRU places and the balance devolved (£k)",
        ["District", "KS3+KS4 pupils", "Places", "PRU budget (£k)", "District total (£k)",
         "Remaining balance devolved (£k)"],
        ["district", "ks3_ks4_pupils", "places_exact", "pru_budget", "district_total",
         "devolved"],
        rows,
    )  # fmt: skip
