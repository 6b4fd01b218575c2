"""The demo county's EHC plans and the work around them, from the pupils' records:

- a plan for every pupil with an EHC plan on `as_at`, made on the day their plan began, and for
  every demo request that reached a final plan;
- its annual reviews since, mostly on time; about one in five plans whose review has fallen due
  has none yet (ASSUMPTION, after the systemic delays the Ombudsman reports), and about one in
  seven decisions comes after the 4 weeks;
- phase transfers for last September (mostly amended by the deadline) and next September (under
  way: cohort 1 full agreement about 70%, cohort 2 to a District Placement Meeting about 20%,
  cohort 3 mop-up about 10%; seed 003);
- placement panel requests for about 3% of plans, mostly independent places at £45k-£90k a year;
- a PEP each past term of this school year for most children in care;
- disagreements with about one in eight refusals to assess and one in thirty new plans' contents,
  about half going on to a Tribunal appeal (ASSUMPTION, in line with England's appeal rate of
  about 2.5% of appealable decisions), with mediation, certificates and orders on their clocks.

Each plan's content is one of a few plans written by area of need, so the golden thread holds."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from frontdoor.core import term_dates
from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment
from frontdoor.schools.models import Establishment, Sector
from frontdoor.send import deadlines, transfers
from frontdoor.send.models import EhcRequest, Stage
from frontdoor.send.models_disagreements import (
    AppealableDecision,
    Disagreement,
    MediationAgreement,
    TribunalOrder,
)
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind, PanelRequest
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.models_transfers import (
    MopUpReason,
    PhaseTransfer,
    TransferCohort,
    TransferKind,
)
from frontdoor.send.models_virtual_school import PersonalEducationPlan

OVERDUE, LATE_DECISION, PANEL, PEP_HELD = 0.2, 0.15, 0.03, 0.85
COHORTS = ((TransferCohort.AGREED, 70), (TransferCohort.PLACEMENT_MEETING, 20))
COHORTS += ((TransferCohort.MOP_UP, 10),)
MEETING_OUTCOMES = (
    "The parents accepted the council's proposed school, with a phased start in September.",
    "The meeting agreed the parents' preferred school, with outreach from a special school.",
    "The school agreed to admit with extra transition visits in the summer term.",
)
INDEPENDENT_SCHOOLS = (
    "Oakwood School",
    "The Marlowe Centre",
    "Weald Hall School",
    "Harbour House School",
    "Sandgate Independent School",
)

NEEDS = {
    "communication": (
        "finds it hard to understand and use spoken language",
        "follows two-step instructions in class",
        "speech and language programme set by the therapist",
        2,
    ),
    "cognition": (
        "is working well below age-related expectations in reading and number",
        "reads and understands simple texts independently",
        "daily structured literacy and numeracy intervention",
        5,
    ),
    "semh": (
        "finds it hard to manage anxiety, which leads to withdrawal from lessons",
        "uses agreed strategies to manage anxiety and stays in lessons",
        "key adult check-ins and a weekly therapeutic session",
        3,
    ),
    "sensory": (
        "has a hearing impairment and uses hearing aids",
        "takes part fully in classroom discussion",
        "a specialist teacher of the deaf and a radio aid",
        1,
    ),
}


def send_plans_save(*, seed: int, as_at: date) -> dict[str, int]:
    rng = random.Random(f"send plans {seed}")
    plans = _plans(rng, as_at)
    EhcPlan.objects.bulk_create(plans, batch_size=2_000)
    PlanVersion.objects.bulk_create((_version(rng, plan) for plan in plans), batch_size=2_000)
    reviews = [review for plan in plans for review in _reviews(rng, plan, as_at)]
    AnnualReview.objects.bulk_create(reviews, batch_size=5_000)
    panels = [p for plan in plans if rng.random() < PANEL for p in [_panel(rng, plan, as_at)]]
    PanelRequest.objects.bulk_create(panels)
    moving = _transfers(rng, as_at)
    peps = _peps(rng, as_at)
    disagreements = _disagreements(rng, as_at)
    Disagreement.objects.bulk_create(disagreements)
    return {
        "EHC plans": len(plans),
        "annual reviews": len(reviews),
        "placement panel requests": len(panels),
        "phase transfers": moving,
        "PEPs": peps,
        "disagreements": len(disagreements),
    }


def _plans(rng: random.Random, as_at: date) -> list[EhcPlan]:
    """A plan for each pupil with a plan on `as_at` (and for each issued demo request)."""
    periods = (
        CharacteristicPeriod.objects.filter(
            characteristic=Characteristic.EHC_PLAN, start_date__lte=as_at
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_at))
        .values_list("pupil_id", "start_date")
    )
    started = dict(periods)
    schools = _current_schools(set(started), as_at)
    plans = []
    for number, (pupil_id, issued) in enumerate(sorted(started.items()), 1):
        if pupil_id not in schools:
            continue
        school_id, district_id = schools[pupil_id]
        plans.append(
            EhcPlan(
                reference=f"PLAN-{number:06d}",
                pupil_id=pupil_id,
                district_id=district_id,
                issued_on=issued,
                named_setting_id=school_id,
            )
        )
    for request in EhcRequest.objects.filter(stage=Stage.ISSUED).exclude(pupil_id__in=started):
        plans.append(
            EhcPlan(
                reference=f"PLAN-R{request.pk:06d}",
                pupil_id=request.pupil_id,
                district_id=request.district_id,
                issued_on=request.final_issued_on,
                named_setting_id=request.named_setting_id,
                request=request,
            )
        )
    return plans


def _current_schools(pupil_ids: set[int], as_at: date) -> dict[int, tuple[int, int]]:
    rows = (
        Enrolment.objects.filter(
            pupil_id__in=pupil_ids,
            admission_date__lte=as_at,
            establishment__district__isnull=False,
        )
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=as_at))
        .values_list("pupil_id", "establishment_id", "establishment__district_id")
    )
    return {pupil: (school, district) for pupil, school, district in rows}


def _version(rng: random.Random, plan: EhcPlan) -> PlanVersion:
    area = rng.choice(list(NEEDS))
    need, outcome, provision, hours = NEEDS[area]
    content = {
        "A": "Enjoys music and animals; wants to have friends at school and to work with animals.",
        "B": [{"id": "b1", "area": area, "text": f"The child {need}."}],
        "E": [
            {
                "id": "e1",
                "text": f"The child {outcome}.",
                "meets": ["b1"],
                "by": "the end of the key stage",
            }
        ],
        "F": [
            {
                "id": "f1",
                "text": provision.capitalize(),
                "serves": ["e1"],
                "who": "school staff trained and overseen by the specialist service",
                "how_often": "each week",
                "hours_a_week": hours,
            }
        ],
        "I": {"urn": None, "name": "The school named in the plan", "type": "mainstream"},
    }
    return PlanVersion(
        plan=plan,
        number=1,
        status=PlanVersion.Status.FINAL,
        content=content,
        made_on=plan.issued_on,
    )


def _reviews(rng: random.Random, plan: EhcPlan, as_at: date) -> list[AnnualReview]:
    found, start = [], plan.issued_on
    while (due := deadlines.review_due(start)) <= as_at + timedelta(days=42):
        if due <= as_at and rng.random() < OVERDUE and due >= as_at - timedelta(days=365):
            break  # this year's review has not happened: overdue
        meeting = due - timedelta(days=rng.randrange(0, 56))
        if meeting > as_at:
            found.append(AnnualReview(plan=plan, due_on=due))  # booked, not yet held
            break
        late = rng.random() < LATE_DECISION
        decided = meeting + timedelta(days=rng.randrange(29, 60) if late else rng.randrange(5, 28))
        review = AnnualReview(
            plan=plan,
            due_on=due,
            meeting_on=meeting,
            invitations_sent_on=meeting - timedelta(days=rng.randrange(14, 30)),
            report_received_on=min(as_at, meeting + timedelta(days=rng.randrange(3, 14))),
        )
        if decided <= as_at:
            review.decision, review.decision_on = ReviewDecision.MAINTAIN, decided
        found.append(review)
        if review.decision_on is None:
            break
        start = meeting
    return found


def _panel(rng: random.Random, plan: EhcPlan, as_at: date) -> PanelRequest:
    submitted = as_at - timedelta(days=rng.randrange(10, 700))
    decided = submitted + timedelta(days=rng.randrange(7, 35))
    decision = rng.choices(
        [PanelDecision.AGREED, PanelDecision.CONDITIONS, PanelDecision.DECLINED],
        weights=[60, 25, 15],
    )[0]
    return PanelRequest(
        plan=plan,
        kind=PanelKind.INDEPENDENT,
        setting_name=rng.choice(INDEPENDENT_SCHOOLS),
        annual_cost=Decimal(rng.randrange(45, 91) * 1000),
        starts_on=decided + timedelta(days=30),
        evidence="Specialist provision the county's maintained special schools cannot offer.",
        submitted_on=submitted,
        panel_on=decided if decided <= as_at else None,
        members=[d.value for d in Discipline] if decided <= as_at else [],
        decision=decision if decided <= as_at else "",
        conditions="Review progress after two terms."
        if decision == PanelDecision.CONDITIONS
        else "",
        review_on=decided + timedelta(days=365) if decided <= as_at else None,
    )


def _transfers(rng: random.Random, as_at: date) -> int:
    plans = EhcPlan.objects.filter(issued_on__isnull=False, ceased_on__isnull=True)
    officer = User.objects.filter(username="send.officer", role=Role.SEND_CASEWORKER).first()
    settings = _NextSettings(plans)
    rows = []
    for year in (as_at.year, as_at.year + 1):
        for plan_id, kind in transfers.movers(plans, year).items():
            cohort = rng.choices([c for c, _ in COHORTS], weights=[w for _, w in COHORTS])[0]
            transfer = PhaseTransfer(
                plan_id=plan_id,
                transfer_year=year,
                kind=kind,
                cohort=cohort,
                recorded_by=officer,
            )
            deadline = transfers.deadline_of(transfer)
            transfer.parents_agree = transfer.school_agrees = cohort == TransferCohort.AGREED
            if cohort == TransferCohort.PLACEMENT_MEETING:
                transfer.parents_agree = rng.random() < 0.4  # else the school or both differ
                transfer.placement_meeting_on = date(year - 1, 12, 5) + timedelta(rng.randrange(5))
                if transfer.placement_meeting_on <= as_at:
                    transfer.placement_meeting_outcome = rng.choice(MEETING_OUTCOMES)
            elif cohort == TransferCohort.MOP_UP:
                transfer.parents_agree = transfer.school_agrees = None
                transfer.mop_up_reason = rng.choice(MopUpReason.values)
            issued = deadline - timedelta(days=rng.randrange(-20, 60))  # a quarter late
            if cohort == TransferCohort.MOP_UP:
                issued += timedelta(days=45)
            if issued <= as_at:
                transfer.amended_issued_on = issued
                transfer.named_setting_id = settings.choose(plan_id, kind, year)
                if cohort == TransferCohort.AGREED:  # the setting the family asked for
                    transfer.preference_id = transfer.named_setting_id
            rows.append(transfer)
    PhaseTransfer.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


class _NextSettings:
    """The setting an issued transfer names: a school of the next phase in the plan's district
    (a special school stays special), drawn from a generator of the transfer's own, so the
    county's other figures stay as they were."""

    SECTORS = {
        TransferKind.TO_RECEPTION: (Sector.PRIMARY,),
        TransferKind.INFANT_TO_JUNIOR: (Sector.PRIMARY,),
        TransferKind.PRIMARY_TO_SECONDARY: (Sector.SECONDARY,),
        TransferKind.TO_POST_16: (Sector.SIXTEEN_PLUS, Sector.SECONDARY),
    }

    def __init__(self, plans):
        self.plans = {
            pk: (district, sector)
            for pk, district, sector in plans.values_list(
                "pk", "district_id", "named_setting__sector"
            )
        }
        self.schools: dict[tuple[int, str], list[int]] = {}
        for pk, district, sector in Establishment.objects.order_by("urn").values_list(
            "pk", "district_id", "sector"
        ):
            self.schools.setdefault((district, sector), []).append(pk)

    def choose(self, plan_id: int, kind: str, year: int) -> int | None:
        district, sector = self.plans[plan_id]
        sectors = (Sector.SPECIAL,) if sector == Sector.SPECIAL else self.SECTORS[kind]
        near = [pk for s in sectors for pk in self.schools.get((district, s), [])]
        anywhere = [pk for (_, s), pks in self.schools.items() if s in sectors for pk in pks]
        found = near or anywhere
        return random.Random(f"transfer-{plan_id}-{year}").choice(found) if found else None


