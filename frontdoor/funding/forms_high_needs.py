"""The high needs scenario as a form: the headline figures a finance officer changes, written
back to the scenario's TOML (`body`). Reforms, which the form does not show, are carried over
from the scenario being edited; they and everything else can be changed on its TOML page."""

from decimal import Decimal, InvalidOperation

from django import forms

from frontdoor.core.rounding import round_half_up
from frontdoor.funding import toml_text
from frontdoor.funding.forms import AmountField, ScenarioForm, amount_text
from frontdoor.funding.high_needs import PLACEMENT_NAMES, PLACEMENTS

# form prefix -> (TOML key path, label, unit)
SERIES = {
    "grant": ("grant", "Grant", "£ a year"),
    "schools_block": ("transfers.schools_block", "Schools block", "£ a year"),
    "transfer_percent": ("transfers.percent", "Transfer to high needs", "% of the schools block"),
    "safety_valve": ("safety_valve", "Safety Valve payments", "£ a year"),
    "la_contributions": ("la_contributions", "Council contributions", "£ a year"),
}
OPTIONAL_SERIES = {"schools_block", "transfer_percent", "safety_valve", "la_contributions"}
# form suffix -> (TOML key, label)
PLACEMENT_FIGURES = {
    "pupils": ("pupils", "pupils in the first year"),
    "growth": ("growth_percent", "growth in pupils (% a year)"),
    "unit_cost": ("unit_cost", "cost a pupil in the first year (£)"),
    "inflation": ("cost_inflation_percent", "cost inflation (% a year)"),
}
HEADER = (
    "Written by the funding pages from the scenario's form (comments in the TOML are not kept).\n"
    "Money is pounds; rates are percent a year. Keys: frontdoor/funding/high_needs_scenario.py."
)


