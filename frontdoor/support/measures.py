"""The Front Door's measures, the figures Kent's Change for Kent Children briefings report
(Requests for Support by week and outcome, those from education, District Conversations a
month: ../shared/seeds/, November 2018) and the children's social care measures the DfE
publishes for every council (re-referrals, assessments within 45 working days, how long
children have been in need, caseloads: support_and_send.md §1.6, §2.2, §2.3).

Every measure covers a period [start, end], both days included, and reads the database once
or twice however many rows there are (grouped there where it can be, otherwise one query and a
pass over its rows); none writes.
Each returns plain rows, dicts, that the page's chart and its table (and its download) share,
with the headline figures beside them. Shares go through core.rounding, half up.

The figures are aggregates: a child's name never leaves this module. Caseloads name workers.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from frontdoor.core.rounding import percentage, round_half_up
from frontdoor.support import clocks
from frontdoor.support.conversations import monthly_measures
from frontdoor.support.levels import Route
from frontdoor.support.models import (
    DistrictConversation,
    ReferralSource,
    SupportRequest,
)
from frontdoor.support.models_cases import Case, Team
from frontdoor.support.rereferrals import Referral, months_before, re_referrals

WAITING = "Waiting for a decision"
NOT_RECORDED = "Not recorded"
EDUCATION_SOURCES = (ReferralSource.SCHOOLS, ReferralSource.EDUCATION_SERVICES)
OUTCOMES = [label for _, label in Route.choices] + [WAITING]
SOURCES = [label for _, label in ReferralSource.choices] + [NOT_RECORDED]

# The day a decision was signed off, as the Front Door's office counts days.
_OFFICE = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Measure:
    """A measure's rows, and the headline figures the page shows above its chart."""

    rows: list[dict]
    headline: dict


# Requests for Support, week by week ------------------------------------------------------


def _submitted(start: date, end: date) -> QuerySet[SupportRequest]:
    """Requests received in the period; a draft has not been received."""
    return SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT).filter(
        received_on__gte=start, received_on__lte=end
    )


# The route of a signed-off decision; "" while the request waits for one (or its sign-off).
_OUTCOME = models.Case(
    When(decision__signed_off_at__isnull=False, then=F("decision__route")),
    default=Value(""),
    output_field=models.CharField(),
)


def _outcome_label(route: str) -> str:
    return Route(route).label if route else WAITING


def _source_label(source: str) -> str:
    return ReferralSource(source).label if source else NOT_RECORDED


def requests_by_week(*, start: date, end: date, by: str) -> Measure:
    """Requests received each week (its Monday, by received_on; the first and last weeks may be
    part-weeks), by "source" (who made the request) or "outcome" (the signed-off decision's
    route, or waiting for a decision). Rows: week, source or outcome, requests; weeks and
    groups without requests are left out."""
    if by not in ("source", "outcome"):
        raise ValueError(f'Requests are split by "source" or "outcome", not {by!r}.')
    submitted = _submitted(start, end).annotate(week=TruncWeek("received_on"))
    if by == "source":
        grouped, label, order = submitted.annotate(group=F("source")), _source_label, SOURCES
    else:
        grouped, label, order = submitted.annotate(group=_OUTCOME), _outcome_label, OUTCOMES
    counted = grouped.values("week", "group").annotate(requests=Count("pk")).order_by()
    rows = sorted(
        (
            {"week": row["week"], by: label(row["group"]), "requests": row["requests"]}
            for row in counted
        ),
        key=lambda row: (row["week"], order.index(row[by])),
    )
    headline = {"requests": sum(row["requests"] for row in rows)}
    if by == "outcome":
        headline["waiting"] = sum(row["requests"] for row in rows if row["outcome"] == WAITING)
    return Measure(rows, headline)


