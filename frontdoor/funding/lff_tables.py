"""The schools block formula's results as tables: one row a school, and the county summary. The
command line, the pages, the Excel workbook and the consultation pack all show these."""

from decimal import Decimal

from frontdoor.core.rounding import percent_as_set
from frontdoor.funding.lff import SchoolBudget
from frontdoor.funding.nff_values import FACTORS
from frontdoor.funding.schools_block import BlockRun

FACTOR_COLUMNS = tuple(f"lff_{factor}" for factor in FACTORS if factor != "mppl")
SCHOOL_COLUMNS = (
    "urn",
    "name",
    "district",
    "phase",
    "maintained",
    "pupils",
    "nff_allocation",
    "lff_allocation",
    "change",
    "change_percent",
    *FACTOR_COLUMNS,
    "mppl_top_up",
    "premises",
    "mfg_top_up",
    "capping",
    "de_delegation",
    "final_budget",
    "lff_per_pupil",
)


def school_rows(run: BlockRun) -> list[dict]:
    """Unrounded figures, one dict a school, keyed by SCHOOL_COLUMNS; `lff_allocation` is the
    budget share after the MFG and capping, before de-delegation (the NFF has none)."""
    return [
        _school_row(local, national)
        for local, national in zip(run.budgets, run.nff_budgets, strict=True)
    ]


def _school_row(local: SchoolBudget, national: SchoolBudget) -> dict:
    school = local.school
    change = local.budget_share - national.budget_share
    return {
        "urn": school.urn,
        "name": school.name,
        "district": school.district,
        "phase": school.phase,
        "maintained": "yes" if school.maintained else "no",
        "pupils": school.pupils_on_roll,
        "nff_allocation": national.budget_share,
        "lff_allocation": local.budget_share,
        "change": change,
        "change_percent": change * 100 / national.budget_share if national.budget_share else None,
        **{f"lff_{f}": local.factors.get(f, Decimal(0)) for f in FACTORS if f != "mppl"},
        "mppl_top_up": local.mppl_top_up,
        "premises": local.premises,
        "mfg_top_up": local.mfg_top_up,
        "capping": local.capping,
        "de_delegation": local.de_delegation,
        "final_budget": local.final,
        "lff_per_pupil": local.per_pupil,
    }


def summary_rows(run: BlockRun) -> list[tuple[str, Decimal | int | str | None]]:
    """The county summary: (line, figure), money in pounds, unrounded."""
    schools = len(run.budgets)
    losing = sum(
        1
        for a, b in zip(run.budgets, run.nff_budgets, strict=True)
        if a.budget_share < b.budget_share
    )
    return [
        ("Schools", schools),
        ("Pupils (reception to Y11)", sum(b.school.pupils_on_roll for b in run.budgets)),
        ("Schools block", run.schools_block),
        (f"Transfer to high needs ({percent_as_set(run.policy.transfer)})", run.released),
        ("Held centrally (growth and falling rolls)", run.policy.central),
        ("Available for schools' budget shares", run.available),
        ("NFF notional allocations", run.nff_total),
        ("Local formula budget shares", run.total),
        ("of which MPPL top-ups", run.sum_of("mppl_top_up")),
        ("of which MFG top-ups", run.sum_of("mfg_top_up")),
        ("Capping deductions", run.sum_of("capping")),
        ("Headroom (shortfall if negative)", run.gap),
        ("De-delegated from maintained schools", run.sum_of("de_delegation")),
        ("Schools below their NFF allocation", losing),
    ]
