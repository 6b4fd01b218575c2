"""The schools block's charts: every school's change against its NFF allocation, as a % of
that allocation, a histogram for each phase (one run) or for each option and MFG level."""

from collections.abc import Sequence

from frontdoor.funding.block_transfer import Variant
from frontdoor.funding.lff_tables import school_rows
from frontdoor.funding.schools_block import BlockRun
from frontdoor.funding.tables_lff import PHASE_NAMES
from frontdoor.reports import charts

AXIS = "Change against the NFF allocation (% of it)"
PHASE_ORDER = ["Primary", "Middle", "Secondary", "All-through"]


def _phase(phase: str) -> str:
    return PHASE_NAMES.get(phase, phase.capitalize())


def changes_by_phase(run: BlockRun, *, title: str) -> str:
    rows = [
        {"row": _phase(row["phase"]), "value": float(row["change_percent"]),
         "colour": "Maintained" if row["maintained"] == "yes" else "Academy"}
        for row in school_rows(run)
        if row["change_percent"] is not None
    ]  # fmt: skip
    order = [p for p in PHASE_ORDER if any(r["row"] == p for r in rows)]
    return charts.histograms(rows, title=title, axis=AXIS, order=order)


def changes_by_variant(variants: Sequence[Variant], *, title: str) -> str:
    rows = [
        {"row": variant.label, "value": float(change * 100 / national.budget_share),
         "colour": _phase(national.school.phase)}
        for variant in variants
        for change, national in zip(variant.changes(), variant.run.nff_budgets, strict=True)
        if national.budget_share
    ]  # fmt: skip
    return charts.histograms(rows, title=title, axis=AXIS, order=[v.label for v in variants])
