"""Similar schools, worked by hand: the county of frontdoor/conftest.py with five more primary
schools, registered for the same two weeks of November 2024 as county_registers.py (to
Wednesday 13 November: 16 possible sessions a pupil, 6 of them in the latest week).

Alder Primary (school A) has one pupil, Amelia, not eligible for free school meals: 0%.

| school | URN | status | pupils | FSM | share | from A | sessions attended |
|---|---|---|---|---|---|---|---|
| Holly Primary | 990011 | open | 4 | 0 | 0% | 0, 3 more pupils | 60 of 64 (4 I) |
| Hazel Primary | 990012 | open | 2 | 0 | 0% | 0, 1 more pupil | 30 of 32 (2 O) |
| Ivy Primary | 990013 | open | 4 | 1 | 25% | 1/4 | 56 of 64 (8 O) |
| Juniper Primary | 990014 | open | 3 | 1 | 33.33% | 1/3 | 48 of 48 |
| Rowan Primary | 990015 | closed | 1 | 0 | 0% | (closed) | 16 of 16 |
| Larch Primary | 990016 | open | none on roll | | | | |

Three similar schools of A: Hazel and Holly (as near on meals, Hazel nearer in size, though
its URN is higher), then Ivy; not Rowan (closed), nor Beech or Cedar (secondary, special).
Their figures: 30 + 60 + 56 = 146 of 32 + 64 + 64 = 160 sessions, 91.25% (the average of
their rates, 93.75%, 93.75% and 87.50%, would be 91.67%); authorised 4 (2.50%),
unauthorised 2 + 8 = 10 (6.25%); persistently absent 3 of 10 pupils (Hazel's 2 of 16, Holly's
4 of 16 and Ivy's 8 of 16 sessions missed: 30.00%), severely 1 (Ivy's 50%: 10.00%). The
latest week: 60 of 60 attended. All ten similar schools (four) add Juniper: 194 of 208
sessions, 93.27%."""

from datetime import date

import pytest

from frontdoor.analytics.store import default_store
from frontdoor.attendance import similar_schools, tsm
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.summaries import summaries_build
from frontdoor.attendance.tests.county_registers import (
    FIRST_WEEK,
    SECOND_WEEK,
    _week,
    registers_lines,
)
from frontdoor.pupils.models import (
    Characteristic,
    CharacteristicPeriod,
    Enrolment,
    Ethnicity,
    Pupil,
    Sex,
)
from frontdoor.schools.models import Establishment, Sector

pytestmark = pytest.mark.django_db

ALL_PRESENT = "//////////"
# URN, name, status, each pupil's first week of codes (the second week all present), FSM pupils
PRIMARIES = [
    (990011, "Holly Primary School", "open", ["IIII//////", *[ALL_PRESENT] * 3], 0),
    (990012, "Hazel Primary School", "open", ["OO////////", ALL_PRESENT], 0),
    (990013, "Ivy Primary School", "open", ["OOOOOOOO//", *[ALL_PRESENT] * 3], 1),
    (990014, "Juniper Primary School", "open", [ALL_PRESENT] * 3, 1),
    (990015, "Rowan Primary School", "closed", [ALL_PRESENT], 0),
]


def _primary(urn, name, district, status):
    return Establishment.objects.create(
        urn=urn,
        laestab=f"886{urn % 10000:04d}",
        name=name,
        establishment_type="Community school",
        phase="Primary",
        sector=Sector.PRIMARY,
        district=district,
        status=status,
    )


def _primaries(county, tmp_path):
    """The five primaries, their pupils (Year 2 in 2024/25) and registers, and the summary."""
    lines = registers_lines()
    for urn, name, status, weeks, fsm in PRIMARIES:
        school = _primary(urn, name, county.north, status)
        for index, codes in enumerate(weeks):
            upn = f"P{urn}{index:03d}"
            pupil = Pupil.objects.create(
                upn=upn,
                first_name=f"Pupil {index}",
                last_name=name.split()[0],
                date_of_birth=date(2017, 1, 1),
                sex=Sex.MALE,
                ethnicity=Ethnicity.WHITE_BRITISH,
            )
            Enrolment.objects.create(
                pupil=pupil,
                establishment=school,
                admission_date=date(2023, 9, 1),
                nc_year_on_admission=1,
            )
            if index < fsm:
                CharacteristicPeriod.objects.create(
                    pupil=pupil, characteristic=Characteristic.FSM, start_date=date(2024, 9, 1)
                )
            lines += _week(urn, upn, FIRST_WEEK, codes) + _week(urn, upn, SECOND_WEEK, "//////")
    _primary(990016, "Larch Primary School", county.north, "open")
    source = tmp_path / "registers.csv"
    source.write_text("\n".join(lines) + "\n")
    store = default_store()
    marks_ingest(path=source, store=store)
    return summaries_build(store=store)


