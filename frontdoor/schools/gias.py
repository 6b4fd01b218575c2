"""Reading a GIAS (Get Information about Schools) establishments extract.

`parse_gias_csv` takes a path, bytes or a binary file (an upload) and returns the rows to
import, or raises `GiasImportError` listing every problem in the file: the whole file is
checked before anything is written, so a council never ends up with half an import. The
write itself is `frontdoor.schools.services.establishments_import_gias`.

Columns are GIAS's own names, so a file downloaded from GIAS (the reduced "state-funded"
extract or the full `edubasealldata` file, UTF-8 or Windows-1252) is read as it is. Optional
columns update their fields only when present: a reduced extract never blanks what a fuller
one filled in.

Choices the GIAS data leaves open, made here once:
- "Proposed to open" establishments are not imported: the register has no such state, and an
  establishment counted as open before it has pupils would distort every open-school figure.
  They arrive with the first extract after they open. Likewise establishment types that are
  not schools (children's centres, universities, schools overseas…, `NOT_SCHOOL_TYPES`).
  Both are counted as skipped, and only their URN and status are checked.
- A row with an empty EstablishmentNumber (some non-school providers have no DfE number) is
  stored with an empty LAESTAB rather than refused.
- The sector of an establishment whose phase is "Not applicable" is read from its type
  (16 to 19 and FE types, nursery schools), else from its statutory ages (see
  `sector_from_ages`); with neither, the row is refused.
- A trust is linked only for academy trusts: `TrustSchoolFlag (name)` "Supported by a trust"
  is a maintained foundation school's charitable trust, which is not a `Trust` here (a
  linked trust means an academy). Without that column a trust is taken to be multi-academy.
- Descriptive values (type, phase, gender, religious character) are kept as GIAS words them,
  "Does not apply" included, so that they read the same as on GIAS.
- Dates are GIAS's dd-mm-yyyy; dd/mm/yyyy (a file saved again by Excel) and yyyy-mm-dd are
  accepted too.
"""

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import IO

from frontdoor.schools.models import Establishment, Sector, Trust

URN = "URN"
LA_CODE = "LA (code)"
ESTABLISHMENT_NUMBER = "EstablishmentNumber"
LAESTAB = "LAESTAB"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
PHASE = "PhaseOfEducation (name)"
STATUS = "EstablishmentStatus (name)"
LOW_AGE = "StatutoryLowAge"
HIGH_AGE = "StatutoryHighAge"
SIXTH_FORM = "OfficialSixthForm (name)"
GENDER = "Gender (name)"
RELIGIOUS_CHARACTER = "ReligiousCharacter (name)"
ADMISSIONS_POLICY = "AdmissionsPolicy (name)"
SELECTIVE = "Selective"
TOWN = "Town"
POSTCODE = "Postcode"
DISTRICT_CODE = "DistrictAdministrative (code)"
PUPILS = "NumberOfPupils"
CAPACITY = "SchoolCapacity"
TRUST_CODE = "Trusts (code)"
TRUST_NAME = "Trusts (name)"
TRUST_FLAG = "TrustSchoolFlag (name)"
OPEN_DATE = "OpenDate"
CLOSE_DATE = "CloseDate"

REQUIRED_COLUMNS = (URN, NAME, TYPE, PHASE, STATUS)
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    LA_CODE,
    ESTABLISHMENT_NUMBER,
    LAESTAB,
    LOW_AGE,
    HIGH_AGE,
    SIXTH_FORM,
    GENDER,
    RELIGIOUS_CHARACTER,
    ADMISSIONS_POLICY,
    SELECTIVE,
    TOWN,
    POSTCODE,
    DISTRICT_CODE,
    PUPILS,
    CAPACITY,
    TRUST_CODE,
    TRUST_NAME,
    TRUST_FLAG,
    OPEN_DATE,
    CLOSE_DATE,
)

