"""The forms of phase transfer casework: choosing the year, filtering a cohort's list, and one
form for each step on a transfer's page. A step's form cleans to its service's keyword
arguments (transfers.py), as the request page's forms do."""

from django import forms

from frontdoor.send.forms import ServiceForm
from frontdoor.send.models_transfers import TransferCohort, TransferKind
from frontdoor.send.transfers import MOP_UP_REASONS, STANDINGS
from frontdoor.web.fields import date_field


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Year of the move (September)", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"September {year}") for year in years]


class TransferAddForm(ServiceForm):
    """A move the register cannot find, added by hand (above all early years to reception)."""

    plan_reference = forms.CharField(
        label="EHC plan reference",
        max_length=20,
        help_text="For example PLAN-000123.",
        error_messages={"required": "Enter the EHC plan’s reference"},
    )
    kind = forms.ChoiceField(
        label="Move",
        choices=TransferKind.choices,
        initial=TransferKind.TO_RECEPTION,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of move"},
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def service_arguments(self) -> dict:
        return {"transfer_year": self.year, **self.cleaned_data}


class CohortFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )
    cohort = forms.ChoiceField(label="Cohort", required=False)
    status = forms.ChoiceField(label="Amended plan", required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["cohort"].choices = [("", "All cohorts"), *TransferCohort.choices]
        self.fields["status"].choices = [("", "Any"), *STANDINGS.items()]


# The steps on a transfer's page --------------------------------------------------------------


class TransferStepForm(ServiceForm):
    """A step's form about `transfer`; `settings`: the settings it may prefer or name."""

    def __init__(self, *args, transfer, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.transfer = transfer
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = settings
                field.label_from_instance = _setting_label

    def service_arguments(self) -> dict:
        return {"transfer": self.transfer, **self.cleaned_data}


def _setting_label(setting) -> str:
    district = f", {setting.district.name}" if setting.district_id else ""
    return f"{setting.name}{district}"


def _setting(label: str, required: str | None = None, hint: str = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=required is not None,
        empty_label="Choose a school or college",
        help_text=hint,
        error_messages={
            "required": required or "",
            "invalid_choice": "Choose a school or college from the list",
        },
    )


def _agree(label: str, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class PreferencesForm(TransferStepForm):
    preference = _setting(
        "The family’s preferred school or college",
        required="Choose the setting the family prefers",
    )
    parents_agree = _agree(
        "Do the parents agree with the council’s proposed setting?",
        "Select whether the parents agree",
    )
    school_agrees = _agree("Does the school agree?", "Select whether the school agrees")


class PlacementMeetingForm(TransferStepForm):
    on = date_field(
        "Date of the District Placement Meeting",
        hint="Arranged or held. In the 2022 round they were in the week beginning 5 December.",
    )
    setting_decided = _setting(
        "Setting the meeting decided on",
        hint="Once the meeting has been held: the setting the amended plan is to name.",
    )
    outcome = forms.CharField(
        label="What the meeting concluded",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Once the meeting has been held: how the parents', school's and council's views "
        "were settled, and any conditions.",
    )


class MopUpForm(TransferStepForm):
    reason = forms.ChoiceField(
        label="Why is the transfer late?",
        choices=list(MOP_UP_REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the transfer goes to the mop-up"},
    )


class AmendedIssueForm(TransferStepForm):
    named_setting = _setting(
        "School or college named in the amended plan (section I)",
        required="Choose the setting the child moves to",
    )
    on = date_field("Date the amended plan was issued")
