"""The GIAS import writes all or nothing, only what the file says, and the same file twice
changes nothing. Also the `frontdoor import_gias` command."""

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from frontdoor.core.models import AuditEvent
from frontdoor.schools.gias import GiasImportError, parse_gias_csv
from frontdoor.schools.models import District, Establishment, Sector, Trust
from frontdoor.schools.services import ImportSummary, establishments_import_gias
from frontdoor.schools.tests.test_gias import (
    FULL_COLUMNS,
    kent_gias_path,
    school,
    write_gias,
)


def import_file(path, by=None) -> ImportSummary:
    return establishments_import_gias(rows=parse_gias_csv(path), by=by)


def register() -> dict:
    """Every establishment and trust as stored, to show that a refused import changed nothing."""
    return {
        "establishments": {e.urn: model_to_dict(e) for e in Establishment.objects.all()},
        "trusts": {t.uid: model_to_dict(t) for t in Trust.objects.all()},
    }


@pytest.mark.django_db
def test_the_kent_sample_imports_and_a_second_import_changes_nothing():
    kent_gias = kent_gias_path()
    assert import_file(kent_gias) == ImportSummary(created=259, updated=0, unchanged=0)
    assert Establishment.objects.count() == 259
    assert Counter(Establishment.objects.values_list("sector", flat=True)) == {
        Sector.PRIMARY: 224,
        Sector.SECONDARY: 16,
        Sector.ALL_THROUGH: 1,
        Sector.SPECIAL: 17,
        Sector.NURSERY: 1,
    }
    assert set(Establishment.objects.filter(selective=True).values_list("urn", flat=True)) >= {
        118790,
        118840,
        118843,
    }
    assert Establishment.objects.filter(selective=True).count() == 9
    langton = Establishment.objects.get(urn=118840)
    assert langton.name == "Simon Langton Girls' Grammar School"
    assert (langton.establishment_type, langton.gender, langton.postcode) == (
        "Voluntary controlled school",
        "Girls",
        "CT1 3EW",
    )
    assert (langton.laestab, langton.sector, langton.status) == ("8864534", "secondary", "open")
    assert langton.selective and langton.has_sixth_form
    assert langton.age_range == "11 to 18"
    judd = Establishment.objects.get(urn=118843)
    assert (judd.name, judd.establishment_type, judd.gender, judd.postcode) == (
        "The Judd School",
        "Voluntary aided school",
        "Boys",
        "TN9 2PN",
    )
    twgsb = Establishment.objects.get(urn=118790)
    assert (twgsb.name, twgsb.establishment_type, twgsb.postcode) == (
        "Tunbridge Wells Grammar School for Boys",
        "Community school",
        "TN4 9XB",
    )
    assert (twgsb.district, twgsb.trust) == (None, None)

    before = register()
    assert import_file(kent_gias) == ImportSummary(created=0, updated=0, unchanged=259)
    assert register() == before
    events = AuditEvent.objects.filter(action="schools.import_gias").order_by("id")
    assert [event.detail for event in events] == [
        {"created": 259, "updated": 0, "unchanged": 0, "skipped": 0},
        {"created": 0, "updated": 0, "unchanged": 259, "skipped": 0},
    ]


@pytest.mark.django_db
def test_an_update_writes_only_the_fields_the_file_has(tmp_path):
    district = District.objects.create(code="E07000105", name="Ashford", la_code="886")
    Establishment.objects.create(
        urn=118229,
        laestab="8868229",
        name="Old Name Primary School",
        establishment_type="Community school",
        phase="Primary",
        sector=Sector.PRIMARY,
        district=district,
        number_on_roll=300,
        published_admission_number=45,
    )
    path = write_gias(tmp_path / "g.csv", [school(118229, EstablishmentName="New Name Primary")])
    assert import_file(path) == ImportSummary(created=0, updated=1, unchanged=0)
    updated = Establishment.objects.get(urn=118229)
    assert (updated.name, updated.town, updated.statutory_low_age) == (
        "New Name Primary",
        "Ashford",
        4,
    )
    # Not in a reduced extract, so left as they were.
    assert (updated.district, updated.number_on_roll, updated.published_admission_number) == (
        district,
        300,
        45,
    )


@pytest.mark.django_db
def test_an_invalid_row_in_the_middle_imports_nothing(tmp_path, county):
    before = register()
    rows = [school(118229 + n) for n in range(20)]
    rows[10]["StatutoryLowAge"] = "eleven"
    rows += [school(990001, EstablishmentName="Renamed"), school(990002, Town="Elsewhere")]
    path = write_gias(tmp_path / "g.csv", rows)
    with pytest.raises(GiasImportError) as raised:
        import_file(path)
    assert [str(problem) for problem in raised.value.problems] == [
        "line 12, StatutoryLowAge: 'eleven' is not a number"
    ]
    assert register() == before
    assert not AuditEvent.objects.filter(action="schools.import_gias").exists()


@pytest.mark.django_db
def test_an_unknown_district_imports_nothing(tmp_path, county):
    """Districts are checked against the database, inside the import's one transaction."""
    before = register()
    rows = [
        school(990001, EstablishmentName="Renamed", DistrictAdministrative="E07000901"),
        school(140001, DistrictAdministrative="E07000999", Trusts="16777"),
        school(140002, DistrictAdministrative="E07000999"),
        school(140003, DistrictAdministrative="E07000998"),
    ]
    rows[1]["Trusts (name)"] = "A New Trust"
    columns = [c for c in FULL_COLUMNS if c != "TrustSchoolFlag (name)"]
    with pytest.raises(GiasImportError) as raised:
        import_file(write_gias(tmp_path / "g.csv", rows, columns))
    assert [str(problem) for problem in raised.value.problems] == [
        "line 3, DistrictAdministrative (code): 'E07000999' is not the code of any district "
        "in Front Door (also on 1 other lines)",
        "line 5, DistrictAdministrative (code): 'E07000998' is not the code of any district "
        "in Front Door",
    ]
    assert register() == before


@pytest.mark.django_db
def test_districts_trusts_and_dates_of_a_full_extract(tmp_path, county):
    rows = [
        school(
            990001,
            EstablishmentName="Alder Primary School",
            DistrictAdministrative="E07000902",
            NumberOfPupils="215",
            SchoolCapacity="210",
            OpenDate="01-09-1975",
        ),
        school(
            140001,
            TypeOfEstablishment="Academy converter",
            PhaseOfEducation="Secondary",
            StatutoryLowAge="11",
            StatutoryHighAge="18",
            DistrictAdministrative="E07000901",
            TrustSchoolFlag="Supported by a multi-academy trust",
            Trusts="9001",
        ),
        school(
            140002,
            TypeOfEstablishment="Academy converter",
            TrustSchoolFlag="Supported by a single-academy trust",
            Trusts="4001",
            EstablishmentStatus="Open, but proposed to close",
            CloseDate="31-08-2027",
        ),
    ]
    rows[1]["Trusts (name)"] = "Weald and Downs Trust"
    rows[2]["Trusts (name)"] = "Hythe Academy Trust"
    path = write_gias(tmp_path / "g.csv", rows, FULL_COLUMNS)
    assert import_file(path) == ImportSummary(created=2, updated=1, unchanged=0)

    alder = Establishment.objects.get(urn=990001)
    assert (alder.district, alder.number_on_roll, alder.capacity) == (county.south, 215, 210)
    assert str(alder.opened_on) == "1975-09-01"
    assert alder.trust is None
    academy = Establishment.objects.select_related("trust", "district").get(urn=140001)
    assert (academy.district, academy.trust, academy.sector) == (
        county.north,
        county.trust,
        Sector.SECONDARY,
    )
    assert academy.is_academy
    county.trust.refresh_from_db()
    assert county.trust.name == "Weald and Downs Trust"  # renamed in GIAS
    closing = Establishment.objects.get(urn=140002)
    assert (closing.trust.uid, closing.trust.name, closing.trust.kind) == (
        "4001",
        "Hythe Academy Trust",
        Trust.Kind.SINGLE_ACADEMY,
    )
    assert (closing.status, str(closing.closed_on)) == ("closing", "2027-08-31")

    before = register()
    assert import_file(path) == ImportSummary(created=0, updated=0, unchanged=3)
    assert register() == before


@pytest.mark.django_db
def test_proposed_schools_and_non_schools_are_skipped(tmp_path):
    rows = [
        school(118229),
        school(150001, EstablishmentStatus="Proposed to open"),
        school(150002, TypeOfEstablishment="Online provider"),
    ]
    summary = import_file(write_gias(tmp_path / "g.csv", rows))
    assert summary == ImportSummary(created=1, updated=0, unchanged=0, skipped=2)
    assert list(Establishment.objects.values_list("urn", flat=True)) == [118229]


@pytest.mark.django_db
def test_a_windows_1252_file_imports_its_accents(tmp_path):
    rows = [
        school(118229, EstablishmentName="St Mary’s Church of England Primary School"),
        school(118230, EstablishmentName="Élan Academy"),
    ]
    import_file(write_gias(tmp_path / "g.csv", rows, encoding="cp1252"))
    assert set(Establishment.objects.values_list("name", flat=True)) == {
        "St Mary’s Church of England Primary School",
        "Élan Academy",
    }


@pytest.mark.django_db
def test_the_importer_and_the_audit_event(tmp_path, persona):
    path = write_gias(tmp_path / "g.csv", [school(118229)])
    with pytest.raises(PermissionDenied):
        import_file(path, by=persona("head_a"))
    admin = persona("la_admin")
    import_file(path, by=admin)
    event = AuditEvent.objects.get(action="schools.import_gias")
    assert (event.actor, event.object_id) == (admin, "")


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_file(tmp_path, django_assert_max_num_queries):
    rows = [school(200000 + n) for n in range(2000)]
    path = write_gias(tmp_path / "g.csv", rows, FULL_COLUMNS)
    with django_assert_max_num_queries(120):  # SQLite inserts about 40 rows a query
        assert import_file(path).created == 2000
    renamed = [school(200000 + n, EstablishmentName=f"Renamed {n}") for n in range(2000)]
    path = write_gias(tmp_path / "g.csv", renamed, FULL_COLUMNS)
    with django_assert_max_num_queries(30):
        assert import_file(path).updated == 2000


@pytest.mark.django_db
def test_the_command_prints_a_summary(tmp_path):
    path = write_gias(tmp_path / "g.csv", [school(118229), school(118230)])
    out = StringIO()
    call_command("import_gias", str(path), stdout=out)
    assert out.getvalue() == f"Imported {path}: 2 created, 0 updated, 0 unchanged.\n"


@pytest.mark.django_db
def test_the_command_lists_every_problem_and_fails(tmp_path):
    rows = [school(118229), school(118230, URN="ABC"), school(118229)]
    path = write_gias(tmp_path / "g.csv", rows)
    err = StringIO()
    with pytest.raises(CommandError, match=r"2 problems in .*; nothing was imported"):
        call_command("import_gias", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path}: line 3, URN: 'ABC' is not a number",
        f"{path}: line 4, URN: 118229 appears again (first on line 2)",
    ]
    assert not Establishment.objects.exists()


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_gias", str(tmp_path / "missing.csv"))
