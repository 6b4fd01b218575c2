"""The AP/PRU allocation's chart: each district's total as a bar, split into the PRU's
commissioned places (under the delegated option) and the money devolved to its schools."""

import altair as alt

from frontdoor.funding.ap_allocation import APResult
from frontdoor.reports import charts

PRU, DEVOLVED = "PRU places (delegated)", "Devolved to schools"


def district_split(result: APResult) -> str:
    parts = [PRU, DEVOLVED] if result.delegated else [DEVOLVED]
    values = [
        {"district": d.name, "part": part, "pounds": float(amount), "rank": parts.index(part)}
        for d in result.districts
        for part, amount in zip(
            parts, [*([d.pru.pru_budget] if d.pru else []), d.devolved], strict=True
        )
    ]
    districts = [d.name for d in result.districts]
    base = alt.Chart(alt.Data(values=values), width=700, height=34 * len(districts))
    y = alt.Y("district:N", title=None, sort=districts, axis=alt.Axis(labelLimit=420))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("sum(pounds):Q", title="£", stack="zero"),
        color=alt.Color(
            "part:N",
            title=None,
            scale=alt.Scale(domain=parts, range=charts.DISTINCT[: len(parts)]),
            legend=alt.Legend(orient="bottom"),
        ),
        order=alt.Order("rank:Q"),
    )
    totals = base.mark_text(align="left", dx=3, fontSize=11, color="#0b0c0c").encode(
        y=y, x="sum(pounds):Q", text=alt.Text("sum(pounds):Q", format=",.0f")
    )
    title = (
        "Each district's total: PRU places and the money devolved to schools (£)"
        if result.delegated
        else "Each district's total, devolved to its schools (£)"
    )
    return charts.svg(alt.layer(bars, totals, title=title))
