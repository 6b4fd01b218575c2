"""The Front Door's measures page: a period, then each measure's headline, chart and table,
and each table as a CSV or Excel download (`?table=<slug>&download=csv|xlsx`). The figures are
aggregates, so looking at them is not audited; no child is named (workers are)."""

from dataclasses import dataclass
from datetime import date
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core import access
from frontdoor.core.access import Permission
from frontdoor.core.calendar import bank_holidays
from frontdoor.reports import charts
from frontdoor.reports.tables import FORMATS, table_response
from frontdoor.support import measures
from frontdoor.support.rereferrals import months_before


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start of the period as a real date"},
    )
    end = forms.DateField(
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end of the period as a real date"},
    )

    def clean(self):
        cleaned = super().clean()
        covered = sorted({holiday.year for holiday in bank_holidays()})
        for field in ("start", "end"):
            if field in cleaned and cleaned[field].year not in covered:
                self.add_error(
                    field,
                    f"Enter a date from {covered[0]} to {covered[-1]}: the working-day "
                    "calendar has no bank holidays for other years",
                )
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be the same as or after its start")
        return cleaned


def default_period(today: date) -> tuple[date, date]:
    """The last 12 complete months and this month so far."""
    return months_before(today.replace(day=1), 12), today


@dataclass(frozen=True)
class Table:
    caption: str
    measure: object  # (start=, end=) -> measures.Measure
    columns: list[tuple[str, str, str]]  # (row key, heading, how a cell is shown)


_BAND_SHARE = [("share", "Share", "percent")]
TABLES = {
    "requests-by-outcome": Table(
        "Requests for Support by week and outcome",
        partial(measures.requests_by_week, by="outcome"),
        [("week", "Week beginning", "week"), ("outcome", "Outcome", "text"),
         ("requests", "Requests", "number")],
    ),
    "requests-by-source": Table(
        "Requests for Support by week and source",
        partial(measures.requests_by_week, by="source"),
        [("week", "Week beginning", "week"), ("source", "Source", "text"),
         ("requests", "Requests", "number")],
    ),
    "education-by-outcome": Table(
        "Requests for Support from education by outcome",
        measures.education_requests_by_outcome,
        [("outcome", "Outcome", "text"), ("requests", "Requests", "number"), *_BAND_SHARE],
    ),
    "time-to-decision": Table(
        "Time from receipt to a signed-off decision",
        measures.time_to_decision,
        [("band", "Working days", "text"), ("requests", "Requests", "number"), *_BAND_SHARE],
    ),
    "district-conversations": Table(
        "District Conversations by month",
        measures.conversations_by_month,
        [
            ("month", "Month", "month"),
            ("conversations", "Conversations", "number"),
            ("followed_referral", "Followed a Request for Support", "number"),
            ("followed_referral_share", "Share", "percent"),
            ("led_to_support", "Open access or additional support", "number"),
            ("led_to_support_share", "Share", "percent"),
            ("replied_in_time", "Answered within 2 working days", "number"),
            ("replied_in_time_share", "Share", "percent"),
            ("awaiting_reply", "Not yet answered", "number"),
        ],
    ),
    "re-referrals": Table(
        "Re-referrals",
        measures.re_referral_rates,
        [("window", "Within", "text"), ("by", "Of the same", "text"),
         ("referrals", "Referrals", "number"), ("re_referrals", "Re-referrals", "number"),
         ("rate", "Rate", "percent")],
    ),
    "assessments": Table(
        "Child and family assessments completed, by working days taken",
        measures.assessment_durations,
        [("band", "Working days", "text"), ("assessments", "Assessments", "number"),
         *_BAND_SHARE],
    ),
    "children-in-need": Table(
        "Children in need at the end of the period, by time since referral",
        measures.child_in_need_durations,
        [("band", "Time since referral", "text"), ("cases", "Cases", "number"), *_BAND_SHARE],
    ),
    "caseloads": Table(
        "Open cases by worker at the end of the period",
        measures.caseloads,
        [("team", "Team", "text"), ("worker", "Worker", "text"), ("cases", "Open cases", "number")],
    ),
}  # fmt: skip


