"""The demo county's SEND casework: requests for EHC needs assessments from 1 January two years
before `as_at`, each taken as far through the statutory process as `as_at` allows, at rates
calibrated to Kent's SEN2 returns (support_and_send.md §2.1):

- about 3,700 requests a year (Kent 2022: 3,669), three in four from parents (seed 003);
- 27% refused an assessment (Kent 2022: 26.8%);
- 15% of assessments end with no plan (Kent 2022: 14.6%);
- 41% of plans issued within 20 weeks (Kent 2022: 41.1% excluding exceptions);
- about 1% of requests with an exception (Kent 2022: 18 of 2,216 plans).

The children are pupils with SEN support or a plan on the as-at day; the district is their
school's. Timings are ASSUMPTIONS drawn around the statutory limits: decisions mostly inside 6
weeks, advice mostly inside 6 weeks of being asked, drafts served some weeks before the final
plan. The demo SEND officer is the caseworker for requests in their districts; the rest are
unallocated."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from frontdoor.core.calendar import add_working_days, is_working_day
from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment
from frontdoor.send.models import (
    AdviceKind,
    AdviceRequest,
    ClockException,
    Delivery,
    EhcRequest,
    ExceptionKind,
    Requester,
    SettingConsultation,
    Stage,
)

LONDON = ZoneInfo("Europe/London")
REQUESTS_A_YEAR = 3_700
YEARS = 2
REFUSED, NOT_ISSUED, ON_TIME, WITHDRAWN, EXCEPTED = 0.27, 0.15, 0.41, 0.02, 0.01
REQUESTERS = ((Requester.PARENT, 75), (Requester.SCHOOL, 20), (Requester.OTHER, 3))
REQUESTERS += ((Requester.YOUNG_PERSON, 2),)
ADVICE = (AdviceKind.PARENT, AdviceKind.EDUCATIONAL, AdviceKind.PSYCHOLOGICAL, AdviceKind.MEDICAL)
ADVISERS = {
    AdviceKind.PARENT: "The child's parents",
    AdviceKind.EDUCATIONAL: "The school's SENCO",
    AdviceKind.PSYCHOLOGICAL: "Educational Psychology Service",
    AdviceKind.MEDICAL: "Community paediatrics",
    AdviceKind.SOCIAL_CARE: "Children's social work team",
}
EVIDENCE = {
    ExceptionKind.SCHOOL_CLOSED: "Educational advice asked for in the week before the summer "
    "holiday; the school closed for six weeks.",
    ExceptionKind.PERSONAL: "A family bereavement; the parent asked for the meeting to be moved.",
    ExceptionKind.ABSENT: "The family were abroad for five weeks; confirmed by the school.",
}


def send_casework_save(*, seed: int, as_at: date) -> dict[str, int]:
    rng = random.Random(f"send {seed}")
    children = _children(as_at)
    if not children:
        return {"EHC needs assessment requests": 0}
    officer = User.objects.filter(username="send.officer", role=Role.SEND_CASEWORKER).first()
    officer_districts = set(officer.districts.values_list("pk", flat=True)) if officer else set()
    # From 1 January two years back, so that last calendar year's plans are all there.
    first = date(as_at.year - YEARS, 1, 1)
    span = (as_at - first).days
    count = round(REQUESTS_A_YEAR * span / 365 * min(1.0, len(children) / 25_000))
    drawn = [_draw(rng, rng.choice(children), first, span, as_at) for _ in range(count)]
    drawn.sort(key=lambda case: case["request"].received_on)
    for number, case in enumerate(drawn, 1):
        request = case["request"]
        request.reference = f"EHC-{number:06d}"
        if request.district_id in officer_districts:
            request.caseworker = officer
    EhcRequest.objects.bulk_create([case["request"] for case in drawn], batch_size=2_000)
    advice, exceptions, consultations = [], [], []
    for case in drawn:
        request = case["request"]
        for row in case["advice"]:
            row.request = request
            advice.append(row)
        for row in case["exceptions"]:
            row.request = request
            exceptions.append(row)
        for row in case["consultations"]:
            row.request = request
            consultations.append(row)
    AdviceRequest.objects.bulk_create(advice, batch_size=5_000)
    ClockException.objects.bulk_create(exceptions)
    SettingConsultation.objects.bulk_create(consultations, batch_size=5_000)
    return {
        "EHC needs assessment requests": len(drawn),
        "advice requests": len(advice),
        "clock exceptions": len(exceptions),
        "setting consultations": len(consultations),
    }


def send_casework_delete(*, pupils) -> dict[str, int]:
    """Delete the demo county's SEND casework (it refers to the pupils and schools)."""
    requests = EhcRequest.objects.filter(pupil__in=pupils)
    return {"EHC needs assessment requests": requests.delete()[0]}


