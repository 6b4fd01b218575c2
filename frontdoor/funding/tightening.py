"""The direct-NFF tightening test (funding.md §3, §9 rule 9): a local formula must use every NFF
factor, and each of its values must be within the tolerance of the NFF value (2.5% in 2023-24) or
have moved at least the required share closer to it than last year's local value (10%):

    pass if |L1 − N| ≤ tolerance × N,  or  |L1 − N| ≤ (1 − move) × |L0 − N|

with N the NFF value, L0 last year's local value and L1 this year's. The NFF value is compared as
published, without the area cost adjustment (which the operational guide should confirm [M])."""

from dataclasses import dataclass
from decimal import Decimal

from frontdoor.funding.nff_values import FACTORS, NffYear, factor_name

WITHIN, MOVED, NOT_USED, TOO_FAR, NO_HISTORY = (
    "within tolerance",
    "moved closer",
    "factor not used",
    "not moved far enough",
    "outside tolerance, no value for last year",
)


@dataclass(frozen=True)
class Check:
    factor: str
    key: str
    nff: Decimal
    last_year: Decimal | None
    this_year: Decimal | None  # None: the factor is not used
    outcome: str

    @property
    def passed(self) -> bool:
        return self.outcome in (WITHIN, MOVED)

    @property
    def label(self) -> str:
        return f"{factor_name(self.factor)}, {self.key}"

    @property
    def moved_closer(self) -> Decimal | None:
        """The share of last year's distance from the NFF closed this year."""
        if self.last_year is None or self.this_year is None or self.last_year == self.nff:
            return None
        return 1 - abs(self.this_year - self.nff) / abs(self.last_year - self.nff)


def check(
    values: dict[str, dict[str, Decimal]],
    last_year: dict[str, dict[str, Decimal]],
    nff: NffYear,
) -> list[Check]:
    """One check for every factor and key of the NFF, against the local `values` as used."""
    tolerance, move = nff.tightening
    checks = []
    for factor, (_, keys) in FACTORS.items():
        for key in keys:
            target = nff.value(factor, key)
            before = last_year.get(factor, {}).get(key)
            if factor not in values:
                checks.append(Check(factor, key, target, before, None, NOT_USED))
                continue
            value = values[factor][key]
            distance = abs(value - target)
            if distance <= tolerance * target:
                outcome = WITHIN
            elif before is None:
                outcome = NO_HISTORY
            elif distance <= (1 - move) * abs(before - target):
                outcome = MOVED
            else:
                outcome = TOO_FAR
            checks.append(Check(factor, key, target, before, value, outcome))
    return checks


def failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.passed]