def education_requests_by_outcome(*, start: date, end: date) -> Measure:
    """Requests from schools (2A) and education services (2B) received in the period, by
    outcome: a row for every outcome (with its share of the education requests), even none."""
    submitted = _submitted(start, end)
    counted = Counter(
        {
            row["route"]: row["requests"]
            for row in submitted.filter(source__in=EDUCATION_SOURCES)
            .annotate(route=_OUTCOME)
            .values("route")
            .annotate(requests=Count("pk"))
            .order_by()
        }
    )
    from_education = sum(counted.values())
    rows = [
        {
            "outcome": _outcome_label(route),
            "requests": counted[route],
            "share": percentage(counted[route], from_education),
        }
        for route in [*Route.values, ""]
    ]
    all_requests = submitted.count()
    return Measure(
        rows,
        {
            "requests": from_education,
            "all_requests": all_requests,
            "share_of_all": percentage(from_education, all_requests),
        },
    )


# Time to decision --------------------------------------------------------------------------

DECISION_BANDS: list[tuple[str, Callable[[int], bool]]] = [
    ("Same day (0 working days)", lambda days: days <= 0),
    ("1 working day", lambda days: days == 1),
    ("2 working days", lambda days: days == 2),
    ("3 to 5 working days", lambda days: 3 <= days <= 5),
    ("6 or more working days", lambda days: days >= 6),
]


def time_to_decision(*, start: date, end: date) -> Measure:
    """Working days from receipt to the day (in London) a manager signed the decision off, for
    the requests received in the period and decided; `clocks.working_days_taken` counts them
    and `clocks.decision_due` (1 working day) says whether the decision was in time. Requests
    still waiting are counted in the headline, not in the bands."""
    taken, in_time, waiting = [], 0, 0
    for received, signed_off_at in _submitted(start, end).values_list(
        "received_on", "decision__signed_off_at"
    ):
        if signed_off_at is None:
            waiting += 1
            continue
        decided_on = timezone.localtime(signed_off_at, _OFFICE).date()
        taken.append(clocks.working_days_taken(received, decided_on))
        in_time += decided_on <= clocks.decision_due(received)
    rows = _bands(taken, DECISION_BANDS, "requests")
    return Measure(
        rows,
        {
            "decided": len(taken),
            "within_one_day": in_time,
            "within_one_day_share": percentage(in_time, len(taken)),
            "waiting": waiting,
        },
    )


def _bands(values: list[int], bands, counted: str) -> list[dict]:
    rows = [
        {"band": band, counted: sum(1 for value in values if belongs(value))}
        for band, belongs in bands
    ]
    for row in rows:
        row["share"] = percentage(row[counted], len(values))
    return rows


# District Conversations --------------------------------------------------------------------


def conversations_by_month(*, start: date, end: date) -> Measure:
    """District Conversations asked for in the period, month by month, as
    `conversations.monthly_measures` counts them (the first and last months may be part-months).
    """
    held = DistrictConversation.objects.filter(asked_on__gte=start, asked_on__lte=end).only(
        "asked_on", "followed_referral", "outcome", "replied_on"
    )
    rows = [
        {
            "month": month.month,
            "conversations": month.conversations,
            "followed_referral": month.followed_referral,
            "followed_referral_share": month.followed_referral_share,
            "led_to_support": month.led_to_support,
            "led_to_support_share": month.led_to_support_share,
            "replied_in_time": month.replied_in_time,
            "replied_in_time_share": month.replied_in_time_share,
            "awaiting_reply": month.awaiting_reply,
        }
        for month in monthly_measures(held)
    ]
    total = sum(row["conversations"] for row in rows)
    followed = sum(row["followed_referral"] for row in rows)
    support = sum(row["led_to_support"] for row in rows)
    return Measure(
        rows,
        {
            "conversations": total,
            "followed_referral_share": percentage(followed, total),
            "led_to_support": support,
            "led_to_support_share": percentage(support, total),
        },
    )


# Re-referrals ------------------------------------------------------------------------------

RE_REFERRAL_WINDOWS = (2, 12)  # months: Kent's local measure and the DfE's
RE_REFERRAL_BY = {"child": "Child", "household": "Child or household"}


def _social_work_cases() -> QuerySet[Case]:
    return Case.objects.filter(team=Team.SOCIAL_WORK_TEAM)


def child_key(pupil_id: int | None, first_name: str, last_name: str, born: date | None):
    """The county's record of the child when the Front Door matched one; otherwise the name
    and date of birth the referrer gave, ignoring case."""
    if pupil_id is not None:
        return ("pupil", pupil_id)
    return ("named", first_name.strip().lower(), last_name.strip().lower(), born)


