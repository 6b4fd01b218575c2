"""The same measures and data-quality checks on PySpark local mode and on DuckDB give identical
results (the engine that serves a country is the one that serves a county)."""

import random
from datetime import date, timedelta

import pytest

from frontdoor.analytics import engine
from frontdoor.attendance import codes, data_quality, measures, penalty, periods
from frontdoor.attendance.tests.marks_builder import enrolments_table, marks_table

pytestmark = pytest.mark.skipif(
    not engine.spark_available(), reason="PySpark needs Java (java on PATH or JAVA_HOME)"
)

CURRENT = [c for c in codes.CODES if codes.CODES[c].valid_on(date(2025, 1, 6))]


def registers(seed: int):
    rng = random.Random(seed)
    weights = [60 if c in ("/", "\\") else 3 if c in ("I", "O", "#") else 1 for c in CURRENT]
    result = {}
    for pupil in range(24):
        start = date(2024, 11, 4) + timedelta(weeks=rng.randrange(4))
        result[(100 + pupil % 3, f"P{pupil}")] = [
            (start, rng.choices(CURRENT, weights, k=rng.randrange(20, 120)))
        ]
    result[(100, "P99")] = [(date(2024, 12, 2), "OGNUOGNU//OO")]  # reaches the threshold
    return result


def test_duckdb_and_spark_agree_on_every_column():
    data = registers(seed=7)
    enrolment_rows = [
        {"urn": urn, "upn": upn, "nc_year": 1 + int(upn[1:]) % 11, "phase": f"p{urn % 2}"}
        for urn, upn in data
    ]
    enrolment_rows[0]["leaving_date"] = date(2025, 1, 17)
    period = periods.date_range(date(2024, 12, 1), date(2025, 3, 31))
    results = {}
    for name in engine.ENGINES:
        con = engine.connect(name)
        marks, enrolments = marks_table(data), enrolments_table(enrolment_rows)
        table = penalty.with_threshold_dates(
            measures.enrolment_measures(marks, enrolments, period), marks, period
        )
        rows = con.to_pyarrow(table.order_by(["urn", "upn"])).to_pylist()
        grouped = con.to_pyarrow(
            measures.aggregate(table, ["urn", "phase"]).order_by(["urn", "phase"])
        ).to_pylist()
        school_days = [period.start + timedelta(n) for n in range(120)]
        quality = con.to_pyarrow(
            data_quality.school_report(marks, enrolments, [100, 101, 102, 103], school_days, period)
        ).to_pylist()
        results[name] = (rows, grouped, quality)
    duck, spark = results["duckdb"], results["spark"]
    assert len(duck[0]) == 25
    assert any(r["penalty_threshold_date"] for r in duck[0])
    assert any(r["n_codes_overdue"] for r in duck[2]) and any(r["missing_marks"] for r in duck[2])
    assert duck == spark
