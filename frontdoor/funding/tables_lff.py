"""The schools block's results as tables (funding.tables.Table): the county summary, the factor
values against the NFF, the tightening test, every school's line, variants side by side, and a
school's own lines. Money is shown to the pound and downloaded to the penny, half up."""

from collections.abc import Sequence
from decimal import Decimal

from frontdoor.core.rounding import percent_as_set, round_half_up
from frontdoor.funding import tightening
from frontdoor.funding.block_transfer import Variant
from frontdoor.funding.lff_tables import SCHOOL_COLUMNS, school_rows, summary_rows
from frontdoor.funding.nff_values import FACTORS, factor_name
from frontdoor.funding.schools_block import BlockRun
from frontdoor.funding.tables import Cell, Table, label

PHASE_NAMES = {"primary": "Primary", "ks3": "KS3", "ks4": "KS4", "secondary": "Secondary"}
TAGS = {
    tightening.WITHIN: "green",
    tightening.MOVED: "turquoise",
    tightening.NOT_USED: "red",
    tightening.TOO_FAR: "red",
    tightening.NO_HISTORY: "orange",
}


def pounds(value: Decimal | None) -> Cell:
    if value is None:
        return Cell("", "", numeric=True)
    shown = round_half_up(value, 0)
    return Cell(round_half_up(value, 2), f"−{-shown:,}" if shown < 0 else f"{shown:,}")


def percent(value: Decimal | None, places: int = 1) -> Cell:
    if value is None:
        return Cell("", "", numeric=True)
    shown = round_half_up(value, places)
    return Cell(round_half_up(value, 4), f"−{-shown}%" if shown < 0 else f"{shown}%")


def count(value: int) -> Cell:
    return Cell(value, f"{value:,}")


def summary_table(run: BlockRun, *, caption: str = "County summary") -> Table:
    rows = [
        [label(line), count(figure) if isinstance(figure, int) else pounds(figure)]
        for line, figure in summary_rows(run)
    ]
    return Table(caption, ["", "£ or number"], ["line", "figure (£ or number)"], rows)


def factors_table(run: BlockRun) -> Table:
    """Each factor's value for each phase: the NFF's, the policy's starting value and the value
    used after balancing, each as a % of the NFF, with where the NFF value comes from."""
    nff, start = run.nff, run.policy.values(run.nff)
    rows = []
    for factor, (_, keys) in FACTORS.items():
        for key in keys:
            national = nff.value(factor, key)
            used = factor in run.values
            before = start[factor][key] if used else None
            after = run.values[factor][key] if used else None
            rows.append([
                label(f"{factor_name(factor)}, {PHASE_NAMES[key]}"),
                pounds_exact(national),
                pounds_exact(before) if used else label("not used"),
                _share(before, national),
                pounds_exact(after) if used else label("not used"),
                _share(after, national),
                label(nff.sources.get(factor, "")),
            ])  # fmt: skip
    return Table(
        f"Factor values against the NFF {nff.year} (£ a pupil, or a school for the lump sum "
        "and sparsity)",
        ["Factor", "NFF (£)", "Policy (£)", "Policy (% of NFF)", "After balancing (£)",
         "After balancing (% of NFF)", "Source of the NFF value"],
        ["factor", "nff", "policy", "policy_percent_of_nff", "after_balancing",
         "after_balancing_percent_of_nff", "nff_source"],
        rows,
    )  # fmt: skip


def pounds_exact(value: Decimal | None) -> Cell:
    """A factor value: pence shown where there are any (balancing leaves them)."""
    if value is None:
        return Cell("", "", numeric=True)
    exact = round_half_up(value, 2)
    text = f"{exact:,}" if exact != exact.to_integral_value() else f"{int(exact):,}"
    return Cell(exact, text)


def _share(value: Decimal | None, national: Decimal) -> Cell:
    if value is None or not national:
        return Cell("", "", numeric=True)
    return percent(value * 100 / national, 2)