class FiguresField(forms.CharField):
    """One figure for the first year, or one a year: "285,000,000 300,000,000" (spaces, new
    lines or semicolons between figures)."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        figures = []
        for part in text.replace(";", " ").split():
            cleaned = part.replace(",", "").replace("£", "").replace("_", "").removesuffix("%")
            try:
                figure = Decimal(cleaned)
            except InvalidOperation:
                figure = None
            if figure is None or not figure.is_finite():
                raise forms.ValidationError(f"{self.label}: {part!r} is not a number")
            figures.append(figure)
        return figures


def _figures_field(label: str, unit: str, required: bool) -> FiguresField:
    field = FiguresField(
        label=f"{label} ({unit})",
        required=required,
        help_text="One figure for the first year, or one for each year separated by spaces.",
        error_messages={"required": f"Enter the {label.lower()} for the first year"},
    )
    field.widget.attrs.update({"class": "govuk-!-width-full", "spellcheck": "false"})
    return field


class HighNeedsForm(ScenarioForm):
    first_year = forms.CharField(
        label="First year",
        help_text="A financial year, like 2023-24.",
        error_messages={"required": "Enter the first year, like 2023-24"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    years = AmountField(label="Years to forecast", whole=True, width=3, help_text="1 to 50.")
    opening_balance = AmountField(
        label="Opening balance (£)",
        width=20,
        help_text="The accumulated balance at the start of the first year; a deficit is negative.",
    )

    def __init__(self, *args, base: dict, **kwargs):
        """`base`: the scenario's tables (as tomllib reads them), which fill the form unless it
        is bound, and whose reforms are kept."""
        self.base = base
        kwargs["initial"] = initial_from(base) | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        for prefix, (_, label, unit) in SERIES.items():
            required = prefix not in OPTIONAL_SERIES
            self.fields[f"{prefix}_figures"] = _figures_field(label, unit, required)
            self.fields[f"{prefix}_growth"] = AmountField(
                label=f"{label}: growth (% a year)",
                required=False,
                width=4,
                help_text="With one figure only.",
            )
        for placement in PLACEMENTS:
            for suffix, (_, what) in PLACEMENT_FIGURES.items():
                self.fields[f"{placement}_{suffix}"] = AmountField(
                    label=f"{PLACEMENT_NAMES[placement].capitalize()}: {what}", width=10
                )

    # Layout, for the template ----------------------------------------------------------------

    def series_rows(self):
        return [(self[f"{p}_figures"], self[f"{p}_growth"]) for p in SERIES]

    def placement_rows(self):
        return [
            (PLACEMENT_NAMES[p].capitalize(), [self[f"{p}_{s}"] for s in PLACEMENT_FIGURES])
            for p in PLACEMENTS
        ]

    def reforms(self) -> list[dict]:
        return list(self.base.get("reforms", []))

    # Checks and the TOML ---------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        for prefix in SERIES:
            figures = cleaned.get(f"{prefix}_figures") or []
            if len(figures) > 1 and cleaned.get(f"{prefix}_growth") is not None:
                self.add_error(
                    f"{prefix}_growth",
                    f"{self.fields[f'{prefix}_growth'].label}: leave it blank when you give a "
                    "figure for each year",
                )
        return cleaned

    def body(self) -> str:
        c = self.cleaned_data
        data = {
            "first_year": c["first_year"].strip(),
            "years": c["years"],
            "opening_balance": c["opening_balance"],
            "grant": self._series("grant"),
            "demand": {
                p: {key: c[f"{p}_{suffix}"] for suffix, (key, _) in PLACEMENT_FIGURES.items()}
                for p in PLACEMENTS
            },
        }
        if c["schools_block_figures"] or c["transfer_percent_figures"]:
            data["transfers"] = {
                "schools_block": self._series("schools_block"),
                "percent": self._series("transfer_percent"),
            }
        for prefix in ("safety_valve", "la_contributions"):
            if c[f"{prefix}_figures"]:
                data[prefix] = self._series(prefix)
        if self.reforms():
            data["reforms"] = self.reforms()
        return toml_text.dumps(data, header=HEADER)

    def _series(self, prefix: str) -> dict | None:
        figures = self.cleaned_data[f"{prefix}_figures"]
        growth = self.cleaned_data[f"{prefix}_growth"]
        if not figures:
            return {}  # reported by the scenario's checks as missing, on this field
        if len(figures) == 1:
            return {"start": figures[0], "growth_percent": growth or Decimal(0)}
        return {"values": figures}

    def field_for_key(self, key: str) -> str | None:
        if key in ("first_year", "years", "opening_balance"):
            return key
        if key == "transfers":
            return "schools_block_figures"
        for prefix, (path, _, _) in SERIES.items():
            if key == path or key.startswith(f"{path}."):
                return f"{prefix}_growth" if key.endswith("growth_percent") else f"{prefix}_figures"
        parts = key.split(".")
        if parts[0] == "demand" and len(parts) > 1 and parts[1] in PLACEMENTS:
            by_key = {toml_key: suffix for suffix, (toml_key, _) in PLACEMENT_FIGURES.items()}
            return f"{parts[1]}_{by_key.get(parts[2] if len(parts) > 2 else '', 'pupils')}"
        return None


def initial_from(data: dict) -> dict:
    """The form's fields from a scenario's tables."""
    initial = {
        "first_year": data.get("first_year", ""),
        "years": data.get("years", ""),
        "opening_balance": amount_text(data.get("opening_balance")),
    }
    for prefix, (path, _, _) in SERIES.items():
        series = data
        for part in path.split("."):
            series = series.get(part, {}) if isinstance(series, dict) else {}
        if "values" in series:
            initial[f"{prefix}_figures"] = " ".join(amount_text(v) for v in series["values"])
        elif "start" in series:
            initial[f"{prefix}_figures"] = amount_text(series["start"])
            initial[f"{prefix}_growth"] = amount_text(series.get("growth_percent", 0))
    for placement, figures in data.get("demand", {}).items():
        for suffix, (key, _) in PLACEMENT_FIGURES.items():
            initial[f"{placement}_{suffix}"] = amount_text(figures.get(key))
    return initial


def panel_commitments_initial(commitments) -> dict:
    """The independent placements' pupils and cost a pupil from the placement panel's running
    commitments (`send.panel.Commitments`), to fill the form with; nothing when none run."""
    if not commitments.placements:
        return {}
    return {
        "independent_pupils": amount_text(commitments.placements),
        "independent_unit_cost": amount_text(round_half_up(commitments.unit_cost, 0)),
    }
