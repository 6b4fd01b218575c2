"""The Virtual School's forms: the children list's filter and a term's PEP (cleaned to the
keyword arguments of `virtual_school.pep_record`)."""

from django import forms

from frontdoor.send.forms import ServiceForm
from frontdoor.send.virtual_school import GROUPS
from frontdoor.web.fields import date_field


class ChildrenFilterForm(forms.Form):
    group = forms.ChoiceField(
        label="Group",
        required=False,
        choices=[("", "All the Virtual School’s children")]
        + [(slug, label) for slug, (label, _) in GROUPS.items()],
    )


class PepForm(ServiceForm):
    held_on = date_field("Date the PEP meeting was held", hint="Within this term.")
    targets = forms.CharField(
        label="Targets agreed",
        help_text="What the child will work towards this term, and the support for each.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter the targets agreed at the PEP meeting",
            "max_length": "Targets must be 5,000 characters or fewer",
        },
    )
    amount = forms.DecimalField(
        label="Pupil Premium Plus allocated this term (£)",
        help_text="Virtual School Kent pays the school £400 a term, more on request.",
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the Pupil Premium Plus allocated this term",
            "invalid": "Enter the Pupil Premium Plus in pounds, like 400 or 412.50",
            "max_digits": "Enter an amount under £100,000",
            "max_whole_digits": "Enter an amount under £100,000",
            "max_decimal_places": "Enter the amount in pounds and pence, like 412.50",
        },
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"held_on": data["held_on"], "targets": data["targets"], "amount": data["amount"]}