def tightening_table(run: BlockRun) -> Table:
    """Every factor and phase checked, the failures first."""
    checks = tightening.check(run.values, run.policy.last_year, run.nff)
    checks.sort(key=lambda check: check.passed)
    rows = [
        [
            label(check.label),
            pounds_exact(check.nff),
            pounds_exact(check.last_year),
            pounds_exact(check.this_year),
            percent(None if check.moved_closer is None else check.moved_closer * 100),
            Cell(check.outcome, check.outcome, numeric=False, tag=TAGS[check.outcome]),
        ]
        for check in checks
    ]
    tolerance, move = (round_half_up(share * 100, 1) for share in run.nff.tightening)
    return Table(
        f"Tightening test: within {tolerance}% of the NFF, or {move}% closer than last year",
        ["Factor", "NFF (£)", "Last year (£)", "This year (£)", "Moved closer", "Outcome"],
        ["factor", "nff", "last_year", "this_year", "moved_closer_percent", "outcome"],
        rows,
    )


def tightening_failures(run: BlockRun) -> int:
    return len(tightening.failures(tightening.check(run.values, run.policy.last_year, run.nff)))


PAGE_COLUMNS = {
    "urn": "URN",
    "name": "School",
    "district": "District",
    "phase": "Phase",
    "pupils": "Pupils",
    "nff_allocation": "NFF allocation (£)",
    "lff_allocation": "Local formula (£)",
    "change": "Change (£)",
    "change_percent": "Change",
    "mfg_top_up": "MFG top-up (£)",
    "de_delegation": "De-delegated (£)",
    "final_budget": "Final budget (£)",
}
TEXT_COLUMNS = ("urn", "name", "district", "phase", "maintained")


def schools_table(run: BlockRun, *, caption: str = "Every school") -> Table:
    """A row a school with the page's columns (the download has every SCHOOL_COLUMNS)."""
    rows = [[_school_cell(c, row[c]) for c in PAGE_COLUMNS] for row in school_rows(run)]
    return Table(caption, list(PAGE_COLUMNS.values()), list(PAGE_COLUMNS), rows)


def _school_cell(column: str, value) -> Cell:
    if column in TEXT_COLUMNS:
        return label(str(value))
    if column == "pupils":
        return count(value)
    if column == "change_percent":
        return percent(value, 2)
    return pounds(value)


def school_export_rows(run: BlockRun) -> list[list]:
    """Every SCHOOL_COLUMNS, money to the penny (as `frontdoor funding lff` writes them)."""
    return [
        [
            value if column in TEXT_COLUMNS or column == "pupils" or value is None
            else round_half_up(value, 2)
            for column in SCHOOL_COLUMNS
            for value in [row[column]]
        ]
        for row in school_rows(run)
    ]  # fmt: skip


# Variants side by side ------------------------------------------------------------------------


def variants_table(variants: Sequence[Variant]) -> Table:
    """A line a measure, a column a variant (an option at an MFG level)."""
    lines = [
        ("Released to high needs (£)", "released", lambda v: pounds(v.run.released)),
        ("Balancing multiplier (% of the starting values)", "multiplier_percent",
         lambda v: percent(None if v.run.multiplier is None else v.run.multiplier * 100, 2)),
        ("Capping's scaling", "scaling_percent", lambda v: percent(v.run.scaling * 100, 1)),
        ("Schools below their NFF allocation", "schools_losing",
         lambda v: count(v.schools_losing)),
        ("Largest loss a pupil against the NFF (£)", "largest_loss_per_pupil",
         lambda v: pounds(v.largest_loss_per_pupil)),
        ("MFG top-ups (£)", "mfg_cost", lambda v: pounds(v.run.sum_of("mfg_top_up"))),
        ("Budget shares in all (£)", "budget_shares", lambda v: pounds(v.run.total)),
        ("Headroom, shortfall if negative (£)", "headroom", lambda v: pounds(v.run.gap)),
        ("Tightening test failures", "tightening_failures",
         lambda v: count(tightening_failures(v.run))),
    ]  # fmt: skip
    names = [variant.label for variant in variants]
    rows = [[label(text), *(cell(v) for v in variants)] for text, _, cell in lines]
    return Table("The options side by side", ["", *names], ["measure", *names], rows)


