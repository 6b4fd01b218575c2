"""Benchmark: Requests for Support submitted all at once, through the real server.

    .venv/bin/python bench/bench_submissions.py [--clients 200] [--record MACHINE]

Makes a fresh SQLite database in a temporary directory, migrates it, and creates one school and
`--clients` users with the ORM: half partner agencies, half the school's headteachers (neither
role needs a second factor, which is switched on as in production). Serves Front Door as
bench_dashboards.py does (gunicorn, 2 × cores + 1 worker processes of 4 threads, dev settings,
DEBUG off) on a free loopback port. Each client, on its own thread and all starting together:
signs in through the login form, starts a request, adds a child, fills in each page of answers
and opens the check page; then it waits at a barrier for every other client, so that all the
submissions are sent at the same moment.

Then the database must hold exactly one request per client, submitted, each with its own
reference and its own child: none lost, none duplicated. It prints the submit's median, 95th
percentile and slowest response, the whole journey's 95th percentile (each client's time in its
requests, not counting the wait at the barrier), the errors, and the ratio of each 95th
percentile to the baseline in bench/baselines.json (`--record MACHINE` stores this run as the
baseline). Not a test: nothing fails, it only measures and checks.

Every client comes from 127.0.0.1, so the per-address submission limit is raised to the number
of clients for this run; the per-account limits stay as they are (each client submits once).
"""

# ruff: noqa: S310  (it runs our own command and opens loopback URLs it built itself)

