"""Reading GIAS files: every problem found, with the line a person would count, and nothing else
decided here (the write is in test_services.py)."""

import csv
import io
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from frontdoor.schools.gias import (
    GiasImportError,
    Problem,
    derive_sector,
    parse_gias_csv,
    sector_from_ages,
)
from frontdoor.schools.models import Establishment, Sector, Trust

KENT_GIAS = "data/kent_schools/kent_schools_gias.csv"
AP = Sector.ALTERNATIVE_PROVISION

# The columns of the reduced state-funded extract (the Kent sample), in its order.
REDUCED_COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "LAESTAB",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "OfficialSixthForm (name)",
    "Gender (name)",
    "ReligiousCharacter (name)",
    "AdmissionsPolicy (name)",
    "Town",
    "Postcode",
    "EstablishmentStatus (name)",
]
# The extra columns of a full edubasealldata extract that the import reads.
FULL_COLUMNS = [
    *REDUCED_COLUMNS,
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "NumberOfPupils",
    "SchoolCapacity",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "OpenDate",
    "CloseDate",
]


def school(urn: int, **values) -> dict:
    """A valid row of a Kent primary school; keyword arguments use the GIAS column names with
    spaces and brackets dropped (TypeOfEstablishment for "TypeOfEstablishment (name)")."""
    row = {
        "URN": str(urn),
        "LA (code)": "886",
        "LA (name)": "Kent",
        "EstablishmentNumber": str(urn % 10000),
        "LAESTAB": f"886{urn % 10000:04d}",
        "EstablishmentName": f"School {urn}",
        "TypeOfEstablishment (name)": "Community school",
        "PhaseOfEducation (name)": "Primary",
        "StatutoryLowAge": "4",
        "StatutoryHighAge": "11",
        "OfficialSixthForm (name)": "Does not have a sixth form",
        "Gender (name)": "Mixed",
        "ReligiousCharacter (name)": "Does not apply",
        "AdmissionsPolicy (name)": "Not applicable",
        "Town": "Ashford",
        "Postcode": "TN23 1AA",
        "EstablishmentStatus (name)": "Open",
        "DistrictAdministrative (code)": "",
        "DistrictAdministrative (name)": "",
        "NumberOfPupils": "",
        "SchoolCapacity": "",
        "TrustSchoolFlag (name)": "Not applicable",
        "Trusts (code)": "",
        "Trusts (name)": "",
        "OpenDate": "",
        "CloseDate": "",
    }
    by_short_name = {}
    for column in row:  # "Trusts" is "Trusts (code)", not "Trusts (name)"
        by_short_name.setdefault(column.split(" (")[0], column)
    for short_name, value in values.items():
        row[by_short_name[short_name]] = value
    return row


