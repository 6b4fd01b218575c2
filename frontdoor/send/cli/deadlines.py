"""`frontdoor send deadlines`: the statutory clock of a request for an EHC needs assessment.

    frontdoor send deadlines --received 2025-01-06

prints CSV `step,due_date`, one row a step: decision_to_assess (6 weeks, reg 5(1)),
decision_not_to_issue (16 weeks, reg 10(1)), draft_plan (the latest a draft can be served and
leave 15 days for comments, reg 13(1)) and final_plan (20 weeks, reg 13(2)), from the day the
request was received. A request that arrives on a weekend or bank holiday is received the next
working day; the command says so on stderr and counts from that day."""

import csv
from argparse import ArgumentTypeError
from datetime import date

from frontdoor.send import deadlines


def add_arguments(parser) -> None:
    parser.add_argument(
        "--received",
        required=True,
        type=_date,
        help="the day the council received the request, YYYY-MM-DD (a working day, before 5pm)",
    )


def handle(options, stdout, stderr) -> int:
    given = options["received"]
    try:
        received = deadlines.working_day_on_or_after(given)
    except ValueError as error:  # beyond the bank holidays the calendar holds
        stderr.write(f"--received: {error}")
        return 1
    if received != given:
        stderr.write(
            f"{given:%A %-d %B %Y} is not a working day: the request counts as received on "
            f"{received:%A %-d %B %Y}."
        )
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(["step", "due_date"])
    for deadline in deadlines.assessment(received):
        writer.writerow([deadline.step, deadline.due.isoformat()])
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
