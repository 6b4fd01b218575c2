"""Benchmark: generate the demo county and load it into a fresh, temporary SQLite database,
with its registers in a temporary marks store.

    .venv/bin/python bench/bench_demo.py                 # the full county (scale 1)
    .venv/bin/python bench/bench_demo.py --scale 0.1     # a tenth of it
    .venv/bin/python bench/bench_demo.py --no-registers  # the database only
    .venv/bin/python bench/bench_demo.py --record "2-core CI box, 2026-11-22"

Prints the seconds each stage took, rows per table, rows a second, the county's measured
rates against the calibration targets, the registers' figures for the full year against
Kent's (attendance, persistent and severe absence by phase, and the reasons), the peak memory,
and the ratio of the total time to the baseline for that scale in bench/baselines.json (above
1 is slower). --record stores this run as the baseline. Not a test: nothing fails, it only
measures.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import baselines

AS_AT = date(2026, 11, 22)
PASSWORD = "bench-lantern-quill-47"  # noqa: S105 (a throwaway database's demo users)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--record", metavar="MACHINE", help="store this run as the baseline")
    parser.add_argument("--no-registers", dest="registers", action="store_false")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-demo-") as var_dir:
        os.environ["FRONTDOOR_VAR_DIR"] = var_dir
        os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary directory
        os.environ["DJANGO_SETTINGS_MODULE"] = "frontdoor.config.settings.dev"
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        import django

        django.setup()
        from django.core.management import call_command

        from frontdoor.analytics.store import MarksStore
        from frontdoor.demo import selectors, services

        call_command("migrate", verbosity=0)
        store = MarksStore(Path(var_dir) / "marks") if options.registers else None
        started = time.perf_counter()
        summary = services.county_load(
            seed=options.seed,
            scale=options.scale,
            as_at=AS_AT,
            password=PASSWORD,
            marks_store=store,
        )
        seconds = time.perf_counter() - started
        peak_memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rates = selectors.county_rates(AS_AT)
        figures = _register_figures(store) if store else None

    key = f"demo scale {options.scale:g}" + (" with registers" if options.registers else "")
    rows = sum(summary.rows.values())
    print(f"Demo county, seed {options.seed}, {key}, as at {AS_AT}, SQLite")
    print()
    print(f"  {'stage':<18}{'seconds':>9}")
    for stage, stage_seconds in summary.seconds.items():
        print(f"  {stage:<18}{stage_seconds:>9.2f}")
    print(f"  {'total':<18}{seconds:>9.2f}")
    print()
    print(f"  {'table':<26}{'rows':>10}")
    for table, count in summary.rows.items():
        print(f"  {table:<26}{count:>10,}")
    print(f"  {'all':<26}{rows:>10,}   {rows / seconds:,.0f} rows/s overall")
    if figures:
        marks = summary.rows["register marks"]
        print(f"  register marks: {marks / summary.seconds['registers']:,.0f} a second")
    print(f"  peak memory: {peak_memory:,.0f} MB")
    print()
    _print_rates(rates)
    print()
    if figures:
        _print_register_figures(figures)
        print()
    recorded = baselines.baseline(key)
    if recorded:
        print(
            f"Ratio to baseline ({recorded['machine']}: {recorded['seconds']:.1f} s): "
            f"{seconds / recorded['seconds']:.2f}"
        )
    else:
        print(f"No baseline for {key} in {baselines.PATH.name}; --record MACHINE stores one.")
    if options.record:
        baselines.record(key, options.record, seconds=round(seconds, 2), rows=rows)


def _print_rates(rates: dict) -> None:
    from frontdoor.demo import calibration as cal

    targets = [
        ("fsm", "primary", cal.FSM["primary"]),
        ("fsm", "secondary", cal.FSM["secondary"]),
        ("fsm6", "primary", cal.FSM6["primary"]),
        ("fsm6", "secondary", cal.FSM6["secondary"]),
        ("ehcp", "primary", cal.EHCP["primary"]),
        ("ehcp", "secondary", cal.EHCP["secondary"]),
        ("ehcp", "all", cal.EHCP_ALL_SCHOOLS),
        ("sen_support", "primary", cal.SEN_SUPPORT["primary"]),
        ("sen_support", "secondary", cal.SEN_SUPPORT["secondary"]),
        ("sen_support", "all", cal.SEN_SUPPORT_ALL_SCHOOLS),
        ("eal", "all", cal.EAL_ALL_SCHOOLS),
        ("cla", "all", cal.CLA),
        ("cin", "all", cal.CHILD_IN_NEED),
        ("cpp", "all", cal.CHILD_PROTECTION_PLAN),
    ]
    print(f"  {'characteristic':<16}{'phase':<11}{'target %':>9}{'county %':>10}")
    for characteristic, phase, target in targets:
        measured = rates.get(characteristic, {}).get(phase, 0.0)
        print(f"  {characteristic:<16}{phase:<11}{target * 100:>9.2f}{measured * 100:>10.2f}")
    pupils = rates["pupils"]
    print(
        f"  pupils on roll: {pupils['all']:,.0f} (primary {pupils.get('primary', 0):,.0f}, "
        f"secondary {pupils.get('secondary', 0) + pupils.get('grammar', 0):,.0f}, "
        f"special {pupils.get('special', 0):,.0f}, PRU {pupils.get('ap', 0):,.0f})"
    )


def _register_figures(store) -> dict[str, dict]:
    """The full year's measures by phase (Years 1–11), from the store's marks and the
    database's enrolments, by the attendance engine."""
    import pyarrow as pa

    from frontdoor.analytics import engine
    from frontdoor.attendance import measures, periods
    from frontdoor.core.calendar import academic_year_of
    from frontdoor.pupils.models import Enrolment

    year = academic_year_of(AS_AT) - 1
    columns = ("urn", "upn", "admission_date", "leaving_date", "on_admission", "phase")
    rows = Enrolment.objects.values_list(
        "establishment__urn",
        "pupil__upn",
        "admission_date",
        "leaving_date",
        "nc_year_on_admission",
        "establishment__sector",
    )
    enrolments = dict(zip(columns, zip(*rows, strict=True), strict=True))
    enrolments["nc_year"] = [
        on_admission + year - academic_year_of(admitted)
        for on_admission, admitted in zip(
            enrolments.pop("on_admission"), enrolments["admission_date"], strict=True
        )
    ]
    con = engine.connect()
    table = measures.enrolment_measures(
        engine.parquet(con, "marks", store.files(academic_years=[year])),
        engine.table("enrolments", pa.table(enrolments)),
        periods.academic_year(year),
    )
    by_phase = con.to_pyarrow(measures.aggregate(table, ["phase"])).to_pylist()
    return {row["phase"]: row for row in by_phase}


