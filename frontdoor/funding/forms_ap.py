"""The AP/PRU allocation scenario as a form: the option, the basis, the place rate and cost, the
county budget (or each district's total), the stage 1 weights and a row a district, written back
to the scenario's TOML (`body`). Blank rows are left out, so there is always room for another
district. Schools are kept as the scenario has them (they are edited in the TOML): a district
with schools keeps them, and its pupils are theirs."""

from django import forms

from frontdoor.funding import toml_text
from frontdoor.funding.ap_allocation import CENSUS, DELEGATED, DEVOLVED, FACTORS, PAN
from frontdoor.funding.forms import AmountField, ScenarioForm, amount_text, rows_posted

SPARE_ROWS = 3
MAX_ROWS = 60
HEADER = (
    "Written by the funding pages from the scenario's form (comments in the TOML are not kept).\n"
    "Money is pounds. Keys: frontdoor/funding/ap_scenario.py."
)
OPTION_LABELS = {
    DELEGATED: "Delegated: places commissioned at each district's PRU, the rest devolved",
    DEVOLVED: "Devolved: each district's whole total devolved to its schools",
}
BASIS_LABELS = {
    CENSUS: "The October census: KS3+KS4 pupils",
    PAN: "PAN: each school's Year 7 published admission number × 5",
}
FACTOR_LABELS = {
    "deprivation": "deprivation",
    "children_in_care": "children in care",
    "eal": "EAL",
}
# form suffix -> (TOML key, label)
DISTRICT_FIGURES = {
    "name": ("name", "name"),
    "pupils": ("ks3_ks4_pupils", "KS3+KS4 pupils"),
    "pan": ("pan", "Year 7 PAN"),
    "total": ("district_total", "district total (£)"),
    **{factor: (factor, f"{label} count") for factor, label in FACTOR_LABELS.items()},
}
# Figures a district with schools takes from them.
FROM_SCHOOLS = ("pupils", "pan")
PLACE_FIELDS = ("place_rate_percent", "place_cost")
TOP_LEVEL = ("option", "basis", *PLACE_FIELDS, "county_budget")


