"""The block transfer compared: the consultation options at MFG levels side by side against
`block_transfer.compare` run directly, the downloads and the consultation pack."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from frontdoor.core.rounding import round_half_up
from frontdoor.funding import block_transfer, lff_policy, nff_values
from frontdoor.funding.schools_block import DATA_LFF

NFF = nff_values.load("2023-24")
URL = reverse("funding_lff_compare")
OPTIONS = ("Continue the targeted approach", "Spread the reduction across all factors")


def _query(examples, dataset, **extra):
    return {"scenario": [examples[name].pk for name in OPTIONS], "mfg": ["0", "0.5"],
            "dataset": dataset.pk} | extra  # fmt: skip


def _direct(schools):
    policies = [
        lff_policy.load(DATA_LFF / f"kent_2023-24_{file}.toml", NFF)
        for file in ("targeted", "shared")
    ]
    return block_transfer.compare(schools, NFF, policies, [Decimal(0), Decimal("0.005")])


def test_the_options_side_by_side_are_the_models(finance, examples, dataset, schools):
    page = finance.get(URL, _query(examples, dataset)).content.decode()
    variants = _direct(schools)
    assert "Continue the targeted approach, MFG 0.5%" in page
    row = page.split("Schools below their NFF allocation</th>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:-1]] == [
        str(v.schools_losing) for v in variants
    ]
    row = page.split("Released to high needs (£)</th>")[1].split("</tr>")[0]
    assert f"{round_half_up(variants[0].run.released, 0):,}" in row
    assert "needs the Secretary of State" in page
    assert "<svg" in page and "consultation pack (PDF)" in page


def test_the_choices_are_checked(finance, examples, dataset):
    page = finance.get(URL, {"scenario": [examples[OPTIONS[0]].pk]}).content.decode()
    assert "Choose 2 to 4 scenarios to compare (you chose 1)" in page
    assert "Choose at least one MFG level" in page
    high_needs = examples["Current trajectory"].pk
    page = finance.get(URL, _query(examples, dataset) | {"scenario": [high_needs]}).content
    assert "Choose scenarios from the list" in page.decode()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_schools_change_downloads(finance, examples, dataset, schools, kind):
    response = finance.get(URL, _query(examples, dataset, download=kind))
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
    else:
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Options", "Schools"]
        rows = [[str(c) for c in row] for row in book["Schools"].iter_rows(values_only=True)]
    variants = _direct(schools)
    assert rows[0][:5] == ["urn", "name", "phase", "pupils", "nff_allocation"]
    assert rows[0][5:] == [f"change: {v.label}" for v in variants]
    assert len(rows) == len(schools) + 1
    school_a = next(row for row in rows if row[0] == "990001")
    index = [s.urn for s in schools].index("990001")
    assert [Decimal(cell) for cell in school_a[5:]] == [
        round_half_up(v.changes()[index], 2) for v in variants
    ]


def test_the_consultation_pack_is_a_pdf(finance, examples, dataset):
    response = finance.get(URL, _query(examples, dataset, download="pdf"))
    if response["Content-Type"] != "application/pdf":
        pytest.skip("WeasyPrint cannot run here")
    assert response.content.startswith(b"%PDF-")
    assert "consultation-pack.pdf" in response["Content-Disposition"]


def test_the_consultation_pack_asks_the_seeds_questions(examples, dataset, schools):
    from django.template.loader import render_to_string

    from frontdoor.funding import consultation, tables_lff

    variants = _direct(schools)
    html = render_to_string("funding/lff_pack_print.html", {
        "variants": variants, "dataset": dataset,
        "questions": consultation.questions(
            transfer=Decimal("0.01"), options=[(name, "") for name in OPTIONS],
            mfg_levels=[Decimal(0), Decimal("0.5")]),
        "summaries": [tables_lff.summary_table(v.run) for v in variants],
        "table": tables_lff.variants_table(variants), "chart": "<svg></svg>",
        "tightening": [(OPTIONS[0], tables_lff.tightening_table(variants[0].run))],
        "changes": tables_lff.changes_table(variants),
    })  # fmt: skip
    assert "Do you support the 1% transfer from the schools to the high needs block?" in html
    assert "on what basis should the schools local funding formula be set?" in html
    assert "What level should we set the MFG?" in html and "0.5%" in html
    assert "Alder Primary School" in html and "Beech Academy" in html
