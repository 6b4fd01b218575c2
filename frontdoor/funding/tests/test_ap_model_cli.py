"""`frontdoor funding ap-model`: the contract scripts depend on."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from frontdoor.funding.tests.test_ap_model import COUNTY_POT, SEED_PUPILS

# The district totals are the county pot pro rata to pupils (stage 1, to the penny).
SEED_CSV = """district,ks3_ks4_pupils,district_total
North West Kent,15195,2112690.69
Maidstone and Malling,10369,1441690.67
Shepway,5350,743856.21
Thanet and Dover,17334,2410094.14
Two Bridges,9477,1317668.29
"""
HEADER = "district,ks3_ks4_pupils,district_total\n"


def run(tmp_path, text, *extra):
    source = tmp_path / "districts.csv"
    source.write_text(text)
    out = tmp_path / "out.csv"
    stdout, stderr = StringIO(), StringIO()
    args = ["ap-model", "--input", str(source), "--out", str(out), *extra]
    try:
        call_command("funding", *args, stdout=stdout, stderr=stderr)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    rows = list(csv.DictReader(out.open())) if out.exists() else None
    return status, rows, stdout.getvalue(), stderr.getvalue()


def test_the_seed_districts(tmp_path):
    assert sum(SEED_PUPILS.values()) == 57_725 and COUNTY_POT == 8_026_000
    status, rows, stdout, _ = run(tmp_path, SEED_CSV)
    assert status == 0
    assert list(rows[0]) == [
        "district", "places", "places_exact", "pru_budget", "district_total", "devolved"
    ]  # fmt: skip
    assert [row["district"] for row in rows] == [*SEED_PUPILS, "Total"]
    assert rows[0] == {
        "district": "North West Kent",
        "places": "64",
        "places_exact": "63.8190",  # 0.0042 × 15,195
        "pru_budget": "1148742.00",  # × £18,000
        "district_total": "2112690.69",
        "devolved": "963948.69",
    }
    assert rows[-1] == {
        "district": "Total",
        "places": "242",  # from 242.445, not the 243 the rows above add to
        "places_exact": "242.4450",
        "pru_budget": "4364010.00",
        "district_total": "8026000.00",
        "devolved": "3661990.00",
    }
    assert "242 places" in stdout and "(54%)" in stdout and "(46%)" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["districts.csv", "out.csv"]


def test_place_rate_and_cost(tmp_path):
    status, rows, _, _ = run(
        tmp_path, HEADER + "A,500,80000\n", "--place-rate", "0.01", "--place-cost", "10000"
    )
    assert status == 0
    assert (rows[0]["places"], rows[0]["pru_budget"], rows[0]["devolved"]) == (
        "5",
        "50000.00",
        "30000.00",
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "districts.csv: line 1: header: the file is empty"),
        (HEADER, "districts.csv: line 2: district: the file has a header but no districts"),
        (
            "district,ks3_ks4_pupils\nA,100\n",
            "districts.csv: line 1: district_total: missing column",
        ),
        (
            HEADER + "A,100,5000\nB,lots,5000\n",
            "districts.csv: line 3: ks3_ks4_pupils: 'lots' is not a number",
        ),
        (HEADER + "A,100,£5k\n", "districts.csv: line 2: district_total: '£5k' is not a number"),
        (HEADER + "A,-3,5000\n", "districts.csv: line 2: ks3_ks4_pupils: -3 is negative"),
        (HEADER + "A,10.5,5000\n", "districts.csv: line 2: ks3_ks4_pupils: '10.5' is not a whole"),
        (HEADER + "A,100,\n", "districts.csv: line 2: district_total: is empty"),
        (
            HEADER + "Shepway,100,9000\nB,1,900\nshepway,1,900\n",
            "districts.csv: line 4: district: 'shepway' is already on line 2",
        ),
        (
            HEADER + "A,100,9000\nB,1000,50000\n",
            "districts.csv: line 3: district_total: B: the PRU's commissioned places cost "
            "£75,600.00, more than the district total of £50,000.00",
        ),
    ],
    ids=[
        "empty",
        "header-only",
        "missing-column",
        "not-a-number",
        "money-not-a-number",
        "negative-pupils",
        "fractional-pupils",
        "empty-value",
        "duplicate-district",
        "pru-exceeds-total",
    ],
)
def test_bad_input_writes_nothing(tmp_path, text, expected):
    status, rows, _, stderr = run(tmp_path, text)
    assert status == 1
    assert expected in stderr
    assert "Nothing was written." in stderr
    assert rows is None
    assert [p.name for p in tmp_path.iterdir()] == ["districts.csv"]


def test_every_bad_line_is_reported(tmp_path):
    status, _, _, stderr = run(tmp_path, HEADER + "A,x,1\nB,2,y\n")
    assert status == 1
    assert "line 2: ks3_ks4_pupils" in stderr and "line 3: district_total" in stderr


def test_a_bad_place_rate_is_a_usage_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="place-rate"):
        run(tmp_path, SEED_CSV, "--place-rate", "-0.1")
