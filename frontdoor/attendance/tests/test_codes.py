"""The code sets against the DfE's roll-ups (../shared/domain/attendance.md §4 and §5)."""

from datetime import date

import pytest

from frontdoor.attendance import codes

BEFORE, AFTER = date(2024, 8, 16), date(2024, 8, 19)


def test_categories_match_the_dfe_roll_ups():
    assert set(codes.PRESENT_CODES) == {"/", "\\", "L"}
    assert set(codes.AEA_CODES) == {"B", "P", "V", "W", "K", "J"}  # not D
    assert set(codes.AUTHORISED_CODES) == {
        *"IMRSTEC",
        "C1",
        "J1",
        "C2",
        "H",
        "F",
    }
    assert set(codes.UNAUTHORISED_CODES) == {"G", "U", "O", "N"}
    assert set(codes.LATE_CODES) == {"L", "U"}
    assert set(codes.PENALTY_CODES) == {"G", "N", "O", "U"}
    assert {"D", "X", "Q", "Y", "Z", "#", *(f"Y{n}" for n in range(1, 8))} == set(
        codes.NOT_COUNTED_CODES
    )


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("J", True, False),  # interview: AEA until August 2024
        ("J1", False, True),  # interview: authorised from 19 August 2024
        ("H", True, False),
        ("F", True, False),
        ("Y", True, False),
        ("Y4", False, True),
        ("C2", False, True),
        ("K", False, True),
        ("Q", False, True),
        ("I", True, True),
        ("/", True, True),
    ],
)
def test_each_code_is_valid_only_while_its_set_was_in_force(code, before, after):
    assert (codes.validate(code, BEFORE) is None) is before
    assert (codes.validate(code, AFTER) is None) is after


def test_refusals_say_why():
    assert codes.validate("J", AFTER) == (
        "code 'J' is not valid on 2024-08-19 (in force until 18 August 2024)"
    )
    assert codes.validate("C2", BEFORE) == (
        "code 'C2' is not valid on 2024-08-16 (in force from 19 August 2024)"
    )
    assert codes.validate("ZZ", AFTER) == "unknown code 'ZZ'"


def test_no_mark_is_a_flag_not_a_category():
    assert codes.validate(codes.NO_MARK, AFTER) is None
    assert codes.NO_MARK not in codes.CODES


def test_count_columns_are_unique_identifiers():
    columns = list(codes.CODE_COLUMNS.values())
    assert len(set(columns)) == len(columns)
    assert all(column.replace("_", "").isalnum() for column in columns)
    assert codes.CODES["/"].column == "code_present_am"


def test_validity_rows_cover_the_change_over():
    rows = {code: (start, end) for code, start, end in codes.code_validity_rows()}
    assert rows["J1"] == (codes.CHANGE_OVER, None)
    assert rows["J"] == (None, date(2024, 8, 18))
    assert rows["I"] == (None, None)
