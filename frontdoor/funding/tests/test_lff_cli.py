"""`frontdoor funding lff`: the command-line contract of issue 6, and bad input refused whole."""

import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from frontdoor.funding import lff, nff_values
from frontdoor.funding.schools_block import DATA_LFF
from frontdoor.funding.schools_data import COLUMNS, read_schools, schools_csv
from frontdoor.funding.tabular_input import TabularInputError
from frontdoor.funding.tests.schools import PRIMARY, SECONDARY, county, school

NFF = nff_values.load("2023-24")


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("funding", "lff", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def schools_file(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(schools_csv([school(**PRIMARY), school(**SECONDARY, maintained=True)]))
    return path


def test_with_no_policy_the_lff_is_the_nff_as_worked_by_hand(schools_file, tmp_path):
    out = tmp_path / "out.csv"
    status, printed, _ = run("--schools", schools_file, "--year", "2023-24", "--out", out)
    assert status == 0
    table = rows(out)
    assert list(table[0])[:8] == [
        "urn", "name", "district", "phase", "maintained", "pupils",
        "nff_allocation", "lff_allocation",
    ]  # fmt: skip
    assert [(r["urn"], r["nff_allocation"], r["lff_allocation"]) for r in table] == [
        ("100001", "950050.00", "950050.00"),
        ("100002", "5941476.50", "5941476.50"),
    ]
    assert "Wrote 2 schools" in printed and "Transfer to high needs (0%): £0.00" in printed


def test_a_policy_funds_the_transfer_and_reports_the_tightening_test(tmp_path):
    schools = tmp_path / "county.csv"
    schools.write_text(schools_csv(county()))
    out = tmp_path / "out.csv"
    policy = DATA_LFF / "kent_2023-24_shared.toml"
    status, printed, _ = run(
        "--schools", schools, "--year", "2023-24", "--policy", policy, "--out", out
    )
    assert status == 0
    table = rows(out)
    nff = sum(Decimal(r["nff_allocation"]) for r in table)
    local = sum(Decimal(r["lff_allocation"]) for r in table)
    assert abs(local - nff * Decimal("0.99")) < 1  # 60 schools' pennies, rounded
    assert "Transfer to high needs (1%)" in printed
    assert "Secretary of State" in printed


def test_an_excel_workbook_reads_as_the_csv_does(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for line in schools_csv([school(**PRIMARY)]).splitlines()[1:]:
        sheet.append([int(c) if c.isdigit() else c for c in next(csv.reader([line]))])
    path = tmp_path / "schools.xlsx"
    book.save(path)
    [read] = read_schools(path)
    assert read == school(**PRIMARY, year_groups=7)
    assert lff.school_budget(read, lff.nff_formula(NFF)).budget_share == 950050


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda text: text.replace("fsm6_primary,", "", 1), "line 1: fsm6_primary: missing column"),
        (
            lambda text: text.replace(",210,", ",-210,", 1),
            "line 2: primary_pupils: -210 is negative",
        ),
        (lambda text: text.replace(",210,", ",20,", 1), "line 2: fsm_primary: 30 is more than"),
        (lambda text: text.replace(",primary,", ",nursery,", 1), "line 2: phase: 'nursery' is not"),
        (lambda text: text.replace("100002", "100001"), "line 3: urn: 100001 is already on line 2"),
    ],
)
def test_bad_schools_are_refused_with_file_line_and_field(schools_file, tmp_path, edit, expected):
    schools_file.write_text(edit(schools_file.read_text()))
    out = tmp_path / "out.csv"
    status, _, err = run("--schools", schools_file, "--year", "2023-24", "--out", out)
    assert status == 1
    assert f"{schools_file}: {expected}" in err
    assert "Nothing was written." in err and not out.exists()


def test_an_unknown_factor_in_the_policy_is_refused(schools_file, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text("[factors.awpu]\npercent_of_nff = 99\n")
    out = tmp_path / "out.csv"
    status, _, err = run(
        "--schools", schools_file, "--year", "2023-24", "--policy", policy, "--out", out
    )
    assert status == 1 and f"{policy}: factors.awpu: unknown factor" in err
    assert not out.exists()


def test_an_unknown_year_is_refused(schools_file, tmp_path):
    status, _, err = run("--schools", schools_file, "--year", "2031-32", "--out", tmp_path / "o")
    assert status == 1 and "--year: no NFF values for 2031-32 (there are 2023-24, 2024-25)" in err


def test_a_missing_file_is_refused_not_a_traceback(tmp_path):
    status, _, err = run(
        "--schools", tmp_path / "nope.csv", "--year", "2023-24", "--out", tmp_path / "o"
    )
    assert status == 1 and "nope.csv: cannot be read" in err


def test_reading_refuses_a_header_without_schools(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    with pytest.raises(
        TabularInputError, match="line 2: urn: the file has a header but no schools"
    ):
        read_schools(path)