def household_key(postcode: str, address: str):
    """The postcode without spaces, upper case, with the first line of the address (up to its
    first line break or comma), lower case; None without a postcode."""
    postcode = "".join(postcode.split()).upper()
    if not postcode:
        return None
    first_line = address.strip().splitlines()[0] if address.strip() else ""
    first_line = " ".join(first_line.split(",")[0].lower().split())
    return (postcode, first_line)


def re_referral_rates(*, start: date, end: date) -> Measure:
    """Referrals (cases opened at a Children's Social Work Team, on the referral's day) in the
    period, and how many came within 2 and within 12 months of an earlier referral of the same
    child, or of any child in the same household (`rereferrals.re_referrals`): 4 rows. The
    earlier referral may be before the period, so 12 months before it are read too."""
    found = _social_work_cases().filter(
        opened_on__gte=months_before(start, max(RE_REFERRAL_WINDOWS)), opened_on__lte=end
    )
    referrals = [
        Referral(
            id=pk,
            child=child_key(pupil_id, first_name, last_name, born),
            household=household_key(postcode, address),
            on=opened_on,
        )
        for pk, opened_on, pupil_id, first_name, last_name, born, postcode, address in (
            found.values_list(
                "pk",
                "opened_on",
                "child__pupil_id",
                "child__first_name",
                "child__last_name",
                "child__date_of_birth",
                "request__postcode",
                "request__address",
            )
        )
    ]
    in_period = {referral.id for referral in referrals if start <= referral.on <= end}
    rows = []
    for months in RE_REFERRAL_WINDOWS:
        for by, label in RE_REFERRAL_BY.items():
            again = re_referrals(referrals, months=months, by=by) & in_period
            rows.append(
                {
                    "window": f"Within {months} months",
                    "by": label,
                    "referrals": len(in_period),
                    "re_referrals": len(again),
                    "rate": percentage(len(again), len(in_period)),
                }
            )
    return Measure(rows, {"referrals": len(in_period)})


# Assessments -------------------------------------------------------------------------------

ASSESSMENT_LIMIT = 45  # working days (clocks.assessment_due)
ASSESSMENT_BANDS: list[tuple[str, Callable[[int], bool]]] = [
    ("0 to 10 working days", lambda days: days <= 10),
    ("11 to 20 working days", lambda days: 11 <= days <= 20),
    ("21 to 30 working days", lambda days: 21 <= days <= 30),
    ("31 to 45 working days", lambda days: 31 <= days <= 45),
    ("46 or more working days", lambda days: days >= 46),
]


def _open_at(end: date) -> Q:
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def assessment_durations(*, start: date, end: date) -> Measure:
    """Child and family assessments completed in the period at a Children's Social Work Team:
    working days from the referral (opened_on) to completion, in bands, and the share within
    45 working days (LAIT's assessments within 45 working days). The headline adds the cases
    open at the period's end whose assessment was by then overdue (not done by its due day)."""
    taken = [
        clocks.working_days_taken(opened_on, completed_on)
        for opened_on, completed_on in _social_work_cases()
        .filter(assessment_completed_on__gte=start, assessment_completed_on__lte=end)
        .values_list("opened_on", "assessment_completed_on")
    ]
    due = cache(clocks.assessment_due)
    overdue = sum(
        1
        for opened_on in _social_work_cases()
        .filter(_open_at(end))
        .filter(Q(assessment_completed_on__isnull=True) | Q(assessment_completed_on__gt=end))
        .values_list("opened_on", flat=True)
        if clocks.is_late(due(opened_on), None, end)
    )
    within = sum(1 for days in taken if days <= ASSESSMENT_LIMIT)
    return Measure(
        _bands(taken, ASSESSMENT_BANDS, "assessments"),
        {
            "completed": len(taken),
            "within_limit": within,
            "within_limit_share": percentage(within, len(taken)),
            "overdue_open": overdue,
        },
    )


# Children in need --------------------------------------------------------------------------

# LAIT's CINTime bands: how long the child has been in need, by the case's referral date.
CHILD_IN_NEED_BANDS = [
    ("Under 3 months", 0, 3),
    ("3 to 6 months", 3, 6),
    ("6 to 12 months", 6, 12),
    ("1 to 2 years", 12, 24),
    ("2 years or more", 24, None),
]


