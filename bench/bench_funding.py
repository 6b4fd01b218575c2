"""Benchmark: the schools block formula at county and national scale.

    .venv/bin/python bench/bench_funding.py [--schools 554] [--dataset FILE.csv] [--record MACHINE]

Builds `--schools` synthetic schools (five primaries to each secondary, the shape of the test
county in frontdoor/funding/tests/schools.py) or reads a dataset in the documented format (e.g.
the demo county's, written with `schools_csv`), writes it to CSV and reads it back, then times:

- read: parsing and checking the CSV (`read_schools`);
- nff: every school's NFF notional allocation;
- targeted, shared: the seed's two consultation options, each balanced to a 1% transfer;
- compare: both options at MFG 0%, 0.25% and 0.5% (six balanced runs), as the compare page does;
- tightening: the direct-NFF test on one policy.

Side by side, the two balanced runs are repeated with plain bisection (halving the multiplier's
range, 0 to 2, until the total is within a penny of the money available) in place of the solver
(step out from the policy's own values, then false position), the named baseline for the solver;
it prints both and the ratio. The ratio to the recorded run in baselines.json
(`--record MACHINE` stores this run) follows. Not a test: nothing fails, it only measures.
"""

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import baselines

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontdoor.funding import (  # noqa: E402
    block_transfer,
    lff,
    lff_policy,
    nff_values,
    schools_block,
    tightening,
)
from frontdoor.funding.schools_data import read_schools, schools_csv  # noqa: E402
from frontdoor.funding.tests.schools import county  # noqa: E402

OPTIONS = ("kent_2023-24_targeted", "kent_2023-24_shared")
MFG_LEVELS = (Decimal(0), Decimal("0.0025"), Decimal("0.005"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=554, help="synthetic schools (554: Kent)")
    parser.add_argument("--dataset", type=Path, help="a schools dataset CSV instead")
    parser.add_argument("--record", metavar="MACHINE", help="store this run as the baseline")
    args = parser.parse_args()
    nff = nff_values.load("2023-24")
    options = [lff_policy.load(schools_block.DATA_LFF / f"{name}.toml", nff) for name in OPTIONS]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schools.csv"
        if args.dataset:
            path = args.dataset
        else:
            path.write_text(schools_csv(county(args.schools)))
        seconds, schools = timed(lambda: read_schools(path))
        figures = {"read": seconds}
    key = f"funding {args.dataset.name if args.dataset else f'{len(schools)} schools'}"
    print(f"{len(schools):,} schools, {sum(s.pupils_on_roll for s in schools):,} pupils")
    figures["nff"], _ = timed(lambda: lff.run(schools, lff.nff_formula(nff)))
    runs = {}
    for name, option in zip(("targeted", "shared"), options, strict=True):
        figures[name], runs[name] = timed(
            lambda o=option: schools_block.run_policy(schools, o, nff)
        )
    figures["compare"], _ = timed(lambda: block_transfer.compare(schools, nff, options, MFG_LEVELS))
    figures["tightening"], _ = timed(
        lambda: tightening.check(runs["shared"].values, options[1].last_year, nff)
    )
    bisection = {}
    with plain_bisection():
        for name, option in zip(("targeted", "shared"), options, strict=True):
            bisection[name], run = timed(lambda o=option: schools_block.run_policy(schools, o, nff))
            assert abs(run.gap - runs[name].gap) < Decimal("0.01")  # the same answer
    report(key, figures, bisection, runs)
    recorded = baselines.baseline(key)
    if not recorded:
        print(f"  No baseline for {key} in {baselines.PATH.name}; --record MACHINE stores one.")
    if args.record:
        baselines.record(key, args.record, seconds={k: round(v, 3) for k, v in figures.items()})


def report(key, figures, bisection, runs) -> None:
    recorded = (baselines.baseline(key) or {}).get("seconds", {})
    print(f"{'step':<12}{'seconds':>10}{'baseline':>10}{'ratio':>8}")
    for step, seconds in figures.items():
        before = recorded.get(step)
        ratio = f"{seconds / before:>8.2f}" if before else ""
        print(f"{step:<12}{seconds:>10.3f}{before or '':>10}{ratio}")
    print("Balancing a 1% transfer: the solver against plain bisection (the baseline)")
    for name, seconds in bisection.items():
        run = runs[name]
        print(
            f"  {name:<9} {figures[name]:.3f} s against {seconds:.3f} s "
            f"(ratio {figures[name] / seconds:.2f}); multiplier {run.multiplier:.6f}, "
            f"released £{run.released:,.0f}, headroom £{run.gap:.4f}"
        )


def timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


class plain_bisection:
    """Swap the solver for halving [0, 2] until the total is within the same penny: the named
    baseline the solver is measured against."""

    def __enter__(self):
        self.original = schools_block._solve
        schools_block._solve = _halving

    def __exit__(self, *exc):
        schools_block._solve = self.original


def _halving(total_at, target: Decimal, *, high: Decimal) -> Decimal:
    fits, too_much = Decimal(0), high
    while not -schools_block.PENNY < total_at(fits) - target <= 0:
        middle = (fits + too_much) / 2
        if total_at(middle) <= target:
            fits = middle
        else:
            too_much = middle
    return fits


if __name__ == "__main__":
    main()
