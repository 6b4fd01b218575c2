"""Disagreements and their windows: the mediation adviser within 2 months, the certificate within
3 working days of declining (or of mediation), mediation within 30 days, the appeal deadline
(with the August and Christmas rules) and what a Tribunal order gives the council
(deadlines.py). The services record each step in order; the reads say where each disagreement
stands for the caseworker's list, orders due or overdue first."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.send import clock, deadlines
from frontdoor.send.models_disagreements import AppealableDecision, Disagreement, TribunalOrder
from frontdoor.send.services import SendRefused, date_checked

LABELS = {
    "mediation_adviser": "Family contacts the mediation adviser",
    "certificate": "Issue the mediation certificate",
    "mediation": "Hold mediation",
    "appeal": "Last day to appeal to the Tribunal",
    "notify": "Order: notify that the assessment will be made",
    "decision_not_to_issue": "Order: decide not to issue a plan (if so)",
    "draft_plan": "Order: serve the draft plan",
    "final_plan": "Order: issue the final plan",
    "amended_plan": "Order: issue the amended plan",
}
# The family's windows close unmet without anyone being late; the council's duties go overdue.
FAMILY_STEPS = frozenset({"mediation_adviser", "appeal"})
ORDER_STEPS = frozenset(step for steps in deadlines.ORDERS.values() for step, _ in steps)
LAPSED = "closed"


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
    if d.order and d.order != TribunalOrder.DISMISSED and d.order_made_on:
        found += deadlines.tribunal_order(d.order, d.order_made_on)
    return sorted(found, key=lambda deadline: deadline.due)


def open_windows(disagreement: Disagreement, today: date) -> list[deadlines.Deadline]:
    """The limits still ahead (or missed and not met), for a caseworker's list."""
    return [w for w in windows(disagreement) if w.due >= today or not _met(disagreement, w)]


def _met(d: Disagreement, window: deadlines.Deadline) -> bool:
    return _done_on(d, window.step) is not None


def _done_on(d: Disagreement, step: str) -> date | None:
    if step == "mediation_adviser":
        contacted = [day for day in (d.mediation_declined_on, d.mediation_requested_on) if day]
        return min(contacted, default=None)
    if step == "mediation":
        # A certificate issued instead closes the 30 days (reg 37), late if after them.
        return d.mediation_held_on or d.certificate_issued_on
    return {
        "appeal": d.appeal_registered_on,
        "certificate": d.certificate_issued_on,
    }.get(step, d.order_complied_on)


# Where a disagreement stands ------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    step: str
    due: date
    rule: str
    done_on: date | None

    @property
    def label(self) -> str:
        return LABELS[self.step]

    @property
    def is_order(self) -> bool:
        return self.step in ORDER_STEPS

    def status(self, today: date) -> str:
        """done, done late, overdue, due soon, not yet due; a family's window that passed
        without them acting is closed, not overdue."""
        if self.done_on is not None:
            late = self.done_on > self.due and self.step not in FAMILY_STEPS
            return clock.LATE if late else clock.DONE
        if today > self.due:
            return LAPSED if self.step in FAMILY_STEPS else clock.OVERDUE
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
        if d.order_complied_on:
            return "Order complied with"
        if d.order:
            return f"Tribunal: {d.get_order_display().lower()}"
        if d.appeal_registered_on:
            return "Appeal registered"
        if d.mediation_held_on:
            return "Mediation held"
        if d.mediation_requested_on:
            return "Mediation requested"
        if d.mediation_declined_on:
            return "Mediation declined"
        return "Decision letter sent"


def standing(disagreement: Disagreement, today: date) -> Standing:
    d = disagreement
    found = [Window(w.step, w.due, w.rule, _done_on(d, w.step)) for w in windows(d)]
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
        upcoming = row.next_window
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
    d = _locked(disagreement, by)
    _mediation_not_yet_chosen(d)
    date_checked(on, d.decision_letter_on, "the decision letter", "on")
    d.mediation_declined_on = on
    return _saved(d, by, "mediation_declined_on", "disagreement.mediation_decline")


@transaction.atomic
def mediation_requested_record(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    """The council was told the family wants mediation: it must be held within 30 days."""
    d = _locked(disagreement, by)
    _mediation_not_yet_chosen(d)
    date_checked(on, d.decision_letter_on, "the decision letter", "on")
    d.mediation_requested_on = on
    return _saved(d, by, "mediation_requested_on", "disagreement.mediation_request")


@transaction.atomic
def mediation_held_record(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    d = _locked(disagreement, by)
    if not d.mediation_requested_on:
        raise SendRefused("Record that the family asked for mediation first.")
    if d.mediation_held_on:
        raise SendRefused(f"Mediation was held on {d.mediation_held_on:%-d %B %Y}.")
    date_checked(on, d.mediation_requested_on, "mediation was asked for", "on")
    d.mediation_held_on = on
    return _saved(d, by, "mediation_held_on", "disagreement.mediation_hold")


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
def tribunal_order_comply(*, disagreement: Disagreement, on: date, by) -> Disagreement:
    d = _locked(disagreement, by)
    if not d.order or d.order == TribunalOrder.DISMISSED:
        raise SendRefused("There is no Tribunal order to comply with.")
    if d.order_complied_on:
        raise SendRefused(f"The order was complied with on {d.order_complied_on:%-d %B %Y}.")
    date_checked(on, d.order_made_on, "the order was made", "on")
    d.order_complied_on = on
    return _saved(d, by, "order_complied_on", "disagreement.order_comply")


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
