"""`frontdoor funding high-needs`: the contract scripts depend on, and every kind of bad input."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

# The hand-worked scenario of test_high_needs.py, as a file.
HAND_WORKED = """
first_year = "2022-23"
years = 2
opening_balance = -100
grant = { start = 1000, growth_percent = 10 }
safety_valve = { values = [0, 50] }
la_contributions = { values = [10, 0] }

[transfers]
schools_block = { start = 10000 }
percent = { values = [0.5, 2] }

[demand.mainstream]
pupils = 10
growth_percent = 10
unit_cost = 20
cost_inflation_percent = 5

[demand.special]
pupils = 5
growth_percent = 0
unit_cost = 100
cost_inflation_percent = 0

[demand.independent]
pupils = 4
growth_percent = 50
unit_cost = 100
cost_inflation_percent = 0

[demand.ap]
pupils = 0
growth_percent = 0
unit_cost = 0
cost_inflation_percent = 0

[demand.post16]
pupils = 0
growth_percent = 0
unit_cost = 0
cost_inflation_percent = 0

[[reforms]]
from = "independent"
to = "special"
percent = 50
first_year = "2023-24"
"""


def run(tmp_path, text):
    source = tmp_path / "scenario.toml"
    source.write_text(text)
    out = tmp_path / "out.csv"
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(
            "funding", "high-needs", "--scenario", str(source), "--out", str(out),
            stdout=stdout, stderr=stderr,
        )  # fmt: skip
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    rows = list(csv.DictReader(out.open())) if out.exists() else None
    return status, rows, stdout.getvalue(), stderr.getvalue(), str(source)


def test_hand_worked_end_to_end(tmp_path):
    status, rows, stdout, _, _ = run(tmp_path, HAND_WORKED)
    assert status == 0
    assert list(rows[0])[:3] == ["year", "in_year_balance", "accumulated_balance"]
    assert [(r["year"], r["in_year_balance"], r["accumulated_balance"]) for r in rows] == [
        ("2022-23", "-40.00", "-140.00"),
        ("2023-24", "19.00", "-121.00"),
    ]
    assert rows[1]["spend"] == "1331.00" and rows[1]["transfers_in"] == "200.00"
    assert rows[1]["pupils_independent"] == "5.0" and rows[1]["spend_special"] == "600.00"
    assert stdout.strip() == (
        f"Wrote 2 years to {tmp_path / 'out.csv'}: accumulated deficit £121.00 at the end of "
        "2023-24; in-year balance reached in 2023-24 (grant and transfers alone never cover spend)."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "scenario.toml"]


def test_the_example_scenarios_run(tmp_path):
    from frontdoor.funding.tests.test_high_needs import DATA

    for name in ("current_trajectory", "safety_valve"):
        status, rows, stdout, _, _ = run(tmp_path, (DATA / f"high_needs_{name}.toml").read_text())
        assert status == 0 and [r["year"] for r in rows][-1] == "2027-28", stdout


def with_line(old: str, new: str) -> str:
    assert old in HAND_WORKED
    return HAND_WORKED.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (with_line("pupils = 5\n", "pupils = 5\nbeds = 3\n"), "demand.special.beds: unknown key"),
        (with_line("[demand.ap]", "[demand.hospital]\npupils = 1\n\n[demand.ap]"),
         "demand.hospital: unknown key"),
        (with_line("years = 2\n", ""), "years: missing"),
        (with_line("unit_cost = 100\ncost_inflation_percent = 0\n\n[demand.independent]",
                   "cost_inflation_percent = 0\n\n[demand.independent]"),
         "demand.special.unit_cost: missing"),
        (with_line("pupils = 5\n", "pupils = -5\n"), "demand.special.pupils: -5 is negative"),
        (with_line("pupils = 5\n", 'pupils = "five"\n'),
         "demand.special.pupils: 'five' is not a number"),
        (with_line("pupils = 5\n", "pupils = true\n"),
         "demand.special.pupils: True is not a number"),
        (with_line('first_year = "2022-23"', 'first_year = "2022-2023"'),
         "first_year: '2022-2023' is not a financial year like 2023-24"),
        (with_line('first_year = "2022-23"', "first_year = 2022"),
         "first_year: '2022' is not a financial year"),
        (with_line('first_year = "2023-24"', 'first_year = "2023-25"'),
         "reforms[1].first_year: '2023-25' is not a financial year"),
        (with_line("values = [0, 50]", "values = [0, 50, 60]"),
         "safety_valve.values: has 3 values for a 2-year forecast"),
        (with_line("growth_percent = 50", "growth_percent = -100"),
         "demand.independent.growth_percent: -100 is not above -100"),
        (with_line('to = "special"', 'to = "hospital"'),
         "reforms[1].to: 'hospital' is not a placement type"),
        (with_line("\npercent = 50", "\npercent = 150"),
         "reforms[1].percent: 150 is more than 100"),
        (with_line("grant = { start = 1000, growth_percent = 10 }", "grant = 1000"),
         "grant: must be a table, not 1000"),
        (with_line("opening_balance = -100", "opening_balance = -100\nopening_balance = 0"),
         "is not valid TOML"),
    ],
)  # fmt: skip
def test_bad_input_names_the_file_and_key_and_writes_nothing(tmp_path, text, expected):
    status, rows, stdout, stderr, source = run(tmp_path, text)
    assert status == 1
    assert rows is None and [p.name for p in tmp_path.iterdir()] == ["scenario.toml"]
    assert f"{source}: {expected}" in stderr
    assert "Nothing was written." in stderr and not stdout


def test_every_problem_is_reported_at_once(tmp_path):
    text = with_line("pupils = 5\n", "pupils = -5\n").replace("years = 2\n", "")
    status, _, _, stderr, source = run(tmp_path, text)
    assert status == 1
    assert f"{source}: years: missing" in stderr
    assert f"{source}: demand.special.pupils: -5 is negative" in stderr


def test_a_missing_file(tmp_path):
    out = tmp_path / "out.csv"
    stderr = StringIO()
    with pytest.raises(SystemExit):
        call_command("funding", "high-needs", "--scenario", str(tmp_path / "nope.toml"),
                     "--out", str(out), stdout=StringIO(), stderr=stderr)  # fmt: skip
    assert f"{tmp_path / 'nope.toml'}: cannot be read" in stderr.getvalue()
    assert not out.exists()
