"""Writes for the demo county: load a generated county into the database, or delete it.

The county is generated in memory first (frontdoor.demo.generator), then written table by
table in batches of 5,000: the small tables with `bulk_create`, ids taken from what the
database returns; pupils, enrolments and characteristic periods (nearly all the rows) with
`executemany` on Django's connection (see `rows.rows_insert`), the pupils' ids read back in one
query by UPN. No query per row. `county_load`
is one transaction, so a county is either all there or not there at all (a half-loaded
county would pass `frontdoor demo --if-empty`).

The county's registers (frontdoor.demo.registers) go to a marks store, not the database: given
one, `county_load` writes them there as one version after the rest, so a failure rolls back the
database and publishes no marks. A store belongs to one county: `marks_store_replacing` gives
a new county an empty one, which replaces the old when the database commits."""

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from frontdoor.analytics.store import MarksStore
from frontdoor.attendance.models import Exclusion, SupportStep, TsmAction
from frontdoor.core.models import User
from frontdoor.demo import calibration as cal
from frontdoor.demo import users as demo_users
from frontdoor.demo.front_door import front_door_delete, front_door_save
from frontdoor.demo.funding import funding_scenarios_save
from frontdoor.demo.generator import County, generate_county
from frontdoor.demo.meetings import meetings_save
from frontdoor.demo.pathways import pathway_notifications_save
from frontdoor.demo.registers import registers_write
from frontdoor.demo.rows import BATCH, rows_insert
from frontdoor.demo.send_casework import send_casework_delete, send_casework_save
from frontdoor.demo.send_plans import SEND_TABLES, send_plans_delete, send_plans_save
from frontdoor.demo.suspensions import permanent_exclusions_save, suspensions_save
from frontdoor.pupils.models import CharacteristicPeriod, Enrolment, Pupil
from frontdoor.schools.models import (
    District,
    Establishment,
    OfstedInspection,
    ReportCardEvaluation,
    Trust,
)
from frontdoor.support.models import PathwayNotification

# stage, rows done, rows in the stage
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class LoadSummary:
    seed: int
    scale: float
    as_at: date
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def demo_establishments():
    return Establishment.objects.filter(urn__gte=cal.DEMO_URN_FIRST, urn__lte=cal.DEMO_URN_LAST)


def demo_pupils():
    """Pupils with any enrolment at a demo school (every pupil the demo makes has one)."""
    at_demo_school = Enrolment.objects.filter(
        pupil=OuterRef("pk"), establishment__in=demo_establishments()
    )
    return Pupil.objects.filter(Exists(at_demo_school))


def demo_trusts():
    uids = [str(cal.DEMO_TRUST_UID_FIRST + n) for n in range(1000)]
    return Trust.objects.filter(uid__in=uids)