def changes_table(variants: Sequence[Variant]) -> Table:
    """A row a school: its NFF allocation and its change against it under each variant."""
    first = variants[0].run
    changes = [variant.changes() for variant in variants]
    rows = [
        [label(budget.school.urn), label(budget.school.name), label(budget.school.phase),
         count(budget.school.pupils_on_roll), pounds(budget.budget_share),
         *(pounds(column[index]) for column in changes)]
        for index, budget in enumerate(first.nff_budgets)
    ]  # fmt: skip
    names = [variant.label for variant in variants]
    return Table(
        "Each school's change against its NFF allocation (£)",
        ["URN", "School", "Phase", "Pupils", "NFF allocation (£)", *names],
        ["urn", "name", "phase", "pupils", "nff_allocation", *(f"change: {n}" for n in names)],
        rows,
    )


# A school's own lines -------------------------------------------------------------------------


def own_school_table(lines: Sequence[tuple[str, dict]], *, caption: str) -> Table:
    """A row a published scenario: (its name, the school's row from lff_tables.school_rows)."""
    rows = [
        [label(name), pounds(row["nff_allocation"]), pounds(row["lff_allocation"]),
         pounds(row["change"]), percent(row["change_percent"], 2),
         pounds(row["lff_per_pupil"]), pounds(row["mfg_top_up"]),
         pounds(row["de_delegation"]), pounds(row["final_budget"])]
        for name, row in lines
    ]  # fmt: skip
    return Table(
        caption,
        ["Scenario", "NFF allocation (£)", "Local formula (£)", "Change (£)", "Change",
         "Per pupil (£)", "MFG top-up (£)", "De-delegated (£)", "Final budget (£)"],
        ["scenario", "nff_allocation", "lff_allocation", "change", "change_percent",
         "lff_per_pupil", "mfg_top_up", "de_delegation", "final_budget"],
        rows,
    )  # fmt: skip


def run_sheets(run: BlockRun) -> list[tuple[str, list[str], list[list]]]:
    """The run as a workbook's sheets: the summary, every school (every SCHOOL_COLUMNS), the
    factor values and the tightening test."""
    tables = {
        "Summary": summary_table(run),
        "Factor values": factors_table(run),
        "Tightening test": tightening_table(run),
    }
    sheets = [(title, table.export_header, table.export_rows()) for title, table in tables.items()]
    sheets.insert(1, ("Schools", list(SCHOOL_COLUMNS), school_export_rows(run)))
    return sheets


def headlines(run: BlockRun) -> dict[str, str]:
    """The policy's choices in words, for the top of its page."""
    policy = run.policy
    balance = policy.balance
    if balance.method == "factors":
        moved = [factor_name(f) for f in balance.factors]
        names = "every factor but the MPPL" if len(moved) >= len(FACTORS) - 1 else (
            " and ".join([", ".join(moved[:-1]), moved[-1]]) if len(moved) > 1 else moved[0]
        )  # fmt: skip
        balancing = f"{names} moved together, to {percent(run.multiplier * 100, 2).text} of " \
            "their starting values"  # fmt: skip
    elif balance.method == "scaling":
        balancing = (f"Gains above {percent_as_set(policy.cap)} a pupil scaled back at "
                     f"{percent(run.scaling * 100, 1).text}")  # fmt: skip
    else:
        balancing = f"None: headroom of £{pounds(run.gap).text} (a shortfall if negative)"
    return {
        "mfg_text": "Off" if policy.mfg is None else percent_as_set(policy.mfg),
        "transfer_percent": f"{percent_as_set(policy.transfer)} (£{pounds(run.released).text})",
        "balancing_text": balancing,
    }
