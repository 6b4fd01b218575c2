"""`frontdoor send deadlines --received DATE`: the command-line contract of issue 7."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(received: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("send", "deadlines", "--received", received, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_the_steps_as_csv():
    out, err = run("2025-01-06")
    assert out.splitlines() == [
        "step,due_date",
        "decision_to_assess,2025-02-17",
        "decision_not_to_issue,2025-04-28",
        "draft_plan,2025-05-11",
        "final_plan,2025-05-26",
    ]
    assert err == ""


def test_a_request_on_a_bank_holiday_counts_from_the_next_working_day():
    out, err = run("2025-12-25")
    assert "decision_to_assess,2026-02-09" in out  # from Monday 29 December
    assert "counts as received on Monday 29 December 2025" in err


def test_a_date_that_is_not_a_date_is_refused():
    with pytest.raises(CommandError, match="'2025-13-01' is not a date"):
        run("2025-13-01")
