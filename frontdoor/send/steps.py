"""The steps a caseworker can take on a request's page: for each, its form, the service it
calls, what the page says when it is done, and when it is offered (the current stage only;
the services themselves refuse a step out of order)."""

from collections.abc import Callable
from datetime import date

from django.db.models import Q, QuerySet

from frontdoor.schools.models import Establishment
from frontdoor.schools.selectors import open_establishments
from frontdoor.send import forms, services
from frontdoor.send.models import Stage
from frontdoor.send.selectors import RequestRecord, settings_to_consult
from frontdoor.send.step_pages import Step  # offered(record)


def _at(*stages: str) -> Callable[[RequestRecord], bool]:
    return lambda record: record.request.stage in stages


def _written(record: RequestRecord) -> bool:
    """Whether the plan has been written on the plan pages: it is then issued from there, which
    makes its draft version final with the request (plan_services.plan_draft_issue)."""
    return hasattr(record.request, "plan")


def _open(record: RequestRecord) -> bool:
    return record.request.is_open


STEPS = [
    Step(
        "decide_assessment",
        "Decide whether to assess",
        "Record the decision",
        "Decision whether to assess recorded.",
        forms.AssessmentDecisionForm,
        services.assessment_decide,
        _at(Stage.RECEIVED),
    ),
    Step(
        "ask_advice",
        "Ask for advice",
        "Record the request for advice",
        "Request for advice recorded.",
        forms.AdviceAskForm,
        services.advice_ask,
        _at(Stage.ASSESSING),
    ),
    Step(
        "receive_advice",
        "Mark advice received",
        "Mark as received",
        "Advice marked as received.",
        forms.AdviceReceiveForm,
        services.advice_receive,
        lambda record: _open(record) and bool(record.pending_advice),
    ),
    Step(
        "decide_plan",
        "Decide whether to issue a plan",
        "Record the decision",
        "Decision whether to issue a plan recorded.",
        forms.PlanDecisionForm,
        services.plan_decide,
        _at(Stage.ASSESSING),
    ),
    Step(
        "consult_setting",
        "Consult a school or college",
        "Record the consultation",
        "Consultation recorded.",
        forms.ConsultForm,
        services.setting_consult,
        _at(Stage.DRAFTING, Stage.DRAFT_SERVED),
    ),
    Step(
        "answer_consultation",
        "Record a setting’s reply",
        "Record the reply",
        "The setting’s reply is recorded.",
        forms.ConsultationAnswerForm,
        services.consultation_answer,
        lambda record: _open(record) and bool(record.pending_consultations),
    ),
    Step(
        "serve_draft",
        "Serve the draft plan",
        "Record the draft as served",
        "Draft plan served: the family has 15 days to comment.",
        forms.DraftServeForm,
        services.draft_serve,
        _at(Stage.DRAFTING),
    ),
    Step(
        "record_representations",
        "Record the family’s comments on the draft",
        "Record the comments",
        "The family’s comments are recorded.",
        forms.RepresentationsForm,
        services.representations_record,
        lambda record: (
            record.request.stage == Stage.DRAFT_SERVED and not record.request.representations_on
        ),
    ),
    Step(
        "issue_final_plan",
        "Issue the final plan",
        "Issue the final plan",
        "Final plan issued.",
        forms.FinalPlanForm,
        services.final_plan_issue,
        lambda record: _at(Stage.DRAFT_SERVED)(record) and not _written(record),
    ),
    Step(
        "record_exception",
        "Record an exception to the time limits",
        "Record the exception",
        "Exception recorded.",
        forms.ExceptionForm,
        services.exception_record,
        _open,
        occasional=True,
    ),
    Step(
        "withdraw",
        "Withdraw the request",
        "Withdraw the request",
        "Request withdrawn.",
        forms.WithdrawForm,
        services.ehc_request_withdraw,
        _open,
        occasional=True,
        warning=True,
    ),
]


def offered_steps(record: RequestRecord) -> list[Step]:
    return [step for step in STEPS if step.offered(record)]


def step_form(
    step: Step, record: RequestRecord, *, data=None, today: date, setting_query: str = ""
) -> forms.StepForm:
    """The step's form, bound to `data` when it is the one posted."""
    request = record.request
    extra = {}
    if step.form is forms.AdviceReceiveForm:
        extra["pending"] = request.advice.filter(received_on__isnull=True)
    elif step.form is forms.ConsultationAnswerForm:
        extra["pending"] = request.consultations.filter(responded_on__isnull=True).select_related(
            "establishment"
        )
    elif step.form is forms.ConsultForm:
        extra["establishments"] = _consultable(record, data, setting_query)
    elif step.form is forms.FinalPlanForm:
        extra["establishments"] = _nameable(record)
    return step.form(
        data,
        ehc_request=request,
        prefix=step.action,  # a page holds several forms, each with its own date
        initial={"on": today, "starts_on": today},
        **extra,
    )


def _consultable(record: RequestRecord, data, query: str) -> QuerySet[Establishment]:
    """The settings offered for consultation: the search's, or the district's. A posted choice
    is checked against every open setting, since it came from an earlier search."""
    if data is not None:
        return open_establishments().order_by("name")
    return settings_to_consult(record.request, query)


def _nameable(record: RequestRecord) -> QuerySet[Establishment]:
    """The settings a final plan may name: those consulted, the child's school and the
    district's open schools and colleges."""
    chosen = [c.establishment_id for c in record.consultations]
    if record.school:
        chosen.append(record.school.pk)
    district = settings_to_consult(record.request).values("pk")
    return Establishment.objects.filter(Q(pk__in=chosen) | Q(pk__in=district)).order_by("name")
