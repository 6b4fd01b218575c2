"""Shared fixtures: a tiny county built by hand, and one signed-in user per persona.

The county is small and explicit so that every access expectation in the tests can be read
off it: school A (primary, district North), school B (secondary academy in Weald Trust,
district South), school C (special, district North)."""

from dataclasses import dataclass
from datetime import date

import pytest

from frontdoor.core.models import User
from frontdoor.core.roles import Agency, Role
from frontdoor.pupils.models import (
    Characteristic,
    CharacteristicPeriod,
    Enrolment,
    Ethnicity,
    Pupil,
    Sex,
)
from frontdoor.schools.models import (
    District,
    Establishment,
    OfstedGrade,
    OfstedInspection,
    Sector,
    Trust,
)

TODAY = date(2026, 11, 22)
TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _data_in_tmp(settings, tmp_path):
    """No test writes to the developer's var/: the marks store and the attendance summaries
    live in the test's own directory (a test may point them elsewhere)."""
    settings.FRONTDOOR_MARKS_STORE = tmp_path / "marks-store"
    settings.FRONTDOOR_SUMMARIES = tmp_path / "summaries"


@dataclass
class County:
    north: District
    south: District
    trust: Trust
    school_a: Establishment
    school_b: Establishment
    school_c: Establishment
    pupil_a: Pupil  # on roll at A
    pupil_b: Pupil  # on roll at B
    pupil_c: Pupil  # on roll at C, a child in care
    pupil_left_a: Pupil  # left A two academic years ago, now at B


def _school(urn, name, sector, district, trust=None, on_roll=300):
    return Establishment.objects.create(
        urn=urn,
        laestab=f"886{urn % 10000:04d}",
        name=name,
        establishment_type="Academy converter" if trust else "Community school",
        phase=Sector(sector).label,
        sector=sector,
        district=district,
        trust=trust,
        number_on_roll=on_roll,
    )


def _pupil(upn, first, last, born, school, admitted, year, left=None):
    pupil = Pupil.objects.create(
        upn=upn,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WHITE_BRITISH,
    )
    Enrolment.objects.create(
        pupil=pupil,
        establishment=school,
        admission_date=admitted,
        leaving_date=left,
        nc_year_on_admission=year,
    )
    return pupil


@pytest.fixture
def county(db) -> County:
    north = District.objects.create(code="E07000901", name="North", la_code="886", area="North")
    south = District.objects.create(code="E07000902", name="South", la_code="886", area="South")
    trust = Trust.objects.create(uid="9001", name="Weald Trust", kind=Trust.Kind.MULTI_ACADEMY)
    school_a = _school(990001, "Alder Primary School", Sector.PRIMARY, north, on_roll=210)
    school_b = _school(990002, "Beech Academy", Sector.SECONDARY, south, trust, on_roll=900)
    school_c = _school(990003, "Cedar Special School", Sector.SPECIAL, north, on_roll=120)
    for school, grade in [(school_a, OfstedGrade.GOOD), (school_b, OfstedGrade.INADEQUATE)]:
        OfstedInspection.objects.create(
            establishment=school,
            inspection_date=date(2024, 3, 5),
            framework=OfstedInspection.Framework.EIF_2019,
            overall_effectiveness=grade,
            safeguarding_effective=True,
        )
    pupil_a = _pupil(
        "A886000000001", "Amelia", "Hart", date(2018, 5, 1), school_a, date(2022, 9, 1), 0
    )
    pupil_b = _pupil(
        "B886000000002", "Bella", "Stone", date(2013, 3, 2), school_b, date(2024, 9, 2), 7
    )
    pupil_c = _pupil(
        "C886000000003", "Cara", "Wells", date(2016, 6, 3), school_c, date(2023, 9, 4), 3
    )
    CharacteristicPeriod.objects.create(
        pupil=pupil_c, characteristic=Characteristic.LOOKED_AFTER, start_date=date(2024, 1, 10)
    )
    pupil_left_a = _pupil(
        "D886000000004",
        "Dora",
        "Marsh",
        date(2014, 1, 4),
        school_a,
        date(2018, 9, 3),
        0,
        left=date(2024, 7, 19),
    )
    Enrolment.objects.create(
        pupil=pupil_left_a,
        establishment=school_b,
        admission_date=date(2025, 9, 3),
        nc_year_on_admission=7,
    )
    return County(
        north, south, trust, school_a, school_b, school_c, pupil_a, pupil_b, pupil_c, pupil_left_a
    )


# persona -> (role, scope); what each may see is asserted in the tests, not here.
PERSONAS = {
    "la_admin": (Role.LA_ADMIN, {}),
    "attendance_officer_north": (Role.ATTENDANCE_OFFICER, {"districts": "north"}),
    "attendance_officer_south": (Role.ATTENDANCE_OFFICER, {"districts": "south"}),
    "attendance_manager": (Role.ATTENDANCE_OFFICER, {"county_wide": True}),
    "front_door": (Role.FRONT_DOOR, {}),
    "early_help_north": (Role.EARLY_HELP, {"districts": "north"}),
    "social_worker_north": (Role.SOCIAL_WORKER, {"districts": "north"}),
    "send_caseworker_south": (Role.SEND_CASEWORKER, {"districts": "south"}),
    "virtual_school": (Role.VIRTUAL_SCHOOL, {}),
    "finance": (Role.FINANCE, {}),
    "analyst": (Role.ANALYST, {}),
    "head_a": (Role.HEADTEACHER, {"schools": "school_a"}),
    "head_b": (Role.HEADTEACHER, {"schools": "school_b"}),
    "attendance_lead_a": (Role.ATTENDANCE_LEAD, {"schools": "school_a"}),
    "senco_a": (Role.SENCO, {"schools": "school_a"}),
    "trust_weald": (Role.TRUST, {"trust": True}),
    "partner_police": (Role.PARTNER, {"agency": Agency.POLICE}),
    "parent": (Role.PARENT, {"children": "pupil_b"}),
}


def make_persona(county: County, name: str) -> User:
    role, scope = PERSONAS[name]
    user = User.objects.create_user(
        username=name.replace("_", "."),
        password=TEST_PASSWORD,
        role=role,
        county_wide=scope.get("county_wide", False),
        trust=county.trust if scope.get("trust") else None,
        agency=scope.get("agency", ""),
    )
    if "districts" in scope:
        user.districts.set([getattr(county, scope["districts"])])
    if "schools" in scope:
        user.schools.set([getattr(county, scope["schools"])])
    if "children" in scope:
        user.children.set([getattr(county, scope["children"])])
    return user


@pytest.fixture
def persona(county):
    """persona("head_a") -> a saved user with that role and scope."""
    return lambda name: make_persona(county, name)


@pytest.fixture
def signed_in(client, persona):
    """signed_in("head_a") -> the test client, signed in as that persona."""

    def sign_in(name: str):
        client.force_login(persona(name))
        return client

    return sign_in
