"""Re-referrals: referrals of a child who was referred not long before.

The DfE counts a referral as a re-referral when it comes within 12 months of a previous referral
(Children in need, "a focus on re-referrals"); Kent has also reported re-referrals within 2 months
as a local measure, so the window is a parameter (../shared/domain/support_and_send.md §1.6, §5).
Only referrals count, not contacts (`levels.is_referral`). Looking across a household as well as
the child catches a family coming back through a sibling, which the child-by-child measure misses.
"""

import calendar
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

type By = Literal["child", "household"]


@dataclass(frozen=True)
class Referral:
    id: Hashable
    child: Hashable
    household: Hashable | None
    on: date


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or the last day of that month if it is
    shorter (31 March less 1 month is 28 or 29 February)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _keys(referral: Referral, by: By) -> list[tuple[str, Hashable]]:
    # Tagged so that a household key can never collide with a child key.
    keys = [("child", referral.child)]
    if by == "household" and referral.household is not None:
        keys.append(("household", referral.household))
    return keys


def re_referrals(referrals: Iterable[Referral], *, months: int, by: By = "child") -> set[Hashable]:
    """The ids of the referrals made within `months` months after an earlier referral of the same
    child, or, with by="household", of the same child or any child in the same household (a
    referral without a household is matched on its child alone).

    The earlier referral must be on an earlier day, on or after the same day `months` months
    before: referrals made on the same day are one event, so siblings referred together are not
    re-referrals of each other."""
    if months < 1:
        raise ValueError(f"A re-referral window must be at least 1 month, not {months}.")
    if by not in ("child", "household"):
        raise ValueError(f'Re-referrals are counted by "child" or "household", not {by!r}.')
    referrals = list(referrals)
    if len({referral.id for referral in referrals}) != len(referrals):
        raise ValueError("Each referral must have its own id.")

    days_by_key: defaultdict[tuple[str, Hashable], list[date]] = defaultdict(list)
    for referral in referrals:
        for key in _keys(referral, by):
            days_by_key[key].append(referral.on)
    for days in days_by_key.values():
        days.sort()

    def follows_another(referral: Referral) -> bool:
        since = months_before(referral.on, months)
        for key in _keys(referral, by):
            days = days_by_key[key]
            first_in_window = bisect_left(days, since)
            if first_in_window < len(days) and days[first_in_window] < referral.on:
                return True
        return False

    return {referral.id for referral in referrals if follows_another(referral)}


def re_referral_rate(
    referrals: Iterable[Referral], *, months: int, by: By = "child"
) -> tuple[int, int]:
    """(re-referrals, referrals) among all the referrals given; the caller rounds and
    suppresses. A period's re-referrals can follow referrals made before it, so to measure a
    period alone, find them with `re_referrals` over its look-back too and count the period's."""
    referrals = list(referrals)
    return len(re_referrals(referrals, months=months, by=by)), len(referrals)