def _peps(rng: random.Random, as_at: date) -> int:
    """Most terms' PEPs for the children in care now, on a working day of the term from 10 to 49
    days into it, or into their care when they came into care during the term (so some first
    PEPs come after the 10 working days); none before a child came into care or after `as_at`."""
    came_into_care = dict(
        CharacteristicPeriod.objects.filter(
            characteristic=Characteristic.LOOKED_AFTER, start_date__lte=as_at
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_at))
        .values_list("pupil_id", "start_date")
    )
    year = as_at.year if as_at.month >= 9 else as_at.year - 1
    terms = [t for t in term_dates.terms(year) if t.start <= as_at]
    peps = []
    for pupil_id in set(came_into_care):
        for term in terms:
            if rng.random() >= PEP_HELD:
                continue
            days_in = timedelta(days=rng.randrange(10, 50))
            held = deadlines.working_day_on_or_after(
                max(term.start, came_into_care[pupil_id]) + days_in
            )
            if held <= min(as_at, term.end):
                peps.append(
                    PersonalEducationPlan(
                        pupil_id=pupil_id,
                        academic_year=year,
                        term=term.name,
                        held_on=held,
                        targets="Reading age up by a year; attends every day; joins an "
                        "after-school club.",
                    )
                )
    PersonalEducationPlan.objects.bulk_create(peps, batch_size=2_000)
    return len(peps)


