"""The phase transfer chart: the share of a year's amended plans issued, week by week, for moves
to school (due by 15 February) and to post-16 (due by 31 March), with each deadline marked.
Rendered to SVG by the project's chart helpers (reports/charts.py); the page gives its figures
as a table too."""

from datetime import date

import altair as alt

from frontdoor.reports import charts
from frontdoor.send import deadlines

SERIES = {
    deadlines.TO_SCHOOL: "Moves to school (due by 15 February)",
    deadlines.TO_POST_16: "Moves to post-16 (due by 31 March)",
}
COLOURS = {deadlines.TO_SCHOOL: charts.BLUE, deadlines.TO_POST_16: charts.ORANGE}


def progress_to_deadline(points, *, deadline_days: dict[str, date], title: str) -> str:
    """`points`: CurvePoints (day, series, share); `deadline_days`: series -> its deadline."""
    shown = [s for s in SERIES if any(p.series == s for p in points)]
    names = [SERIES[s] for s in shown]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=names, range=[COLOURS[s] for s in shown]),
        legend=alt.Legend(orient="bottom", labelLimit=420),
    )
    lines = (
        alt.Chart(
            alt.Data(
                values=[
                    {"day": p.day.isoformat(), "series": SERIES[p.series], "share": p.share}
                    for p in points
                ]
            )
        )
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%-d %b %Y", labelAngle=-45)),
            y=alt.Y("share:Q", title="Amended plans issued (%)", scale=alt.Scale(domain=[0, 100])),
            color=colour,
        )
    )
    marks = [
        {
            "day": deadline_days[s].isoformat(),
            "series": SERIES[s],
            "label": f"{_day(s, deadline_days)}",
        }
        for s in shown
    ]
    rules = (
        alt.Chart(alt.Data(values=marks))
        .mark_rule(strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x="day:T", color=colour)
    )
    labels = (
        alt.Chart(alt.Data(values=marks))
        .mark_text(align="left", dx=4, dy=-6, fontSize=11, color="#0b0c0c")
        .encode(x="day:T", y=alt.value(10), text="label:N")
    )
    return charts.svg(alt.layer(lines, rules, labels, title=title, width=820, height=280))


def _day(series: str, deadline_days: dict[str, date]) -> str:
    day = deadline_days[series]
    return f"Deadline {day.day} {day:%B}"