@pytest.fixture
def summary(county, tmp_path):
    return _primaries(county, tmp_path)


def test_the_nearest_on_free_school_meals_then_size(county, summary):
    found = similar_schools.similar_schools(summary, county.school_a, size=3)
    assert [s.name for s in found.schools] == [
        "Hazel Primary School",
        "Holly Primary School",
        "Ivy Primary School",
    ]
    assert [(s.pupils, s.fsm_pupils, s.fsm_rate) for s in found.schools] == [
        (2, 0, 0),
        (4, 0, 0),
        (4, 1, 25),
    ]
    assert (found.school.pupils, found.school.fsm_rate, found.phase) == (1, 0, "Primary")


def test_the_groups_figures_are_sums_over_sums(county, summary):
    found = similar_schools.similar_schools(summary, county.school_a, size=3)
    ytd = found.headline["ytd"]
    for count in ("possible_sessions", "overall_attendance", "enrolments"):
        assert ytd.counts[count] == sum(s.figures.counts[count] for s in found.schools)
    assert (ytd.counts["possible_sessions"], ytd.counts["overall_attendance"]) == (160, 146)
    shown = ("attendance_rate", "authorised_absence_rate", "unauthorised_absence_rate")
    shown += ("persistent_absence_rate", "severe_absence_rate")
    assert [str(ytd.rates[name]) for name in shown] == [
        "91.25",  # not 91.67, the average of the schools' rates
        "2.50",
        "6.25",
        "30.00",
        "10.00",
    ]
    assert [str(s.figures.rates["attendance_rate"]) for s in found.schools] == [
        "93.75",
        "93.75",
        "87.50",
    ]
    week = found.headline["week"]
    assert (week.counts["overall_attendance"], week.counts["possible_sessions"]) == (60, 60)
    # The group's own pupils only, in the dashboard's other figures too.
    assert sum(band["pupils"] for band in found.board.bands) == 10


def test_every_open_school_of_the_phase_up_to_ten(county, summary):
    found = similar_schools.similar_schools(summary, county.school_a)
    assert [s.urn for s in found.schools] == [990012, 990011, 990013, 990014]
    assert found.headline["ytd"].counts["possible_sessions"] == 208
    assert str(found.headline["ytd"].rates["attendance_rate"]) == "93.27"


def test_none_without_pupils_or_others(county, summary):
    larch = Establishment.objects.get(urn=990016)
    assert similar_schools.similar_schools(summary, larch) is None  # no pupils on roll
    assert similar_schools.similar_schools(summary, county.school_c) is None  # the one special


def test_who_sees_each_schools_figures(county, summary, persona):
    found = similar_schools.similar_schools(summary, county.school_a, size=3)
    manager, head = persona("attendance_manager"), persona("head_a")
    assert [shown for _, shown in found.listed_for(manager)] == [True, True, True]
    assert [shown for _, shown in found.listed_for(head)] == [False, False, False]
    assert not found.hidden_from(head)  # ten pupils: the group is not suppressed
    smallest = similar_schools.similar_schools(summary, county.school_a, size=1)
    assert smallest.hidden_from(head) and not smallest.hidden_from(manager)  # Hazel's 2


def _pack(county, persona, client_for, name):
    officer = persona("attendance_officer_north")
    tsm.tsm_book(school=county.school_a, number=1, on=tsm.term_window(2026, 1).start, by=officer)
    return client_for(name).get("/attendance/schools/990001/meetings/1/pack/").content.decode()


def test_the_pack_shows_the_similar_schools(county, summary, signed_in, persona):
    page = _pack(county, persona, signed_in, "attendance_manager")
    assert "The school against the county and similar schools" in page
    assert "The 4 other open schools in Kent of the same phase (Primary)" in page
    assert "nearest this school's (0.00%)" in page
    assert "93.27%" in page  # the similar schools' attendance, year to date
    for name in ("Hazel", "Holly", "Ivy", "Juniper"):
        assert f"{name} Primary School" in page
    assert "Rowan Primary School" not in page and "Larch Primary School" not in page
    assert "25.00%" in page and "33.33%" in page  # Ivy's and Juniper's meals shares
    assert "Similar schools this year" in page  # the third line of the weekly chart


def test_a_school_sees_the_group_but_not_each_school(county, summary, signed_in, persona):
    page = _pack(county, persona, signed_in, "head_a")
    assert "93.27%" in page and "Hazel Primary School" in page
    assert page.count("Not shown") == 4
    assert "25.00%" not in page and "33.33%" not in page