DISAGREE = {AppealableDecision.REFUSE_ASSESS: 0.12, AppealableDecision.CONTENTS: 0.03}
MEDIATION, APPEAL = 0.6, 0.5
# ASSUMPTION: after an order to assess, 1 in 10 councils decide not to issue a plan; each step of
# an order is done from 2 weeks early to 9 days late, so about a third are late.
NOT_TO_ISSUE = 0.1
ORDER_STEP_SPREAD = (-14, 10)
# The orders a Tribunal makes on each kind of appeal, and how often (ASSUMPTION: most appeals
# succeed at least in part, as the Tribunal's published outcomes show).
TRIBUNAL_ORDERS = {
    AppealableDecision.REFUSE_ASSESS: ((TribunalOrder.ASSESS, 65), (TribunalOrder.DISMISSED, 35)),
    AppealableDecision.CONTENTS: (
        (TribunalOrder.AMEND, 50),
        (TribunalOrder.NAME_SCHOOL, 30),
        (TribunalOrder.DISMISSED, 20),
    ),
}
# ASSUMPTION: half the mediations not followed by an appeal end in an agreement, of the kind the
# Tribunal would have ordered on that decision (a few on health or social care provision).
MEDIATION_AGREED = 0.5
AGREEMENTS = {
    AppealableDecision.REFUSE_ASSESS: (
        (MediationAgreement.ASSESS, 90),
        (MediationAgreement.OTHER, 10),
    ),
    AppealableDecision.CONTENTS: (
        (MediationAgreement.AMEND, 55),
        (MediationAgreement.NAME_SCHOOL, 30),
        (MediationAgreement.OTHER, 15),
    ),
}
AGREED = {
    MediationAgreement.ASSESS: "The council will carry out an EHC needs assessment.",
    MediationAgreement.AMEND: "Section F to set out weekly speech and language therapy.",
    MediationAgreement.NAME_SCHOOL: "The family's preferred school to be named in section I.",
    MediationAgreement.OTHER: "Health to fund an occupational therapy assessment.",
}


