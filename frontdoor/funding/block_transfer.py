"""A transfer from the schools block to high needs, compared side by side: each consultation
option (a policy, e.g. "continue the targeted approach" or "spread the reduction across all
factors") at each MFG level, with the money released and every school's change against its NFF
notional allocation (the seed's 2023-24 consultation, questions 1-3)."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from frontdoor.core.rounding import percent_as_set
from frontdoor.funding.lff_policy import Policy
from frontdoor.funding.nff_values import NffYear
from frontdoor.funding.schools_block import BlockRun, run_policy
from frontdoor.funding.schools_data import SchoolData

ZERO = Decimal(0)


@dataclass(frozen=True)
class Variant:
    option: str  # the policy's name
    mfg: Decimal
    run: BlockRun

    @property
    def label(self) -> str:
        return f"{self.option}, MFG {percent_as_set(self.mfg)}"

    def changes(self) -> list[Decimal]:
        """Each school's budget share less its NFF notional allocation, in schools' order."""
        return [
            local.budget_share - national.budget_share
            for local, national in zip(self.run.budgets, self.run.nff_budgets, strict=True)
        ]

    @property
    def schools_losing(self) -> int:
        return sum(1 for change in self.changes() if change < 0)

    @property
    def largest_loss_per_pupil(self) -> Decimal:
        return max(
            (
                -change / budget.school.pupils_on_roll
                for change, budget in zip(self.changes(), self.run.budgets, strict=True)
            ),
            default=ZERO,
        )


def compare(
    schools: Sequence[SchoolData],
    nff: NffYear,
    options: Sequence[Policy],
    mfg_levels: Sequence[Decimal],
) -> list[Variant]:
    """Every option at every MFG level, options first."""
    return [
        Variant(option.name, mfg, run_policy(schools, replace(option, mfg=mfg), nff))
        for option in options
        for mfg in mfg_levels
    ]
