"""The schools block scenario (a local formula policy) as a form: the year, each factor as a %
of the NFF (or in pounds), whether it is used, the MFG, capping, the block and its transfer, how
the formula is balanced, and de-delegation, written back to the scenario's TOML (`body`). Last
year's values (for the tightening test) and the area cost adjustment are carried over from the
scenario being edited; they and everything else can be changed on its TOML page."""

from decimal import Decimal

from django import forms

from frontdoor.funding import nff_values, toml_text
from frontdoor.funding.forms import AmountField, ScenarioForm, amount_text, rows_posted
from frontdoor.funding.lff_policy import BALANCE_METHODS
from frontdoor.funding.nff_values import FACTORS, factor_keys, factor_name
from frontdoor.funding.tables_lff import PHASE_NAMES

HUNDRED = Decimal(100)
SPARE_ROWS = 2
MAX_ROWS = 30
PARTS = ("primary", "secondary")
BALANCED = [(f, factor_name(f)) for f in FACTORS if f != "mppl"]
METHOD_LABELS = {
    "none": "None: the formula as set (the headroom or shortfall is shown)",
    "factors": "Move the chosen factors together by one multiplier",
    "scaling": "Capping and scaling: solve the scaling of gains above the cap",
}
# form field -> TOML key path
SIMPLE_KEYS = {
    "year": "year",
    "mfg_percent": "mfg_percent",
    "cap_percent": "capping.cap_percent",
    "scaling_percent": "capping.scaling_percent",
    "schools_block": "block.schools_block",
    "transfer_percent": "block.transfer_percent",
    "central": "block.central",
    "balance_method": "balance.method",
    "balance_factors": "balance.factors",
}
HEADER = (
    "Written by the funding pages from the scenario's form (comments in the TOML are not kept).\n"
    "Money is pounds. Keys: frontdoor/funding/lff_policy.py."
)


class FactorValueField(AmountField):
    """A factor's value: a % of the NFF ("99", "99%") or pounds ("£120,000"); blank: 100%."""

    def to_python(self, value):
        text = (value or "").strip()
        number = super().to_python(value)
        if number is None:
            return None
        return ("pounds" if "£" in text else "percent", number)


def _mfg_ranges() -> str:
    ranges = []
    for year in nff_values.years():
        low, high = nff_values.load(year).mfg_range
        ranges.append(f"{year}: {amount_text(low * 100)}% to {amount_text(high * 100)}%")
    return "; ".join(ranges)