def _children(as_at: date) -> list[tuple[int, int, int]]:
    """(pupil, school, district) for each pupil with SEN support or a plan on `as_at`."""
    sen = CharacteristicPeriod.objects.filter(
        characteristic__in=(Characteristic.SEN_SUPPORT, Characteristic.EHC_PLAN),
        start_date__lte=as_at,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=as_at))
    enrolments = (
        Enrolment.objects.filter(
            pupil__in=sen.values("pupil"),
            admission_date__lte=as_at,
            establishment__district__isnull=False,
        )
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=as_at))
        .values_list("pupil_id", "establishment_id", "establishment__district_id")
        .order_by("pupil_id")
    )
    return list(dict.fromkeys(enrolments))


def _draw(
    rng: random.Random, child: tuple[int, int, int], first: date, span: int, as_at: date
) -> dict:
    pupil, school, district = child
    received = first + timedelta(days=rng.randrange(span))
    if not is_working_day(received):  # the next working day, or the last before as_at
        received = min(add_working_days(received, 1), add_working_days(as_at, -1))
    requester = rng.choices([r for r, _ in REQUESTERS], weights=[w for _, w in REQUESTERS])[0]
    request = EhcRequest(
        pupil_id=pupil,
        district_id=district,
        requester=requester,
        requester_name="" if requester == Requester.PARENT else "The school's SENCO",
        delivery=rng.choice((Delivery.EMAIL, Delivery.EMAIL, Delivery.HAND)),
        sent_at=datetime.combine(received, time(rng.randrange(8, 17), 0), tzinfo=LONDON),
        received_on=received,
    )
    case = {"request": request, "advice": [], "exceptions": [], "consultations": []}

    def by(days: int) -> date | None:
        day = received + timedelta(days=days)
        return day if day <= as_at else None

    if rng.random() < EXCEPTED:
        kind = rng.choice(list(EVIDENCE))
        if starts := by(rng.randrange(20, 90)):
            case["exceptions"].append(
                ClockException(kind=kind, evidence=EVIDENCE[kind], starts_on=starts)
            )
    if rng.random() < WITHDRAWN:
        if withdrawn := by(rng.randrange(10, 120)):
            request.withdrawn_on, request.stage = withdrawn, Stage.WITHDRAWN
        return case
    decided = by(round(rng.triangular(18, 58, 36)))
    if decided is None:
        return case
    request.assessment_decided_on = decided
    if rng.random() < REFUSED:
        request.stage = Stage.REFUSED
        return case
    request.stage = Stage.ASSESSING
    for kind in (*ADVICE, *((AdviceKind.SOCIAL_CARE,) if rng.random() < 0.4 else ())):
        asked = decided + timedelta(days=rng.randrange(1, 8))
        if asked > as_at:
            continue
        back = asked + timedelta(days=round(rng.triangular(14, 70, 35)))
        case["advice"].append(
            AdviceRequest(
                kind=kind,
                from_whom=ADVISERS[kind],
                requested_on=asked,
                received_on=back if back <= as_at else None,
            )
        )
    issue = rng.random() >= NOT_ISSUED
    final_day = (
        rng.randrange(100, 141) if rng.random() < ON_TIME else round(rng.triangular(141, 320, 170))
    )
    plan_day = max((decided - received).days + 21, final_day - rng.randrange(35, 60))
    if not (planned := by(plan_day)):
        return case
    request.plan_decided_on = planned
    if not issue:
        request.stage = Stage.NOT_ISSUING
        return case
    request.stage = Stage.DRAFTING
    draft_day = max(plan_day + 3, final_day - rng.randrange(16, 30))
    if not (served := by(draft_day)):
        return case
    request.draft_served_on, request.stage = served, Stage.DRAFT_SERVED
    case["consultations"].append(
        SettingConsultation(
            establishment_id=school,
            requested_by_family=rng.random() < 0.6,
            sent_on=served,
            response=SettingConsultation.Response.AGREED if by(draft_day + 10) else "",
            responded_on=by(draft_day + 10),
        )
    )
    if issued := by(max(final_day, draft_day + 15)):
        request.final_issued_on, request.named_setting_id = issued, school
        request.stage = Stage.ISSUED
    return case