def _disagreements(rng: random.Random, as_at: date) -> list[Disagreement]:
    """Disagreements with the demo's refusals to assess and new plans, each step on or near its
    statutory limit and only when it has happened by `as_at`."""
    decided = [
        (AppealableDecision.REFUSE_ASSESS, pupil, district, on)
        for pupil, district, on in EhcRequest.objects.filter(stage=Stage.REFUSED).values_list(
            "pupil_id", "district_id", "assessment_decided_on"
        )
    ] + [
        (AppealableDecision.CONTENTS, pupil, district, on)
        for pupil, district, on in EhcRequest.objects.filter(stage=Stage.ISSUED).values_list(
            "pupil_id", "district_id", "final_issued_on"
        )
    ]
    found = []
    for decision, pupil_id, district_id, letter in decided:
        if letter is None or rng.random() >= DISAGREE[decision]:
            continue
        found.append(
            _disagreement(
                rng,
                as_at,
                Disagreement(
                    pupil_id=pupil_id,
                    district_id=district_id,
                    decision=decision,
                    decision_letter_on=letter,
                ),
            )
        )
    return found


def _disagreement(rng: random.Random, as_at: date, d: Disagreement) -> Disagreement:
    def by(day: date) -> date | None:
        return day if day <= as_at else None

    working = deadlines.working_day_on_or_after  # mediators and councils work on working days
    contacted = d.decision_letter_on + timedelta(days=rng.randrange(7, 50))
    if rng.random() < MEDIATION:
        d.mediation_requested_on = by(contacted)
        if d.mediation_requested_on:
            d.mediation_held_on = by(working(contacted + timedelta(days=rng.randrange(14, 40))))
        if d.mediation_held_on:
            issued = working(d.mediation_held_on + timedelta(days=rng.randrange(1, 6)))
            d.certificate_issued_on = by(issued)
    else:
        d.mediation_declined_on = by(contacted)
        if d.mediation_declined_on:
            d.certificate_issued_on = by(working(contacted + timedelta(days=rng.randrange(1, 6))))
    if d.certificate_issued_on and rng.random() < APPEAL:
        d.appeal_registered_on = by(d.certificate_issued_on + timedelta(days=rng.randrange(5, 30)))
    if d.appeal_registered_on:
        # ASSUMPTION: hearings about 20 weeks after registration, as the Tribunal aims for.
        made = by(d.appeal_registered_on + timedelta(weeks=rng.randrange(18, 26)))
        if made:
            orders = TRIBUNAL_ORDERS[d.decision]
            d.order = rng.choices([o for o, _ in orders], weights=[w for _, w in orders])[0]
            d.order_made_on = made
            if d.order != TribunalOrder.DISMISSED:
                limits = deadlines.tribunal_order(d.order, made)
                d.order_steps_done = _order_steps(rng, as_at, limits, made)
    if d.mediation_held_on:
        _mediation_outcome(d, as_at)
    return d


