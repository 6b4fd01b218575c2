"""Disagreements and their windows: the mediation adviser within 2 months, the certificate within
3 working days of declining (or of mediation), mediation within 30 days, the appeal deadline
(with the August and Christmas rules) and what a Tribunal order gives the council
(deadlines.py). The services record each step in order, each step of an order on its own date;
the reads say where each disagreement stands for the caseworker's list, orders due or overdue
first."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.send import clock, deadlines
from frontdoor.send.models_disagreements import (
    AppealableDecision,
    Disagreement,
    MediationAgreement,
    TribunalOrder,
)
from frontdoor.send.services import SendRefused, date_checked

LABELS = {
    "mediation_adviser": "Family contacts the mediation adviser",
    "certificate": "Issue the mediation certificate",
    "mediation": "Hold mediation",
    "appeal": "Last day to appeal to the Tribunal",
    # The steps of a Tribunal order or a mediation agreement (Window.label names which).
    "notify": "notify that the assessment will be made",
    "decision_not_to_issue": "decide not to issue a plan (if so)",
    "draft_plan": "serve the draft plan",
    "final_plan": "issue the final plan",
    "amended_plan": "issue the amended plan",
    deadlines.AGREED_ACTION: "do what was agreed",
}
# The family's windows close unmet without anyone being late; the council's duties go overdue.
FAMILY_STEPS = frozenset({"mediation_adviser", "appeal"})
ORDER_STEPS = frozenset(step for steps in deadlines.ORDERS.values() for step, _ in steps) | {
    deadlines.AGREED_ACTION
}
# Each step of an order carried out, as a clause: "Record first the date the draft plan was
# served", "The date cannot be before the family was told the assessment will be made".
ORDER_STEP_DONE = {
    "notify": "the family was told the assessment will be made",
    "decision_not_to_issue": "the council decided not to issue a plan",
    "draft_plan": "the draft plan was served",
    "final_plan": "the final plan was issued",
    "amended_plan": "the amended plan was issued",
    deadlines.AGREED_ACTION: "the council did what was agreed",
}
# After an order to assess the council issues a plan or decides not to (reg 44): the decision is
# taken only if so, and either one carries the order out in place of the other.
IF_SO = {"decision_not_to_issue": "final_plan"}
ALTERNATIVES = IF_SO | {then: instead for instead, then in IF_SO.items()}
LAPSED = "closed"
NOT_NEEDED = "not needed"


def windows(disagreement: Disagreement) -> list[deadlines.Deadline]:
    """Every limit that applies to the disagreement as it stands, earliest first."""
    d = disagreement
    found = [
        deadlines.Deadline(
            "mediation_adviser",
            deadlines.mediation_adviser_deadline(d.decision_letter_on),
            "reg 33: contact the mediation adviser within 2 months",
        ),
        deadlines.Deadline(
            "appeal",
            deadlines.appeal_deadline(d.decision_letter_on, d.certificate_issued_on),
            "2 months from the decision, or 1 month from the certificate if later",
        ),
    ]
    if d.mediation_declined_on:
        found.append(
            deadlines.Deadline(
                "certificate",
                deadlines.certificate_due(d.mediation_declined_on),
                "reg 34: the certificate within 3 working days",
            )
        )
    elif d.mediation_held_on:
        found.append(
            deadlines.Deadline(
                "certificate",
                deadlines.certificate_due(d.mediation_held_on),
                "reg 35: the certificate within 3 working days of the mediation",
            )
        )
    if d.mediation_requested_on:
        found.append(
            deadlines.Deadline(
                "mediation",
                deadlines.mediation_due(d.mediation_requested_on),
                "reg 37: mediation within 30 days",
            )
        )
    found += _commitment_deadlines(d)
    return sorted(found, key=lambda deadline: deadline.due)


def open_windows(disagreement: Disagreement, today: date) -> list["Window"]:
    """The limits still ahead (or missed and not met), for a caseworker's list."""
    finished = (clock.DONE, clock.LATE, NOT_NEEDED)
    return [
        w
        for w in standing(disagreement, today).windows
        if w.due >= today or w.status(today) not in finished
    ]


# The steps of a Tribunal order, or of a mediation agreement -----------------------------------


