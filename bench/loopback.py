"""What the load benchmarks share: Front Door served by gunicorn on a free loopback port, and
the 95th percentile."""

# ruff: noqa: S310  (it opens loopback URLs it built itself)

import socket
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GUNICORN = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "gunicorn"


@contextmanager
def served(*, workers: int, threads: int, env: dict, stderr=subprocess.DEVNULL) -> Iterator[str]:
    """Front Door under gunicorn (threaded workers, as in production) for the block; yields its
    base URL once it answers, and stops it afterwards."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [
            GUNICORN,
            "frontdoor.config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        yield base
    finally:
        server.terminate()
        server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("Front Door did not start.")


def p95(values: list[float]) -> float:
    """The 95th percentile, interpolated within the sample's range."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]