def _mediation_outcome(d: Disagreement, as_at: date) -> None:
    """What the mediation ended with, and the agreement's steps done by `as_at`. Drawn from a
    generator of the disagreement's own, so the county's other figures stay as they were."""
    rng = random.Random(f"{d.pupil_id}-{d.decision_letter_on}")
    d.mediation_agreement = MediationAgreement.NONE
    if d.appeal_registered_on or rng.random() >= MEDIATION_AGREED:
        return
    kinds = AGREEMENTS[d.decision]
    agreement = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
    d.mediation_agreement, d.mediation_agreed = agreement, AGREED[agreement]
    limits = deadlines.mediation_agreement(agreement, d.mediation_held_on)
    d.order_steps_done = _order_steps(rng, as_at, limits, d.mediation_held_on)


def _order_steps(rng: random.Random, as_at: date, limits, made: date) -> dict[str, str]:
    """Each step of an order (or a mediation agreement) on a working day on or near its own
    limit, about a third late, each after the one before, only those done by `as_at`; after an
    order to assess, a plan or (now and then) a decision not to issue one."""
    passed_over = "final_plan" if rng.random() < NOT_TO_ISSUE else "decision_not_to_issue"
    either = {"final_plan", "decision_not_to_issue"} <= {limit.step for limit in limits}
    done: dict[str, str] = {}
    after = made
    for limit in limits:
        if either and limit.step == passed_over:
            continue
        near = limit.due + timedelta(days=rng.randrange(*ORDER_STEP_SPREAD))
        on = deadlines.working_day_on_or_after(max(after, near))  # councils act on working days
        if on > as_at:
            break
        done[limit.step] = on.isoformat()
        after = on
    return done


# The SEND tables that refer to pupils; `send_plans_delete` and `send_casework_delete` empty
# them of the county's pupils before the pupils go.
SEND_TABLES = (EhcRequest, EhcPlan, PersonalEducationPlan, Disagreement)


def send_plans_delete(*, pupils) -> dict[str, int]:
    """The county's plans, with what hangs off them, its PEPs and any disagreements recorded."""
    plans = EhcPlan.objects.filter(pupil__in=pupils)
    PanelRequest.objects.filter(plan__in=plans).delete()
    deleted = {"EHC plans": plans.delete()[0]}
    deleted["PEPs"] = PersonalEducationPlan.objects.filter(pupil__in=pupils).delete()[0]
    deleted["disagreements"] = Disagreement.objects.filter(pupil__in=pupils).delete()[0]
    return deleted
