"""Every change to an EHC needs assessment: receiving the request, the decision to assess, advice,
exceptions, the decision to issue, the draft, consulting settings and the final plan. Each checks
who (access), then the order of the statutory steps and their dates, and is audited; a step the
process does not allow is refused with a message the caseworker can act on."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send import deadlines, notifications
from frontdoor.send.models import (
    AdviceRequest,
    ClockException,
    EhcRequest,
    RefusalGround,
    SettingConsultation,
    Stage,
)


class SendRefused(Exception):
    """A step the process does not allow; `field` is the answer it is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def ehc_request_receive(
    *, pupil, district, requester: str, requester_name: str, delivery: str, sent_at: datetime, by
) -> EhcRequest:
    access.require(by, Permission.WORK_SEND_CASES)
    if not access.in_send_area(by, district):
        raise SendRefused(f"{district} is not in your area.", "district")
    if sent_at > timezone.now():
        raise SendRefused("The request cannot have been sent in the future.", "sent_at")
    request = EhcRequest.objects.create(
        reference="pending",
        pupil=pupil,
        district=district,
        requester=requester,
        requester_name=requester_name,
        delivery=delivery,
        sent_at=sent_at,
        received_on=deadlines.received_on(sent_at, delivery),
        caseworker=by,
    )
    request.reference = f"EHC-{request.pk:06d}"
    request.save(update_fields=["reference"])
    audit.record(by, "ehc_request.receive", request)
    return request


@transaction.atomic
def assessment_decide(*, request: EhcRequest, assess: bool, on: date, by) -> EhcRequest:
    """The decision whether to assess, due 6 weeks from receipt (reg 5(1))."""
    request = request_locked(request, by)
    _expect(request, Stage.RECEIVED, "decide whether to assess")
    date_checked(on, request.received_on, "the request was received", "on")
    request.assessment_decided_on = on
    request.stage = Stage.ASSESSING if assess else Stage.REFUSED
    request.save(update_fields=["assessment_decided_on", "stage"])
    audit.record(by, "ehc_request.assessment_decide", request, detail={"assess": assess})
    notifications.family_notify(
        ehc_request=request, what_changed=notifications.request_news(request)
    )
    return request


@transaction.atomic
def advice_ask(*, request: EhcRequest, kind: str, from_whom: str, on: date, by) -> AdviceRequest:
    request = request_locked(request, by)
    _expect(request, Stage.ASSESSING, "ask for advice")
    date_checked(on, request.assessment_decided_on, "the decision to assess", "on")
    advice = AdviceRequest.objects.create(
        request=request, kind=kind, from_whom=from_whom, requested_on=on
    )
    audit.record(by, "ehc_request.advice_ask", request, detail={"kind": kind})
    return advice


@transaction.atomic
def advice_receive(*, advice: AdviceRequest, on: date, by) -> AdviceRequest:
    request_locked(advice.request, by)
    if advice.received_on:
        raise SendRefused(f"This advice was received on {advice.received_on:%-d %B %Y}.")
    date_checked(on, advice.requested_on, "it was asked for", "on")
    advice.received_on = on
    advice.save(update_fields=["received_on"])
    audit.record(by, "ehc_request.advice_receive", advice.request, detail={"kind": advice.kind})
    return advice


@transaction.atomic
def exception_record(
    *, request: EhcRequest, kind: str, evidence: str, starts_on: date, by
) -> ClockException:
    """An exception the regulations accept for missing a limit (reg 5(4), 10(4), 13(3))."""
    request = request_locked(request, by)
    if not evidence.strip():
        raise SendRefused("Say what shows the exception applies.", "evidence")
    date_checked(starts_on, request.received_on, "the request was received", "starts_on")
    exception = ClockException.objects.create(
        request=request, kind=kind, evidence=evidence.strip(), starts_on=starts_on, recorded_by=by
    )
    audit.record(by, "ehc_request.exception_record", request, detail={"kind": kind})
    return exception


@transaction.atomic
def plan_decide(*, request: EhcRequest, issue: bool, on: date, by) -> EhcRequest:
    """After the assessment: to issue a plan (and draft it), or not (due by 16 weeks, reg 10)."""
    request = request_locked(request, by)
    _expect(request, Stage.ASSESSING, "decide whether to issue a plan")
    date_checked(on, request.assessment_decided_on, "the decision to assess", "on")
    request.plan_decided_on = on
    request.stage = Stage.DRAFTING if issue else Stage.NOT_ISSUING
    request.save(update_fields=["plan_decided_on", "stage"])
    audit.record(by, "ehc_request.plan_decide", request, detail={"issue": issue})
    notifications.family_notify(
        ehc_request=request, what_changed=notifications.request_news(request)
    )
    return request


@transaction.atomic
def draft_serve(*, request: EhcRequest, on: date, by) -> EhcRequest:
    request = request_locked(request, by)
    _expect(request, Stage.DRAFTING, "serve the draft plan")
    date_checked(on, request.plan_decided_on, "the decision to issue a plan", "on")
    request.draft_served_on = on
    request.stage = Stage.DRAFT_SERVED
    request.save(update_fields=["draft_served_on", "stage"])
    audit.record(by, "ehc_request.draft_serve", request)
    notifications.family_notify(
        ehc_request=request, what_changed=notifications.request_news(request)
    )
    return request


