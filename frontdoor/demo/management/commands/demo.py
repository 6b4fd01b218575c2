"""`frontdoor demo`: load the synthetic county (Kent-sized by default) with demo sign-ins."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from frontdoor.analytics.store import default_store
from frontdoor.attendance.summaries import summaries_build
from frontdoor.demo import selectors, services
from frontdoor.demo.users import DemoPasswordError, demo_password

DEFAULT_SEED = 2026
STAGES = {
    "generating": "Generating (steps)",
    "deleting": "Deleting the demo county",
    "schools": "Schools",
    "pupils": "Pupils",
    "enrolments": "Enrolments",
    "characteristics": "Characteristics",
    "inspections": "Ofsted inspections",
    "users": "Demo users",
    "front_door": "Front Door year",
    "requests": "Requests for Support",
    "request_children": "Children on requests",
    "decisions": "Triage decisions",
    "conversations": "District Conversations",
    "cases": "Cases",
    "registers": "Registers (school-years)",
}


def _as_at(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-at {value!r}: give a date as YYYY-MM-DD") from None


class _Progress:
    """One line per stage: redrawn in place on a terminal, written once when it ends
    otherwise (logs and tests)."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.live = hasattr(stdout, "isatty") and stdout.isatty()
        self.stage = None
        self.started = self.last = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        # A stage's time runs from the end of the one before (the first from the start).
        if stage != self.stage:
            self.stage, self.started = stage, self.last
        self.last = time.perf_counter()
        label = f"  {STAGES.get(stage, stage):<26}"
        finished = done >= total
        if self.live:
            share = done / total if total else 1
            bar = "█" * round(share * 24) + "·" * (24 - round(share * 24))
            self.stdout.write(f"\r{label}{bar} {done:>9,} / {total:,}", ending="")
            if finished:
                self.stdout.write(f"  {time.perf_counter() - self.started:.1f} s")
            self.stdout.flush()
        elif finished:
            seconds = time.perf_counter() - self.started
            self.stdout.write(f"{label}{total:>9,}  {seconds:.1f} s")


class Command(BaseCommand):
    help = (
        "Load the synthetic county: Kent's 12 districts, about 580 fictional schools and "
        "236,000 fictional pupils with their histories, Ofsted outcomes, one demo user per "
        "role, a year of the Front Door (Requests for Support, decisions, District "
        "Conversations, cases), and their registers (the last full academic year and this one "
        "to date) in the marks store. The same seed, scale and as-at date always give the same "
        "county."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="size against Kent (1.0); 0.01 makes a county of about a dozen schools",
        )
        parser.add_argument(
            "--as-at",
            dest="as_at",
            type=_as_at,
            default=None,
            help="the date the county is as at, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--no-registers",
            dest="registers",
            action="store_false",
            help="skip the registers: two academic years of marks for every pupil, written to "
            "the marks store (most of the time a full county takes)",
        )
        either = parser.add_mutually_exclusive_group()
        either.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds schools or pupils",
        )
        either.add_argument(
            "--replace",
            action="store_true",
            help="delete the demo county already loaded and empty the marks store, then load "
            "this one",
        )

    def handle(self, *args, seed, scale, as_at, if_empty, replace, registers, **options):
        as_at = as_at or timezone.localdate()
        if not 0 < scale <= 2:
            raise CommandError("--scale must be more than 0 and at most 2.")
        if as_at < date(2020, 9, 1):
            raise CommandError("--as-at must be 1 September 2020 or later.")
        status = selectors.county_status()
        if if_empty and not status.empty:
            self.stdout.write(
                f"The database already holds a county ({status.establishments:,} schools, "
                f"{status.pupils:,} pupils): nothing to do."
            )
            return
        if not status.empty and not replace:
            raise CommandError(
                f"The database already holds {status.establishments:,} schools and "
                f"{status.pupils:,} pupils. Run `frontdoor demo --replace` to delete the demo "
                "county and load a new one, or `frontdoor demo --if-empty` to keep it."
            )
        try:
            password, _source = demo_password()
        except DemoPasswordError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loading the demo county: seed {seed}, scale {scale:g}, "
            f"as at {as_at.day} {as_at:%B %Y}."
        )
        progress = _Progress(self.stdout)
        started = time.perf_counter()
        try:
            # The marks store holds the registers of the county in the database, and no other.
            with services.marks_store_replacing(default_store()) as store, transaction.atomic():
                if replace and not status.empty:
                    services.county_delete(progress=progress)
                    self._check_nothing_else_left()
                summary = services.county_load(
                    seed=seed,
                    scale=scale,
                    as_at=as_at,
                    password=password,
                    marks_store=store if registers else None,
                    progress=progress,
                )
        except ProtectedError as error:
            raise CommandError(
                "The demo county cannot be deleted: other records still refer to it "
                f"({error.args[0]})"
            ) from None
        if registers:
            # The dashboards read summaries of the registers, made once the store is in place.
            began = time.perf_counter()
            summaries_build(store=default_store())
            seconds = time.perf_counter() - began
            self.stdout.write(f"  {'Attendance summaries':<26}{'':>9}  {seconds:.1f} s")
        elapsed = time.perf_counter() - started
        self.stdout.write("")
        width = max(len(name) for name in summary.rows)
        for name, count in summary.rows.items():
            self.stdout.write(f"  {name:<{width}}  {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo county in {elapsed:.1f} s.")
            + " `frontdoor demo_signins` shows how to sign in."
        )

    @staticmethod
    def _check_nothing_else_left() -> None:
        left = selectors.county_status()
        if not left.empty:
            raise CommandError(
                f"The database holds {left.establishments:,} schools and {left.pupils:,} "
                "pupils that the demo did not make (a GIAS import?). The demo county is "
                "loaded only into a database without them; nothing was changed."
            )
