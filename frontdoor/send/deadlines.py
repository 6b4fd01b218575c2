"""The statutory clocks of SEND casework, as pure functions of dates: every time limit the SEND
Regulations 2014 (SI 2014/1530) and the Children and Families Act 2014 set, with the regulation
beside each (domain/support_and_send.md §1).

Weeks are calendar weeks counted from the starting day, so a limit of n weeks falls on the same
weekday n weeks later: a request received on Monday 6 January 2025 has its decision to assess due
on Monday 17 February (42 days) and its final plan on Monday 26 May (140 days), as the SEN2
return counts "within 20 weeks". Months are calendar months, ending on the last day of a shorter
month. Working days are Monday to Friday less England's bank holidays (`core.calendar`).

A limit still runs when an exception applies (reg 5(4), 10(4), 13(3)); the exception excuses
missing it, and SEN2 reports timeliness both including and excluding cases with one."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from frontdoor.core.calendar import add_working_days, is_working_day
from frontdoor.support import clocks

WEEK = timedelta(weeks=1)


@dataclass(frozen=True)
class Deadline:
    step: str  # e.g. "decision_to_assess"
    due: date
    rule: str  # where the limit comes from, e.g. "reg 5(1): 6 weeks from receipt"


# Receipt -----------------------------------------------------------------------------------

HAND, EMAIL, FIRST_CLASS_POST, SIGNED_FOR = "hand", "email", "first_class_post", "signed_for"
DELIVERY = (HAND, EMAIL, FIRST_CLASS_POST, SIGNED_FOR)


def received_on(sent: datetime, how: str = EMAIL) -> date:
    """The day the council receives a request (IPSEA's reading of "received", support_and_send.md
    §1.1): by hand or email, as the Front Door counts it (`support.clocks.received_on`: that day,
    or the next working day after 5pm or on a weekend or bank holiday); by first-class post, the
    next working day after posting; signed for, the day it was signed for."""
    if how == SIGNED_FOR:
        return sent.date()
    if how == FIRST_CLASS_POST:
        return add_working_days(sent.date(), 1)
    if how not in (HAND, EMAIL):
        raise ValueError(f"{how!r} is not a way of delivery ({', '.join(DELIVERY)})")
    return clocks.received_on(sent)


def working_day_on_or_after(day: date) -> date:
    return day if is_working_day(day) else add_working_days(day, 1)


# EHC needs assessment ----------------------------------------------------------------------

REPRESENTATIONS = timedelta(days=15)  # reg 13(1): at least 15 days, beginning with the day served


def assessment(received: date) -> list[Deadline]:
    """The clock of a new request for an EHC needs assessment, from the day it was received."""
    final = received + 20 * WEEK
    return [
        Deadline("decision_to_assess", received + 6 * WEEK, "reg 5(1): 6 weeks from receipt"),
        Deadline("decision_not_to_issue", received + 16 * WEEK, "reg 10(1): 16 weeks from receipt"),
        Deadline(
            "draft_plan",
            final - REPRESENTATIONS,
            "reg 13(1): the latest a draft can be served and still leave the parent 15 days to "
            "comment before the final plan",
        ),
        Deadline("final_plan", final, "reg 13(2): 20 weeks from receipt"),
    ]


def advice_due(requested: date) -> date:
    """Advice from health, social care and others, 6 weeks from the council's request (reg 8(1))."""
    return requested + 6 * WEEK


def representations_close(served: date) -> date:
    """The last day for comments on a draft plan or proposed amendments: 15 days beginning with
    the day served (reg 13(1), 22(2))."""
    return served + REPRESENTATIONS - timedelta(days=1)


# Annual review -----------------------------------------------------------------------------

NOTICE = timedelta(weeks=2)


def review_due(plan_or_last_review: date) -> date:
    """An EHC plan is reviewed within 12 months of its making, then of the last review (CFA
    s.44(1)): due the same date a year on (28 February for a 29 February)."""
    return add_months(plan_or_last_review, 12)


def review(meeting: date) -> list[Deadline]:
    """The steps around an annual review meeting (reg 20, 22)."""
    return [
        Deadline(
            "invitations", meeting - NOTICE, "reg 20(3): at least 2 weeks' notice of the meeting"
        ),
        Deadline("advice_circulated", meeting - NOTICE, "reg 20(4): at least 2 weeks before"),
        Deadline("report", meeting + 2 * WEEK, "reg 20: within 2 weeks of the meeting"),
        Deadline(
            "decision",
            meeting + 4 * WEEK,
            "reg 20 and 22: within 4 weeks of the meeting, with any proposed amendments",
        ),
        Deadline(
            "amended_plan_latest",
            meeting + 12 * WEEK,
            "reg 22(3): 8 weeks after amendments proposed at the latest 4 weeks after the meeting",
        ),
    ]


