"""The steps a caseworker can take on a review's page: for each, its form, the service it
calls, what the page says when it is done, and when it is offered (the services themselves
refuse a step out of order)."""

from datetime import date

from frontdoor.send import forms_reviews, review_services
from frontdoor.send.models_reviews import ReviewDecision
from frontdoor.send.selectors_reviews import ReviewRecord, content_to_amend
from frontdoor.send.step_pages import Step  # offered(record, today)


def _held(record: ReviewRecord, today: date) -> bool:
    meeting = record.review.meeting_on
    return meeting is not None and meeting <= today and record.review.decision_on is None


STEPS = [
    Step(
        "arrange_meeting",
        "Arrange the review meeting",
        "Record the meeting",
        "Review meeting arranged.",
        forms_reviews.MeetingArrangeForm,
        review_services.review_meeting_arrange,
        lambda record, today: (
            not record.review.decision_on and not record.review.report_received_on
        ),
    ),
    Step(
        "record_report",
        "Record the review report",
        "Record the report",
        "Review report recorded.",
        forms_reviews.ReportRecordForm,
        review_services.review_report_record,
        lambda record, today: _held(record, today) and not record.review.report_received_on,
    ),
    Step(
        "decide",
        "Decide on the review",
        "Record the decision",
        "Decision recorded.",
        forms_reviews.ReviewDecideForm,
        review_services.review_decide,
        _held,
    ),
    Step(
        "issue_amended_plan",
        "Issue the amended plan",
        "Issue the amended plan",
        "Amended plan issued.",
        forms_reviews.AmendedPlanIssueForm,
        review_services.review_amended_plan_issue,
        lambda record, today: (
            record.review.decision == ReviewDecision.AMEND and not record.review.amended_issued_on
        ),
    ),
]


def offered_steps(record: ReviewRecord, today: date) -> list[Step]:
    return [step for step in STEPS if step.offered(record, today)]


def step_form(step: Step, record: ReviewRecord, *, data=None, today: date):
    """The step's form, bound to `data` when it is the one posted."""
    review = record.review
    extra = {}
    initial = {"on": today}
    if step.form is forms_reviews.ReviewDecideForm:
        extra["content"] = content_to_amend(record.plan)
    if step.form is forms_reviews.MeetingArrangeForm and review.meeting_on:
        initial = {
            "meeting_on": review.meeting_on,
            "invitations_sent_on": review.invitations_sent_on,
        }
    return step.form(data, review=review, prefix=step.action, initial=initial, **extra)
