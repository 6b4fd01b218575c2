"""Reads of EHC plans: the plans in a caseworker's area (searched, filtered, paged at county
scale), one plan with its versions, and a version's content laid out for the page with the
golden thread (need -> outcome -> provision) joined up."""

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from frontdoor.core import access
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.schools.models import District
from frontdoor.send import plan_content, reviews
from frontdoor.send.models import AdviceKind
from frontdoor.send.models_plans import EhcPlan, PlanVersion


def plans_visible_to(user) -> QuerySet[EhcPlan]:
    return access.scope_send_plans(
        user, EhcPlan.objects.select_related("pupil", "district", "named_setting", "request")
    )


# The list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    query: str = ""
    district: District | None = None
    amending: bool = False  # only plans with a draft amendment under way


def plan_list(user, filters: PlanFilters) -> QuerySet[EhcPlan]:
    """The plans in the caseworker's area, each annotated with its latest version's number and
    status (`latest_number`, `latest_status`), by reference. A query is a plan reference or
    words that each start the child's first or last name."""
    found = plans_visible_to(user)
    query = filters.query.strip()
    if query:
        by_name = Q()
        for word in query.split():
            by_name &= Q(pupil__first_name__istartswith=word) | Q(
                pupil__last_name__istartswith=word
            )
        found = found.filter(Q(reference__iexact=query) | by_name)
    if filters.district is not None:
        found = found.filter(district=filters.district)
    if filters.amending:
        found = found.filter(issued_on__isnull=False).filter(Exists(_drafts()))
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    return found.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    ).order_by("reference")


def _drafts() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=OuterRef("pk"), status=PlanVersion.Status.DRAFT)


def reviews_due(plans: list[EhcPlan]) -> dict[int, date]:
    """When each plan in force is next due its annual review: one query for a page of plans."""
    ids = [plan.pk for plan in plans]
    with_reviews = EhcPlan.objects.filter(pk__in=ids).prefetch_related("reviews")
    return {standing.plan.pk: standing.due for standing in reviews.standings(with_reviews)}


# One plan --------------------------------------------------------------------------------


def plan_for(user, plan_id: int) -> EhcPlan | None:
    return plans_visible_to(user).filter(pk=plan_id).first()


def plan_versions(plan: EhcPlan) -> list[PlanVersion]:
    """Every version, first first, without their content (a page lists them; one is shown)."""
    return list(plan.versions.select_related("made_by").defer("content"))


def plan_version(plan: EhcPlan, number: int) -> PlanVersion | None:
    return plan.versions.select_related("made_by").filter(number=number).first()


def current_version(versions: list[PlanVersion]) -> PlanVersion | None:
    """The plan as it stands: its latest final version, or its draft before it is issued."""
    finals = [v for v in versions if v.status == PlanVersion.Status.FINAL]
    return finals[-1] if finals else (versions[-1] if versions else None)


def open_draft(versions: list[PlanVersion]) -> PlanVersion | None:
    latest = versions[-1] if versions else None
    return latest if latest and latest.status == PlanVersion.Status.DRAFT else None


def child_visible(user, plan: EhcPlan) -> bool:
    """Whether the caseworker may open the child's own record (they see the name on the plan
    either way, as on a request)."""
    return pupils_visible_to(user).filter(pk=plan.pupil_id).exists()


def next_review_due(plan: EhcPlan) -> date | None:
    return reviews_due([plan]).get(plan.pk)


# A version's content, laid out ---------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    id: str
    section: str
    text: str
    serves: list[str]
    who: str
    how_often: str
    hours_a_week: float | int | None


@dataclass(frozen=True)
class Outcome:
    id: str
    text: str
    by: str
    meets: list[str]
    provision: list[Provision] = field(default_factory=list)  # the provision serving it


@dataclass(frozen=True)
class Need:
    id: str
    section: str
    area: str  # the area's label, for section B
    text: str
    outcomes: list[Outcome] = field(default_factory=list)  # the outcomes meeting it


@dataclass(frozen=True)
class Advice:
    kind: str
    given_by: str
    on: date | str | None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list


@dataclass(frozen=True)
class PlanLayout:
    views: str  # A
    needs: list[Section]  # B, C, D
    outcomes: list[Outcome]  # E
    provision: list[Section]  # F, G, H1, H2
    placement: dict  # I
    placement_type: str  # I's type of setting, as a person reads it
    budget: dict  # J
    advice: list[Advice]  # K
    problems: list[plan_content.Problem]


def plan_layout(content: dict) -> PlanLayout:
    """The content as the page shows it: each need with the outcomes that meet it, and each
    outcome with the provision that serves it."""
    provision = [
        Section(key, plan_content.SECTIONS[key], [_provision(key, i) for i in content.get(key, [])])
        for key in plan_content.PROVISION
    ]
    serving: dict[str, list[Provision]] = {}
    for section in provision:
        for item in section.items:
            for outcome_id in item.serves:
                serving.setdefault(outcome_id, []).append(item)
    outcomes = [
        Outcome(
            id=item.get("id", ""),
            text=str(item.get("text", "")),
            by=str(item.get("by", "")),
            meets=list(item.get("meets", [])),
            provision=serving.get(item.get("id"), []),
        )
        for item in content.get("E", [])
    ]
    needs = [
        Section(
            key,
            plan_content.SECTIONS[key],
            [
                Need(
                    id=item.get("id", ""),
                    section=key,
                    area=plan_content.AREAS.get(item.get("area"), ""),
                    text=str(item.get("text", "")),
                    outcomes=[o for o in outcomes if item.get("id") in o.meets],
                )
                for item in content.get(key, [])
            ],
        )
        for key in plan_content.NEEDS
    ]
    return PlanLayout(
        views=str(content.get("A", "")),
        needs=needs,
        outcomes=outcomes,
        provision=provision,
        placement=content.get("I") or {},
        placement_type=_setting_type((content.get("I") or {}).get("type", "")),
        budget=content.get("J") or {},
        advice=[_advice(item) for item in content.get("K", [])],
        problems=plan_content.problems(content),
    )


def _setting_type(code: str) -> str:
    return plan_content.SETTING_TYPES.get(code, str(code).replace("_", " ").capitalize())


def _provision(section: str, item: dict) -> Provision:
    return Provision(
        id=item.get("id", ""),
        section=section,
        text=str(item.get("text", "")),
        serves=list(item.get("serves", [])),
        who=str(item.get("who", "")),
        how_often=str(item.get("how_often", "")),
        hours_a_week=item.get("hours_a_week"),
    )


def _advice(item: dict) -> Advice:
    kind = item.get("kind", "")
    on = item.get("date")
    with suppress(TypeError, ValueError):  # else shown as it was written
        on = date.fromisoformat(on) if on else None
    return Advice(
        AdviceKind(kind).label if kind in AdviceKind.values else kind, item.get("from", ""), on
    )