@transaction.atomic
def county_load(
    *,
    seed: int,
    scale: float,
    as_at: date,
    password: str,
    marks_store: MarksStore | None = None,
    progress: Progress = _quiet,
) -> LoadSummary:
    """Generate the county for (seed, scale, as_at) and write it, with one demo user per role,
    and its registers to `marks_store` when given (which should hold no marks: see
    `marks_store_replacing`). The database must not hold another county (the command checks; see
    `county_delete`)."""
    summary = LoadSummary(seed=seed, scale=scale, as_at=as_at)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[stage] = now - clock
        clock = now

    progress("generating", 0, 7)
    county = generate_county(
        seed=seed,
        scale=scale,
        as_at=as_at,
        on_step=lambda done, total: progress("generating", done, total),
    )
    lap("generating")
    district_ids = _districts_upsert()
    trust_ids = _trusts_insert(county)
    school_ids = _schools_insert(county, district_ids, trust_ids, progress)
    summary.rows |= {
        "districts": len(district_ids),
        "trusts": len(trust_ids),
        "establishments": len(school_ids),
    }
    lap("schools")
    pupil_ids = _pupils_insert(county, progress)
    summary.rows["pupils"] = len(pupil_ids)
    lap("pupils")
    summary.rows["enrolments"] = _enrolments_insert(county, pupil_ids, school_ids, progress)
    lap("enrolments")
    summary.rows["characteristic periods"] = _periods_insert(county, pupil_ids, progress)
    lap("characteristics")
    inspections, evaluations = _inspections_insert(county, school_ids, progress)
    summary.rows |= {"Ofsted inspections": inspections, "report card evaluations": evaluations}
    lap("inspections")
    users = demo_users.demo_users_save(
        county=county,
        school_ids=school_ids,
        trust_ids=trust_ids,
        district_ids=district_ids,
        password=password,
        progress=progress,
    )
    summary.rows["demo users"] = len(users)
    lap("users")
    summary.rows |= meetings_save(seed=seed, as_at=as_at, school_ids=list(school_ids.values()))
    lap("meetings")
    summary.rows |= funding_scenarios_save(as_at=as_at)
    lap("funding scenarios")
    summary.rows["permanent exclusions"] = permanent_exclusions_save(
        county=county, pupil_ids=pupil_ids, school_ids=school_ids
    )
    summary.rows |= front_door_save(
        county=county,
        pupil_ids=pupil_ids,
        school_ids=school_ids,
        district_ids=district_ids,
        progress=progress,
    )
    lap("front door")
    if marks_store is not None:
        registers = registers_write(county, marks_store, progress=progress)
        summary.rows["register marks"] = registers.marks
        lap("registers")
        summary.rows["suspensions"] = suspensions_save(store=marks_store, seed=seed)
        lap("suspensions")
    # After the exclusions, each of which a school notified through its pathway.
    summary.rows |= pathway_notifications_save(seed=seed, as_at=as_at)
    lap("school pathways")
    # After the users (the SEND officer holds their districts' requests); plans after requests.
    summary.rows |= send_casework_save(seed=seed, as_at=as_at)
    summary.rows |= send_plans_save(seed=seed, as_at=as_at)
    summary.rows["demo parent's children"] = len(demo_users.demo_parent_link())
    lap("SEND casework")
    return summary