def _print_register_figures(figures: dict[str, dict]) -> None:
    from frontdoor.attendance.codes import CODE_COLUMNS
    from frontdoor.demo import absence_model as model

    print(f"  registers, full year, Years 1–11 ({model.TARGET_SOURCE})")
    print(
        f"  {'phase':<11}{'attendance %':>20}{'persistent %':>20}{'severe %':>16}{'enrolments':>12}"
    )
    for phase, target in model.TARGETS.items():
        row = figures[phase]
        attendance = 100 * row["overall_attendance"] / row["possible_sessions"]
        persistent = 100 * row["persistent_absence_count"] / row["enrolments"]
        severe = 100 * row["severe_absence_count"] / row["enrolments"]
        expected_severe = 100 * model.DISTRIBUTIONS[phase].severe_share
        print(
            f"  {phase:<11}{attendance:>9.2f} (Kent {target.attendance:5.2f})"
            f"{persistent:>9.2f} (Kent {target.persistent_absence:5.2f})"
            f"{severe:>7.2f} (model {expected_severe:4.2f})"
            f"{row['enrolments']:>12,}"
        )
    print("  reasons, % of possible sessions: county (Kent)")
    for phase, kent in model.KENT_REASON_RATES.items():
        row = figures[phase]
        rates = [
            f"{code} {100 * row[CODE_COLUMNS[code]] / row['possible_sessions']:.2f} ({rate:.2f})"
            for code, rate in kent.items()
        ]
        print(f"  {phase:<11}" + ", ".join(rates))


if __name__ == "__main__":
    main()