class APForm(ScenarioForm):
    option = forms.ChoiceField(
        label="Option within each district",
        choices=list(OPTION_LABELS.items()),
        required=False,
        widget=forms.RadioSelect,
    )
    basis = forms.ChoiceField(
        label="Pupils counted",
        choices=list(BASIS_LABELS.items()),
        required=False,
        widget=forms.RadioSelect,
        help_text="On PAN, a district without schools gives its Year 7 PANs summed.",
    )
    place_rate_percent = AmountField(
        label="Place rate (% of KS3+KS4 pupils)",
        required=False,
        width=4,
        help_text="Places commissioned at the PRU per 100 KS3+KS4 pupils: 0.42 in 2018.",
    )
    place_cost = AmountField(
        label="Cost of a place (£)", required=False, help_text="£18,000 in 2018."
    )
    county_budget = AmountField(
        label="County AP budget (£)",
        required=False,
        width=20,
        help_text="Shared between the districts by their weighted counts. Leave it blank to "
        "give each district's total yourself.",
    )
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS)

    def __init__(self, *args, base: dict, **kwargs):
        districts = base.get("districts", [])
        data = args[0] if args else kwargs.get("data")
        rows = (
            rows_posted(data, "rows", least=1, most=MAX_ROWS)
            if data is not None
            else len(districts) + SPARE_ROWS
        )
        kwargs["initial"] = initial_from(base) | {"rows": rows} | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        for factor, label in FACTOR_LABELS.items():
            self.fields[f"weight_{factor}"] = AmountField(
                label=f"Weight for {label}",
                required=False,
                width=4,
                help_text="Blank: not weighted.",
            )
        self.row_count = rows
        # The schools of the district the row was filled from (row n: the scenario's nth).
        self.schools_of_row = {
            row: district["schools"]
            for row, district in enumerate(districts, start=1)
            if row <= rows and district.get("schools")
        }
        self.row_of_district: dict[int, int] = {}  # TOML's districts[n] -> the form's row
        for row in range(1, rows + 1):
            for suffix, (_, what) in DISTRICT_FIGURES.items():
                if row in self.schools_of_row and suffix in FROM_SCHOOLS:
                    continue
                label = f"District {row}: {what}"
                if suffix == "name":
                    field = forms.CharField(label=label, required=False, max_length=80)
                else:
                    field = AmountField(
                        label=label,
                        required=False,
                        whole=suffix != "total",
                        width=10 if suffix == "total" else 5,
                    )
                self.fields[f"district_{row}_{suffix}"] = field

    def weight_fields(self):
        return [self[f"weight_{factor}"] for factor in FACTOR_LABELS]

    def district_rows(self):
        """Each row's cells: a field, or the text shown for a figure its schools give."""
        return [
            [
                self._schools_text(row, DISTRICT_FIGURES[suffix][0])
                if f"district_{row}_{suffix}" not in self.fields
                else self[f"district_{row}_{suffix}"]
                for suffix in DISTRICT_FIGURES
            ]
            for row in range(1, self.row_count + 1)
        ]  # fmt: skip

    def _schools_text(self, row: int, key: str) -> str:
        """The figure its schools give: "2,100 (its 3 schools)", or "(its 3 schools)" when not
        every school gives it."""
        schools = self.schools_of_row[row]
        whose = f"(its {len(schools)} school{'s' if len(schools) != 1 else ''})"
        if not all(isinstance(school.get(key), int) for school in schools):
            return whose
        return f"{sum(school[key] for school in schools):,} {whose}"

    def clean(self):
        cleaned = super().clean()
        cleaned["option"] = cleaned.get("option") or DELEGATED
        cleaned["basis"] = cleaned.get("basis") or CENSUS
        if cleaned["option"] == DELEGATED:
            for name in PLACE_FIELDS:
                if cleaned.get(name) is None and name not in self.errors:
                    label = self.fields[name].label
                    self.add_error(name, f"Enter {label[0].lower()}{label[1:]}")
        pooled = cleaned.get("county_budget") is not None
        self.districts = []
        for row in range(1, self.row_count + 1):
            given = {
                s: cleaned.get(f"district_{row}_{s}")
                for s in DISTRICT_FIGURES
                if f"district_{row}_{s}" in self.fields
            }
            if all(value in ("", None) for value in given.values()):
                continue
            if not given["name"]:
                self.add_error(f"district_{row}_name", f"District {row}: enter its name")
            if given.get("pupils", 0) is None and f"district_{row}_pupils" not in self.errors:
                self.add_error(f"district_{row}_pupils", f"District {row}: enter KS3+KS4 pupils")
            if pooled and given["total"] is not None:
                self.add_error(
                    f"district_{row}_total",
                    f"District {row}: leave the district total blank when the county budget is "
                    "shared out, or clear the county budget",
                )
            self.row_of_district[len(self.districts) + 1] = row
            district = {DISTRICT_FIGURES[s][0]: v for s, v in given.items() if v not in ("", None)}
            if row in self.schools_of_row:
                district["schools"] = self.schools_of_row[row]
            self.districts.append(district)
        if not self.districts and not self.errors:
            self.add_error("district_1_name", "Enter at least one district")
        return cleaned

    def body(self) -> str:
        c = self.cleaned_data
        data = {key: c[key] for key in TOP_LEVEL if c.get(key) not in ("", None)}
        weights = {f: c[f"weight_{f}"] for f in FACTORS if c.get(f"weight_{f}") is not None}
        if weights:
            data["weights"] = weights
        data["districts"] = self.districts
        return toml_text.dumps(data, header=HEADER)

    def field_for_key(self, key: str) -> str | None:
        if key in TOP_LEVEL:
            return key
        if key.startswith("weights."):
            return f"weight_{key.removeprefix('weights.')}"
        if key.startswith("districts[") and "]" in key:
            number = key[len("districts[") : key.index("]")]
            row = self.row_of_district.get(int(number)) if number.isdigit() else None
            by_key = {toml_key: suffix for suffix, (toml_key, _) in DISTRICT_FIGURES.items()}
            suffix = by_key.get(key.partition("].")[2], "name")
            field = f"district_{row}_{suffix}"
            return field if field in self.fields else f"district_{row}_name" if row else None
        return None


def initial_from(data: dict) -> dict:
    initial = {key: amount_text(data.get(key)) for key in (*PLACE_FIELDS, "county_budget")}
    initial |= {"option": data.get("option", DELEGATED), "basis": data.get("basis", CENSUS)}
    weights = data.get("weights", {})
    initial |= {f"weight_{factor}": amount_text(weights.get(factor)) for factor in FACTORS}
    for row, district in enumerate(data.get("districts", []), start=1):
        for suffix, (key, _) in DISTRICT_FIGURES.items():
            value = district.get(key)
            initial[f"district_{row}_{suffix}"] = (
                value or "" if suffix == "name" else amount_text(value)
            )
    return initial
