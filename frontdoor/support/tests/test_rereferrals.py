from datetime import date

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from frontdoor.support.rereferrals import (
    Referral,
    months_before,
    re_referral_rate,
    re_referrals,
)

# One child at a time (no households), worked by hand for the local 2-month window and the
# DfE's 12-month window.
CHILDREN = [
    Referral("A1", "Ava", None, date(2024, 1, 10)),
    Referral("A2", "Ava", None, date(2024, 3, 10)),  # exactly 2 months after A1
    Referral("A3", "Ava", None, date(2024, 5, 11)),  # 2 months and a day after A2
    Referral("B1", "Ben", None, date(2024, 2, 1)),
    Referral("B2", "Ben", None, date(2024, 2, 1)),  # the same day as B1: one event
    Referral("B3", "Ben", None, date(2024, 3, 31)),  # window from 31 Jan: B1/B2 are in it
    Referral("C1", "Cal", None, date(2024, 1, 1)),
    Referral("C2", "Cal", None, date(2024, 12, 31)),  # 12-month window from 31 Dec 2023
]


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (2, {"A2", "B3"}),
        (12, {"A2", "A3", "B3", "C2"}),
    ],
)
def test_re_referrals_of_a_child(months, expected):
    assert re_referrals(CHILDREN, months=months) == expected
    assert re_referral_rate(CHILDREN, months=months) == (len(expected), 8)


# A household, worked by hand for 12 months. Sam and Sky are siblings in H; Tia joins H;
# Sam then moves to H2, where Vic lives.
HOUSEHOLDS = [
    Referral("sam-1", "Sam", "H", date(2024, 1, 10)),
    Referral("sky-1", "Sky", "H", date(2024, 1, 10)),  # siblings referred together: one event
    Referral("tia-1", "Tia", "H", date(2024, 6, 1)),  # a sibling was referred in January
    Referral("uma-1", "Uma", None, date(2024, 7, 1)),  # no household known
    Referral("uma-2", "Uma", "H", date(2024, 8, 1)),  # Uma herself a month before
    Referral("sam-2", "Sam", "H2", date(2024, 9, 1)),  # Sam himself, from another household
    Referral("vic-1", "Vic", "H2", date(2024, 10, 1)),  # Sam came to H2 a month before
    Referral("h-1", "H", None, date(2024, 11, 1)),  # a child whose key looks like a household's
]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("child", {"uma-2", "sam-2"}),
        ("household", {"tia-1", "uma-2", "sam-2", "vic-1"}),
    ],
)
def test_re_referrals_across_a_household(by, expected):
    assert re_referrals(HOUSEHOLDS, months=12, by=by) == expected


def test_a_sibling_outside_the_window_does_not_count():
    referrals = [
        Referral(1, "Sam", "H", date(2024, 1, 10)),
        Referral(2, "Sky", "H", date(2024, 3, 11)),  # 2 months and a day later
    ]
    assert re_referrals(referrals, months=2, by="household") == set()
    assert re_referrals(referrals, months=12, by="household") == {2}


@pytest.mark.parametrize(
    ("day", "months", "before"),
    [
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 3, 31), 1, date(2023, 2, 28)),
        (date(2024, 5, 31), 3, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2024, 7, 31), 1, date(2024, 6, 30)),
        (date(2024, 1, 15), 2, date(2023, 11, 15)),  # across the year end
        (date(2024, 12, 31), 12, date(2023, 12, 31)),
        (date(2024, 3, 10), 2, date(2024, 1, 10)),
    ],
)
def test_months_before_clamps_to_the_month_end(day, months, before):
    assert months_before(day, months) == before


@pytest.mark.parametrize(
    ("earlier", "re_referral"),
    [
        (date(2024, 2, 29), True),  # 31 March less 1 month is 29 February 2024
        (date(2024, 2, 28), False),
    ],
)
def test_the_window_starts_on_the_clamped_day(earlier, re_referral):
    referrals = [Referral(1, "Ava", None, earlier), Referral(2, "Ava", None, date(2024, 3, 31))]
    assert (re_referrals(referrals, months=1) == {2}) is re_referral


def test_an_empty_list_has_no_re_referrals():
    assert re_referrals([], months=12) == set()
    assert re_referral_rate(iter([]), months=12) == (0, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 0}, "at least 1 month"),
        ({"months": 12, "by": "school"}, "'school'"),
    ],
)
def test_refuses_a_window_it_cannot_count(kwargs, message):
    with pytest.raises(ValueError, match=message):
        re_referrals(CHILDREN, **kwargs)


def test_refuses_two_referrals_with_one_id():
    twice = [Referral(1, "Ava", None, date(2024, 1, 1)), Referral(1, "Ben", None, date(2024, 2, 1))]
    with pytest.raises(ValueError, match="its own id"):
        re_referrals(twice, months=12)


@st.composite
def referral_lists(draw):
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, 5),
                st.none() | st.integers(0, 2),
                st.dates(date(2023, 1, 1), date(2025, 12, 31)),
            ),
            max_size=25,
        )
    )
    return [Referral(n, child, household, on) for n, (child, household, on) in enumerate(rows)]


def _by_definition(referrals, *, months, by):
    """The rule read literally, pair by pair."""

    def related(earlier, later):
        return earlier.child == later.child or (
            by == "household"
            and later.household is not None
            and earlier.household == later.household
        )

    return {
        later.id
        for later in referrals
        for earlier in referrals
        if related(earlier, later) and months_before(later.on, months) <= earlier.on < later.on
    }


WINDOWS = st.sampled_from([1, 2, 3, 6, 12])
BY = st.sampled_from(["child", "household"])


@hypothesis_settings(deadline=None)
@given(referral_lists(), WINDOWS, BY)
def test_agrees_with_the_rule_read_pair_by_pair(referrals, months, by):
    assert re_referrals(referrals, months=months, by=by) == _by_definition(
        referrals, months=months, by=by
    )


@hypothesis_settings(deadline=None)
@given(referral_lists(), WINDOWS)
def test_by_child_is_within_by_household(referrals, months):
    by_child = re_referrals(referrals, months=months, by="child")
    assert by_child <= re_referrals(referrals, months=months, by="household")


@hypothesis_settings(deadline=None)
@given(referral_lists(), BY)
def test_a_2_month_re_referral_is_a_12_month_one(referrals, by):
    assert re_referrals(referrals, months=2, by=by) <= re_referrals(referrals, months=12, by=by)


@hypothesis_settings(deadline=None)
@given(st.data(), WINDOWS, BY)
def test_the_order_of_the_input_does_not_matter(data, months, by):
    referrals = data.draw(referral_lists())
    shuffled = data.draw(st.permutations(referrals))
    assert re_referrals(shuffled, months=months, by=by) == re_referrals(
        referrals, months=months, by=by
    )


@hypothesis_settings(deadline=None)
@given(referral_lists(), WINDOWS, BY)
def test_the_rate_is_a_proportion_of_all_referrals(referrals, months, by):
    numerator, denominator = re_referral_rate(referrals, months=months, by=by)
    assert 0 <= numerator <= denominator == len(referrals)