# The Establishment fields each optional column fills (the required ones fill urn, laestab,
# name, establishment_type, phase, sector and status on every row).
ALWAYS_PROVIDED = (
    "urn",
    "laestab",
    "name",
    "establishment_type",
    "phase",
    "sector",
    "status",
)
OPTIONAL_FIELDS = {
    LOW_AGE: "statutory_low_age",
    HIGH_AGE: "statutory_high_age",
    SIXTH_FORM: "has_sixth_form",
    GENDER: "gender",
    RELIGIOUS_CHARACTER: "religious_character",
    ADMISSIONS_POLICY: "selective",
    SELECTIVE: "selective",
    TOWN: "town",
    POSTCODE: "postcode",
    DISTRICT_CODE: "district",
    PUPILS: "number_on_roll",
    CAPACITY: "capacity",
    TRUST_CODE: "trust",
    OPEN_DATE: "opened_on",
    CLOSE_DATE: "closed_on",
}

STATUSES = {
    "open": Establishment.Status.OPEN,
    "open, but proposed to close": Establishment.Status.PROPOSED_TO_CLOSE,
    "closed": Establishment.Status.CLOSED,
}
PROPOSED_TO_OPEN = "proposed to open"

PHASE_SECTORS = {
    "nursery": Sector.NURSERY,
    "primary": Sector.PRIMARY,
    "middle deemed primary": Sector.PRIMARY,
    "secondary": Sector.SECONDARY,
    "middle deemed secondary": Sector.SECONDARY,
    "all-through": Sector.ALL_THROUGH,
    "16 plus": Sector.SIXTEEN_PLUS,
}
PHASE_NOT_APPLICABLE = "not applicable"

