"""The direct-NFF tightening test (funding.md §3): within 2.5% of the NFF, or 10% closer."""

from decimal import Decimal

from frontdoor.funding import nff_values, tightening

NFF = nff_values.load("2023-24")


def outcome(this_year, last_year=None):
    values = {f: dict(v) for f, v in NFF.values.items()}
    values["basic_entitlement"]["primary"] = Decimal(this_year)
    last = {} if last_year is None else {"basic_entitlement": {"primary": Decimal(last_year)}}
    checks = tightening.check(values, last, NFF)
    return next(c for c in checks if (c.factor, c.key) == ("basic_entitlement", "primary"))


def test_within_two_and_a_half_percent_passes_whatever_last_year_was():
    assert outcome(3394).outcome == tightening.WITHIN
    assert outcome("3309.15").outcome == tightening.WITHIN  # exactly 2.5% below 3,394
    assert outcome("3478.85").outcome == tightening.WITHIN  # exactly 2.5% above


def test_outside_the_tolerance_a_value_must_close_ten_percent_of_last_years_gap():
    # 3,300 is 94 below; last year 3,200 was 194 below, so 51.5% of the gap closed.
    moved = outcome(3300, 3200)
    assert moved.outcome == tightening.MOVED and moved.passed
    assert moved.moved_closer == 1 - Decimal(94) / 194
    # Last year 3,290 was 104 below: 10% closer needs 93.6 or less.
    assert outcome(3300, 3290).outcome == tightening.TOO_FAR
    assert outcome("3300.4", 3290).outcome == tightening.MOVED  # 93.6 exactly
    assert not outcome(3300).passed  # and with no value for last year it cannot show it moved
    assert outcome(3300).outcome == tightening.NO_HISTORY


def test_a_factor_left_out_fails():
    values = {f: dict(v) for f, v in NFF.values.items() if f != "mobility"}
    failures = tightening.failures(tightening.check(values, {}, NFF))
    assert [(c.factor, c.key, c.outcome) for c in failures] == [
        ("mobility", "primary", tightening.NOT_USED),
        ("mobility", "secondary", tightening.NOT_USED),
    ]


def test_the_nff_itself_passes_every_check():
    checks = tightening.check({f: dict(v) for f, v in NFF.values.items()}, {}, NFF)
    assert len(checks) == 32 and not tightening.failures(checks)
