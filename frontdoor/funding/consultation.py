"""The consultation's questions, as the 2023-24 one put them to schools (seed 003, "School
Budgets KCC Consultation 23-24: Questions"), for the options and MFG levels being consulted on."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from frontdoor.funding.forms import amount_text


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[tuple[str, str], ...] = ()  # (name, what it means)


def questions(
    *, transfer: Decimal, options: Sequence[tuple[str, str]], mfg_levels: Sequence[Decimal]
) -> list[Question]:
    """`transfer` a fraction; `options` (name, description); `mfg_levels` percentages."""
    asked = []
    if transfer:
        asked.append(
            Question(
                f"Do you support the {amount_text(transfer * 100)}% transfer from the schools "
                "to the high needs block?"
            )
        )
    asked.append(
        Question(
            "If the transfer is supported, on what basis should the schools local funding "
            "formula be set?"
            if transfer
            else "On what basis should the schools local funding formula be set?",
            tuple(options),
        )
    )
    asked.append(
        Question(
            "What level should we set the MFG?",
            tuple((f"{amount_text(level)}%", "") for level in mfg_levels),
        )
    )
    return asked
