"""The AP/PRU allocation scenario as a form: the place rate and cost, the county budget (or each
district's total) and a row a district, written back to the scenario's TOML (`body`). Blank rows
are left out, so there is always room for another district."""

from django import forms

from frontdoor.funding import toml_text
from frontdoor.funding.forms import AmountField, ScenarioForm, amount_text

SPARE_ROWS = 3
MAX_ROWS = 60
HEADER = (
    "Written by the funding pages from the scenario's form (comments in the TOML are not kept).\n"
    "Money is pounds. Keys: frontdoor/funding/ap_scenario.py."
)
# form suffix -> (TOML key, label)
DISTRICT_FIGURES = {
    "name": ("name", "name"),
    "pupils": ("ks3_ks4_pupils", "KS3+KS4 pupils"),
    "total": ("district_total", "district total (£)"),
}


class APForm(ScenarioForm):
    place_rate_percent = AmountField(
        label="Place rate (% of KS3+KS4 pupils)",
        width=4,
        help_text="Places commissioned at the PRU per 100 KS3+KS4 pupils: 0.42 in 2018.",
    )
    place_cost = AmountField(label="Cost of a place (£)", help_text="£18,000 in 2018.")
    county_budget = AmountField(
        label="County AP budget (£)",
        required=False,
        width=20,
        help_text="Shared between the districts pro rata to their KS3+KS4 pupils. Leave it "
        "blank to give each district's total yourself.",
    )
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS)

    def __init__(self, *args, base: dict, **kwargs):
        districts = base.get("districts", [])
        data = args[0] if args else kwargs.get("data")
        rows = _rows_posted(data) if data is not None else len(districts) + SPARE_ROWS
        kwargs["initial"] = initial_from(base) | {"rows": rows} | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.row_count = rows
        self.row_of_district: dict[int, int] = {}  # TOML's districts[n] -> the form's row
        for row in range(1, rows + 1):
            for suffix, (_, what) in DISTRICT_FIGURES.items():
                label = f"District {row}: {what}"
                if suffix == "name":
                    field = forms.CharField(label=label, required=False, max_length=80)
                else:
                    field = AmountField(label=label, required=False, whole=suffix == "pupils")
                self.fields[f"district_{row}_{suffix}"] = field

    def district_rows(self):
        return [
            [self[f"district_{row}_{suffix}"] for suffix in DISTRICT_FIGURES]
            for row in range(1, self.row_count + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        pooled = cleaned.get("county_budget") is not None
        self.districts = []
        for row in range(1, self.row_count + 1):
            given = {s: cleaned.get(f"district_{row}_{s}") for s in DISTRICT_FIGURES}
            if given["name"] in ("", None) and given["pupils"] is None and given["total"] is None:
                continue
            if not given["name"]:
                self.add_error(f"district_{row}_name", f"District {row}: enter its name")
            if given["pupils"] is None and f"district_{row}_pupils" not in self.errors:
                self.add_error(f"district_{row}_pupils", f"District {row}: enter KS3+KS4 pupils")
            if pooled and given["total"] is not None:
                self.add_error(
                    f"district_{row}_total",
                    f"District {row}: leave the district total blank when the county budget is "
                    "shared out, or clear the county budget",
                )
            self.row_of_district[len(self.districts) + 1] = row
            self.districts.append(
                {DISTRICT_FIGURES[s][0]: v for s, v in given.items() if v not in ("", None)}
            )
        if not self.districts and not self.errors:
            self.add_error("district_1_name", "Enter at least one district")
        return cleaned

    def body(self) -> str:
        c = self.cleaned_data
        data = {"place_rate_percent": c["place_rate_percent"], "place_cost": c["place_cost"]}
        if c["county_budget"] is not None:
            data["county_budget"] = c["county_budget"]
        data["districts"] = self.districts
        return toml_text.dumps(data, header=HEADER)

    def field_for_key(self, key: str) -> str | None:
        if key in ("place_rate_percent", "place_cost", "county_budget"):
            return key
        if key.startswith("districts[") and "]" in key:
            number = key[len("districts[") : key.index("]")]
            row = self.row_of_district.get(int(number)) if number.isdigit() else None
            by_key = {toml_key: suffix for suffix, (toml_key, _) in DISTRICT_FIGURES.items()}
            suffix = by_key.get(key.partition("].")[2], "name")
            return f"district_{row}_{suffix}" if row else None
        return None


def _rows_posted(data) -> int:
    try:
        return max(1, min(int(data.get("rows", 1)), MAX_ROWS))
    except (TypeError, ValueError):
        return 1


def initial_from(data: dict) -> dict:
    initial = {
        "place_rate_percent": amount_text(data.get("place_rate_percent")),
        "place_cost": amount_text(data.get("place_cost")),
        "county_budget": amount_text(data.get("county_budget")),
    }
    for row, district in enumerate(data.get("districts", []), start=1):
        initial[f"district_{row}_name"] = district.get("name", "")
        initial[f"district_{row}_pupils"] = amount_text(district.get("ks3_ks4_pupils"))
        initial[f"district_{row}_total"] = amount_text(district.get("district_total"))
    return initial