def amended_plan_due(amendments_sent: date) -> date:
    """The final amended plan, 8 weeks after the proposed amendments were sent (reg 22(3))."""
    return amendments_sent + 8 * WEEK


# Phase transfer ----------------------------------------------------------------------------

TO_SCHOOL, TO_POST_16 = "school", "post_16"


def phase_transfer_deadline(transfer_year: int, kind: str = TO_SCHOOL) -> date:
    """The plan naming the new setting must be amended by 15 February of the calendar year of a
    move between schools (early years to reception, infant to junior, primary to secondary and
    the rest), or by 31 March for a move from secondary school to post-16 (reg 18(1))."""
    if kind == TO_SCHOOL:
        return date(transfer_year, 2, 15)
    if kind == TO_POST_16:
        return date(transfer_year, 3, 31)
    raise ValueError(f"{kind!r} is not a kind of transfer ({TO_SCHOOL}, {TO_POST_16})")


def phase_transfer_review_by(transfer_year: int, kind: str = TO_SCHOOL) -> date:
    """The latest review meeting that leaves the whole 12 weeks of reg 20 and 22 before the
    deadline (about 23 November for 15 February, early January for 31 March)."""
    return phase_transfer_deadline(transfer_year, kind) - 12 * WEEK


# Disagreement ------------------------------------------------------------------------------


def appeal_deadline(decision_letter: date, mediation_certificate: date | None = None) -> date:
    """The last day to appeal to the Tribunal: 2 months from the decision letter or 1 month from
    the mediation certificate, whichever is later; a deadline in August moves to the first
    working day of September, and one from 25 December to 1 January to the first working day
    after 1 January (the Tribunal's rules, support_and_send.md §1.5)."""
    due = add_months(decision_letter, 2)
    if mediation_certificate is not None:
        due = max(due, add_months(mediation_certificate, 1))
    if due.month == 8:
        return working_day_on_or_after(date(due.year, 9, 1))
    if (due.month, due.day) >= (12, 25):
        return add_working_days(date(due.year + 1, 1, 1), 1)
    if (due.month, due.day) == (1, 1):
        return add_working_days(due, 1)
    return due


def mediation_adviser_deadline(decision_letter: date) -> date:
    """A parent wanting to appeal contacts a mediation adviser within 2 months (reg 33)."""
    return add_months(decision_letter, 2)


def certificate_due(mediation_declined: date) -> date:
    """The certificate when the parent declines mediation, within 3 working days (reg 34)."""
    return add_working_days(mediation_declined, 3)


def mediation_due(council_told: date) -> date:
    """Mediation held within 30 days of the council being told the parent wants it (reg 37;
    otherwise a certificate is issued)."""
    return council_told + timedelta(days=30)


# What a Tribunal order gives the council, from the order (reg 44), step by step.
ORDERS = {
    "assess": (("notify", 2), ("decision_not_to_issue", 10), ("final_plan", 14)),
    "make_and_maintain": (("draft_plan", 5), ("final_plan", 11)),
    "amend": (("amended_plan", 5),),
    "name_school": (("amended_plan", 2),),
}


def tribunal_order(order: str, made: date) -> list[Deadline]:
    if order not in ORDERS:
        raise ValueError(f"{order!r} is not an order ({', '.join(ORDERS)})")
    return [
        Deadline(step, made + weeks * WEEK, f"reg 44: {weeks} weeks from the order")
        for step, weeks in ORDERS[order]
    ]


# A mediation agreement on a matter the family could not appeal is carried out within 2 weeks.
AGREED_ACTION = "agreed_action"
AGREED_ACTION_WEEKS = 2


def mediation_agreement(agreement: str, agreed: date) -> list[Deadline]:
    """What a mediation agreement gives the council, from the day of the mediation (reg 42): on
    an appealable matter, the limits reg 44 sets for the same order from the Tribunal."""
    if agreement in ORDERS:
        return [
            Deadline(step, agreed + weeks * WEEK, f"reg 42: {weeks} weeks from the agreement")
            for step, weeks in ORDERS[agreement]
        ]
    if agreement == "other":
        rule = f"reg 42: {AGREED_ACTION_WEEKS} weeks from the agreement"
        return [Deadline(AGREED_ACTION, agreed + AGREED_ACTION_WEEKS * WEEK, rule)]
    raise ValueError(f"{agreement!r} is not an agreement the council carries out")


# Calendar months ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of the month when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")