def by_agreement(d: Disagreement) -> bool:
    """Whether what the council must do comes from a mediation agreement rather than an order
    (an order to do something, once made, is what the council carries out)."""
    ordered = d.order_made_on and d.order in deadlines.ORDERS
    agreed = d.mediation_held_on and d.mediation_agreement not in ("", MediationAgreement.NONE)
    return bool(agreed) and not ordered


def _commitment_deadlines(d: Disagreement) -> list[deadlines.Deadline]:
    if by_agreement(d):
        return deadlines.mediation_agreement(d.mediation_agreement, d.mediation_held_on)
    if d.order_made_on and d.order in deadlines.ORDERS:
        return deadlines.tribunal_order(d.order, d.order_made_on)
    return []


def _committed_on(d: Disagreement) -> date | None:
    return d.mediation_held_on if by_agreement(d) else d.order_made_on


def order_steps(d: Disagreement) -> tuple[str, ...]:
    """The steps the order (or the mediation agreement) asks of the council, in order; none for
    a dismissed appeal or a mediation without agreement."""
    return tuple(deadline.step for deadline in _commitment_deadlines(d))


def order_steps_done(d: Disagreement) -> dict[str, date]:
    return {step: date.fromisoformat(day) for step, day in (d.order_steps_done or {}).items()}


def _alternative(d: Disagreement, step: str) -> str | None:
    other = ALTERNATIVES.get(step)
    return other if other in order_steps(d) else None


def _made_needless_by(d: Disagreement, step: str, done: dict[str, date]) -> str | None:
    """The other step that carried the order out instead of this one, if it was done."""
    other = _alternative(d, step)
    return other if step not in done and other in done else None


def _previous_step(d: Disagreement, step: str) -> str | None:
    """The step that must come first: the one before it, passing over its alternative."""
    steps = order_steps(d)
    before = [s for s in steps[: steps.index(step)] if s != ALTERNATIVES.get(step)]
    return before[-1] if before else None


def order_steps_open(d: Disagreement) -> list[str]:
    """The steps that can be recorded next: not done, not made needless, the one before done."""
    done = order_steps_done(d)
    return [
        step
        for step in order_steps(d)
        if step not in done
        and not _made_needless_by(d, step, done)
        and _previous_step(d, step) in (None, *done)
    ]


def order_carried_out(d: Disagreement) -> bool:
    done = order_steps_done(d)
    steps = order_steps(d)
    return bool(steps) and all(s in done or _made_needless_by(d, s, done) for s in steps)


def _done_on(d: Disagreement, step: str) -> date | None:
    if step == "mediation_adviser":
        contacted = [day for day in (d.mediation_declined_on, d.mediation_requested_on) if day]
        return min(contacted, default=None)
    if step == "mediation":
        # A certificate issued instead closes the 30 days (reg 37), late if after them.
        return d.mediation_held_on or d.certificate_issued_on
    if step in ORDER_STEPS:
        return order_steps_done(d).get(step)
    return {"appeal": d.appeal_registered_on, "certificate": d.certificate_issued_on}[step]


# Where a disagreement stands ------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    step: str
    due: date
    rule: str
    done_on: date | None
    not_needed: bool = False  # the order was carried out by the step's alternative
    if_so: bool = False  # a step taken only if the council so decides: its window closes unused
    agreed: bool = False  # a step of a mediation agreement, not of a Tribunal order

    @property
    def label(self) -> str:
        if not self.is_order:
            return LABELS[self.step]
        return f"{'Agreement' if self.agreed else 'Order'}: {LABELS[self.step]}"

    @property
    def is_order(self) -> bool:
        return self.step in ORDER_STEPS

    def status(self, today: date) -> str:
        """done, done late, overdue, due soon, not yet due; a family's window (or a step taken
        only if so) that passed without anyone acting is closed, not overdue; a step whose
        alternative carried the order out is not needed."""
        if self.not_needed:
            return NOT_NEEDED
        if self.done_on is not None:
            late = self.done_on > self.due and self.step not in FAMILY_STEPS
            return clock.LATE if late else clock.DONE
        if today > self.due:
            return LAPSED if self.step in FAMILY_STEPS or self.if_so else clock.OVERDUE
        return clock.SOON if self.due - today <= clock.DUE_SOON else clock.WAITING


