"""A child's history of support for their record page, newest first: the support and
enforcement steps on their ladder, the actions agreed for them at Targeting Support Meetings,
and their suspensions and permanent exclusions. One list, so that whoever opens the record sees
what has been tried before deciding what to do next.

The caller has already decided the user may see the child (`pupils.selectors.pupil_profile`)."""

from dataclasses import dataclass
from datetime import date

from frontdoor.attendance import support
from frontdoor.attendance.models import Exclusion, TsmAction


@dataclass(frozen=True)
class Event:
    on: date
    kind: str  # Support, Enforcement, Meeting action, Suspension, Permanent exclusion
    what: str
    detail: str


def pupil_history(pupil) -> list[Event]:
    events = [_step(step) for step in support.ladder(pupil)]
    actions = TsmAction.objects.filter(pupil=pupil).select_related("meeting__establishment")
    events += [_action(action) for action in actions]
    exclusions = Exclusion.objects.filter(pupil=pupil).select_related("establishment")
    events += [_exclusion(exclusion) for exclusion in exclusions]
    return sorted(events, key=lambda event: event.on, reverse=True)


def _step(step) -> Event:
    kind = "Enforcement" if step.kind in support.ENFORCEMENT else "Support"
    amount = f" (£{step.amount})" if step.amount is not None else ""
    return Event(step.taken_on, kind, f"{step.get_kind_display()}{amount}", step.evidence)


def _action(action: TsmAction) -> Event:
    meeting = action.meeting
    outcome = action.get_status_display() + (f": {action.outcome}" if action.outcome else "")
    return Event(
        meeting.meeting_date,
        "Meeting action",
        f"{action.action} (owner {action.owner}, due {action.due_date:%-d %b %Y})",
        f"Agreed at {meeting.establishment.name}'s Targeting Support Meeting {meeting.number}. "
        f"{outcome}.",
    )


def _exclusion(exclusion: Exclusion) -> Event:
    length = f" ({exclusion.sessions} sessions)" if exclusion.sessions else ""
    return Event(
        exclusion.start_date,
        exclusion.get_kind_display(),
        f"{exclusion.get_reason_display()}{length}",
        exclusion.establishment.name,
    )
