"""Attendance and absence codes, versioned by the dates their code set was in force.

Two sets: the one in use until 18 August 2024 (the 2006 Regulations and guidance to 2022) and the
one in force from 19 August 2024 (the 2024 Regulations, SI 2024/208, reg. 10). Each code maps to
the statistical category the DfE counts it in and to a reason column; the roll-ups were checked on
the DfE's own files (see ../shared/domain/attendance.md §4 and §5).

`-` (no mark) is not a code with a category: it is a data-quality flag, stored as it was sent and
counted by the data-quality measures, never as a possible session.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    PRESENT = "present"  # / \ L
    AEA = "aea"  # approved educational activity: counts as attendance
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_COUNTED = "not_counted"  # outside possible sessions


class CodeSet(StrEnum):
    PRE_2024 = "pre_2024"
    FROM_2024 = "2024"


CHANGE_OVER = date(2024, 8, 19)  # the 2024 Regulations' code set comes into force
NO_MARK = "-"
SESSIONS = ("AM", "PM")


@dataclass(frozen=True)
class Code:
    code: str
    category: Category
    meaning: str
    sets: frozenset[CodeSet]
    late: bool = False  # counted in late_sessions (L and U)
    penalty: bool = False  # unauthorised sessions that count towards the penalty-notice threshold

    @property
    def column(self) -> str:
        """The per-code count column in measure outputs, e.g. `code_I`, `code_present_am`."""
        return CODE_COLUMNS[self.code]

    def valid_on(self, day: date) -> bool:
        return code_set_on(day) in self.sets


_BOTH = frozenset({CodeSet.PRE_2024, CodeSet.FROM_2024})
_OLD = frozenset({CodeSet.PRE_2024})
_NEW = frozenset({CodeSet.FROM_2024})

_P, _A, _AU, _UN, _NC = (
    Category.PRESENT,
    Category.AEA,
    Category.AUTHORISED,
    Category.UNAUTHORISED,
    Category.NOT_COUNTED,
)

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("/", _P, "Present at morning registration", _BOTH),
        Code("\\", _P, "Present at afternoon registration", _BOTH),
        Code("L", _P, "Late, arrived before the register closed", _BOTH, late=True),
        # Approved educational activity
        Code("K", _A, "Attending education provision arranged by the local authority", _NEW),
        Code("V", _A, "Educational visit or trip", _BOTH),
        Code("P", _A, "Approved sporting activity", _BOTH),
        Code("W", _A, "Work experience", _BOTH),
        Code("B", _A, "Other approved off-site educational activity", _BOTH),
        Code("J", _A, "Interview (until August 2024)", _OLD),
        # Authorised absence
        Code("C1", _AU, "Licensed performance or employment abroad", _NEW),
        Code("M", _AU, "Medical or dental appointment", _BOTH),
        Code("J1", _AU, "Interview for employment or admission", _NEW),
        Code("S", _AU, "Study leave for a public examination", _BOTH),
        Code("C2", _AU, "Agreed temporary part-time timetable", _NEW),
        Code("C", _AU, "Leave in exceptional circumstances", _BOTH),
        Code("T", _AU, "Parent travelling for occupational purposes", _BOTH),
        Code("R", _AU, "Religious observance", _BOTH),
        Code("I", _AU, "Illness", _BOTH),
        Code("E", _AU, "Suspended or excluded, no alternative provision", _BOTH),
        Code("H", _AU, "Authorised family holiday (until August 2024)", _OLD),
        Code("F", _AU, "Agreed extended family holiday (legacy)", _OLD),
        # Unauthorised absence
        Code("G", _UN, "Holiday not granted by the school", _BOTH, penalty=True),
        Code("N", _UN, "Reason not yet established", _BOTH, penalty=True),
        Code("O", _UN, "Absent in other or unknown circumstances", _BOTH, penalty=True),
        Code("U", _UN, "Arrived after the register closed", _BOTH, late=True, penalty=True),
        # Not counted in possible sessions
        Code("D", _NC, "Attending another school where also registered", _BOTH),
        Code("X", _NC, "Non-compulsory school age, not required to attend", _BOTH),
        Code("Q", _NC, "Unable to attend: no access arrangements by the LA", _NEW),
        Code("Y", _NC, "Unable to attend, exceptional circumstances (until August 2024)", _OLD),
        Code("Y1", _NC, "Unable to attend: transport not available", _NEW),
        Code("Y2", _NC, "Unable to attend: widespread travel disruption", _NEW),
        Code("Y3", _NC, "Unable to attend: part of the premises closed", _NEW),
        Code("Y4", _NC, "Unable to attend: whole site unexpectedly closed", _NEW),
        Code("Y5", _NC, "Unable to attend: in criminal-justice detention", _NEW),
        Code("Y6", _NC, "Unable to attend: public-health guidance or law", _NEW),
        Code("Y7", _NC, "Unable to attend: other unavoidable cause", _NEW),
        Code("Z", _NC, "Prospective pupil not yet on the admission register", _BOTH),
        Code("#", _NC, "Planned whole or partial school closure", _BOTH),
    )
}

# Column names safe in every engine (no `/`, `\` or `#`).
CODE_COLUMNS: dict[str, str] = {
    code: "code_" + {"/": "present_am", "\\": "present_pm", "#": "closed"}.get(code, code)
    for code in CODES
}


def code_set_on(day: date) -> CodeSet:
    return CodeSet.FROM_2024 if day >= CHANGE_OVER else CodeSet.PRE_2024


def codes_in(category: Category) -> tuple[str, ...]:
    return tuple(c.code for c in CODES.values() if c.category == category)


POSSIBLE_CATEGORIES = (Category.PRESENT, Category.AEA, Category.AUTHORISED, Category.UNAUTHORISED)
PRESENT_CODES = codes_in(Category.PRESENT)
AEA_CODES = codes_in(Category.AEA)
AUTHORISED_CODES = codes_in(Category.AUTHORISED)
UNAUTHORISED_CODES = codes_in(Category.UNAUTHORISED)
NOT_COUNTED_CODES = codes_in(Category.NOT_COUNTED)
LATE_CODES = tuple(c.code for c in CODES.values() if c.late)
PENALTY_CODES = tuple(c.code for c in CODES.values() if c.penalty)
CLOSED = "#"


def code_validity_rows() -> list[tuple[str, date | None, date | None]]:
    """(code, valid_from, valid_to) with open ends as None: a table ingest can join on."""
    rows = []
    for c in CODES.values():
        if c.sets == _BOTH:
            rows.append((c.code, None, None))
        elif c.sets == _NEW:
            rows.append((c.code, CHANGE_OVER, None))
        else:
            rows.append((c.code, None, date.fromordinal(CHANGE_OVER.toordinal() - 1)))
    return rows


def validate(code: str, day: date) -> str | None:
    """Why the mark cannot be recorded on that day, or None when it can."""
    if code == NO_MARK:
        return None
    known = CODES.get(code)
    if known is None:
        return f"unknown code {code!r}"
    if not known.valid_on(day):
        in_force = "from 19 August 2024" if known.sets == _NEW else "until 18 August 2024"
        return f"code {code!r} is not valid on {day.isoformat()} (in force {in_force})"
    return None
