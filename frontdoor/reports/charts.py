"""Charts: Vega-Lite specs built with Altair and rendered to SVG on the server by vl-convert.

A page embeds the SVG itself: no script runs in the browser (the CSP allows none inline), the
same chart goes into a PDF, and each chart comes with its data as a table for those who cannot
see it. Rendering takes about 20 ms; the same spec is rendered once per process."""

import calendar
import json
import math
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import lru_cache

import altair as alt
import vl_convert

# GOV.UK Design System colours: blue for this year, dark grey for the comparison.
BLUE, GREY, ORANGE = "#1d70b8", "#505a5f", "#f47738"
FONT = "Arial, sans-serif"


def weekly_attendance(
    rows: list[dict], *, current_year: int, title: str, similar: list[dict] | None = None
) -> str:
    """Attendance week by week through the academic year, this year against last year (and
    against `similar` schools this year, when given). `rows` hold academic_year, week (its
    Monday) and attendance_rate."""
    return _through_the_year(
        rows,
        current_year=current_year,
        title=title,
        rate="attendance_rate",
        axis="Attendance (%)",
        similar=similar or [],
    )


def persistent_absence(rows: list[dict], *, current_year: int, title: str) -> str:
    """The share of pupils persistently absent as it stood at the end of each week, this year
    against last. `rows` hold academic_year, week and persistent_absence_rate."""
    return _through_the_year(
        rows,
        current_year=current_year,
        title=title,
        rate="persistent_absence_rate",
        axis="Persistently absent (%)",
    )


SIMILAR = "Similar schools this year"


def _through_the_year(
    rows, *, current_year: int, title: str, rate: str, axis: str, similar=()
) -> str:
    years = {current_year: "This year", current_year - 1: "Last year"}
    series = [(row, years.get(row["academic_year"])) for row in rows]
    series += [(row, SIMILAR) for row in similar if row["academic_year"] == current_year]
    values = [
        {
            "week": _week_of_year(row["week"], row["academic_year"]),
            "rate": float(row[rate]),
            "year": label,
        }
        for row, label in series
        if label is not None and row[rate] is not None
    ]
    names = list(years.values()) + ([SIMILAR] if similar else [])
    chart = (
        alt.Chart(alt.Data(values=values), title=title, width=820, height=280)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(
                "week:Q",
                title="Week of the academic year",
                scale=alt.Scale(domain=[1, max([44, *(v["week"] for v in values)])]),
            ),
            y=alt.Y("rate:Q", title=axis, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "year:N",
                title=None,
                scale=alt.Scale(domain=names, range=[BLUE, GREY, ORANGE][: len(names)]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "year:N",
                scale=alt.Scale(domain=names, range=[[1, 0], [6, 3], [2, 2]][: len(names)]),
            ),
        )
    )
    return svg(chart)


def daily_attendance(rows: list[dict], *, title: str) -> str:
    """Attendance school day by school day. `rows` hold date and attendance_rate."""
    values = [
        {"day": row["date"].isoformat(), "rate": float(row["attendance_rate"])}
        for row in rows
        if row["attendance_rate"] is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=values), title=title, width=820, height=220)
        .mark_line(point=True, color=BLUE, strokeWidth=2)
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%a %-d %b", labelAngle=-45)),
            y=alt.Y("rate:Q", title="Attendance (%)", scale=alt.Scale(zero=False)),
        )
    )
    return svg(chart)


WEEKDAYS = list(calendar.day_name)[:5]
SESSIONS = {"AM": "Morning", "PM": "Afternoon"}


