"""Form fields as the GOV.UK pages ask for them, with the Design System's error wording
("Enter the date …", "… as year-month-day") derived from the label, so forms do not spell
the same messages out again."""

from django import forms


def date_field(label: str, hint: str = "", required: bool = True) -> forms.DateField:
    """A date typed into the browser's date control; `label` reads "Date …" or "First day"."""
    thing = label[0].lower() + label[1:]
    return forms.DateField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": f"Enter the {thing}",
            "invalid": f"Enter the {thing} as year-month-day",
        },
    )