@contextmanager
def marks_store_replacing(store: MarksStore) -> Iterator[MarksStore]:
    """An empty store beside `store` for the next county's registers, which takes `store`'s
    place (the old marks deleted) when the block ends without an exception, and is deleted
    otherwise. Put the database's transaction inside the block, so that the marks change only
    once the county they belong to is committed."""
    staging = MarksStore(store.root.with_name(f".{store.root.name}.loading"))
    shutil.rmtree(staging.root, ignore_errors=True)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging.root, ignore_errors=True)
        raise
    staging.root.mkdir(parents=True, exist_ok=True)
    old = store.root.with_name(f".{store.root.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if store.root.exists():
        os.replace(store.root, old)
    os.replace(staging.root, store.root)
    shutil.rmtree(old, ignore_errors=True)


@transaction.atomic
def county_delete(*, progress: Progress = _quiet) -> dict[str, int]:
    """Delete the demo county: its schools, trusts, pupils and everything hanging off them.
    Districts stay (they are reference data, upserted by the next load); demo users stay but
    lose their scope until the next load gives them one again."""
    # The schools' pathways and the Front Door's year refer to pupils, schools, exclusions, ladder
    # steps and users, so they go first.
    pathways = PathwayNotification.objects.filter(school__in=demo_establishments())
    pathway_count = pathways.delete()[0]
    deleted = front_door_delete(schools=demo_establishments())
    deleted["pathway notifications"] = pathway_count
    demo_users.demo_users_unscope()
    # SEND casework refers to pupils, schools and plans: plans (and their panels) first.
    deleted |= send_plans_delete(pupils=demo_pupils())
    deleted |= send_casework_delete(pupils=demo_pupils())
    # Meetings go with their schools; their actions may name pupils, so they go first.
    schools = demo_establishments()
    deleted["meeting actions"] = TsmAction.objects.filter(
        meeting__establishment__in=schools
    ).delete()[0]
    deleted["support steps"] = SupportStep.objects.filter(pupil__in=demo_pupils()).delete()[0]
    deleted["exclusions"] = Exclusion.objects.filter(pupil__in=demo_pupils()).delete()[0]
    pupils = demo_pupils()
    # A parent's link to a demo child, whoever the parent is, goes with the child.
    User.children.through.objects.filter(pupil__in=pupils).delete()
    deleted["characteristic periods"] = CharacteristicPeriod.objects.filter(
        pupil__in=pupils
    ).delete()[0]
    progress("deleting", 1, 4)
    if _only_demo_tables_refer_to_pupils():
        deleted["pupils"], deleted["enrolments"] = _pupils_delete_fast(pupils)
    else:
        # The ORM cascades to, or is stopped by, other apps' records.
        _, by_model = pupils.delete()
        deleted["pupils"] = by_model.get(Pupil._meta.label, 0)
        deleted["enrolments"] = by_model.get(Enrolment._meta.label, 0)
    progress("deleting", 2, 4)
    deleted["report card evaluations"] = ReportCardEvaluation.objects.filter(
        inspection__establishment__in=schools
    ).delete()[0]
    deleted["Ofsted inspections"] = OfstedInspection.objects.filter(
        establishment__in=schools
    ).delete()[0]
    progress("deleting", 3, 4)
    deleted["establishments"] = schools.delete()[0]
    deleted["trusts"] = demo_trusts().delete()[0]
    progress("deleting", 4, 4)
    return deleted


def _only_demo_tables_refer_to_pupils() -> bool:
    """Whether every table that refers to pupils is one the delete has already emptied of the
    county's pupils (SEND casework, parents' links to children) or deletes with them
    (enrolments, characteristics)."""
    return {rel.related_model for rel in Pupil._meta.related_objects} <= {
        Enrolment,
        CharacteristicPeriod,
        User,
        *SEND_TABLES,
    }


def _pupils_delete_fast(pupils) -> tuple[int, int]:
    """Delete the pupils, then their enrolments, each in one statement. Django's foreign keys
    are deferred to the end of the transaction on SQLite and PostgreSQL, so the enrolments
    may outlive their pupils for a moment. The ORM's own cascade takes minutes' worth of
    batched IN lists for a whole county, and only runs when other tables refer to pupils."""
    select, params = pupils.values("pk").query.get_compiler(connection.alias).as_sql()
    quote = connection.ops.quote_name
    table, key = quote(Pupil._meta.db_table), quote(Pupil._meta.pk.column)
    with connection.cursor() as cursor:
        # The subquery is the ORM's own SQL for `pupils`; its values are parameters.
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({select})", params)  # noqa: S608
        pupil_count = cursor.rowcount
    enrolments = Enrolment.objects.filter(establishment__in=demo_establishments()).delete()[0]
    return pupil_count, enrolments


def _districts_upsert() -> dict[int, int]:
    """The twelve districts, created or brought up to date; ids by calibration index."""
    existing = {
        d.code: d for d in District.objects.filter(code__in=[d.code for d in cal.DISTRICTS])
    }
    to_create, to_update = [], []
    for district in cal.DISTRICTS:
        values = {"name": district.name, "la_code": cal.LA_CODE, "area": district.area}
        found = existing.get(district.code)
        if found is None:
            to_create.append(District(code=district.code, **values))
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            to_update.append(found)
    District.objects.bulk_create(to_create)
    District.objects.bulk_update(to_update, ["name", "la_code", "area"])
    ids = dict(
        District.objects.filter(code__in=[d.code for d in cal.DISTRICTS]).values_list("code", "id")
    )
    return {index: ids[district.code] for index, district in enumerate(cal.DISTRICTS)}


def _trusts_insert(county: County) -> dict[int, int]:
    trusts = [Trust(uid=t.uid, name=t.name, kind=t.kind) for t in county.trusts]
    Trust.objects.bulk_create(trusts, batch_size=BATCH)
    return {record.index: trust.pk for record, trust in zip(county.trusts, trusts, strict=True)}


def _schools_insert(county: County, district_ids, trust_ids, progress: Progress) -> dict[int, int]:
    schools = [
        Establishment(
            urn=s.urn,
            laestab=s.laestab,
            name=s.name,
            establishment_type=s.establishment_type,
            phase=s.phase,
            sector=s.sector,
            statutory_low_age=s.low_age,
            statutory_high_age=s.high_age,
            gender=s.gender,
            religious_character=s.religious_character,
            has_sixth_form=s.has_sixth_form,
            selective=s.selective,
            town=s.town,
            postcode=s.postcode,
            district_id=district_ids[s.district],
            trust_id=trust_ids[s.trust] if s.trust is not None else None,
            capacity=s.capacity,
            published_admission_number=s.pan,
            number_on_roll=s.number_on_roll,
            status=Establishment.Status.OPEN,
            opened_on=s.opened_on,
        )
        for s in county.schools
    ]
    Establishment.objects.bulk_create(schools, batch_size=BATCH)
    progress("schools", len(schools), len(schools))
    return {record.index: school.pk for record, school in zip(county.schools, schools, strict=True)}


def _pupils_insert(county: County, progress: Progress) -> list[int]:
    """Write the pupils; their ids by pupil index, read back in one query by UPN."""
    day = connection.ops.adapt_datefield_value
    rows = [
        (p.upn, p.first_name, p.last_name, day(p.date_of_birth), p.sex, p.ethnicity)
        for p in county.pupils
    ]
    fields = ("upn", "first_name", "last_name", "date_of_birth", "sex", "ethnicity")
    rows_insert(Pupil, fields, rows, "pupils", progress)
    ids = dict(Pupil.objects.values_list("upn", "id"))
    return [ids[p.upn] for p in county.pupils]


def _enrolments_insert(county: County, pupil_ids, school_ids, progress: Progress) -> int:
    day = connection.ops.adapt_datefield_value
    rows = [
        (
            pupil_ids[e.pupil],
            school_ids[e.school],
            day(e.admission_date),
            day(e.leaving_date),
            e.nc_year_on_admission,
            e.registration,
        )
        for e in county.enrolments
    ]
    fields = (
        "pupil",
        "establishment",
        "admission_date",
        "leaving_date",
        "nc_year_on_admission",
        "registration",
    )
    rows_insert(Enrolment, fields, rows, "enrolments", progress)
    return len(rows)


def _periods_insert(county: County, pupil_ids, progress: Progress) -> int:
    day = connection.ops.adapt_datefield_value
    rows = [
        (pupil_ids[p.pupil], p.characteristic, day(p.start_date), day(p.end_date))
        for p in county.periods
    ]
    fields = ("pupil", "characteristic", "start_date", "end_date")
    rows_insert(CharacteristicPeriod, fields, rows, "characteristics", progress)
    return len(rows)


def _inspections_insert(county: County, school_ids, progress: Progress) -> tuple[int, int]:
    inspections = [
        OfstedInspection(
            establishment_id=school_ids[i.school],
            inspection_date=i.inspection_date,
            published_on=i.published_on,
            framework=i.framework,
            kind=i.kind,
            overall_effectiveness=i.overall_effectiveness,
            quality_of_education=i.quality_of_education,
            behaviour_and_attitudes=i.behaviour_and_attitudes,
            personal_development=i.personal_development,
            leadership_and_management=i.leadership_and_management,
            safeguarding_effective=i.safeguarding_effective,
        )
        for i in county.inspections
    ]
    OfstedInspection.objects.bulk_create(inspections, batch_size=BATCH)
    evaluations = [
        ReportCardEvaluation(inspection_id=inspection.pk, area=area, grade=grade)
        for record, inspection in zip(county.inspections, inspections, strict=True)
        for area, grade in record.evaluations
    ]
    ReportCardEvaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    progress("inspections", len(inspections), len(inspections))
    return len(inspections), len(evaluations)