def weekday_pattern(rows: list[dict], *, title: str) -> str:
    """Attendance by day of the week, a line for mornings and one for afternoons. `rows` hold
    weekday (0 = Monday), session (AM, PM) and attendance_rate."""
    values = [
        {
            "day": WEEKDAYS[row["weekday"]],
            "session": SESSIONS[row["session"]],
            "rate": float(row["attendance_rate"]),
        }
        for row in rows
        if row["weekday"] < len(WEEKDAYS) and row["attendance_rate"] is not None
    ]
    # Lines, not bars: the differences are a point or two, which bars from zero would hide.
    chart = (
        alt.Chart(alt.Data(values=values), title=title, width=820, height=240)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("day:N", title=None, sort=WEEKDAYS, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("rate:Q", title="Attendance (%)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "session:N",
                title=None,
                scale=alt.Scale(domain=list(SESSIONS.values()), range=[BLUE, GREY]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
    )
    return svg(chart)


def absence_bands(
    rows: list[dict], *, labels: dict[int, str], years: dict[int, str], title: str
) -> str:
    """The share of each year group's pupils in each band of overall absence, as a grid
    (darker: more pupils). `rows` hold nc_year, band and share."""
    band_order = [labels[band] for band in sorted(labels)]
    year_order = [years[year] for year in sorted(years)]
    values = [
        {"band": labels[row["band"]], "year": years[row["nc_year"]], "share": float(row["share"])}
        for row in rows
        if row["nc_year"] in years
    ]
    base = alt.Chart(alt.Data(values=values), title=title, width=700, height=22 * len(years))
    cells = base.mark_rect().encode(
        x=alt.X("band:N", title="Overall absence this year", sort=band_order),
        y=alt.Y("year:N", title=None, sort=year_order),
        color=alt.Color("share:Q", title="% of the year group", scale=alt.Scale(scheme="blues")),
    )
    text = base.mark_text(fontSize=9).encode(
        x=alt.X("band:N", sort=band_order),
        y=alt.Y("year:N", sort=year_order),
        text=alt.Text("share:Q", format=".1f"),
        color=alt.condition("datum.share > 25", alt.value("white"), alt.value("black")),
    )
    return svg(cells + text)


# GOV.UK Design System colours, for charts with more series than this year and last.
PALETTE = [
    BLUE,
    "#003078",  # dark blue
    "#28a197",  # turquoise
    ORANGE,
    GREY,
    "#4c2c92",  # purple
    "#00703c",  # green
    "#d53880",  # pink
    "#b58840",  # brown
    "#6f72af",  # light purple
    "#d4351c",  # red
    "#85994b",  # light green
    "#912b88",  # bright purple
]


def stacked_weeks(
    rows: list[dict], *, group: str, order: list[str], title: str, value: str, axis: str
) -> str:
    """A bar for each week (`rows` hold week, its Monday), stacked by `group` in `order`, each
    group in its own colour whether or not it appears."""
    values = [
        {"week": row["week"].isoformat(), "group": row[group], "n": row[value], "rank": rank}
        for row in rows
        for rank in [order.index(row[group])]
    ]
    chart = (
        alt.Chart(alt.Data(values=values), title=title, width=820, height=260)
        .mark_bar()
        .encode(
            x=alt.X(
                "week:O",
                title="Week beginning",
                axis=alt.Axis(
                    labelExpr="utcFormat(toDate(datum.value), '%-d %b %Y')",
                    labelAngle=-45,
                    labelOverlap=True,
                ),
            ),
            y=alt.Y("sum(n):Q", title=axis, stack="zero"),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=order, range=_colours(len(order))),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=420),
            ),
            order=alt.Order("rank:Q"),
        )
    )
    return svg(chart)


def monthly_counts_and_shares(
    rows: list[dict], *, count: str, count_title: str, shares: dict[str, str], title: str
) -> str:
    """Bars of `count` for each month (`rows` hold month, its first day) on the left axis and
    a line for each share (`shares`: key -> label), 0 to 100%, on the right axis."""
    months = [_month(row) for row in rows]
    bars = (
        alt.Chart(alt.Data(values=[{"month": _month(row), "n": row[count]} for row in rows]))
        .mark_bar(color="#b1b4b6")
        .encode(
            x=alt.X("month:N", title=None, sort=months, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=count_title),
        )
    )
    share_values = [
        {"month": _month(row), "measure": label, "share": float(row[key])}
        for row in rows
        for key, label in shares.items()
        if row[key] is not None
    ]
    lines = (
        alt.Chart(alt.Data(values=share_values))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("month:N", sort=months),
            y=alt.Y("share:Q", title="Share (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=list(shares.values()), range=_colours(len(shares))),
                legend=alt.Legend(orient="bottom", labelLimit=420),
            ),
        )
    )
    chart = alt.layer(bars, lines, title=title, width=820, height=260).resolve_scale(
        y="independent"
    )
    return svg(chart)


def bars(
    rows: list[dict],
    *,
    category: str,
    value: str,
    title: str,
    axis: str,
    counts: bool = True,
    group: str | None = None,
    group_order: list[str] | None = None,
) -> str:
    """A horizontal bar for each `category` in the rows' order (and, with `group`, a bar for
    each group beside it, in `group_order`), labelled with its value. `counts`: whole numbers,
    so the axis ticks are too; otherwise a rate (None is drawn as no bar)."""
    categories = list(dict.fromkeys(row[category] for row in rows))
    values = [
        {
            "category": row[category],
            "value": float(row[value] or 0),
            "group": row[group] if group else "",
        }
        for row in rows
    ]
    groups = group_order or []
    bar_height = 26 * max(len(groups), 1)
    base = alt.Chart(
        alt.Data(values=values), title=title, width=700, height=bar_height * len(categories)
    )
    x_axis = alt.Axis(tickMinStep=1, format="d") if counts else alt.Axis()
    position = {
        "y": alt.Y("category:N", title=None, sort=categories, axis=alt.Axis(labelLimit=420)),
        "x": alt.X("value:Q", title=axis, axis=x_axis),
    }
    if group:
        position["yOffset"] = alt.YOffset("group:N", sort=groups)
    colour = (
        alt.Color(
            "group:N",
            title=None,
            scale=alt.Scale(domain=groups, range=_colours(len(groups))),
            legend=alt.Legend(orient="bottom"),
        )
        if group
        else alt.value(BLUE)
    )
    drawn = base.mark_bar().encode(**position, color=colour)
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#0b0c0c").encode(
        **position, text=alt.Text("value:Q", format=",.4~f")
    )
    return svg(drawn + labels)