PENDING = (clock.OVERDUE, clock.SOON, clock.WAITING)


@dataclass(frozen=True)
class Standing:
    disagreement: Disagreement
    windows: list[Window]
    today: date

    @property
    def pending(self) -> list[Window]:
        return [w for w in self.windows if w.status(self.today) in PENDING]

    @property
    def next_window(self) -> Window | None:
        return next(iter(self.pending), None)

    @property
    def next_order_step(self) -> Window | None:
        """The earliest step of the order not yet carried out."""
        return next((w for w in self.pending if w.is_order), None)

    @property
    def next_limit(self) -> Window | None:
        """What the list shows and sorts by: the order's next step first, else the soonest."""
        return self.next_order_step or self.next_window

    @property
    def by_agreement(self) -> bool:
        return by_agreement(self.disagreement)

    @property
    def order_windows(self) -> list[Window]:
        return [w for w in self.windows if w.is_order]

    @property
    def case_windows(self) -> list[Window]:
        return [w for w in self.windows if not w.is_order]

    @property
    def is_open(self) -> bool:
        d = self.disagreement
        awaiting_tribunal = bool(d.appeal_registered_on) and not d.order
        return awaiting_tribunal or bool(self.pending)

    @property
    def priority(self) -> int:
        """0 a Tribunal order overdue, 1 an order due, 2 another duty of the council overdue,
        3 anything else open, 4 closed: the list's order."""
        statuses = [(w.is_order, w.status(self.today)) for w in self.pending]
        if (True, clock.OVERDUE) in statuses:
            return 0
        if any(is_order for is_order, _ in statuses):
            return 1
        if (False, clock.OVERDUE) in statuses:
            return 2
        return 3 if self.is_open else 4

    @property
    def stage(self) -> str:
        d = self.disagreement
        agreed = by_agreement(d)
        if order_carried_out(d):
            return "Mediation agreement carried out" if agreed else "Order complied with"
        if d.order:
            return f"Tribunal: {d.get_order_display().lower()}"
        if d.appeal_registered_on:
            return "Appeal registered"
        if agreed:
            return "Mediation: agreement reached"
        if d.mediation_held_on:
            return "Mediation held"
        if d.mediation_requested_on:
            return "Mediation requested"
        if d.mediation_declined_on:
            return "Mediation declined"
        return "Decision letter sent"


def standing(disagreement: Disagreement, today: date) -> Standing:
    d = disagreement
    done = order_steps_done(d)
    found = [
        Window(
            w.step,
            w.due,
            w.rule,
            _done_on(d, w.step),
            not_needed=w.step in ORDER_STEPS and bool(_made_needless_by(d, w.step, done)),
            if_so=w.step in IF_SO,
            agreed=w.step in ORDER_STEPS and by_agreement(d),
        )
        for w in windows(d)
    ]
    return Standing(d, found, today)


def disagreements_visible_to(user) -> QuerySet[Disagreement]:
    """The disagreements held in the caseworker's area's districts."""
    return access.scope_send_plans(
        user, Disagreement.objects.select_related("pupil", "district", "recorded_by")
    )


def disagreement_for(user, disagreement_id: int) -> Disagreement | None:
    return disagreements_visible_to(user).filter(pk=disagreement_id).first()


OPEN, CLOSED, ALL = "open", "closed", "all"


def disagreement_list(user, *, today: date, show: str = OPEN, district=None) -> list[Standing]:
    """The area's disagreements, Tribunal orders due or overdue first, then the soonest limit.
    Where each stands is worked out from its own dates in Python: a county has hundreds of
    disagreements a year, not tens of thousands."""
    found = disagreements_visible_to(user)
    if district is not None:
        found = found.filter(district=district)
    rows = [standing(d, today) for d in found]
    if show != ALL:
        rows = [row for row in rows if row.is_open == (show == OPEN)]
    far = date.max

    def order(row: Standing):
        upcoming = row.next_limit
        return (row.priority, upcoming.due if upcoming else far, row.disagreement.pk)

    return sorted(rows, key=order)


