"""The block transfer compared: consultation options (schools block scenarios) at MFG levels
side by side on one schools dataset, with downloads and the consultation pack (PDF)."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from frontdoor.funding import (
    block_transfer,
    charts_lff,
    consultation,
    lff_scenario,
    selectors,
    tables_lff,
)
from frontdoor.funding.forms_lff_compare import LffCompareForm
from frontdoor.funding.models import Scenario
from frontdoor.funding.schools_block import CannotBalance
from frontdoor.reports.pdf import PdfUnavailable, pdf_response
from frontdoor.reports.tables import table_response, workbook_response

KIND = Scenario.Kind.LFF
CHART_TITLE = "Each school's change against its NFF allocation, by option and MFG level"


@require_GET
def compare(request):
    scenarios = selectors.scenarios_of(request.user, KIND)
    datasets = selectors.datasets_of(request.user)
    bound = "scenario" in request.GET
    latest = datasets.first()
    form = LffCompareForm(
        request.GET if bound else None,
        scenarios=scenarios,
        datasets=datasets,
        initial={"mfg": ["0"], "dataset": latest.pk if latest else None},
    )
    context = {"form": form}
    if bound and form.is_valid() and (variants := _variants(form)):
        chosen, dataset = form.cleaned_data["scenario"], form.cleaned_data["dataset"]
        context |= {
            "variants": variants,
            "dataset": dataset,
            "table": tables_lff.variants_table(variants),
            "changes": tables_lff.changes_table(variants),
            "chart": charts_lff.changes_by_variant(variants, title=CHART_TITLE),
            "secretary_of_state": any(v.run.needs_secretary_of_state for v in variants),
            "downloads": _links(request),
        }
        name = slugify(f"schools-block-options-{dataset.name}")
        download = request.GET.get("download")
        if download in ("csv", "xlsx", "pdf"):
            response = _download(request, download, name, context, chosen)
            if response is not None:
                return response
    return render(request, "funding/lff_compare.html", context)


def _variants(form):
    """Every option at every MFG level, or None with the problem on the form."""
    chosen = form.cleaned_data["scenario"]
    policies = [selectors.scenario_policy(scenario) for scenario in chosen]
    if len({policy.year for policy in policies}) > 1:
        form.add_error("scenario", "Choose options for the same year")
        return None
    schools = selectors.dataset_schools(form.cleaned_data["dataset"])
    levels = [level / 100 for level in form.cleaned_data["mfg"]]
    try:
        return block_transfer.compare(schools, lff_scenario.nff_of(policies[0]), policies, levels)
    except CannotBalance as refused:
        form.add_error("scenario", f"An option cannot be balanced: {refused}")
        return None


def _download(request, kind: str, name: str, context: dict, chosen):
    if kind == "csv":
        changes = context["changes"]
        return table_response("csv", name=name, header=changes.export_header,
                              rows=changes.export_rows())  # fmt: skip
    if kind == "xlsx":
        sheets = [(title, table.export_header, table.export_rows())
                  for title, table in (("Options", context["table"]),
                                       ("Schools", context["changes"]))]  # fmt: skip
        return workbook_response(name=name, sheets=sheets)
    try:
        return pdf_response("funding/lff_pack_print.html", _pack(context, chosen),
                            filename=f"{name}-consultation-pack.pdf")  # fmt: skip
    except PdfUnavailable as missing:
        messages.error(request, f"The PDF could not be made here. {missing}")
        return None


def _pack(context: dict, chosen) -> dict:
    variants = context["variants"]
    first_of_each = {}  # the tightening test: factor values barely move with the MFG
    for variant in variants:
        first_of_each.setdefault(variant.option, variant)
    levels = list(dict.fromkeys(variant.mfg * 100 for variant in variants))
    return context | {
        "questions": consultation.questions(
            transfer=variants[0].run.policy.transfer,
            options=[(scenario.name, scenario.description) for scenario in chosen],
            mfg_levels=levels,
        ),
        "summaries": [
            tables_lff.summary_table(v.run, caption=f"County summary: {v.label}") for v in variants
        ],
        "tightening": [
            (option, tables_lff.tightening_table(variant.run))
            for option, variant in first_of_each.items()
        ],
    }


def _links(request) -> dict[str, str]:
    query = request.GET.copy()
    links = {}
    for kind in ("csv", "xlsx", "pdf"):
        query["download"] = kind
        links[kind] = f"?{query.urlencode()}"
    return links
