"""The choice of consultation options (schools block scenarios), MFG levels and dataset for
the block transfer comparison and the consultation pack."""

from decimal import Decimal

from django import forms

from frontdoor.funding import nff_values
from frontdoor.funding.forms import CompareForm, amount_text
from frontdoor.funding.models import SchoolsDataset

MOST_VARIANTS = 8  # each takes about half a second on a county's schools


def mfg_levels() -> list[Decimal]:
    """Percentages: each year's lowest and highest MFG and the midpoint (0, 0.25 and 0.5)."""
    levels = set()
    for year in nff_values.years():
        low, high = (share * 100 for share in nff_values.load(year).mfg_range)
        levels |= {low, (low + high) / 2, high}
    return sorted(levels)


class LffCompareForm(CompareForm):
    mfg = forms.TypedMultipleChoiceField(
        label="MFG levels",
        coerce=Decimal,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each option is run at each level.",
        error_messages={
            "required": "Choose at least one MFG level",
            "invalid_choice": "Choose MFG levels from the list",
        },
    )
    dataset = forms.ModelChoiceField(
        label="Schools dataset",
        queryset=SchoolsDataset.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose a schools dataset",
                        "invalid_choice": "Choose a dataset from the list"},
    )  # fmt: skip

    def __init__(self, *args, datasets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].label = "Options to compare"
        self.fields["mfg"].choices = [(f"{m.normalize():f}", f"{amount_text(m)}%")
                                      for m in mfg_levels()]  # fmt: skip
        self.fields["dataset"].queryset = datasets
        self.fields["dataset"].label_from_instance = lambda d: f"{d.name} ({d.schools} schools)"

    def clean(self):
        cleaned = super().clean()
        chosen, levels = cleaned.get("scenario"), cleaned.get("mfg")
        if chosen and levels and len(chosen) * len(levels) > MOST_VARIANTS:
            self.add_error(
                "mfg",
                f"Choose at most {MOST_VARIANTS} options and levels together (you chose "
                f"{len(chosen)} options at {len(levels)} levels)",
            )
        return cleaned
