"""The recorded runs (baselines.json) each benchmark compares itself with: a key per benchmark
and size, the machine it ran on, and its figures. `--record MACHINE` on a benchmark stores its
run here."""

import json
from pathlib import Path

PATH = Path(__file__).with_name("baselines.json")


def baseline(key: str) -> dict | None:
    return _all().get(key)


def record(key: str, machine: str, **figures) -> None:
    baselines = _all()
    baselines[key] = {"machine": machine, **figures}
    PATH.write_text(json.dumps(baselines, indent=2, sort_keys=True) + "\n")
    print(f"Recorded as the baseline for {key} in {PATH.name}.")


def p95_ratio(recorded: dict | None, name: str, p95_ms: float) -> str:
    """The p95 against the baseline's for the same page or step, or "" when there is none."""
    if recorded and recorded["p95_ms"].get(name):
        return f"{p95_ms / recorded['p95_ms'][name]:>10.2f}"
    return ""


def close(key: str, recorded: dict | None, machine: str | None, p95s: dict[str, float]) -> None:
    """Say when there is no baseline yet, and store this run as one when asked (--record)."""
    if not recorded:
        print(f"  No baseline for {key} in {PATH.name}; --record MACHINE stores one.")
    if machine:
        record(key, machine, p95_ms={name: round(ms, 1) for name, ms in p95s.items()})


def _all() -> dict:
    return json.loads(PATH.read_text()) if PATH.exists() else {}