# GIAS establishment types that are not schools a council's register holds.
NOT_SCHOOL_TYPES = frozenset(
    {
        "british schools overseas",
        "children's centre",
        "children's centre linked site",
        "higher education institutions",
        "institution funded by other government department",
        "miscellaneous",
        "offshore schools",
        "online provider",
        "service children's education",
        "welsh establishment",
    }
)

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
OLDEST_AGE = 99
LAESTAB_PATTERN = re.compile(r"\d{7}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: the line as a person counts it (the header is line 1)."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class GiasImportError(Exception):
    """The file cannot be imported; `problems` lists everything wrong with it, in line order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.line or 0)
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        heading = f"Nothing was imported: the file has {count} problem{'s' if count != 1 else ''}."
        return "\n".join([heading, *(str(problem) for problem in self.problems)])


@dataclass(frozen=True)
class EstablishmentRow:
    """One establishment as the file describes it, checked and converted.

    `provided` names the Establishment fields the file supplied (district and trust by their
    field names); the import leaves every other field as it is."""

    line: int
    urn: int
    laestab: str
    name: str
    establishment_type: str
    phase: str
    sector: Sector
    status: Establishment.Status
    provided: frozenset[str]
    statutory_low_age: int | None = None
    statutory_high_age: int | None = None
    has_sixth_form: bool = False
    gender: str = ""
    religious_character: str = ""
    selective: bool = False
    town: str = ""
    postcode: str = ""
    district_code: str = ""
    number_on_roll: int | None = None
    capacity: int | None = None
    trust_uid: str = ""
    trust_name: str = ""
    trust_kind: Trust.Kind | None = None
    opened_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class SkippedRow:
    line: int
    urn: int
    reason: str


class GiasRows(list[EstablishmentRow]):
    """The rows to import, with the rows deliberately left out (see the module docstring)."""

    def __init__(self, rows: Iterable[EstablishmentRow] = (), skipped: Iterable[SkippedRow] = ()):
        super().__init__(rows)
        self.skipped = list(skipped)


Source = str | os.PathLike | bytes | IO[bytes] | IO[str]


def parse_gias_csv(source: Source) -> GiasRows:
    """Read and check a whole GIAS establishments CSV.

    `source` is a path, the file's bytes, or an open file (binary, e.g. a Django upload, or
    text). Raises GiasImportError with every problem found; returns the rows otherwise."""
    text = _decode(_read(source))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise GiasImportError([Problem(1, "", "the file is empty")]) from None
    columns = _Columns(header)
    missing = columns.missing_required()
    if missing:
        message = (
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}. "
            "Is this a GIAS establishments file?"
        )
        raise GiasImportError([Problem(1, "", message)])

    problems: list[Problem] = []
    rows = GiasRows()
    first_line_of_urn: dict[int, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(line, "", f"cannot be read as CSV ({error})"))
            break
        start, line = line, reader.line_num + 1
        if not "".join(cells).strip():
            continue
        if len(cells) < columns.count or "".join(cells[columns.count :]).strip():
            message = f"has {len(cells)} values but the header has {columns.count} columns"
            problems.append(Problem(start, "", message))
            continue
        parsed = _RowParser(columns, cells, start).parse()
        problems.extend(sorted(parsed.problems, key=columns.position))
        if parsed.urn is not None:
            first = first_line_of_urn.setdefault(parsed.urn, start)
            if first != start:
                message = f"{parsed.urn} appears again (first on line {first})"
                problems.append(Problem(start, URN, message))
        if isinstance(parsed.result, SkippedRow):
            rows.skipped.append(parsed.result)
        elif parsed.result is not None:
            rows.append(parsed.result)
    problems.extend(_trust_problems(rows))
    if not problems and not rows and not rows.skipped:
        problems.append(Problem(None, "", "the file has no establishments in it"))
    if problems:
        raise GiasImportError(problems)
    return rows


def derive_sector(
    establishment_type: str, phase: str, low_age: int | None, high_age: int | None
) -> Sector | None:
    """The sector of an establishment, or None when neither its type, phase nor ages tell."""
    kind = _normalise(establishment_type)
    if "special" in kind:
        return Sector.SPECIAL
    if "pupil referral unit" in kind or "alternative provision" in kind:
        return Sector.ALTERNATIVE_PROVISION
    by_phase = PHASE_SECTORS.get(_normalise(phase))
    if by_phase is not None:
        return by_phase
    # Phase "Not applicable" for a mainstream type: FE colleges, sixth form centres and
    # 16 to 19 academies are 16 plus, nursery schools nursery; otherwise the ages decide.
    if any(word in kind for word in ("16-19", "16 to 19", "further education", "sixth form")):
        return Sector.SIXTEEN_PLUS
    if "nursery" in kind:
        return Sector.NURSERY
    return sector_from_ages(low_age, high_age)


def sector_from_ages(low_age: int | None, high_age: int | None) -> Sector | None:
    """The sector an age range implies, as the DfE deems middle schools: an establishment
    spanning infants to GCSE is all-through, otherwise the side (primary up to 11, secondary
    from 11) with more year groups wins, a tie going to secondary (9 to 13 middle schools)."""
    if low_age is None or high_age is None:
        return None
    if high_age <= 5:
        return Sector.NURSERY
    if low_age >= 16:
        return Sector.SIXTEEN_PLUS
    if low_age <= 7 and high_age >= 16:
        return Sector.ALL_THROUGH
    primary_years = max(0, min(high_age, 11) - low_age)
    secondary_years = max(0, high_age - max(low_age, 11))
    return Sector.PRIMARY if primary_years > secondary_years else Sector.SECONDARY


def _read(source: Source) -> bytes | str:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            return file.read()
    return source.read()


def _decode(content: bytes | str) -> str:
    """GIAS downloads are Windows-1252; files saved again by Excel or other tools are often
    UTF-8, with or without a byte order mark. Valid UTF-8 is almost never valid-looking
    Windows-1252 by accident, so UTF-8 is tried first."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise GiasImportError(
            [Problem(line, "", "the file is not text in UTF-8 or Windows-1252 encoding")]
        ) from None


def _is_decimal(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)  # the same few type, phase and status names on every row
def _normalise(value: str) -> str:
    return " ".join(value.replace("\u2019", "'").split()).casefold()


class _Columns:
    """Where each known GIAS column is in this file (matched ignoring case and spacing)."""

    def __init__(self, header: list[str]):
        self.count = len(header)
        positions = {_normalise(name): index for index, name in reversed(list(enumerate(header)))}
        self.index = {
            name: positions[_normalise(name)]
            for name in KNOWN_COLUMNS
            if _normalise(name) in positions
        }
        optional = (field for column, field in OPTIONAL_FIELDS.items() if self.has(column))
        self.provided = frozenset({*ALWAYS_PROVIDED, *optional})

    def has(self, name: str) -> bool:
        return name in self.index

    def position(self, problem: Problem) -> int:
        """Where a problem's column is, to list a row's problems left to right."""
        return self.index.get(problem.column, self.count)

    def missing_required(self) -> list[str]:
        missing = [name for name in REQUIRED_COLUMNS if not self.has(name)]
        if not self.has(LAESTAB) and not (self.has(LA_CODE) and self.has(ESTABLISHMENT_NUMBER)):
            missing.append(f"{LAESTAB} (or {LA_CODE} and {ESTABLISHMENT_NUMBER})")
        return missing


