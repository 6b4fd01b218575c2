"""The placement panel's forms: the list's filters, a request with its evidence pack, and the
panel's decision. Each request form cleans to its service's keyword arguments (panel.py)."""

from django import forms

from frontdoor.send.forms import ServiceForm
from frontdoor.send.models_panel import Discipline, PanelDecision, PanelKind
from frontdoor.send.panel import AWAITING
from frontdoor.web.fields import date_field


class PanelFilterForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", required=False)
    kind = forms.ChoiceField(label="Asked for", required=False)
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("", "Any"),
            (AWAITING, "Awaiting a panel"),
            *PanelDecision.choices,
        ]
        self.fields["kind"].choices = [("", "Anything"), *PanelKind.choices]
        self.fields["district"].queryset = districts


class PanelRequestForm(ServiceForm):
    field_names = {"on": "submitted_on"}

    kind = forms.ChoiceField(
        label="What is the panel asked for?",
        choices=PanelKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the panel is asked for"},
    )
    setting_name = forms.CharField(
        label="School or provider",
        max_length=200,
        required=False,
        help_text="The independent or non-maintained special school, or who provides the funded "
        "support.",
    )
    annual_cost = forms.DecimalField(
        label="Cost a year (£)",
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the cost a year in pounds",
            "invalid": "Enter the cost a year as a number of pounds, like 62000",
            "max_digits": "Enter a cost a year below £100,000,000",
            "max_decimal_places": "Enter the cost a year in pounds and pence at most",
        },
    )
    starts_on = date_field("Start date", hint="When the placement or funding would start.")
    evidence = forms.CharField(
        label="The evidence: why local provision cannot meet the need",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was tried or considered locally and why it cannot make the provision in "
        "section F; the advice it rests on. The plan's needs, provision, last review and advice "
        "are added to the pack from the records.",
        error_messages={"required": "Set out the evidence for the panel"},
    )
    submitted_on = date_field("Date submitted")

    def service_arguments(self) -> dict:
        c = self.cleaned_data
        return {
            "kind": c["kind"],
            "setting_name": c["setting_name"],
            "annual_cost": c["annual_cost"],
            "starts_on": c["starts_on"],
            "evidence": c["evidence"],
            "on": c["submitted_on"],
        }


class PanelDecisionForm(ServiceForm):
    field_names = {"on": "panel_on"}

    panel_on = date_field("Date of the panel")
    members = forms.MultipleChoiceField(
        label="Who was at the panel?",
        choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The panel decides only with senior officers from every discipline.",
        error_messages={"required": "Select who was at the panel"},
    )
    decision = forms.ChoiceField(
        label="The panel’s decision",
        choices=PanelDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel’s decision"},
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when it is agreed with conditions.",
    )
    review_on = date_field(
        "Review date",
        hint="Needed when it is agreed: when the panel looks at it again.",
        required=False,
    )
    ends_on = date_field(
        "End date", hint="If the placement or funding is agreed for a fixed time.", required=False
    )

    def service_arguments(self) -> dict:
        c = self.cleaned_data
        return {
            "decision": c["decision"],
            "members": list(c["members"]),
            "conditions": c["conditions"],
            "review_on": c["review_on"],
            "ends_on": c["ends_on"],
            "on": c["panel_on"],
        }
