"""Benchmark: the attendance engine on the synthetic county's full year of register marks.

    .venv/bin/python bench/bench_attendance.py                  # the full county (scale 1)
    .venv/bin/python bench/bench_attendance.py --scale 0.1 --skip-spark
    .venv/bin/python bench/bench_attendance.py --keep /tmp/county   # build once, reuse after

Builds the county and its registers in a temporary marks store, then times, each in its own
process so that peak memory is its own:
  ingest    the year's marks as one county CSV through `frontdoor attendance ingest`'s code;
  measures  every enrolment's year-to-date measures plus all school, district and LA aggregates
            (Ibis on DuckDB);
  floor     DuckDB merely counting marks per pupil over the same files;
  pandas    a straightforward pandas implementation of the same measures;
  spark     the same Ibis measures on PySpark local mode.
It prints seconds and peak memory for each (the Spark stage's peak is the Python driver's; the
JVM is not counted), each stage's ratio to the baseline in bench/baselines.json (`--record
MACHINE` stores this run as the baseline), and the ratios side by side: measures against the
floor (target: within 2x) and pandas against measures (target: at least 20x slower).
Not a test: nothing fails, it only measures.
"""

import argparse
import contextlib
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import baselines

ROOT = Path(__file__).resolve().parents[1]
AS_AT = date(2026, 11, 22)
YEAR = 2025  # the last full academic year before AS_AT
PASSWORD = "bench-lantern-quill-47"  # noqa: S105 (a throwaway database's demo users)


def _django(var_dir: str) -> None:
    os.environ["FRONTDOOR_VAR_DIR"] = var_dir
    os.environ["FRONTDOOR_MARKS_STORE"] = str(Path(var_dir) / "marks")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontdoor.config.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(function, *args):
    """Run a stage in a fresh process: (seconds, peak MB, result)."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


# --- stages (each runs in its own process) -------------------------------------------------------


def stage_setup(var_dir: str, scale: float, seed: int) -> dict:
    _django(var_dir)
    from django.core.management import call_command

    from frontdoor.analytics.store import default_store
    from frontdoor.demo import services
    from frontdoor.demo.generator import generate_county
    from frontdoor.demo.registers import registers_write

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    services.county_load(seed=seed, scale=scale, as_at=AS_AT, password=PASSWORD)
    county = generate_county(seed=seed, scale=scale, as_at=AS_AT)
    summary = registers_write(county, default_store())
    _enrolments_file(county, Path(var_dir) / "enrolments.parquet")
    return {"seconds": time.perf_counter() - started, "marks": summary.by_year}


def _enrolments_file(county, path: Path) -> None:
    """The year's enrolments with their NC year, district and phase, for the measures."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from frontdoor.core.calendar import academic_year_of

    rows = {k: [] for k in ("urn", "upn", "admission_date", "leaving_date", "nc_year")}
    rows |= {"district": [], "phase": []}
    for enrolment in county.enrolments:
        school, pupil = county.schools[enrolment.school], county.pupils[enrolment.pupil]
        rows["urn"].append(school.urn)
        rows["upn"].append(pupil.upn)
        rows["admission_date"].append(enrolment.admission_date)
        rows["leaving_date"].append(enrolment.leaving_date)
        offset = YEAR - academic_year_of(enrolment.admission_date)
        rows["nc_year"].append(enrolment.nc_year_on_admission + offset)
        rows["district"].append(school.district)
        rows["phase"].append(school.kind)
    table = pa.table(rows)
    pq.write_table(table.set_column(0, "urn", table.column("urn").cast(pa.int32())), path)


def stage_ingest(var_dir: str) -> tuple:
    _django(var_dir)
    import duckdb

    from frontdoor.analytics.store import MarksStore, default_store
    from frontdoor.attendance.ingest import marks_ingest

    csv_path = Path(var_dir) / "county-year.csv"
    files = [str(p) for p in default_store().files(academic_years=[YEAR])]
    duckdb.sql(
        f"copy (select urn, upn, date, session, code from read_parquet({files}, "  # noqa: S608
        f"hive_partitioning = false)) to '{csv_path}' (header)"
    )
    started = time.perf_counter()
    target = Path(var_dir) / "ingested"
    result = marks_ingest(path=csv_path, store=MarksStore(target))
    seconds = time.perf_counter() - started
    csv_path.unlink()
    shutil.rmtree(target)  # a fresh store each run, so a kept county times the same work
    return seconds, _peak_mb(), result.marks


def _inputs(var_dir: str, engine_name: str):
    _django(var_dir)
    from frontdoor.analytics import engine
    from frontdoor.analytics.store import default_store

    con = engine.connect(engine_name)
    marks = engine.parquet(con, "marks", default_store().files(academic_years=[YEAR]))
    enrolments = engine.parquet(con, "enrolments", [Path(var_dir) / "enrolments.parquet"])
    return con, marks, enrolments


def stage_measures(var_dir: str, engine_name: str) -> tuple:
    from frontdoor.attendance import measures, periods

    con, marks, enrolments = _inputs(var_dir, engine_name)
    started = time.perf_counter()
    period = periods.academic_year(YEAR)
    per_enrolment = measures.enrolment_measures(marks, enrolments, period)
    if engine_name == "duckdb":
        per_enrolment = con.create_table("per_enrolment", per_enrolment, temp=False)
    else:
        per_enrolment = per_enrolment.cache()
    rows = per_enrolment.count().execute()
    outputs = [
        con.to_pyarrow(measures.aggregate(per_enrolment, by))
        for by in (["urn"], ["district"], ["phase"], [])
    ]
    seconds = time.perf_counter() - started
    la = outputs[-1].to_pylist()[0]
    return seconds, _peak_mb(), {"enrolments": rows, "la": la}


