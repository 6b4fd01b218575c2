"""Benchmark: the attendance pages under load, on the full synthetic county.

    .venv/bin/python bench/bench_attendance.py --keep /tmp/county --skip-spark --skip-pandas
    .venv/bin/python bench/bench_dashboards.py --county /tmp/county [--users 20] [--seconds 30]

Uses a county built by bench_attendance.py --keep (database, marks store), migrates its
database and brings its attendance summaries up to date, serves Front Door as a deployment
would (gunicorn, 2 × cores + 1 worker processes of 4 threads, DEBUG off) on a free loopback
port, and signs in `--users` separate sessions as the county-wide attendance officer. After
`--warmup` seconds of the same load, unmeasured, each session requests, in turn and for
`--seconds`: the county dashboard, a district's, a school's, one of its year groups (with the
pupils), the district's persistent-absence worklist and a pupil's page. It prints, per page and
overall, the requests made, the median, 95th-percentile and slowest response, and the errors.
The target is under 300 ms at the 95th percentile with 20 users, with no errors. It also prints
the ratio of each page's 95th percentile to the baseline in bench/baselines.json (`--record
MACHINE` stores this run as the baseline). Not a test: nothing fails, it only measures.
"""

# ruff: noqa: S603, S310  (it runs our own command and opens loopback URLs it built itself)

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import baselines
import loopback

ROOT = Path(__file__).resolve().parents[1]
FRONTDOOR = ROOT / ".venv" / "bin" / "frontdoor"
USERNAME = "attendance.manager"
PASSWORD = "bench-lantern-quill-47"  # noqa: S105 (bench_attendance.py's throwaway county)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", required=True, help="a directory from bench_attendance --keep")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=15, help="seconds of unmeasured load")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--record", metavar="MACHINE", help="store this run as the baseline")
    options = parser.parse_args()

    env = _environment(Path(options.county))
    # A county kept from an earlier commit may predate a migration (healthz would say 503).
    subprocess.run([FRONTDOOR, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([FRONTDOOR, "attendance", "summarise"], env=env, check=True)
    pages = _pages(env)
    with loopback.served(workers=options.workers, threads=options.threads, env=env) as base:
        sessions = [_signed_in(base) for _ in range(options.users)]
        # Warm up with the same load, unmeasured, so that every worker process has loaded the
        # summary's cells and rendered the figures it caches (one at a time, the requests
        # would mostly reach the same worker, and the others would warm up during the run).
        _run(base, sessions, pages, options.warmup)
        timings = _run(base, sessions, pages, options.seconds)
    _report(timings, options)


def _environment(county: Path) -> dict:
    env = dict(os.environ)
    env.update(
        FRONTDOOR_VAR_DIR=str(county),
        FRONTDOOR_MARKS_STORE=str(county / "marks"),
        FRONTDOOR_SUMMARIES=str(county / "summaries"),
        DJANGO_SETTINGS_MODULE="frontdoor.config.settings.dev",
        DEBUG="false",
    )
    env.pop("DATABASE_URL", None)
    return env


def _pages(env: dict) -> dict[str, str]:
    """The pages to load: the county, the largest secondary school's district and the school,
    a year group there, the district's persistently absent pupils and the school's first
    pupil."""
    script = (
        "import django; django.setup()\n"
        "from frontdoor.pupils.models import Enrolment\n"
        "from frontdoor.schools.models import Establishment\n"
        "school = Establishment.objects.filter(sector='secondary')"
        ".order_by('-number_on_roll', 'urn').first()\n"
        "pupil = Enrolment.objects.filter(establishment=school, leaving_date__isnull=True)"
        ".order_by('pupil_id').first().pupil_id\n"
        "print(school.district.code, school.urn, pupil)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    district, urn, pupil = found[-3:]
    return {
        "county": "/attendance/county/",
        "district": f"/attendance/districts/{district}/",
        "school": f"/attendance/schools/{urn}/",
        "year group": f"/attendance/schools/{urn}/years/8/",
        "worklist": f"/attendance/worklists/persistent/?district={district}",
        "pupil": f"/pupils/{pupil}/",
    }


def _signed_in(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    landed = opener.open(request)
    if "/accounts/login/" in landed.url:
        raise SystemExit(f"Could not sign in as {USERNAME}.")
    return opener


def _run(base, sessions, pages, seconds) -> dict[str, list]:
    timings = {name: [] for name in pages}
    errors = {name: 0 for name in pages}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(opener):
        while time.perf_counter() < deadline:
            for name, url in pages.items():
                started = time.perf_counter()
                try:
                    with opener.open(base + url, timeout=30) as response:
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    timings[name].append(elapsed)
                    errors[name] += not ok

    threads = [threading.Thread(target=user, args=(opener,)) for opener in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {name: (timings[name], errors[name]) for name in pages}


def _report(timings, options) -> None:
    key = f"dashboards {options.users} users"
    recorded = baselines.baseline(key)
    print(
        f"{options.users} users for {options.seconds:g} s, signed in as {USERNAME}; gunicorn "
        f"{options.workers} workers x {options.threads} threads on {os.cpu_count()} cores"
    )
    against = f"  p95 ratio to baseline ({recorded['machine']})" if recorded else ""
    header = f"{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'errors':>8}"
    print(f"  {'page':<12}{header}{against}")
    p95s = {}
    everything = []
    for name, (seconds, errors) in timings.items():
        everything += seconds
        p95s[name] = loopback.p95(seconds) * 1000
        ratio = baselines.p95_ratio(recorded, name, p95s[name])
        print(
            f"  {name:<12}{len(seconds):>9}{statistics.median(seconds) * 1000:>11.0f}"
            f"{p95s[name]:>9.0f}{max(seconds) * 1000:>9.0f}{errors:>8}{ratio}"
        )
    total_errors = sum(errors for _, errors in timings.values())
    print(
        f"  {'all':<12}{len(everything):>9}{statistics.median(everything) * 1000:>11.0f}"
        f"{loopback.p95(everything) * 1000:>9.0f}{max(everything) * 1000:>9.0f}{total_errors:>8}"
    )
    print("  target: p95 under 300 ms on every page, no errors")
    baselines.close(key, recorded, options.record, p95s)


if __name__ == "__main__":
    main()