class LffForm(ScenarioForm):
    year = forms.ChoiceField(label="Year", choices=(), help_text="The NFF values the formula uses.")
    mfg_percent = AmountField(
        label="Minimum funding guarantee (% a pupil)",
        required=False,
        width=4,
        help_text=f"Blank: no MFG. The range allowed is {_mfg_ranges()}.",
    )
    cap_percent = AmountField(
        label="Cap on gains (% a pupil)",
        required=False,
        width=4,
        help_text="Blank: no capping. Gains a pupil above this are taken back at the scaling.",
    )
    scaling_percent = AmountField(
        label="Scaling (% of gains above the cap taken back)",
        required=False,
        width=4,
        help_text="0 to 100. Solved for you when the formula is balanced by capping and scaling.",
    )
    schools_block = AmountField(
        label="Schools block (£)",
        required=False,
        width=20,
        help_text="Blank: the sum of the schools' NFF allocations.",
    )
    transfer_percent = AmountField(
        label="Transfer to high needs (% of the schools block)",
        required=False,
        width=4,
        help_text="Blank: none. Above 0.5% needs the Secretary of State's approval.",
    )
    central = AmountField(
        label="Held centrally: growth and falling rolls (£)",
        required=False,
        width=10,
        help_text="Blank: none.",
    )
    balance_method = forms.ChoiceField(
        label="How the formula is made to fit the money",
        choices=[(method, METHOD_LABELS[method]) for method in BALANCE_METHODS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the formula is made to fit the money"},
    )
    balance_factors = forms.MultipleChoiceField(
        label="Factors moved together",
        choices=BALANCED,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For moving the chosen factors together. Every factor but the minimum per "
        "pupil levels spreads the reduction across all factors.",
        error_messages={"invalid_choice": "Choose factors from the list"},
    )
    dd_rows = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ROWS)

    def __init__(self, *args, base: dict, **kwargs):
        """`base`: the scenario's tables (as tomllib reads them), which fill the form unless it
        is bound, and whose last year's values and area cost adjustment are kept."""
        self.base = base
        items = _de_delegation_items(base)
        data = args[0] if args else kwargs.get("data")
        rows = (
            rows_posted(data, "dd_rows", least=0, most=MAX_ROWS)
            if data is not None
            else len(items) + SPARE_ROWS
        )
        kwargs["initial"] = initial_from(base) | {"dd_rows": rows} | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in nff_values.years()]
        shown_year = str(base.get("year", "")) if base.get("year") in nff_values.years() else None
        self.nff = nff_values.load(shown_year or nff_values.years()[0])
        for factor, (name, keys) in FACTORS.items():
            if factor != "mppl":
                self.fields[f"{factor}_used"] = forms.BooleanField(
                    label=f"{name}: used", required=False
                )
            for key in keys:
                self.fields[f"{factor}_{key}"] = FactorValueField(
                    label=f"{name}, {PHASE_NAMES[key]} (% of NFF, or £)", required=False, width=5
                )
        self.dd_row_count = rows
        for row in range(1, rows + 1):
            self.fields[f"dd_{row}_item"] = forms.CharField(
                label=f"De-delegated item {row}: name", required=False, max_length=60
            )
            for part in PARTS:
                self.fields[f"dd_{row}_{part}"] = AmountField(
                    label=f"De-delegated item {row}: {part} (£ a pupil)", required=False, width=5
                )

    # Layout, for the template ----------------------------------------------------------------

    def factor_rows(self):
        """(name, used field or None, [(field, the NFF value) or None] in the columns primary,
        secondary or KS3, KS4)."""
        rows = []
        for factor, (name, keys) in FACTORS.items():
            cells = [(self[f"{factor}_{k}"], self.nff.value(factor, k)) for k in keys]
            rows.append((name, self[f"{factor}_used"] if factor != "mppl" else None,
                         cells + [None] * (3 - len(cells))))  # fmt: skip
        return rows

    def de_delegation_rows(self):
        return [
            [self[f"dd_{row}_{suffix}"] for suffix in ("item", *PARTS)]
            for row in range(1, self.dd_row_count + 1)
        ]

    def last_year(self) -> list[str]:
        return [
            f"{factor_name(f)}, {PHASE_NAMES.get(k, k)}: £{amount_text(v)}"
            for f, values in (self.base.get("last_year") or {}).items()
            if f in FACTORS
            for k, v in values.items()
        ]

    # Checks and the TOML ---------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("balance_method") == "scaling" and cleaned.get("cap_percent") is None:
            self.add_error(
                "cap_percent",
                f"{self.fields['cap_percent'].label}: enter a cap to balance by capping and "
                "scaling",
            )
        self.row_of_item: dict[str, int] = {}
        for row in range(1, self.dd_row_count + 1):
            item = (cleaned.get(f"dd_{row}_item") or "").strip()
            rates = [cleaned.get(f"dd_{row}_{part}") for part in PARTS]
            if not item and all(rate is None for rate in rates):
                continue
            if not item:
                self.add_error(f"dd_{row}_item", f"De-delegated item {row}: enter its name")
            elif item.lower() in (known.lower() for known in self.row_of_item):
                self.add_error(f"dd_{row}_item", f"De-delegated item {row}: {item} is twice")
            elif all(rate is None for rate in rates):
                self.add_error(
                    f"dd_{row}_primary", f"De-delegated item {row}: enter a rate a pupil"
                )
            else:
                self.row_of_item[item] = row
        return cleaned

    def body(self) -> str:
        c = self.cleaned_data
        data = {"name": c["name"].strip(), "year": c["year"]}
        if self.base.get("area_cost_adjustment") is False:
            data["area_cost_adjustment"] = False
        if c["mfg_percent"] is not None:
            data["mfg_percent"] = c["mfg_percent"]
        factors = {f: table for f in FACTORS if (table := self._factor_table(f))}
        if factors:
            data["factors"] = factors
        if c["cap_percent"] is not None:
            data["capping"] = {"cap_percent": c["cap_percent"],
                               "scaling_percent": c["scaling_percent"] or 0}  # fmt: skip
        block = {key: c[key] for key in ("schools_block", "transfer_percent", "central")}
        if any(value is not None for value in block.values()):
            data["block"] = {key: value for key, value in block.items() if value is not None}
        if c["balance_method"] != "none":
            data["balance"] = {"method": c["balance_method"], "factors": c["balance_factors"]}
        if rates := self._de_delegation():
            data["de_delegation"] = rates
        if self.base.get("last_year"):
            data["last_year"] = self.base["last_year"]
        return toml_text.dumps(data, header=HEADER)

    def _factor_table(self, factor: str) -> dict:
        table = {}
        if factor != "mppl" and not self.cleaned_data[f"{factor}_used"]:
            table["used"] = False
        shares = {}
        for key in factor_keys(factor):
            value = self.cleaned_data[f"{factor}_{key}"]
            if value is None:
                continue
            kind, number = value
            if kind == "pounds":
                table[key] = number
            elif number != HUNDRED:
                shares[key] = number
        if len(shares) == len(factor_keys(factor)) and len(set(shares.values())) == 1:
            table["percent_of_nff"] = next(iter(shares.values()))
        else:
            table |= {f"{key}_percent_of_nff": share for key, share in shares.items()}
        return table

    def _de_delegation(self) -> dict:
        rates = {}
        for item, row in self.row_of_item.items():
            for part in PARTS:
                rate = self.cleaned_data.get(f"dd_{row}_{part}")
                if rate is not None:
                    rates.setdefault(part, {})[item] = rate
        return rates

    def field_for_key(self, key: str) -> str | None:
        for field, path in SIMPLE_KEYS.items():
            if key == path or key.startswith(f"{path}[") or key.startswith(f"{path}."):
                return field
        parts = key.split(".")
        if parts[0] == "factors" and len(parts) > 1 and parts[1] in FACTORS:
            factor, keys = parts[1], factor_keys(parts[1])
            leaf = parts[2] if len(parts) > 2 else ""
            if leaf == "used" and factor != "mppl":
                return f"{factor}_used"
            stem = leaf.removesuffix("_percent_of_nff")
            return f"{factor}_{stem if stem in keys else keys[0]}"
        if parts[0] == "de_delegation" and len(parts) > 2 and parts[2] in self.row_of_item:
            return f"dd_{self.row_of_item[parts[2]]}_{parts[1]}"
        return None