# Series told apart at a glance (scenarios side by side), from the GOV.UK colours.
DISTINCT = [BLUE, ORANGE, "#28a197", "#4c2c92", GREY]


def by_year(
    rows: list[dict],
    *,
    title: str,
    bars: dict[str, str] | None = None,
    lines: dict[str, str] | None = None,
    axis: str,
    line_axis: str | None = None,
) -> str:
    """Figures a year: a bar for each of `bars` and a line for each of `lines` (key -> label;
    `rows` hold year and the keys, None for a year without the figure). The lines share the
    bars' axis, or have their own on the right when `line_axis` is given."""
    bars, lines = bars or {}, lines or {}
    years = list(dict.fromkeys(row["year"] for row in rows))
    names = [*bars.values(), *lines.values()]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(
            domain=names, range=[DISTINCT[i % len(DISTINCT)] for i in range(len(names))]
        ),
        legend=alt.Legend(orient="bottom", labelLimit=420),
    )
    x = alt.X("year:N", title=None, sort=years, axis=alt.Axis(labelAngle=0))

    def values(series: dict[str, str]) -> list[dict]:
        return [
            {"year": row["year"], "series": name, "value": row[key]}
            for key, name in series.items()
            for row in rows
            if row.get(key) is not None
        ]

    layers = []
    if bars:
        layers.append(
            alt.Chart(alt.Data(values=values(bars)))
            .mark_bar()
            .encode(x=x, xOffset=alt.XOffset("series:N", sort=list(bars.values())),
                    y=alt.Y("value:Q", title=axis), color=colour)
        )  # fmt: skip
    if lines:
        layers.append(
            alt.Chart(alt.Data(values=values(lines)))
            .mark_line(point=True, strokeWidth=2)
            .encode(x=x, y=alt.Y("value:Q", title=line_axis or axis), color=colour)
        )
    chart = alt.layer(*layers, title=title, width=820, height=280)
    if line_axis and bars and lines:
        chart = chart.resolve_scale(y="independent")
    return svg(chart)


def histograms(
    rows: list[dict], *, title: str, axis: str, order: list[str] | None = None, bins: int = 40
) -> str:
    """A histogram for each `row` (rows hold row, value and colour), stacked by colour, one
    under another on the same value axis: many schools' changes at once. The counting and
    stacking are done here, so the chart draws a few hundred bars rather than a mark a school."""
    order = order or list(dict.fromkeys(row["row"] for row in rows))
    colours = list(dict.fromkeys(row["colour"] for row in rows))
    values = [row["value"] for row in rows] or [0.0]
    low, high = min(values), max(values)
    width = max(0.05, round((high - low) / bins, 2)) if high > low else 1.0
    counts = Counter((row["row"], math.floor(row["value"] / width), row["colour"]) for row in rows)
    data, below = [], Counter()  # each colour's bar sits on the colours before it
    for (name, index, colour), n in sorted(counts.items(), key=lambda c: colours.index(c[0][2])):
        base = below[name, index]
        below[name, index] += n
        data.append({"row": name, "start": index * width, "end": (index + 1) * width,
                     "colour": colour, "schools": n, "from": base, "to": base + n})  # fmt: skip
    colour_range = [DISTINCT[i % len(DISTINCT)] for i in range(len(colours))]
    chart = (
        alt.Chart(alt.Data(values=data), width=820, height=80)
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title=axis, scale=alt.Scale(domain=[low - width, high + width])),
            x2="end:Q",
            y=alt.Y("from:Q", title="Schools"),
            y2="to:Q",
            color=alt.Color(
                "colour:N",
                title=None,
                scale=alt.Scale(domain=colours, range=colour_range),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .facet(
            row=alt.Row("row:N", sort=order, title=None,
                        header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=300)),
            title=title,
        )
    )  # fmt: skip
    return svg(chart)


def _month(row: dict) -> str:
    return row["month"].strftime("%b %Y")


def _colours(count: int) -> list[str]:
    return [PALETTE[index % len(PALETTE)] for index in range(count)]


def svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.configure(font=FONT).configure_view(stroke=None).to_dict()
    return _render(json.dumps(spec, sort_keys=True, default=_plain))


@lru_cache(maxsize=1024)
def _render(spec: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec))


def _week_of_year(monday: date, academic_year: int) -> int:
    """1 for the week containing 1 September, and so on."""
    first = date(academic_year, 9, 1)
    first_monday = first.toordinal() - first.weekday()
    return (monday.toordinal() - first_monday) // 7 + 1


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))