def gias_csv(rows: list[dict], columns: list[str] = REDUCED_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_gias(path, rows, columns=REDUCED_COLUMNS, encoding="utf-8"):
    path.write_bytes(gias_csv(rows, columns).encode(encoding))
    return path


def problems_of(source) -> list[str]:
    with pytest.raises(GiasImportError) as raised:
        parse_gias_csv(source)
    return [str(problem) for problem in raised.value.problems]


def kent_gias_path():
    """The real Kent sample, read where it lies (never copied into the repository)."""
    path = settings.FRONTDOOR_SHARED_DATA / KENT_GIAS
    if not path.is_file():
        pytest.skip(f"the Kent GIAS sample is not at {path}")
    return path


def test_the_kent_sample_reads_as_the_readme_describes():
    rows = parse_gias_csv(kent_gias_path())
    assert len(rows) == 259
    assert rows.skipped == []
    assert Counter(row.sector for row in rows) == {
        Sector.PRIMARY: 224,
        Sector.SECONDARY: 16,
        Sector.ALL_THROUGH: 1,
        Sector.SPECIAL: 17,
        Sector.NURSERY: 1,
    }
    assert Counter(row.establishment_type for row in rows) == {
        "Community school": 88,
        "Voluntary controlled school": 77,
        "Foundation school": 39,
        "Voluntary aided school": 37,
        "Foundation special school": 15,
        "Community special school": 2,
        "Local authority nursery school": 1,
    }
    selective = {row.urn for row in rows if row.selective}
    assert len(selective) == 9
    assert {118790, 118840, 118843} <= selective
    langton = next(row for row in rows if row.urn == 118840)
    assert (langton.name, langton.laestab, langton.postcode) == (
        "Simon Langton Girls' Grammar School",
        "8864534",
        "CT1 3EW",
    )
    assert (langton.establishment_type, langton.gender) == ("Voluntary controlled school", "Girls")
    assert (langton.statutory_low_age, langton.statutory_high_age) == (11, 18)
    assert langton.has_sixth_form and langton.selective
    assert langton.status == Establishment.Status.OPEN
    # The reduced extract has no district, trust, roll or date columns: the import leaves them.
    assert not {"district", "trust", "number_on_roll", "opened_on"} & langton.provided


def test_laestab_is_built_from_the_la_code_and_establishment_number(tmp_path):
    columns = [column for column in REDUCED_COLUMNS if column != "LAESTAB"]
    path = write_gias(
        tmp_path / "g.csv", [school(118229, EstablishmentNumber="21")], columns=columns
    )
    assert parse_gias_csv(path)[0].laestab == "8860021"


def test_a_laestab_that_disagrees_with_its_parts_is_a_problem(tmp_path):
    path = write_gias(tmp_path / "g.csv", [school(118229, LAESTAB="8861002")])
    assert problems_of(path) == [
        "line 2, LAESTAB: 8861002 does not match LA (code) 886 and EstablishmentNumber 8229"
    ]


def test_missing_columns_are_one_problem_naming_them_all(tmp_path):
    columns = [
        c for c in REDUCED_COLUMNS if c not in {"URN", "LAESTAB", "EstablishmentNumber", "Town"}
    ]
    path = write_gias(tmp_path / "g.csv", [school(118229)], columns=columns)
    assert problems_of(path) == [
        "line 1: missing required columns: URN, LAESTAB (or LA (code) and EstablishmentNumber). "
        "Is this a GIAS establishments file?"
    ]


def test_a_bad_urn_names_its_line_and_column(tmp_path):
    rows = [school(118229), school(118230), school(118231)]
    rows[1]["URN"] = "ABC"
    assert problems_of(write_gias(tmp_path / "g.csv", rows)) == [
        "line 3, URN: 'ABC' is not a number"
    ]


def test_a_repeated_urn_points_at_its_first_line(tmp_path):
    rows = [school(118229), school(118230), school(118229, EstablishmentName="Copy")]
    assert problems_of(write_gias(tmp_path / "g.csv", rows)) == [
        "line 4, URN: 118229 appears again (first on line 2)"
    ]


@pytest.mark.parametrize(
    ("low", "high", "problem"),
    [
        ("four", "11", "line 2, StatutoryLowAge: 'four' is not a number"),
        ("4", "11.5", "line 2, StatutoryHighAge: '11.5' is not a whole number"),
        ("4", "120", "line 2, StatutoryHighAge: 120 is not between 0 and 99"),
        ("11", "4", "line 2, StatutoryHighAge: 4 is below the StatutoryLowAge 11"),
    ],
)
def test_bad_ages(tmp_path, low, high, problem):
    rows = [school(118229, StatutoryLowAge=low, StatutoryHighAge=high)]
    assert problems_of(write_gias(tmp_path / "g.csv", rows, FULL_COLUMNS)) == [problem]


def test_bad_dates_and_numbers_of_a_full_extract(tmp_path):
    rows = [school(118229, OpenDate="31-02-2020", CloseDate="soon", NumberOfPupils="many")]
    assert problems_of(write_gias(tmp_path / "g.csv", rows, FULL_COLUMNS)) == [
        "line 2, NumberOfPupils: 'many' is not a number",
        "line 2, OpenDate: '31-02-2020' is not a date (GIAS writes dates as dd-mm-yyyy)",
        "line 2, CloseDate: 'soon' is not a date (GIAS writes dates as dd-mm-yyyy)",
    ]


def test_every_problem_in_the_file_is_listed_in_line_order(tmp_path):
    rows = [school(118229 + n) for n in range(10)]
    rows[2]["EstablishmentName"] = " "
    rows[5]["PhaseOfEducation (name)"] = "Primery"
    rows[5]["EstablishmentStatus (name)"] = "Shut"
    rows[8]["URN"] = ""
    with pytest.raises(GiasImportError) as raised:
        parse_gias_csv(write_gias(tmp_path / "g.csv", rows))
    assert raised.value.problems == [
        Problem(4, "EstablishmentName", "is empty"),
        Problem(7, "PhaseOfEducation (name)", "'Primery' is not a GIAS phase of education"),
        Problem(7, "EstablishmentStatus (name)", "'Shut' is not an establishment status"),
        Problem(10, "URN", "is empty"),
    ]
    assert str(raised.value).splitlines() == [
        "Nothing was imported: the file has 4 problems.",
        "line 4, EstablishmentName: is empty",
        "line 7, PhaseOfEducation (name): 'Primery' is not a GIAS phase of education",
        "line 7, EstablishmentStatus (name): 'Shut' is not an establishment status",
        "line 10, URN: is empty",
    ]


def test_line_numbers_count_lines_in_the_file_not_records(tmp_path):
    """A quoted value may hold a line break; blank lines still count."""
    text = gias_csv([school(118229, EstablishmentName="Two\nLines"), school(118230)])
    text += "\r\n" + gias_csv([school(118231, URN="X")]).split("\r\n", 1)[1]
    (tmp_path / "g.csv").write_text(text, newline="")
    assert problems_of(tmp_path / "g.csv") == ["line 6, URN: 'X' is not a number"]


def test_a_row_with_the_wrong_number_of_values(tmp_path):
    text = gias_csv([school(118229)]) + "118230,886,Kent\r\n"
    assert problems_of(text.encode()) == ["line 3: has 3 values but the header has 17 columns"]
    trailing_commas = gias_csv([school(118229)]).replace("\r\n", ",,\r\n")
    assert [row.urn for row in parse_gias_csv(trailing_commas.encode())] == [118229]


def test_an_empty_file_and_a_header_alone(tmp_path):
    assert problems_of(b"") == ["line 1: the file is empty"]
    assert problems_of(gias_csv([]).encode()) == ["the file has no establishments in it"]


def test_windows_1252_as_gias_writes_it(tmp_path):
    rows = [
        school(118229, EstablishmentName="St Mary’s CofE Primary School"),
        school(118230, EstablishmentName="Élan Academy", Town="Hythe"),
    ]
    path = write_gias(tmp_path / "g.csv", rows, encoding="cp1252")
    assert [row.name for row in parse_gias_csv(path)] == [
        "St Mary’s CofE Primary School",
        "Élan Academy",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_a_byte_order_mark(tmp_path, encoding):
    rows = [school(118229, EstablishmentName="Élan")]
    path = write_gias(tmp_path / "g.csv", rows, encoding=encoding)
    assert parse_gias_csv(path)[0].name == "Élan"


def test_bytes_in_no_known_encoding(tmp_path):
    content = gias_csv([school(118229), school(118230)]).encode() + b"\x81\x8d\xff\r\n"
    assert problems_of(content) == [
        "line 4: the file is not text in UTF-8 or Windows-1252 encoding"
    ]


def test_an_uploaded_file_reads_the_same_as_a_path(tmp_path):
    rows = [school(118229, EstablishmentName="St Mary’s"), school(118230)]
    upload = SimpleUploadedFile("edubasealldata.csv", gias_csv(rows).encode("cp1252"))
    from_upload = parse_gias_csv(upload)
    assert from_upload == parse_gias_csv(write_gias(tmp_path / "g.csv", rows, encoding="cp1252"))
    rows[1]["URN"] = "ABC"
    upload = SimpleUploadedFile("edubasealldata.csv", gias_csv(rows).encode())
    assert problems_of(upload) == ["line 3, URN: 'ABC' is not a number"]


def test_statuses_and_what_is_left_out(tmp_path):
    rows = [
        school(118229, EstablishmentStatus="Open"),
        school(118230, EstablishmentStatus="Open, but proposed to close"),
        school(118231, EstablishmentStatus="Closed"),
        school(118232, EstablishmentStatus="Proposed to open", EstablishmentNumber=""),
        school(118233, TypeOfEstablishment="Children's centre", PhaseOfEducation="Not applicable"),
    ]
    parsed = parse_gias_csv(write_gias(tmp_path / "g.csv", rows))
    assert [(row.urn, row.status) for row in parsed] == [
        (118229, Establishment.Status.OPEN),
        (118230, Establishment.Status.PROPOSED_TO_CLOSE),
        (118231, Establishment.Status.CLOSED),
    ]
    assert [(row.line, row.urn, row.reason) for row in parsed.skipped] == [
        (5, 118232, "proposed to open"),
        (6, 118233, "not a school (Children's centre)"),
    ]


@pytest.mark.parametrize(
    ("establishment_type", "phase", "ages", "sector"),
    [
        ("Community special school", "Not applicable", (2, 19), Sector.SPECIAL),
        ("Foundation special school", "Not applicable", (11, 19), Sector.SPECIAL),
        ("Academy special converter", "Not applicable", (4, 19), Sector.SPECIAL),
        ("Academy special sponsor led", "Secondary", (11, 16), Sector.SPECIAL),
        ("Free schools special", "Not applicable", (5, 16), Sector.SPECIAL),
        ("Non-maintained special school", "Not applicable", (5, 19), Sector.SPECIAL),
        ("Academy alternative provision converter", "Secondary", (11, 16), AP),
        ("Academy alternative provision sponsor led", "Not applicable", (5, 16), AP),
        ("Free schools alternative provision", "Not applicable", (14, 16), AP),
        ("Pupil referral unit", "Not applicable", (11, 16), AP),
        ("Local authority nursery school", "Nursery", (2, 5), Sector.NURSERY),
        ("Community school", "Primary", (4, 11), Sector.PRIMARY),
        ("Academy converter", "Middle deemed primary", (8, 12), Sector.PRIMARY),
        ("Academy converter", "Middle deemed secondary", (9, 13), Sector.SECONDARY),
        ("Voluntary aided school", "Secondary", (11, 18), Sector.SECONDARY),
        ("Academy sponsor led", "All-through", (4, 19), Sector.ALL_THROUGH),
        ("Academy 16-19 converter", "16 plus", (16, 19), Sector.SIXTEEN_PLUS),
        # Phase "Not applicable" for other types: the type, else the ages, decide.
        ("Further education", "Not applicable", (None, None), Sector.SIXTEEN_PLUS),
        ("Sixth form centres", "Not applicable", (16, 19), Sector.SIXTEEN_PLUS),
        ("Local authority nursery school", "Not applicable", (None, None), Sector.NURSERY),
        ("Other independent school", "Not applicable", (3, 18), Sector.ALL_THROUGH),
        ("Other independent school", "Not applicable", (3, 13), Sector.PRIMARY),
        ("Other independent school", "Not applicable", (11, 18), Sector.SECONDARY),
        ("Secure units", "Not applicable", (10, 17), Sector.SECONDARY),
        ("Other independent school", "Not applicable", (None, None), None),
    ],
)
def test_the_sector_of_each_kind_of_establishment(establishment_type, phase, ages, sector):
    assert derive_sector(establishment_type, phase, *ages) == sector


@pytest.mark.parametrize(
    ("low", "high", "sector"),
    [
        (2, 5, Sector.NURSERY),
        (2, 11, Sector.PRIMARY),
        (8, 12, Sector.PRIMARY),
        (9, 13, Sector.SECONDARY),  # a tie: DfE deems 9 to 13 middle schools secondary
        (4, 16, Sector.ALL_THROUGH),
        (10, 18, Sector.SECONDARY),
        (16, 19, Sector.SIXTEEN_PLUS),
        (None, 11, None),
    ],
)
def test_the_sector_from_ages_alone(low, high, sector):
    assert sector_from_ages(low, high) == sector


def test_an_establishment_without_phase_or_ages_is_refused(tmp_path):
    row = school(
        118229,
        TypeOfEstablishment="Other independent school",
        PhaseOfEducation="Not applicable",
        StatutoryLowAge="",
        StatutoryHighAge="",
    )
    assert problems_of(write_gias(tmp_path / "g.csv", [row])) == [
        "line 2, PhaseOfEducation (name): cannot tell the sector of a 'Other independent school' "
        "with phase 'Not applicable' without its statutory ages"
    ]


def test_the_full_extract_columns(tmp_path):
    rows = [
        school(
            140001,
            TypeOfEstablishment="Academy converter",
            DistrictAdministrative="E07000105",
            NumberOfPupils="412",
            SchoolCapacity="420",
            TrustSchoolFlag="Supported by a multi-academy trust",
            Trusts="16777",
            OpenDate="01-09-2013",
        ),
        school(
            140002,
            TrustSchoolFlag="Supported by a single-academy trust",
            Trusts="4001",
            CloseDate="31/08/2024",
            EstablishmentStatus="Closed",
        ),
        # A foundation school's charitable trust is not an academy trust.
        school(
            118300,
            TypeOfEstablishment="Foundation school",
            TrustSchoolFlag="Supported by a trust",
            Trusts="5001",
        ),
    ]
    rows[0]["Trusts (name)"] = "Weald Learning Trust"
    rows[1]["Trusts (name)"] = "Hythe Academy Trust"
    rows[2]["Trusts (name)"] = "Foundation Trust"
    academy, single, foundation = parse_gias_csv(write_gias(tmp_path / "g.csv", rows, FULL_COLUMNS))
    assert {"district", "trust", "number_on_roll", "capacity", "opened_on"} <= academy.provided
    assert (academy.district_code, academy.number_on_roll, academy.capacity) == (
        "E07000105",
        412,
        420,
    )
    assert (academy.trust_uid, academy.trust_name, academy.trust_kind) == (
        "16777",
        "Weald Learning Trust",
        Trust.Kind.MULTI_ACADEMY,
    )
    assert academy.opened_on == date(2013, 9, 1)
    assert (single.trust_kind, single.closed_on) == (Trust.Kind.SINGLE_ACADEMY, date(2024, 8, 31))
    assert foundation.trust_uid == ""


def test_one_trust_with_two_names_is_a_problem(tmp_path):
    rows = [school(140001, Trusts="16777"), school(140002, Trusts="16777")]
    rows[0]["Trusts (name)"] = "Weald Learning Trust"
    rows[1]["Trusts (name)"] = "Wealden Learning Trust"
    columns = [c for c in FULL_COLUMNS if c != "TrustSchoolFlag (name)"]
    assert problems_of(write_gias(tmp_path / "g.csv", rows, columns)) == [
        "line 3, Trusts (name): trust 16777 is 'Wealden Learning Trust' here "
        "but 'Weald Learning Trust' on line 2"
    ]
