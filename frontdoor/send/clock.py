"""Where a request stands against its statutory clock: each step's limit, when it was done and
whether on time, what is due next. Pages and lists read this; deadlines.py holds the rules."""

from dataclasses import dataclass
from datetime import date, timedelta

from frontdoor.send import deadlines
from frontdoor.send.models import EhcRequest, Stage

DUE_SOON = timedelta(days=14)  # a limit within two weeks is flagged as due soon

LABELS = {
    "decision_to_assess": "Decide whether to assess",
    "decision_not_to_issue": "Decide not to issue a plan (if so)",
    "draft_plan": "Serve the draft plan",
    "final_plan": "Issue the final plan",
    "review_meeting": "Hold the annual review",
    "invitations": "Invite to the review meeting",
    "report": "Report of the review meeting",
    "decision": "Decide on the review",
    "amended_plan": "Issue the amended plan",
}
DONE, LATE, OVERDUE, SOON, WAITING = "done", "done late", "overdue", "due soon", "not yet due"


@dataclass(frozen=True)
class ClockStep:
    step: str
    due: date
    rule: str
    done_on: date | None

    @property
    def label(self) -> str:
        return LABELS[self.step]

    def status(self, today: date) -> str:
        if self.done_on is not None:
            return DONE if self.done_on <= self.due else LATE
        if today > self.due:
            return OVERDUE
        return SOON if self.due - today <= DUE_SOON else WAITING


def request_clock(request: EhcRequest) -> list[ClockStep]:
    """The steps that apply to the request as it stands: the 16-week limit only while a plan
    might not be issued, or when it was not; the draft and final plan unless it was not."""
    limits = {d.step: d for d in deadlines.assessment(request.received_on)}

    def step(name: str, done_on: date | None) -> ClockStep:
        return ClockStep(name, limits[name].due, limits[name].rule, done_on)

    steps = [step("decision_to_assess", request.assessment_decided_on)]
    if request.stage in (Stage.RECEIVED, Stage.REFUSED):
        return steps if request.stage == Stage.REFUSED else [*steps, *_plan_steps(step, request)]
    if request.stage == Stage.NOT_ISSUING:
        return [*steps, step("decision_not_to_issue", request.plan_decided_on)]
    if request.stage == Stage.ASSESSING:
        steps.append(step("decision_not_to_issue", None))
    return [*steps, *_plan_steps(step, request)]


def _plan_steps(step, request: EhcRequest) -> list[ClockStep]:
    return [
        step("draft_plan", request.draft_served_on),
        step("final_plan", request.final_issued_on),
    ]


def next_step(request: EhcRequest) -> ClockStep | None:
    """The earliest limit not yet met on an open request."""
    if not request.is_open:
        return None
    return next((s for s in request_clock(request) if s.done_on is None), None)


def within_20_weeks(request: EhcRequest) -> bool | None:
    """Whether the final plan came within 20 weeks of receipt (SEN2's measure); None if none."""
    if request.final_issued_on is None:
        return None
    return request.final_issued_on <= request.received_on + 20 * deadlines.WEEK
