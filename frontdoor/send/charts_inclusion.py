"""The inclusion dashboard's funnel chart: every compared school's ratio of observed to expected
pupils with a need against how many its intake predicts, inside the 95% and 99.8% limits
(`send.inclusion`). Drawn as SVG by the project's chart renderer (reports.charts)."""

import math

import altair as alt

from frontdoor.reports import charts
from frontdoor.send import inclusion
from frontdoor.send.inclusion import Position

EDGE = 1.1  # the axis runs from the smallest expected count / EDGE to the largest x EDGE
LINE_POINTS = 40  # points along each limit line: smooth on a log scale, a small spec
LIMIT_LINES = {
    "lower_998": "99.8% limits",
    "lower_95": "95% limits",
    "upper_95": "95% limits",
    "upper_998": "99.8% limits",
}
# Colour and shape both tell the positions apart (not colour alone).
POSITION_STYLE = {
    Position.ABOVE_998: ("#d4351c", "triangle-up"),
    Position.ABOVE_95: ("#f47738", "triangle-up"),
    Position.WITHIN: ("#505a5f", "circle"),
    Position.BELOW_95: ("#5694ca", "triangle-down"),
    Position.BELOW_998: ("#1d70b8", "triangle-down"),
}


def funnel(points: list[dict], *, title: str, axis: str) -> str:
    """`points` hold expected (float), ratio (Decimal) and position (a Position) for each
    school; `axis` names the expected count. "" when no school has an expected count."""
    points = [point for point in points if point["expected"] > 0]
    if not points:
        return ""
    low = min(point["expected"] for point in points)
    high = max(point["expected"] for point in points)
    dots = [
        {
            "expected": point["expected"],
            "ratio": float(point["ratio"]),
            "position": point["position"].label,
        }
        for point in points
    ]
    positions = list(POSITION_STYLE)
    # A little room either side, so that no school's point is cut in half by the edge.
    domain = [low / EDGE, high * EDGE]
    x = alt.X("expected:Q", title=axis, scale=alt.Scale(type="log", domain=domain, nice=False))
    y = alt.Y("ratio:Q", title="Observed ÷ expected (1 = as the intake predicts)")
    limits = (
        alt.Chart(alt.Data(values=limit_lines(*domain)))
        .mark_line(strokeWidth=1.5, clip=True)
        .encode(
            x=x,
            y=y,
            detail="line:N",
            strokeDash=alt.StrokeDash(
                "limits:N",
                title=None,
                scale=alt.Scale(domain=["95% limits", "99.8% limits"], range=[[6, 3], [1, 0]]),
                legend=alt.Legend(orient="bottom"),
            ),
            color=alt.value("#0b0c0c"),
        )
    )
    county = alt.Chart(alt.Data(values=[{"ratio": 1.0}])).mark_rule(color="#0b0c0c").encode(y=y)
    schools = (
        alt.Chart(alt.Data(values=dots))
        .mark_point(filled=True, size=36, opacity=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "position:N",
                title=None,
                scale=alt.Scale(
                    domain=[p.label for p in positions],
                    range=[POSITION_STYLE[p][0] for p in positions],
                ),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=360),
            ),
            shape=alt.Shape(
                "position:N",
                scale=alt.Scale(
                    domain=[p.label for p in positions],
                    range=[POSITION_STYLE[p][1] for p in positions],
                ),
                legend=None,
            ),
        )
    )
    chart = alt.layer(limits, county, schools, title=title, width=820, height=380)
    return charts.svg(chart.resolve_legend(color="independent", strokeDash="independent"))


def limit_lines(low: float, high: float) -> list[dict]:
    """Each limit at LINE_POINTS expected counts spread evenly on a log scale from low to
    high: the funnel's edges."""
    if high <= low:
        steps = [low]
    else:
        ratio = math.log(high / low)
        steps = [low * math.exp(ratio * i / (LINE_POINTS - 1)) for i in range(LINE_POINTS)]
    rows = []
    for expected in steps:
        limits = inclusion.funnel_limits(expected)
        for name, label in LIMIT_LINES.items():
            rows.append(
                {
                    "expected": expected,
                    "ratio": getattr(limits, name),
                    "line": name,
                    "limits": label,
                }
            )
    return rows
