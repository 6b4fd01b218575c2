"""Reads about the demo county: whether one is loaded, a digest of its rows (same seed, scale
and as-at date give the same digest), and its measured rates (for the tests and the bench)."""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from frontdoor.demo import calibration as cal
from frontdoor.pupils.models import CharacteristicPeriod, Enrolment, Pupil
from frontdoor.schools.models import (
    District,
    Establishment,
    OfstedInspection,
    ReportCardEvaluation,
    Sector,
    Trust,
)

MAIN_REGISTRATIONS = (Enrolment.Registration.SINGLE, Enrolment.Registration.DUAL_MAIN)


@dataclass(frozen=True)
class CountyStatus:
    establishments: int
    demo_establishments: int
    pupils: int

    @property
    def empty(self) -> bool:
        return not (self.establishments or self.pupils)

    @property
    def only_demo(self) -> bool:
        return self.establishments == self.demo_establishments


def county_status() -> CountyStatus:
    return CountyStatus(
        establishments=Establishment.objects.count(),
        demo_establishments=Establishment.objects.filter(
            urn__gte=cal.DEMO_URN_FIRST, urn__lte=cal.DEMO_URN_LAST
        ).count(),
        pupils=Pupil.objects.count(),
    )


def county_digest() -> str:
    """SHA-256 over every row of the county, by natural keys (URN, UPN, ONS code, GIAS UID),
    not database ids, sorted in Python so that it reads the same on any database."""
    digest = hashlib.sha256()
    tables = {
        "districts": District.objects.values_list("code", "name", "la_code", "area"),
        "trusts": Trust.objects.values_list("uid", "name", "kind"),
        "establishments": Establishment.objects.values_list(
            *(
                f.attname
                for f in Establishment._meta.concrete_fields
                if f.attname not in ("id", "district_id", "trust_id")
            ),
            "district__code",
            "trust__uid",
        ),
        "pupils": Pupil.objects.values_list(
            "upn", "first_name", "last_name", "date_of_birth", "sex", "ethnicity"
        ),
        "enrolments": Enrolment.objects.values_list(
            "pupil__upn",
            "establishment__urn",
            "admission_date",
            "leaving_date",
            "nc_year_on_admission",
            "registration",
        ),
        "characteristics": CharacteristicPeriod.objects.values_list(
            "pupil__upn", "characteristic", "start_date", "end_date"
        ),
        "inspections": OfstedInspection.objects.values_list(
            "establishment__urn",
            "inspection_date",
            "published_on",
            "framework",
            "kind",
            "overall_effectiveness",
            "quality_of_education",
            "behaviour_and_attitudes",
            "personal_development",
            "leadership_and_management",
            "safeguarding_effective",
        ),
        "evaluations": ReportCardEvaluation.objects.values_list(
            "inspection__establishment__urn", "inspection__inspection_date", "area", "grade"
        ),
    }
    for name, rows in tables.items():
        digest.update(name.encode())
        for row in sorted(tuple("" if v is None else str(v) for v in row) for row in rows):
            digest.update("\x1f".join(row).encode())
            digest.update(b"\x1e")
    return digest.hexdigest()


def current(queryset, on: date, start: str, end: str):
    return queryset.filter(**{f"{start}__lte": on}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
    )


def phase_of(sector: str, selective: bool) -> str:
    if sector == Sector.PRIMARY:
        return "primary"
    if sector == Sector.SECONDARY:
        return "grammar" if selective else "secondary"
    if sector == Sector.SPECIAL:
        return "special"
    return "ap"


def county_rates(on: date) -> dict[str, dict[str, float]]:
    """Share of pupils (main or single registration current on `on`) with each characteristic
    current on `on`, by phase of their school: primary, secondary (including grammar),
    grammar, special, ap, and all. Fractions, not percentages."""
    phase_of_pupil = {
        pupil: phase_of(sector, selective)
        for pupil, sector, selective in current(
            Enrolment.objects.filter(registration__in=MAIN_REGISTRATIONS),
            on,
            "admission_date",
            "leaving_date",
        ).values_list("pupil_id", "establishment__sector", "establishment__selective")
    }
    pupils = Counter(phase_of_pupil.values())
    having: dict[str, Counter] = defaultdict(Counter)
    for pupil, characteristic in (
        current(CharacteristicPeriod.objects.all(), on, "start_date", "end_date")
        .values_list("pupil_id", "characteristic")
        .distinct()
    ):
        phase = phase_of_pupil.get(pupil)
        if phase is not None:
            having[characteristic][phase] += 1
    rates: dict[str, dict[str, float]] = {}
    for characteristic, counts in having.items():
        row = {phase: counts[phase] / pupils[phase] for phase in pupils}
        row["secondary"] = (counts["secondary"] + counts["grammar"]) / (
            pupils["secondary"] + pupils["grammar"]
        )
        row["all"] = sum(counts.values()) / sum(pupils.values())
        rates[characteristic] = row
    rates["pupils"] = {phase: float(n) for phase, n in pupils.items()} | {
        "all": float(sum(pupils.values()))
    }
    return rates
