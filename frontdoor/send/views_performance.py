"""SEND performance for the caseworker's area (the county, for a county-wide caseworker, an
analyst or an administrator: aggregates only, no child named): the 20-week rate with and
without exceptions by calendar year against England's and the council's published SEN2
figures, requests by who made them and their outcome, annual reviews held on time and the
Tribunal appeal rate."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.reports import charts
from frontdoor.send import measures, sen2
from frontdoor.send.models import EhcRequest, Requester
from frontdoor.send.models_disagreements import Disagreement
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_reviews import AnnualReview
from frontdoor.send.selectors import council_la_code


@require_GET
def performance(request):
    access.require(request.user, Permission.VIEW_SEND_MEASURES)
    requests = access.scope_send_measures(request.user, EhcRequest.objects.all())
    ours = measures.twenty_weeks_by_year(requests)
    published = sen2.published_twenty_weeks(council_la_code())
    outcomes = measures.request_outcomes(requests)
    area = "County" if access.send_measures_county_wide(request.user) else "Your area"
    plans = access.scope_send_measures(request.user, EhcPlan.objects.all())
    reviews = AnnualReview.objects.filter(plan__in=plans)
    disagreements = access.scope_send_measures(request.user, Disagreement.objects.all())
    context = {
        "area": area,
        "ours": sorted(ours.items(), reverse=True),
        "published": published,
        "chart": _rate_chart(ours, published, area) if ours or published else None,
        "outcomes": outcomes,
        "outcome_columns": measures.Outcome.choices,
        "outcome_rows": [
            (label, outcomes.row(requester=who), outcomes.total(requester=who))
            for who, label in Requester.choices
        ],
        "outcome_totals": outcomes.row(),
        "reviews_on_time": measures.reviews_on_time_by_year(reviews, today=timezone.localdate()),
        "appeal_rates": measures.appeal_rate_by_year(
            requests=requests, reviews=reviews, disagreements=disagreements
        ),
    }
    return render(request, "send/performance.html", context)


def _rate_chart(ours: dict, published: dict, area: str) -> str:
    """The 20-week rate excluding exceptions, a line for this service and each published area."""
    series = {"ours": f"{area} (this service)"}
    by_year: dict[int, dict] = {}
    for year, figures in ours.items():
        by_year.setdefault(year, {})["ours"] = figures.rate_excluding_exceptions
    for name, rows in published.items():
        key = f"published_{name}"
        series[key] = f"{name} (SEN2, published)"
        for row in rows:
            by_year.setdefault(row.year, {})[key] = row.rate_excluding_exceptions
    rows = [{"year": str(year), **values} for year, values in sorted(by_year.items())]
    return charts.by_year(
        rows,
        title="EHC plans issued within 20 weeks, excluding exceptions",
        lines=series,
        axis="Per cent of plans",
    )
