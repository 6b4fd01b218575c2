from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from frontdoor.core.rounding import percentage, round_half_up


def test_half_up_not_bankers():
    assert round_half_up(0.125, 2) == Decimal("0.13")
    assert round_half_up(2.5, 0) == Decimal("3")
    assert round_half_up(Decimal("92.05"), 1) == Decimal("92.1")


def test_percentage_is_exact_then_rounded():
    # 1/8 = 12.5% exactly; 2/3 = 66.666...% -> 66.7
    assert percentage(1, 8) == Decimal("12.5")
    assert percentage(2, 3) == Decimal("66.7")
    assert percentage(1, 40, places=0) == Decimal("3")  # 2.5 rounds up
    assert percentage(5, 0) is None


@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_percentage_of_a_part_is_within_0_and_100(numerator, denominator):
    numerator = min(numerator, denominator)
    assert Decimal(0) <= percentage(numerator, denominator) <= Decimal(100)