def _de_delegation_items(data: dict) -> list[str]:
    rates = data.get("de_delegation") or {}
    return list(dict.fromkeys(item for part in PARTS for item in (rates.get(part) or {})))


def initial_from(data: dict) -> dict:
    """The form's fields from a scenario's tables."""
    capping, block = data.get("capping") or {}, data.get("block") or {}
    balance = data.get("balance") or {}
    chosen = balance.get("factors", [])
    initial = {
        "year": data.get("year", nff_values.years()[0]),
        "mfg_percent": amount_text(data.get("mfg_percent")),
        "cap_percent": amount_text(capping.get("cap_percent")),
        "scaling_percent": amount_text(capping.get("scaling_percent")),
        "schools_block": amount_text(block.get("schools_block")),
        "transfer_percent": amount_text(block.get("transfer_percent")),
        "central": amount_text(block.get("central")),
        "balance_method": balance.get("method", "none"),
        "balance_factors": [f for f, _ in BALANCED] if chosen == "all" else chosen,
    }
    factors = data.get("factors") or {}
    for factor, (_, keys) in FACTORS.items():
        table = factors.get(factor) or {}
        initial[f"{factor}_used"] = table.get("used", True) is not False
        for key in keys:
            if key in table:
                initial[f"{factor}_{key}"] = f"£{amount_text(table[key])}"
            else:
                share = table.get(f"{key}_percent_of_nff", table.get("percent_of_nff"))
                initial[f"{factor}_{key}"] = amount_text(share)
    for row, item in enumerate(_de_delegation_items(data), start=1):
        initial[f"dd_{row}_item"] = item
        for part in PARTS:
            rate = ((data.get("de_delegation") or {}).get(part) or {}).get(item)
            initial[f"dd_{row}_{part}"] = amount_text(rate)
    return initial