@dataclass(frozen=True)
class AppealCounts:
    county: int  # appeals registered in the county over the last 12 months
    area: int  # of which in the caseworker's area
    since: date


def appeal_counts(user, *, today: date) -> AppealCounts:
    """Tribunal appeals registered over the last year, for the county and the area: counts, no
    names, so the county's figure may go beyond the caseworker's area."""
    access.require(user, Permission.WORK_SEND_CASES)
    since = today - timedelta(days=365)
    registered = Q(appeal_registered_on__gte=since, appeal_registered_on__lte=today)
    county = Disagreement.objects.aggregate(n=Count("pk", filter=registered))["n"]
    area = disagreements_visible_to(user).aggregate(n=Count("pk", filter=registered))["n"]
    return AppealCounts(county=county, area=area, since=since)


# Recording the steps --------------------------------------------------------------------------


@transaction.atomic
def disagreement_record(
    *, pupil, district, decision: str, decision_letter_on: date, by
) -> Disagreement:
    """A family disagrees with an appealable decision (CFA s.51), dated by its letter."""
    access.require(by, Permission.WORK_SEND_CASES)
    if not access.in_send_area(by, district):
        raise SendRefused(f"{district} is not in your area.", "district")
    if not pupils_visible_to(by).filter(pk=pupil.pk).exists():
        raise SendRefused("Choose the child again: they are not in your records.", "pupil")
    if decision not in AppealableDecision.values:
        raise SendRefused("Choose the decision the family disagrees with.", "decision")
    date_checked(decision_letter_on, None, "", "decision_letter_on")
    disagreement = Disagreement.objects.create(
        pupil=pupil,
        district=district,
        decision=decision,
        decision_letter_on=decision_letter_on,
        recorded_by=by,
    )
    audit.record(by, "disagreement.record", disagreement, detail={"decision": decision})
    return disagreement