def stage_floor(var_dir: str) -> tuple:
    con, marks, _ = _inputs(var_dir, "duckdb")
    started = time.perf_counter()
    counted = con.to_pyarrow(marks.group_by(["urn", "upn"]).aggregate(n=marks.count()))
    return time.perf_counter() - started, _peak_mb(), counted.num_rows


def stage_pandas(var_dir: str) -> tuple:
    """The straightforward way: load, merge, group, pivot."""
    _django(var_dir)
    import pandas as pd

    from frontdoor.analytics.store import default_store
    from frontdoor.attendance import codes

    files = default_store().files(academic_years=[YEAR])
    started = time.perf_counter()
    marks = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    enrolments = pd.read_parquet(Path(var_dir) / "enrolments.parquet")
    enrolments = enrolments[enrolments.nc_year.between(1, 11)]
    joined = marks.merge(enrolments, on=["urn", "upn"])
    leaving = joined.leaving_date.fillna(pd.Timestamp.max.date())
    joined = joined[(joined.date >= joined.admission_date) & (joined.date <= leaving)]
    counts = joined.pivot_table(
        index=["urn", "upn", "admission_date", "district", "phase"],
        columns="code",
        values="session",
        aggfunc="count",
        fill_value=0,
    )

    def total(code_list):
        return counts[[c for c in code_list if c in counts.columns]].sum(axis=1)

    frame = pd.DataFrame(
        {
            "attendance": total(codes.PRESENT_CODES) + total(codes.AEA_CODES),
            "absence": total(codes.AUTHORISED_CODES) + total(codes.UNAUTHORISED_CODES),
        }
    )
    frame["possible"] = frame.attendance + frame.absence
    frame["pa"] = (frame.absence * 10 >= frame.possible) & (frame.possible > 0)
    frame["sa"] = (frame.absence * 2 >= frame.possible) & (frame.possible > 0)
    frame = frame.reset_index()
    for by in (["urn"], ["district"], ["phase"]):
        frame.groupby(by)[["attendance", "absence", "possible", "pa", "sa"]].sum()
    la = frame[["attendance", "absence", "possible", "pa", "sa"]].sum()
    return time.perf_counter() - started, _peak_mb(), int(la["possible"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--record", metavar="MACHINE", help="store this run as the baseline")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build the county in DIR and keep it; a later run with the same DIR reuses it",
    )
    options = parser.parse_args()

    with contextlib.ExitStack() as stack:
        if options.keep:
            var_dir = options.keep
            Path(var_dir).mkdir(parents=True, exist_ok=True)
        else:
            var_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-attendance-"))
        print(f"Synthetic county, seed {options.seed}, scale {options.scale:g}, as at {AS_AT}")
        if (Path(var_dir) / "enrolments.parquet").exists():
            print(f"  set-up reused from {var_dir}")
        else:
            setup = _in_child(stage_setup, var_dir, options.scale, options.seed)
            print(f"  set-up (county, registers) {setup['seconds']:.1f} s; marks by year:")
            for year, count in sorted(setup["marks"].items()):
                print(f"    {year}/{(year + 1) % 100:02d}: {count:,}")
        print()
        results = {}
        results["ingest"] = _in_child(stage_ingest, var_dir)
        results["measures"] = _in_child(stage_measures, var_dir, "duckdb")
        results["floor"] = _in_child(stage_floor, var_dir)
        if not options.skip_pandas:
            results["pandas"] = _in_child(stage_pandas, var_dir)
        if not options.skip_spark:
            results["spark"] = _in_child(stage_measures, var_dir, "spark")

    key = f"attendance scale {options.scale:g}"
    recorded = baselines.baseline(key)
    against = f"  ratio to baseline ({recorded['machine']})" if recorded else ""
    print(f"  {'stage':<10}{'seconds':>10}{'peak MB':>10}{against}")
    for stage, (seconds, peak, _) in results.items():
        before = (recorded or {}).get("seconds", {}).get(stage)
        ratio = f"{seconds / before:>10.2f}" if before else ""
        print(f"  {stage:<10}{seconds:>10.2f}{peak:>10.0f}{ratio}")
    if not recorded:
        print(f"  No baseline for {key} in {baselines.PATH.name}; --record MACHINE stores one.")
    marks = results["ingest"][2]
    print()
    print(f"  ingest throughput: {marks / results['ingest'][0]:,.0f} marks a second")
    la = results["measures"][2]["la"]
    print(
        f"  county {YEAR}/{(YEAR + 1) % 100:02d}, Years 1–11: "
        f"{results['measures'][2]['enrolments']:,} enrolments, "
        f"{la['possible_sessions']:,} possible sessions"
    )
    measures_seconds = results["measures"][0]
    print()
    print("  ratios (same run, side by side):")
    floor = measures_seconds / results["floor"][0]
    print(f"    measures / DuckDB floor  {floor:6.2f}x  (target: within 2x)")
    if "pandas" in results:
        print(
            f"    pandas / measures        {results['pandas'][0] / measures_seconds:6.1f}x  "
            "(target: at least 20x)"
        )
        if results["pandas"][2] != la["possible_sessions"]:
            print("    WARNING: pandas and Ibis disagree on possible sessions")
    if "spark" in results:
        print(f"    Spark local / DuckDB     {results['spark'][0] / measures_seconds:6.1f}x")
    if options.record:
        seconds = {stage: round(result[0], 2) for stage, result in results.items()}
        baselines.record(key, options.record, seconds=seconds)


if __name__ == "__main__":
    main()
