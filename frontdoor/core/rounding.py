"""How figures are shown: rounded half up, as the DfE publishes them (not banker's rounding)."""

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float | Decimal | int, places: int = 1) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def percentage(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator / denominator as a percentage, computed exactly then rounded half up; None
    when there is no denominator (shown as "no data", never as 0%)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )


def percent_as_set(fraction: Decimal) -> str:
    """A rate someone set, as they set it: 0.01 → "1%", 0.005 → "0.5%" (no rounding, no
    trailing zeros)."""
    return f"{(fraction * 100).normalize():f}%"
