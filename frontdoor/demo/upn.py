"""Unique pupil numbers (UPNs) as the DfE defines them.

A permanent UPN is 13 characters: a check letter, the 3-digit LA code, the 4-digit DfE
establishment number of the school that allocated it, the 2-digit year of allocation and a
3-digit serial. The check letter (DfE, "Unique Pupil Numbers (UPN): a guide for schools and
local authorities", annex): multiply characters 2 to 13 by weights 2 to 13, sum, take the
remainder on division by 23 and read it off A–Z without I, O and S. A temporary UPN ends in a
letter in place of the last digit, valued by its position in the same alphabet."""

from operator import mul

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
WEIGHTS = range(2, 14)


def _value(character: str) -> int:
    return int(character) if character.isdigit() else CHECK_LETTERS.index(character)


def check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    if len(body) != 12 or not body[:11].isdigit():
        raise ValueError(f"a UPN body is 11 digits and a digit or letter, not {body!r}")
    if not (body[11].isdigit() or body[11] in CHECK_LETTERS):
        raise ValueError(f"{body[11]!r} cannot end a UPN")
    values = map(int, body) if body.isdigit() else map(_value, body)
    total = sum(map(mul, WEIGHTS, values))
    return CHECK_LETTERS[total % 23]


def make_upn(*, la_code: str, establishment_number: int, year: int, serial: int) -> str:
    """A permanent UPN allocated by a school: LA code, its establishment number, the year of
    allocation (two digits kept) and the school's serial for that year (0–999)."""
    if not 0 <= serial <= 999:
        raise ValueError("a school allocates at most 1,000 UPNs a year")
    body = f"{la_code:0>3}{establishment_number:04d}{year % 100:02d}{serial:03d}"
    return check_letter(body) + body


def is_valid_upn(upn: str) -> bool:
    if len(upn) != 13 or upn[0] not in CHECK_LETTERS:
        return False
    try:
        return check_letter(upn[1:]) == upn[0]
    except ValueError:
        return False