@transaction.atomic
def representations_record(*, request: EhcRequest, on: date, by) -> EhcRequest:
    """The family's comments on the draft (or their agreement to it) came in."""
    request = request_locked(request, by)
    _expect(request, Stage.DRAFT_SERVED, "record the family's comments")
    date_checked(on, request.draft_served_on, "the draft was served", "on")
    request.representations_on = on
    request.save(update_fields=["representations_on"])
    audit.record(by, "ehc_request.representations_record", request)
    return request


@transaction.atomic
def setting_consult(
    *, request: EhcRequest, establishment, requested_by_family: bool, on: date, by
) -> SettingConsultation:
    request = request_locked(request, by)
    if request.stage not in (Stage.DRAFTING, Stage.DRAFT_SERVED):
        raise SendRefused("Settings are consulted once the council has decided to issue a plan.")
    if request.consultations.filter(establishment=establishment, responded_on__isnull=True):
        raise SendRefused(f"{establishment} has already been consulted and not yet replied.")
    consultation = SettingConsultation.objects.create(
        request=request,
        establishment=establishment,
        requested_by_family=requested_by_family,
        sent_on=on,
    )
    audit.record(by, "ehc_request.setting_consult", request, detail={"urn": establishment.urn})
    return consultation


@transaction.atomic
def consultation_answer(
    *, consultation: SettingConsultation, agreed: bool, ground: str, reasons: str, on: date, by
) -> SettingConsultation:
    """A setting's reply. A refusal must give one of the Act's grounds (CFA s.39(4), 40(2))."""
    request_locked(consultation.request, by)
    if consultation.responded_on:
        raise SendRefused(f"{consultation.establishment} replied on {consultation.responded_on}.")
    date_checked(on, consultation.sent_on, "it was consulted", "on")
    if not agreed and ground not in RefusalGround.values:
        raise SendRefused("Choose the ground the setting gave for refusing.", "ground")
    if not agreed and not reasons.strip():
        raise SendRefused("Give the setting's reasons for refusing.", "reasons")
    consultation.response = (
        SettingConsultation.Response.AGREED if agreed else SettingConsultation.Response.REFUSED
    )
    consultation.ground = "" if agreed else ground
    consultation.reasons = reasons.strip()
    consultation.responded_on = on
    consultation.save(update_fields=["response", "ground", "reasons", "responded_on"])
    audit.record(by, "ehc_request.consultation_answer", consultation.request)
    return consultation


@transaction.atomic
def final_plan_issue(*, request: EhcRequest, named_setting, on: date, by) -> EhcRequest:
    """The final plan, due 20 weeks from receipt (reg 13(2)), once the family has had its 15 days
    on the draft (reg 13(1)) or has replied sooner."""
    request = request_locked(request, by)
    _expect(request, Stage.DRAFT_SERVED, "issue the final plan")
    close = deadlines.representations_close(request.draft_served_on)
    if on <= close and not (request.representations_on and request.representations_on <= on):
        raise SendRefused(
            f"The family has until {close:%-d %B %Y} to comment on the draft (reg 13(1)); "
            "record their comments first if they have replied.",
            "on",
        )
    if (
        named_setting is not None
        and request.consultations.filter(
            establishment=named_setting, response=SettingConsultation.Response.REFUSED
        ).exists()
    ):
        # The council may still name it (the Act lets it decide); the refusal stays on record.
        audit.record(by, "ehc_request.named_despite_refusal", request)
    request.final_issued_on = on
    request.named_setting = named_setting
    request.stage = Stage.ISSUED
    request.save(update_fields=["final_issued_on", "named_setting", "stage"])
    audit.record(by, "ehc_request.final_issue", request)
    notifications.family_notify(
        ehc_request=request, what_changed=notifications.request_news(request)
    )
    return request


@transaction.atomic
def ehc_request_withdraw(*, request: EhcRequest, on: date, by) -> EhcRequest:
    request = request_locked(request, by)
    if not request.is_open:
        raise SendRefused(f"This request is closed: {request.get_stage_display().lower()}.")
    date_checked(on, request.received_on, "the request was received", "on")
    request.withdrawn_on = on
    request.stage = Stage.WITHDRAWN
    request.save(update_fields=["withdrawn_on", "stage"])
    audit.record(by, "ehc_request.withdraw", request)
    notifications.family_notify(
        ehc_request=request, what_changed=notifications.request_news(request)
    )
    return request


def request_locked(request: EhcRequest, by) -> EhcRequest:
    """The request as it is now, locked for this transaction, if it is in the user's area."""
    found = access.scope_send_requests(by, EhcRequest.objects.select_for_update()).filter(
        pk=request.pk
    )
    locked = found.first()
    if locked is None:
        raise SendRefused("This request is not in your area.")
    return locked


def _expect(request: EhcRequest, stage: str, doing: str) -> None:
    if request.stage != stage:
        raise SendRefused(
            f"You cannot {doing} now: the request is at "
            f"“{request.get_stage_display()}”, not “{Stage(stage).label}”."
        )


def date_checked(on: date, earliest: date | None, what: str, field: str) -> None:
    if on > timezone.localdate():
        raise SendRefused("The date cannot be in the future.", field)
    if earliest is not None and on < earliest:
        raise SendRefused(f"The date cannot be before {what} ({earliest:%-d %B %Y}).", field)