@dataclass
class _Parsed:
    urn: int | None
    result: EstablishmentRow | SkippedRow | None
    problems: list[Problem]


class _RowParser:
    """Checks and converts one row, collecting every problem rather than stopping at the first."""

    def __init__(self, columns: _Columns, cells: list[str], line: int):
        self.columns = columns
        self.cells = cells
        self.line = line
        self.problems: list[Problem] = []

    def value(self, column: str) -> str:
        index = self.columns.index.get(column)
        return self.cells[index].strip() if index is not None else ""

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def parse(self) -> _Parsed:
        urn = self.whole_number(URN, required=True, lowest=1)
        status_text = self.value(STATUS)
        status = STATUSES.get(_normalise(status_text))
        proposed = _normalise(status_text) == PROPOSED_TO_OPEN
        if status is None and not proposed:
            self.problem(STATUS, self.not_one_of(status_text, "an establishment status"))
        establishment_type = self.value(TYPE)
        if urn is not None and (proposed or _normalise(establishment_type) in NOT_SCHOOL_TYPES):
            reason = "proposed to open" if proposed else f"not a school ({establishment_type})"
            return _Parsed(urn, SkippedRow(self.line, urn, reason), self.problems)

        name = self.text(NAME, "name", required=True)
        establishment_type = self.text(TYPE, "establishment_type", required=True)
        phase = self.text(PHASE, "phase", required=True)
        if phase and _normalise(phase) not in {*PHASE_SECTORS, PHASE_NOT_APPLICABLE}:
            self.problem(PHASE, self.not_one_of(phase, "a GIAS phase of education"))
            phase = ""
        low_age, high_age = self.ages()
        sector = derive_sector(establishment_type, phase, low_age, high_age)
        if sector is None and establishment_type and phase:
            self.problem(
                PHASE,
                f"cannot tell the sector of a {establishment_type!r} with phase {phase!r} "
                "without its statutory ages",
            )
        row_values = {
            "laestab": self.laestab(),
            "gender": self.text(GENDER, "gender"),
            "religious_character": self.text(RELIGIOUS_CHARACTER, "religious_character"),
            "has_sixth_form": _normalise(self.value(SIXTH_FORM)) == "has a sixth form",
            "selective": self.selective(),
            "town": self.text(TOWN, "town"),
            "postcode": self.text(POSTCODE, "postcode").upper(),
            "district_code": self.value(DISTRICT_CODE),
            "number_on_roll": self.whole_number(PUPILS),
            "capacity": self.whole_number(CAPACITY),
            "opened_on": self.date(OPEN_DATE),
            "closed_on": self.date(CLOSE_DATE),
            **self.trust(),
        }
        if self.problems or urn is None or sector is None or status is None:
            return _Parsed(urn, None, self.problems)
        row = EstablishmentRow(
            line=self.line,
            urn=urn,
            name=name,
            establishment_type=establishment_type,
            phase=phase,
            sector=sector,
            status=status,
            provided=self.columns.provided,
            statutory_low_age=low_age,
            statutory_high_age=high_age,
            **row_values,
        )
        return _Parsed(urn, row, self.problems)

    def not_one_of(self, value: str, what: str) -> str:
        return f"{value!r} is not {what}" if value else "is empty"

    def text(self, column: str, field: str, *, required: bool = False) -> str:
        value = self.value(column)
        if required and not value:
            self.problem(column, "is empty")
        limit = Establishment._meta.get_field(field).max_length
        if len(value) > limit:
            self.problem(column, f"is longer than {limit} characters")
        return value

    def whole_number(
        self, column: str, *, required: bool = False, lowest: int = 0, highest: int = 2**31 - 1
    ) -> int | None:
        value = self.value(column)
        if not value:
            if required:
                self.problem(column, "is empty")
            return None
        if not value.isascii() or not value.isdigit():
            kind = "a whole number" if _is_decimal(value) else "a number"
            self.problem(column, f"{value!r} is not {kind}")
            return None
        number = int(value)
        if not lowest <= number <= highest:
            self.problem(column, f"{number} is not between {lowest} and {highest}")
            return None
        return number

    def ages(self) -> tuple[int | None, int | None]:
        low = self.whole_number(LOW_AGE, highest=OLDEST_AGE)
        high = self.whole_number(HIGH_AGE, highest=OLDEST_AGE)
        if low is not None and high is not None and high < low:
            self.problem(HIGH_AGE, f"{high} is below the {LOW_AGE} {low}")
            return None, None
        return low, high

    def date(self, column: str) -> date | None:
        value = self.value(column)
        if not value:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        self.problem(column, f"{value!r} is not a date (GIAS writes dates as dd-mm-yyyy)")
        return None

    def laestab(self) -> str:
        given = self.value(LAESTAB)
        la_code, number = self.value(LA_CODE), self.value(ESTABLISHMENT_NUMBER)
        built = ""
        if number:
            if not (la_code.isascii() and la_code.isdigit() and len(la_code) == 3):
                self.problem(LA_CODE, self.not_one_of(la_code, "a 3-digit local authority code"))
            elif not (number.isascii() and number.isdigit() and len(number) <= 4):
                self.problem(ESTABLISHMENT_NUMBER, f"{number!r} is not a 4-digit number")
            else:
                built = f"{la_code}{int(number):04d}"
        if not given:
            return built
        if not LAESTAB_PATTERN.fullmatch(given):
            self.problem(LAESTAB, f"{given!r} is not a 7-digit LAESTAB")
        elif built and built != given:
            self.problem(
                LAESTAB,
                f"{given} does not match {LA_CODE} {la_code} and {ESTABLISHMENT_NUMBER} {number}",
            )
        return given

    def selective(self) -> bool:
        by_policy = _normalise(self.value(ADMISSIONS_POLICY)) == "selective"
        flag = _normalise(self.value(SELECTIVE))
        if flag not in {"", "true", "false", "yes", "no", "1", "0"}:
            self.problem(SELECTIVE, f"{self.value(SELECTIVE)!r} is not True or False")
        return by_policy or flag in {"true", "yes", "1"}

    def trust(self) -> dict:
        uid = self.value(TRUST_CODE)
        flag = _normalise(self.value(TRUST_FLAG))
        if not uid or (self.columns.has(TRUST_FLAG) and "academy trust" not in flag):
            return {}
        uid_limit = Trust._meta.get_field("uid").max_length
        if len(uid) > uid_limit:
            self.problem(TRUST_CODE, f"{uid!r} is longer than {uid_limit} characters")
        name = self.value(TRUST_NAME)
        name_limit = Trust._meta.get_field("name").max_length
        if not name:
            self.problem(TRUST_NAME, f"is empty for trust {uid}")
        elif len(name) > name_limit:
            self.problem(TRUST_NAME, f"is longer than {name_limit} characters")
        kind = Trust.Kind.SINGLE_ACADEMY if "single-academy" in flag else Trust.Kind.MULTI_ACADEMY
        return {"trust_uid": uid, "trust_name": name, "trust_kind": kind}


def _trust_problems(rows: Iterable[EstablishmentRow]) -> list[Problem]:
    """One trust, one name and kind: rows that disagree would make the result depend on their
    order in the file."""
    first: dict[str, EstablishmentRow] = {}
    problems = []
    for row in rows:
        if not row.trust_uid:
            continue
        seen = first.setdefault(row.trust_uid, row)
        if seen.trust_name != row.trust_name:
            message = (
                f"trust {row.trust_uid} is {row.trust_name!r} here "
                f"but {seen.trust_name!r} on line {seen.line}"
            )
            problems.append(Problem(row.line, TRUST_NAME, message))
        elif seen.trust_kind != row.trust_kind:
            message = (
                f"trust {row.trust_uid} is a {row.trust_kind.label.lower()} here "
                f"but a {seen.trust_kind.label.lower()} on line {seen.line}"
            )
            problems.append(Problem(row.line, TRUST_FLAG, message))
    return problems
