"""Small-number suppression: aggregates shown outside the council hide groups of fewer than
THRESHOLD pupils (shown as "c", as the DfE's statistics do), so that no child can be picked
out of a figure. Council staff see every figure; their access is decided elsewhere."""

from frontdoor.core.roles import COUNCIL_ROLES

THRESHOLD = 5
MARK = "c"


def applies_to(user) -> bool:
    """Whether figures shown to this user are suppressed: everyone outside the council."""
    return getattr(user, "role", None) not in COUNCIL_ROLES


def hides(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD
