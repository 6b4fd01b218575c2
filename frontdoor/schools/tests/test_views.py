from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from frontdoor.core.models import AuditEvent
from frontdoor.schools.models import Establishment
from frontdoor.schools.selectors import good_or_better_by_sector

HEADER = (
    "URN,LA (code),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
    "PhaseOfEducation (name),EstablishmentStatus (name),StatutoryLowAge,StatutoryHighAge\n"
)


def csv_upload(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("gias.csv", (HEADER + "".join(rows)).encode(), "text/csv")


def test_la_admin_imports_a_gias_file_from_the_browser(county, signed_in):
    client = signed_in("la_admin")
    upload = csv_upload("990010,886,2999,Elm Primary School,Community school,Primary,Open,4,11\n")
    response = client.post("/schools/import/", {"file": upload}, follow=True)
    assert "Imported the register: 1 new" in response.text
    assert Establishment.objects.get(urn=990010).sector == "primary"
    assert AuditEvent.objects.filter(action="schools.import_gias").count() == 1


def test_a_bad_file_lists_its_problems_and_imports_nothing(county, signed_in):
    client = signed_in("la_admin")
    upload = csv_upload(
        "990010,886,2999,Elm Primary School,Community school,Primary,Open,4,11\n",
        "ABC,886,2998,Fir Primary School,Community school,Primary,Open,4,11\n",
    )
    response = client.post("/schools/import/", {"file": upload})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Nothing was imported" in response.text
    assert "ABC" in response.text and "is not a number" in response.text
    assert not Establishment.objects.filter(urn=990010).exists()


def test_only_csv_files_are_accepted(county, signed_in):
    upload = SimpleUploadedFile("gias.xlsx", b"not a csv", "application/vnd.ms-excel")
    response = signed_in("la_admin").post("/schools/import/", {"file": upload})
    assert "The selected file must be a CSV" in response.text


def test_the_register_search_filters_by_name_phase_and_district(county, signed_in):
    client = signed_in("analyst")
    names = lambda response: [school.name for school in response.context["page"]]  # noqa: E731
    assert names(client.get("/schools/", {"q": "beech"})) == ["Beech Academy"]
    assert names(client.get("/schools/", {"q": str(county.school_c.urn)})) == [
        "Cedar Special School"
    ]
    assert names(client.get("/schools/", {"sector": "primary"})) == ["Alder Primary School"]
    by_district = client.get("/schools/", {"district": county.north.pk})
    assert names(by_district) == ["Alder Primary School", "Cedar Special School"]


def test_a_school_page_shows_inspections_and_links_pupils_only_in_scope(county, signed_in):
    url = f"/schools/{county.school_a.urn}/"
    response = signed_in("head_a").get(url)
    assert "Good" in response.text and "Pupils on roll" in response.text
    client = signed_in("head_b")
    assert "Pupils on roll" not in client.get(url).text


def test_good_or_better_by_sector_counts_schools_and_pupils(county):
    rows = {row.label: row for row in good_or_better_by_sector()}
    # A (primary, 210 on roll) is good, B (secondary, 900) inadequate, C (special) never graded.
    assert (rows["Primary"].schools_good_or_better, rows["Primary"].pupils_percent) == (
        1,
        Decimal("100.0"),
    )
    assert rows["Secondary"].schools_percent == Decimal("0.0")
    assert rows["Special"].schools_graded == 0 and rows["Special"].schools_percent is None
    everyone = rows["All schools"]
    assert (everyone.schools, everyone.schools_graded, everyone.schools_good_or_better) == (3, 2, 1)
    # Pupils: 210 of 1,110 in graded schools = 18.918...% -> 18.9
    assert everyone.pupils_percent == Decimal("18.9")


def test_home_page_shows_the_county_figures(county, signed_in):
    response = signed_in("partner_police").get("/")
    assert response.status_code == 200
    assert "Schools in the county" in response.text
    assert "18.9%" in response.text
    assert "Alder Primary School" in response.text  # recent inspections


def test_home_page_lists_a_heads_own_school(county, signed_in):
    response = signed_in("head_a").get("/")
    assert [school.name for school in response.context["my_schools"]] == ["Alder Primary School"]
