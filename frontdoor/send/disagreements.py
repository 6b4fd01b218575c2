"""Disagreements and their windows: the mediation adviser within 2 months, the certificate within
3 working days of declining, mediation within 30 days, the appeal deadline (with the August and
Christmas rules) and what a Tribunal order gives the council (deadlines.py)."""

from datetime import date

from frontdoor.send import deadlines
from frontdoor.send.models_disagreements import Disagreement, TribunalOrder


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
    return {
        "mediation_adviser": d.mediation_declined_on or d.mediation_requested_on,
        "appeal": d.appeal_registered_on,
        "certificate": d.certificate_issued_on,
        "mediation": d.mediation_held_on,
    }.get(window.step, d.order_complied_on) is not None
