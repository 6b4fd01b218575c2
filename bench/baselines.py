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


def _all() -> dict:
    return json.loads(PATH.read_text()) if PATH.exists() else {}