@require_GET
def measures_page(request):
    access.require(request.user, Permission.VIEW_SUPPORT_MEASURES)
    first, last = default_period(timezone.localdate())
    typed = {key: value for key, value in request.GET.items() if value.strip()}
    form = PeriodForm({"start": first.isoformat(), "end": last.isoformat()} | typed)
    if not form.is_valid():
        return render(request, "support/measures.html", {"form": form})
    period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    if request.GET.get("download") in FORMATS:
        table = TABLES.get(request.GET.get("table", ""))
        if table is None:
            raise Http404("No such table.")
        rows = table.measure(**period).rows
        return table_response(
            request.GET["download"],
            name=f"{request.GET['table']}-{period['start']}-to-{period['end']}",
            header=[heading for _, heading, _ in table.columns],
            rows=[[row[key] for key, _, _ in table.columns] for row in rows],
        )
    found = {slug: table.measure(**period) for slug, table in TABLES.items()}
    drawn = _charts(found)
    sections = {
        slug.replace("-", "_"): {
            "rows": measure.rows,
            "headline": measure.headline,
            "table": _shown(slug, measure.rows, period),
            "chart": drawn[slug],
        }
        for slug, measure in found.items()
    }
    context = {"form": form, "period": period, "sections": sections}
    return render(request, "support/measures.html", context)


def _shown(slug: str, rows: list[dict], period: dict) -> dict:
    """A table as the page shows it: its cells with how each is shown, and its downloads."""
    table = TABLES[slug]
    query = {"start": period["start"].isoformat(), "end": period["end"].isoformat(), "table": slug}
    return {
        "slug": slug,
        "caption": table.caption,
        "columns": [(heading, kind) for _, heading, kind in table.columns],
        "rows": [[(row[key], kind) for key, _, kind in table.columns] for row in rows],
        "downloads": {
            kind: "?" + urlencode(query | {"download": kind}) for kind in ("csv", "xlsx")
        },
    }


def _charts(found: dict) -> dict:
    return {
        "requests-by-outcome": charts.stacked_weeks(
            found["requests-by-outcome"].rows,
            group="outcome",
            order=measures.OUTCOMES,
            value="requests",
            axis="Requests",
            title="Requests for Support received each week, by outcome",
        ),
        "requests-by-source": charts.stacked_weeks(
            found["requests-by-source"].rows,
            group="source",
            order=measures.SOURCES,
            value="requests",
            axis="Requests",
            title="Requests for Support received each week, by source",
        ),
        "education-by-outcome": charts.bars(
            found["education-by-outcome"].rows,
            category="outcome",
            value="requests",
            axis="Requests",
            title="Requests for Support from schools and education services, by outcome",
        ),
        "time-to-decision": charts.bars(
            found["time-to-decision"].rows,
            category="band",
            value="requests",
            axis="Requests",
            title="Working days from receipt to a signed-off decision",
        ),
        "district-conversations": charts.monthly_counts_and_shares(
            found["district-conversations"].rows,
            count="conversations",
            count_title="Conversations",
            shares={
                "followed_referral_share": "Followed a Request for Support",
                "led_to_support_share": "Open access or additional support",
                "replied_in_time_share": "Answered within 2 working days",
            },
            title="District Conversations each month",
        ),
        "re-referrals": charts.bars(
            found["re-referrals"].rows,
            category="window",
            value="rate",
            counts=False,
            group="by",
            group_order=list(measures.RE_REFERRAL_BY.values()),
            axis="Re-referrals (% of referrals)",
            title="Referrals that followed an earlier referral",
        ),
        "assessments": charts.bars(
            found["assessments"].rows,
            category="band",
            value="assessments",
            axis="Assessments",
            title="Child and family assessments completed, by working days taken",
        ),
        "children-in-need": charts.bars(
            found["children-in-need"].rows,
            category="band",
            value="cases",
            axis="Cases",
            title="Children in need at the end of the period, by time since referral",
        ),
        "caseloads": charts.bars(
            found["caseloads"].headline["bands"],
            category="band",
            value="workers",
            axis="Workers",
            title="Workers by open cases at the end of the period",
        ),
    }
