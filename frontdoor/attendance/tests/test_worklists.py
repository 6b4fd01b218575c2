"""Worklists on the registers of county_registers.py, worked by hand, within each user's reach.

Then pupil C (in care, school C) misses Thursday and Friday of the second week (4 sessions, O):
C's year is 16 of 20 (20% absence: newly persistent this week, having been at 0%), and C's week
is 6 of 10 (60%) against 80% for the year: falling by 20 points."""

from datetime import date, timedelta

import pytest

from frontdoor.analytics.store import default_store
from frontdoor.attendance import worklists
from frontdoor.attendance.ingest import marks_ingest
from frontdoor.attendance.models import Exclusion
from frontdoor.attendance.summaries import summaries_build
from frontdoor.attendance.tests.county_registers import PUPIL_C, county_with_registers
from frontdoor.core.access import PupilReach, pupil_reach
from frontdoor.core.models import AuditEvent
from frontdoor.schools.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(county, tmp_path):
    county_with_registers(tmp_path)
    extra = tmp_path / "thursday-friday.csv"
    thursday = date(2024, 11, 14)
    lines = ["urn,upn,date,session,code"] + [
        f"990003,{PUPIL_C},{thursday + timedelta(days=d)},{s},O"
        for d in (0, 1)
        for s in ("AM", "PM")
    ]
    extra.write_text("\n".join(lines) + "\n")
    marks_ingest(path=extra, store=default_store())
    return summaries_build(store=default_store())


def pupil_ids(summary, reach, slug):
    return worklists.pupils(summary, reach, slug).column("pupil_id").to_pylist()


def test_the_lists_for_the_whole_county(summary, county):
    a, b, c = county.pupil_a.pk, county.pupil_b.pk, county.pupil_c.pk
    everyone = PupilReach()
    assert pupil_ids(summary, everyone, "persistent") == [b, c, a]  # 68.75%, 80%, 87.5%
    assert pupil_ids(summary, everyone, "newly-persistent") == [c]
    assert pupil_ids(summary, everyone, "social-care-falling") == [c]
    assert pupil_ids(summary, everyone, "severe") == []
    assert worklists.counts(summary, everyone) == {
        "persistent": 3,
        "severe": 0,
        "at-risk": 0,
        "newly-persistent": 1,
        "penalty-threshold": 0,
        "n-codes": 0,
        "part-time": 0,
        "repeated-suspensions": 0,
        "social-care-falling": 1,
    }


def test_repeated_suspensions_count_this_years_records(summary, county, signed_in, persona):
    # B: two suspensions this year at school B (one the year before does not count); A: one.
    recorder = persona("head_a")

    def suspend(pupil, urn, day):
        Exclusion.objects.create(
            pupil=pupil,
            establishment=Establishment.objects.get(urn=urn),
            kind=Exclusion.Kind.SUSPENSION,
            start_date=day,
            sessions=2,
            reason="PD",
            recorded_by=recorder,
        )

    for day in (date(2024, 9, 20), date(2024, 11, 5)):
        suspend(county.pupil_b, 990002, day)
    suspend(county.pupil_b, 990002, date(2024, 3, 1))
    suspend(county.pupil_a, 990001, date(2024, 10, 1))
    assert pupil_ids(summary, PupilReach(), "repeated-suspensions") == [county.pupil_b.pk]
    client = signed_in("attendance_manager")
    page = client.get("/attendance/worklists/repeated-suspensions/")
    html = page.content.decode()
    assert "Bella Stone" in html and "Amelia Hart" not in html
    assert ">2</td>" in html  # the count, in its own column
    csv_text = client.get("/attendance/worklists/repeated-suspensions/?download=csv")
    csv_text = csv_text.content.decode()
    assert csv_text.splitlines()[0].endswith(",suspensions")
    assert csv_text.splitlines()[1].endswith(",2")


def test_each_user_sees_their_reach(summary, county, persona):
    head_a = pupil_reach(persona("head_a"))
    assert head_a == PupilReach(urns=frozenset({990001}))
    assert pupil_reach(persona("analyst")) is None
    assert pupil_ids(summary, head_a, "persistent") == [county.pupil_a.pk]
    virtual_school = pupil_reach(persona("virtual_school"))
    assert pupil_ids(summary, virtual_school, "persistent") == [county.pupil_c.pk]
    south = pupil_reach(persona("attendance_officer_south"))
    assert pupil_ids(summary, south, "persistent") == [county.pupil_b.pk]


def test_the_pages_name_pupils_and_audit(summary, signed_in):
    client = signed_in("attendance_manager")
    index = client.get("/attendance/worklists/").content.decode()
    assert "Newly persistently absent this week" in index
    page = client.get("/attendance/worklists/persistent/").content.decode()
    assert page.index("Bella Stone") < page.index("Cara Wells") < page.index("Amelia Hart")
    assert AuditEvent.objects.filter(action="attendance.worklist").count() == 1
    narrowed = client.get("/attendance/worklists/persistent/?school=990001").content.decode()
    assert "Amelia Hart" in narrowed and "Bella Stone" not in narrowed
    csv_text = client.get("/attendance/worklists/persistent/?download=csv").content.decode()
    assert csv_text.splitlines()[1].startswith("Bella Stone,Beech Academy,Year 7,68.75")
    assert AuditEvent.objects.filter(action="attendance.worklist.download").exists()


def test_a_school_cannot_widen_its_reach(summary, signed_in):
    client = signed_in("head_a")
    page = client.get("/attendance/worklists/persistent/?school=990002").content.decode()
    assert "Bella Stone" not in page and "Nobody is on this list" in page
    assert client.get("/attendance/worklists/no-such-list/").status_code == 404
    assert signed_in("analyst").get("/attendance/worklists/").status_code == 403
