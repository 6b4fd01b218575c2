"""Reads of EHC needs assessment casework. Every one starts from `ehc_requests_visible_to`, the
access layer's scope for the signed-in caseworker; where each request stands on its clock is
worked out in Python from its own dates (clock.py), which is quick enough for a few thousand."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from frontdoor.core import access
from frontdoor.pupils.selectors import current_schools, pupil_search, pupils_visible_to
from frontdoor.schools.models import District, Establishment
from frontdoor.schools.selectors import districts, establishments_search
from frontdoor.send import clock, deadlines
from frontdoor.send.clock import ClockStep
from frontdoor.send.models import (
    CLOSED_STAGES,
    AdviceRequest,
    EhcRequest,
    SettingConsultation,
)

CHILD_SEARCH_LIMIT = 20
SETTING_SEARCH_LIMIT = 50


def ehc_requests_visible_to(user) -> QuerySet[EhcRequest]:
    return access.scope_send_requests(
        user,
        EhcRequest.objects.select_related("pupil", "district", "caseworker", "named_setting"),
    )


def send_districts_for(user) -> QuerySet[District]:
    """The districts in the caseworker's area (a dozen in a county, so checked one by one
    against the access rule rather than restating it here)."""
    area = [d.pk for d in District.objects.all() if access.in_send_area(user, d)]
    return District.objects.filter(pk__in=area).order_by("name")


def council_la_code() -> str:
    """The council's three-digit LA code (886 for Kent), from its districts: the key to its
    rows in the published returns."""
    return districts().values_list("la_code", flat=True).first() or ""


# The caseload ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadFilters:
    stage: str = ""
    overdue_only: bool = False
    mine_only: bool = False
    district: District | None = None
    closed: bool = False  # closed requests instead of open ones


@dataclass(frozen=True)
class CaseloadRow:
    request: EhcRequest
    school: Establishment | None  # the child's current school, when the caseworker can see it
    next_step: ClockStep | None
    next_status: str | None


def caseload(user, filters: CaseloadFilters, *, today: date) -> list[CaseloadRow]:
    """The requests in the caseworker's area, soonest next limit first (closed ones, which have
    none, most recently received first)."""
    found = ehc_requests_visible_to(user)
    found = (
        found.filter(stage__in=CLOSED_STAGES)
        if filters.closed
        else found.exclude(stage__in=CLOSED_STAGES)
    )
    if filters.stage:
        found = found.filter(stage=filters.stage)
    if filters.mine_only:
        found = found.filter(caseworker=user)
    if filters.district is not None:
        found = found.filter(district=filters.district)
    requests = list(found.order_by("-received_on", "-pk"))
    schools = current_schools(user=user, pupil_ids={r.pupil_id for r in requests})
    rows = []
    for request in requests:
        step = clock.next_step(request)
        status = step.status(today) if step else None
        if filters.overdue_only and status != clock.OVERDUE:
            continue
        rows.append(CaseloadRow(request, schools.get(request.pupil_id), step, status))
    return sorted(rows, key=lambda row: row.next_step.due if row.next_step else date.max)


# One request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceRow:
    advice: AdviceRequest
    limit: ClockStep  # 6 weeks from the council's request for it (reg 8(1))


@dataclass(frozen=True)
class RequestRecord:
    """Everything the request page shows."""

    request: EhcRequest
    school: Establishment | None
    child_visible: bool  # whether the caseworker may open the child's own page
    clock: list[ClockStep]
    advice: list[AdviceRow]
    exceptions: list
    consultations: list[SettingConsultation]
    pending_advice: list[AdviceRequest] = field(default_factory=list)
    pending_consultations: list[SettingConsultation] = field(default_factory=list)

    @property
    def comments_close(self) -> date | None:
        """The last day of the family's 15 days on the draft (reg 13(1)), once it is served."""
        served = self.request.draft_served_on
        return deadlines.representations_close(served) if served else None


def ehc_request_for(user, request_id: int) -> EhcRequest | None:
    """The request, if it is in the user's area (None otherwise: the two are the same to them)."""
    return ehc_requests_visible_to(user).filter(pk=request_id).first()


def request_record(user, request: EhcRequest) -> RequestRecord:
    request = (
        ehc_requests_visible_to(user)
        .prefetch_related(
            "advice",
            "exceptions__recorded_by",
            Prefetch(
                "consultations",
                queryset=SettingConsultation.objects.select_related("establishment"),
            ),
        )
        .get(pk=request.pk)
    )
    advice = list(request.advice.all())
    consultations = list(request.consultations.all())
    school = current_schools(user=user, pupil_ids=[request.pupil_id]).get(request.pupil_id)
    return RequestRecord(
        request=request,
        school=school,
        child_visible=pupils_visible_to(user).filter(pk=request.pupil_id).exists(),
        clock=clock.request_clock(request),
        advice=[AdviceRow(a, _advice_limit(a)) for a in advice],
        exceptions=list(request.exceptions.all()),
        consultations=consultations,
        pending_advice=[a for a in advice if a.received_on is None],
        pending_consultations=[c for c in consultations if c.responded_on is None],
    )


def _advice_limit(advice: AdviceRequest) -> ClockStep:
    return ClockStep(
        "advice",
        deadlines.advice_due(advice.requested_on),
        "reg 8(1): 6 weeks from the council's request",
        advice.received_on,
    )


# Choosing a child and a setting --------------------------------------------------------


def children_matching(user, query: str):
    """Children the user may see whose name or UPN matches, for opening a request."""
    return pupil_search(user=user, query=query).order_by("last_name", "first_name", "pk")[
        :CHILD_SEARCH_LIMIT
    ]


def child_for(user, pupil_id) -> tuple | None:
    """(the child, their current school) if the user may see the child; None otherwise."""
    pupil = pupils_visible_to(user).filter(pk=pupil_id).first()
    if pupil is None:
        return None
    return pupil, current_schools(user=user, pupil_ids=[pupil.pk]).get(pupil.pk)


def settings_to_consult(request: EhcRequest, query: str = "") -> QuerySet[Establishment]:
    """Schools and colleges a caseworker may consult: those matching a search, or, before one,
    the ones in the request's district."""
    if query.strip():
        return establishments_search(query=query)[:SETTING_SEARCH_LIMIT]
    return establishments_search(district=request.district).order_by("name")
