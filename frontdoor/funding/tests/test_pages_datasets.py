"""Schools datasets: uploads in CSV and Excel, every problem listed by line and column with
nothing saved, the summary by district and phase, and the CSV back exactly as saved."""

import csv
import io
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from frontdoor.core.models import User
from frontdoor.funding.models import Scenario, SchoolsDataset
from frontdoor.funding.schools_data import schools_csv
from frontdoor.funding.services import scenario_publish
from frontdoor.funding.tests.schools import county

UPLOAD = reverse("funding_dataset_upload")


def _csv(text: str, name: str = "schools.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def _xlsx(text: str) -> SimpleUploadedFile:
    book = Workbook()
    for row in csv.reader(io.StringIO(text)):
        book.active.append([int(cell) if cell.isdigit() else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("schools.xlsx", buffer.getvalue())


def _post(client, file, name="October 2023 census"):
    return client.post(UPLOAD, {"name": name, "description": "APT", "file": file})


@pytest.mark.parametrize("as_file", [_csv, _xlsx])
def test_a_good_file_is_saved_as_the_models_csv(finance, as_file):
    schools = county(12)
    response = _post(finance, as_file(schools_csv(schools)))
    dataset = SchoolsDataset.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("funding_dataset", kwargs={"dataset_id": dataset.pk})
    assert dataset.body == schools_csv(schools)
    assert dataset.schools == 12
    assert dataset.pupils == sum(school.pupils_on_roll for school in schools)


@pytest.mark.parametrize("as_file", [_csv, _xlsx])
def test_every_problem_is_listed_and_nothing_is_saved(finance, as_file):
    schools = county(6)
    schools[2] = replace(schools[2], phase="nursery")
    text = schools_csv(schools).replace(f"\n{schools[4].urn},", "\n,", 1)
    page = _post(finance, as_file(text)).content.decode()
    assert "There is a problem" in page
    assert "line 4: phase: &#x27;nursery&#x27; is not one of primary, middle, secondary" in page
    assert "line 6: urn: is empty" in page
    assert "frontdoor-schools-" not in page  # the temporary directory is not named
    assert not SchoolsDataset.objects.exists()


def test_a_missing_column_and_a_wrong_kind_of_file(finance):
    text = schools_csv(county(2)).replace("fsm6_primary", "ever6_primary")
    page = _post(finance, _csv(text)).content.decode()
    assert "line 1: fsm6_primary: missing column" in page
    page = _post(finance, _csv(text, name="schools.txt")).content.decode()
    assert "The selected file must be a CSV or an Excel (.xlsx) file" in page
    page = finance.post(UPLOAD, {"name": ""}).content.decode()
    assert "Enter a name for the dataset" in page and "Select a CSV or Excel file" in page
    assert not SchoolsDataset.objects.exists()


def test_a_name_already_taken(finance, dataset):
    page = _post(finance, _csv(schools_csv(county(2))), name=dataset.name.upper()).content
    assert "There is already a dataset called" in page.decode()
    assert SchoolsDataset.objects.count() == 1


def test_the_summary_counts_schools_by_district_and_phase(finance, dataset, schools):
    url = reverse("funding_dataset", kwargs={"dataset_id": dataset.pk})
    page = finance.get(url).content.decode()
    north = [s for s in schools if s.district == "North"]
    row = page.split('<th scope="row" class="govuk-table__header">North</th>')[1]
    cells = [cell.split(">", 1)[1] for cell in row.split("</tr>")[0].split("</td>")[:-1]]
    primaries = sum(1 for s in north if s.phase == "primary")
    assert cells == [str(primaries), str(len(north) - primaries), str(len(north)),
                     f"{sum(s.pupils_on_roll for s in north):,}"]  # fmt: skip
    assert f"{dataset.pupils:,}" in page
    download = finance.get(url, {"download": "csv"})
    assert download.content.decode() == dataset.body
    listing = finance.get(reverse("funding_datasets")).content.decode()
    assert dataset.name in listing and "24" in listing


def test_deleting_a_dataset_stops_showing_what_was_published_on_it(finance, examples, dataset):
    scenario = examples["Continue the targeted approach"]
    officer = User.objects.get(username="finance")
    scenario_publish(by=officer, scenario=scenario, dataset=dataset)
    url = reverse("funding_dataset_delete", kwargs={"dataset_id": dataset.pk})
    assert "Delete Test county, October?" in finance.get(url).content.decode()
    finance.post(url)
    assert not SchoolsDataset.objects.exists()
    assert Scenario.objects.get(pk=scenario.pk).published_at is None
