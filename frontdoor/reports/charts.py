"""Charts: Vega-Lite specs built with Altair and rendered to SVG on the server by vl-convert.

A page embeds the SVG itself: no script runs in the browser (the CSP allows none inline), the
same chart goes into a PDF, and each chart comes with its data as a table for those who cannot
see it. Rendering takes about 20 ms; the same spec is rendered once per process."""

import calendar
import json
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