import argparse
import http.cookiejar
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import baselines
import loopback

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-lantern-quill-47"  # noqa: S105 (a throwaway database's users)
URN = 999001
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWERS = [
    ("family", {"parents": "Sam Bench (mother)", "postcode": "ME14 1XX", "language": "English"}),
    ("concerns", {"concerns": "Not seen at school for three weeks; the family has moved."}),
    ("tried", {"tried": "Home visits by the attendance lead, a letter, two phone calls."}),
    ("consent", {"consent": "given", "family_email": "family@example.org"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--record", metavar="MACHINE", help="store this run as the baseline")
    options = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-submissions-") as var_dir:
        env = _environment(Path(var_dir), options.clients)
        os.environ.update(env)
        os.environ.pop("DATABASE_URL", None)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        users = _users_create(options.clients)
        connections.close_all()  # the server's processes write next; this one reads afterwards

        with (
            (Path(var_dir) / "server.log").open("w") as log,
            loopback.served(
                workers=options.workers, threads=options.threads, env={**os.environ}, stderr=log
            ) as base,
        ):
            results = _run(base, users)
        checks = _verify(users, results)
        failures = _server_errors(Path(var_dir) / "server.log")
    _report(options, env, results, checks, failures, time.perf_counter() - started)


def _environment(var_dir: Path, clients: int) -> dict:
    return {
        "FRONTDOOR_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "frontdoor.config.settings.dev",
        "DEBUG": "false",
        "FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR": "true",
        # Every client is 127.0.0.1: one address's limit would refuse all but the first 60.
        "FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS": str(clients),
    }


def _users_create(clients: int) -> list[tuple[int, str]]:
    """(id, username) of `clients` partner and school users, all with the same password (one
    hash for all: hashing 200 passwords with scrypt would take the best part of a minute)."""
    from django.contrib.auth.hashers import make_password

    from frontdoor.core.models import User
    from frontdoor.core.roles import Agency, Role
    from frontdoor.schools.models import District, Establishment, Sector

    district = District.objects.create(code="E07000999", name="Bench", la_code="886")
    school = Establishment.objects.create(
        urn=URN,
        laestab="8869001",
        name="Bench Primary School",
        establishment_type="Community school",
        phase="Primary",
        sector=Sector.PRIMARY,
        district=district,
    )
    started = time.perf_counter()
    password = make_password(PASSWORD)
    print(
        f"One scrypt password hash (each sign-in checks one) takes "
        f"{(time.perf_counter() - started) * 1000:.0f} ms on this machine."
    )
    agencies = list(Agency)
    users = User.objects.bulk_create(
        User(
            username=f"bench.{n:03d}",
            password=password,
            first_name="Bench",
            last_name=f"Referrer {n:03d}",
            email=f"bench.{n:03d}@example.org",
            role=Role.PARTNER if n % 2 else Role.HEADTEACHER,
            agency=agencies[n % len(agencies)] if n % 2 else "",
        )
        for n in range(clients)
    )
    User.schools.through.objects.bulk_create(
        User.schools.through(user_id=user.pk, establishment_id=school.pk)
        for user in users
        if user.role == Role.HEADTEACHER
    )
    return [(user.pk, user.username) for user in users]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to check (where did the form send us?), not pages to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _Unexpected(Exception):
    pass


class _Browser:
    """One person's session: cookies, the form's CSRF token, and the time spent in requests."""

    def __init__(self, base: str):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )
        self.base = base
        self.token = ""
        self.seconds = 0.0
        self.step = ""
        self.steps: dict[str, float] = {}  # seconds in each step's requests

    def get(self, path: str) -> str:
        _, text = self._send(path, None, expect=200)
        return text

    def post(self, path: str, data: dict) -> str:
        """Where the form redirected to."""
        location, _ = self._send(path, {"csrfmiddlewaretoken": self.token, **data}, expect=302)
        return location

    def _send(self, path: str, data: dict | None, *, expect: int) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, location, text = response.status, "", response.read().decode()
        except urllib.error.HTTPError as answer:
            status, location, text = answer.code, answer.headers.get("Location", ""), ""
            answer.close()
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            self.steps[self.step] = self.steps.get(self.step, 0.0) + elapsed
        if status != expect:
            raise _Unexpected(f"{'POST' if data else 'GET'} {path}: HTTP {status}")
        if found := TOKEN.search(text):
            self.token = found[1]
        return location, text


def _run(base: str, users: list[tuple[int, str]]) -> list[dict]:
    barrier = threading.Barrier(len(users))
    results = [{"user": user_id, "error": None} for user_id, _ in users]

    def client(n: int, username: str) -> None:
        result = results[n]
        browser = _Browser(base)
        try:
            check = _prepare(browser, username, n)
        except (OSError, _Unexpected) as failed:
            result["error"], check = f"before submitting: {failed}", None
        barrier.wait()  # every client, ready or not, so that none waits for ever
        if check is None:
            return
        started = time.perf_counter()
        try:
            landed = browser.post(check, {})
        except (OSError, _Unexpected) as failed:
            result["error"] = f"submitting: {failed}"
            return
        finally:
            result["submit"] = (started, time.perf_counter())
            result["journey"] = browser.seconds
            result["steps"] = browser.steps
        request_id = check.split("/")[2]
        if landed != f"/requests/{request_id}/":
            result["error"] = f"submitting: sent to {landed}"
        result["request"] = int(request_id)

    threads = [
        threading.Thread(target=client, args=(n, username)) for n, (_, username) in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _prepare(browser: _Browser, username: str, n: int) -> str:
    """Sign in and fill in a request up to its check page; the check page's address."""
    browser.step = "sign in"
    browser.get("/accounts/login/")
    if browser.post("/accounts/login/", {"username": username, "password": PASSWORD}) != "/":
        raise _Unexpected(f"could not sign in as {username}")
    browser.step = "start"
    browser.get("/requests/new/")  # signing in changed the CSRF token: a fresh form
    children = browser.post("/requests/new/", {})
    request_id = int(children.split("/")[2])
    browser.step = "child"
    browser.get(children)
    child = {"first_name": "Child", "last_name": f"Bench {n:03d}", "date_of_birth": "2016-03-27"}
    browser.post(children, child | {"upn": "", "school": str(URN)})
    browser.step = "answers"
    for page, answers in ANSWERS:
        browser.get(f"/requests/{request_id}/answers/{page}/")
        browser.post(f"/requests/{request_id}/answers/{page}/", answers)
    referrer = {
        "referrer_name": f"Bench Referrer {n:03d}",
        "referrer_email": f"{username}@example.org",
        "source": "6" if n % 2 else "2A",
    }
    check = browser.post(f"/requests/{request_id}/answers/referrer/", referrer)
    browser.step = "check"
    if "Some answers are missing" in browser.get(check):
        raise _Unexpected(f"request {request_id} is incomplete")
    return check


def _verify(users: list[tuple[int, str]], results: list[dict]) -> dict[str, tuple[int, int]]:
    """What the database holds against what it should: {check: (found, expected)}."""
    from frontdoor.core.models import AuditEvent
    from frontdoor.support.models import SupportRequest

    expected = len(users)
    everything = SupportRequest.objects.select_related("created_by").prefetch_related("children")
    submitted = [r for r in everything if r.status == SupportRequest.Status.SUBMITTED]
    with_their_child = [
        r
        for r in submitted
        if [child.last_name for child in r.children.all()]
        == [f"Bench {r.created_by.username.removeprefix('bench.')}"]
    ]
    confirmed = {result.get("request") for result in results if not result["error"]}
    return {
        "requests in the database": (len(everything), expected),
        "submitted": (len(submitted), expected),
        "distinct references": (len({r.reference for r in submitted if r.reference}), expected),
        "accounts with one request": (len({r.created_by_id for r in everything}), expected),
        "with exactly their own child": (len(with_their_child), expected),
        "submit events in the audit trail": (
            AuditEvent.objects.filter(action="support_request.submit").count(),
            expected,
        ),
        "confirmed to the client and submitted": (
            len(confirmed & {r.pk for r in submitted}),
            expected,
        ),
    }


def _server_errors(log: Path) -> list[str]:
    """The last line of each traceback the server logged: what went wrong, for the errors."""
    lines = log.read_text(errors="replace").splitlines()
    return [
        line
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
        if re.match(r"[\w.]+(Error|Exception): ", line) and not following.startswith(" ")
    ]


def _report(options, env, results, checks, failures, seconds) -> None:
    clients = options.clients
    key = f"submissions {clients} clients"
    recorded = baselines.baseline(key)
    done = [result for result in results if "submit" in result]
    submits = [end - start for start, end in (result["submit"] for result in done)]
    journeys = [result["journey"] for result in done]
    errors = [result["error"] for result in results if result["error"]]
    print(
        f"{clients} clients, each: sign in, start a request, add a child, {len(ANSWERS) + 1} "
        "pages of answers, the check page; then all submit at once (a barrier)"
    )
    print(
        f"gunicorn {options.workers} workers x {options.threads} threads on {os.cpu_count()} "
        "cores; dev settings, DEBUG off; SQLite (WAL) in a temporary directory"
    )
    print(
        "FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS raised to "
        f"{env['FRONTDOOR_SUPPORT_SUBMISSIONS_PER_ADDRESS']} for this run (every client is "
        "127.0.0.1); the per-account limits are as configured"
    )
    p95s = {}
    against = f"  p95 / baseline ({recorded['machine']})" if recorded else ""
    print(f"  {'':<9}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{against}")
    for name, values in (("submit", submits), ("journey", journeys)):
        if not values:
            continue
        p95s[name] = loopback.p95(values) * 1000
        ratio = baselines.p95_ratio(recorded, name, p95s[name])
        print(
            f"  {name:<9}{len(values):>9}{statistics.median(values) * 1000:>11.0f}"
            f"{p95s[name]:>9.0f}{max(values) * 1000:>9.0f}{ratio}"
        )
    for step in ("sign in", "start", "child", "answers", "check"):
        values = [r["steps"][step] for r in done if step in r["steps"]]
        if values:
            print(
                f"    {step:<7}{len(values):>9}{statistics.median(values) * 1000:>11.0f}"
                f"{loopback.p95(values) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
            )
    if done:
        wave = max(end for _, end in (r["submit"] for r in done)) - min(
            start for start, _ in (r["submit"] for r in done)
        )
        print(f"  the {len(done)} submits took {wave:.2f} s from first sent to last answered")
    print(f"  errors: {len(errors)}")
    for error in sorted(set(errors))[:5]:
        print(f"    {errors.count(error)} x {error}")
    if failures:
        print("  the server's tracebacks ended:")
    for failure in sorted(set(failures))[:5]:
        print(f"    {failures.count(failure)} x {failure}")
    failed = [name for name, (found, expected) in checks.items() if found != expected]
    print("  in the database (found / expected):")
    for name, (found, expected) in checks.items():
        print(f"    {name:<40}{found:>5} / {expected}{'  MISMATCH' if found != expected else ''}")
    print(f"  none lost, none duplicated: {'no, see above' if failed else 'yes'}")
    print(f"  {seconds:.0f} s in all, with migrating and creating the users")
    baselines.close(key, recorded, options.record, p95s)


if __name__ == "__main__":
    main()