def child_in_need_durations(*, start: date, end: date) -> Measure:
    """Cases open at a Children's Social Work Team at the end of the period, by how long they
    had been open then: a case opened exactly 3 months before the end is in "3 to 6 months".
    `start` is not used: the measure is a snapshot at the period's end."""
    counts = {}
    for index, (_, at_least, under) in enumerate(CHILD_IN_NEED_BANDS):
        opened = Q(opened_on__lte=months_before(end, at_least))
        if under is not None:
            opened &= Q(opened_on__gt=months_before(end, under))
        counts[f"band_{index}"] = Count("pk", filter=opened)
    counted = _social_work_cases().filter(_open_at(end)).aggregate(**counts)
    total = sum(counted.values())
    rows = [
        {
            "band": band,
            "cases": counted[f"band_{index}"],
            "share": percentage(counted[f"band_{index}"], total),
        }
        for index, (band, _, _) in enumerate(CHILD_IN_NEED_BANDS)
    ]
    return Measure(rows, {"cases": total, "as_at": end})


# Caseloads ---------------------------------------------------------------------------------

CASELOAD_BANDS: list[tuple[str, Callable[[int], bool]]] = [
    ("1 to 5 cases", lambda cases: cases <= 5),
    ("6 to 10 cases", lambda cases: 6 <= cases <= 10),
    ("11 to 15 cases", lambda cases: 11 <= cases <= 15),
    ("16 to 20 cases", lambda cases: 16 <= cases <= 20),
    ("21 to 25 cases", lambda cases: 21 <= cases <= 25),
    ("26 or more cases", lambda cases: cases >= 26),
]


def caseloads(*, start: date, end: date) -> Measure:
    """Cases open at the end of the period (opened by then, not closed by then) for each worker
    they were allocated to by then, team by team; a case without a worker then is unallocated,
    counted apart. Rows: team, worker, cases (most first). The headline holds each team's
    workers, allocated and unallocated cases and mean cases a worker (and the same across both
    teams), and the workers by caseload band for the chart. `start` is not used: the measure
    is a snapshot at the period's end."""
    allocated = Q(worker__isnull=False) & (Q(allocated_on__isnull=True) | Q(allocated_on__lte=end))
    counted = (
        Case.objects.filter(_open_at(end))
        .annotate(
            allocated=models.Case(
                When(allocated, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
        .values(
            "team",
            "allocated",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "worker__username",
        )
        .annotate(cases=Count("pk"))
        .order_by()
    )
    rows, unallocated = [], Counter()
    for row in counted:
        if not row["allocated"]:
            unallocated[row["team"]] += row["cases"]
            continue
        name = f"{row['worker__first_name']} {row['worker__last_name']}".strip()
        rows.append(
            {
                "team": Team(row["team"]).label,
                "worker": name or row["worker__username"],
                "worker_id": row["worker_id"],
                "cases": row["cases"],
            }
        )
    rows.sort(key=lambda row: (Team.labels.index(row["team"]), -row["cases"], row["worker"]))
    teams = [
        _team_caseload(label, [row for row in rows if row["team"] == label], unallocated[team])
        for team, label in Team.choices
    ]
    teams.append(_team_caseload("Both teams", rows, sum(unallocated.values())))
    # A worker may hold cases in both teams: the bands count each worker once.
    per_worker = Counter()
    for row in rows:
        per_worker[row["worker_id"]] += row["cases"]
    return Measure(
        rows,
        {
            "teams": teams,
            "mean": teams[-1]["mean"],
            "unallocated": teams[-1]["unallocated"],
            "bands": _bands(list(per_worker.values()), CASELOAD_BANDS, "workers"),
            "as_at": end,
        },
    )


def _team_caseload(team: str, rows: list[dict], unallocated: int) -> dict:
    workers = len({row["worker_id"] for row in rows})
    held = sum(row["cases"] for row in rows)
    return {
        "team": team,
        "workers": workers,
        "allocated": held,
        "unallocated": unallocated,
        "mean": round_half_up(Decimal(held) / workers) if workers else None,
    }