@transaction.atomic
def mediation_declined_record(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    """The family told the mediation adviser they do not want mediation (reg 34)."""
    return _mediation_chosen(disagreement, on, by, "mediation_declined_on", "decline")


@transaction.atomic
def mediation_requested_record(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    """The council was told the family wants mediation: it must be held within 30 days."""
    return _mediation_chosen(disagreement, on, by, "mediation_requested_on", "request")


def _mediation_chosen(disagreement: Disagreement, on: date, by, field: str, what: str):
    """The family's one choice about mediation, made after the decision letter."""
    d = _locked(disagreement, by)
    _mediation_not_yet_chosen(d)
    date_checked(on, d.decision_letter_on, "the decision letter", "on")
    setattr(d, field, on)
    return _saved(d, by, field, f"disagreement.mediation_{what}")


@transaction.atomic
def mediation_held_record(
    *, disagreement: Disagreement, on: date, agreement: str, agreed: str = "", by
) -> Disagreement:
    """The mediation and what it ended with: an agreement the council must carry out in time
    (reg 42), or none (the family may go on to appeal with the certificate)."""
    d = _locked(disagreement, by)
    if not d.mediation_requested_on:
        raise SendRefused("Record that the family asked for mediation first.")
    if d.mediation_held_on:
        raise SendRefused(f"Mediation was held on {d.mediation_held_on:%-d %B %Y}.")
    date_checked(on, d.mediation_requested_on, "mediation was asked for", "on")
    if agreement not in MediationAgreement.values:
        raise SendRefused("Choose whether the mediation reached an agreement.", "agreement")
    agreed = agreed.strip()
    if agreement != MediationAgreement.NONE and not agreed:
        raise SendRefused("Say what the mediation agreed.", "agreed")
    d.mediation_held_on, d.mediation_agreement, d.mediation_agreed = on, agreement, agreed
    d.save(update_fields=["mediation_held_on", "mediation_agreement", "mediation_agreed"])
    audit.record(by, "disagreement.mediation_hold", d, detail={"agreement": agreement})
    return d


@transaction.atomic
def certificate_issue(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    """The mediation certificate, after the family declined mediation or after mediation (or
    instead of it, when it could not be held within 30 days)."""
    d = _locked(disagreement, by)
    if d.certificate_issued_on:
        raise SendRefused(f"The certificate was issued on {d.certificate_issued_on:%-d %B %Y}.")
    started = d.mediation_declined_on or d.mediation_requested_on
    if not started:
        raise SendRefused(
            "Record whether the family declined or asked for mediation before the certificate."
        )
    date_checked(on, started, "the family’s answer about mediation", "on")
    d.certificate_issued_on = on
    return _saved(d, by, "certificate_issued_on", "disagreement.certificate_issue")


@transaction.atomic
def appeal_register(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    """The Tribunal registered the family's appeal (a late one at the judge's discretion, so a
    date after the deadline is recorded, not refused)."""
    d = _locked(disagreement, by)
    if d.appeal_registered_on:
        raise SendRefused(f"The appeal was registered on {d.appeal_registered_on:%-d %B %Y}.")
    date_checked(on, d.decision_letter_on, "the decision letter", "on")
    d.appeal_registered_on = on
    return _saved(d, by, "appeal_registered_on", "disagreement.appeal_register")


@transaction.atomic
def tribunal_order_record(*, disagreement: Disagreement, order: str, on: date, by) -> Disagreement:
    """The Tribunal's order, from which reg 44's limits run."""
    d = _locked(disagreement, by)
    if not d.appeal_registered_on:
        raise SendRefused("Record the appeal's registration before the Tribunal's order.")
    if d.order:
        raise SendRefused(f"The Tribunal's order was recorded ({d.get_order_display()}).")
    if order not in TribunalOrder.values:
        raise SendRefused("Choose what the Tribunal ordered.", "order")
    date_checked(on, d.appeal_registered_on, "the appeal was registered", "on")
    d.order, d.order_made_on = order, on
    d.save(update_fields=["order", "order_made_on"])
    audit.record(by, "disagreement.tribunal_order", d, detail={"order": order})
    return d


@transaction.atomic
def disagreement_order_step_record(
    *, disagreement: Disagreement, step: str, on: date, by
) -> Disagreement:
    """One step of the Tribunal's order carried out, met or late against its own limit (reg 44):
    in the order's sequence, on or after the order and the step before it."""
    d = _locked(disagreement, by)
    steps = order_steps(d)
    if not steps:
        raise SendRefused("There is no Tribunal order or mediation agreement to carry out.")
    if step not in steps:
        raise SendRefused("Choose a step of this order.", "step")
    done = order_steps_done(d)
    if step in done:
        raise SendRefused(
            f"This step is already recorded: {ORDER_STEP_DONE[step]} on {done[step]:%-d %B %Y}.",
            "step",
        )
    instead = _made_needless_by(d, step, done)
    if instead:
        raise SendRefused(
            f"The order is carried out: {ORDER_STEP_DONE[instead]} on {done[instead]:%-d %B %Y}.",
            "step",
        )
    previous = _previous_step(d, step)
    if previous and previous not in done:
        raise SendRefused(f"Record first the date {ORDER_STEP_DONE[previous]}.", "step")
    made = "the mediation agreement" if by_agreement(d) else "the order was made"
    date_checked(on, _committed_on(d), made, "on")
    if previous:
        date_checked(on, done[previous], ORDER_STEP_DONE[previous], "on")
    d.order_steps_done = {**d.order_steps_done, step: on.isoformat()}
    d.save(update_fields=["order_steps_done"])
    audit.record(by, "disagreement.order_step", d, detail={"step": step})
    return d


def _locked(disagreement: Disagreement, by) -> Disagreement:
    found = access.scope_send_plans(by, Disagreement.objects.select_for_update())
    locked = found.filter(pk=disagreement.pk).first()
    if locked is None:
        raise SendRefused("This disagreement is not in your area.")
    return locked


def _mediation_not_yet_chosen(d: Disagreement) -> None:
    if d.mediation_declined_on:
        raise SendRefused(f"The family declined mediation on {d.mediation_declined_on:%-d %B %Y}.")
    if d.mediation_requested_on:
        raise SendRefused(
            f"The family asked for mediation on {d.mediation_requested_on:%-d %B %Y}."
        )


def _saved(d: Disagreement, by, field: str, action: str) -> Disagreement:
    d.save(update_fields=[field])
    audit.record(by, action, d)
    return d
