"""The Request for Support's question pages: one form a page, each saving into the draft."""

from django import forms

from frontdoor.schools.models import Establishment
from frontdoor.schools.selectors import districts
from frontdoor.support.levels import INDICATORS, Route, SupportLevel
from frontdoor.support.models import Consent, RequestChild, SupportRequest

# The Support Level Guidance's indicators, the most serious first.
INDICATOR_CHOICES = [
    (indicator.code, f"{indicator.text} (level {indicator.level})")
    for indicator in sorted(INDICATORS, key=lambda indicator: -indicator.level)
]


class ChildForm(forms.ModelForm):
    school = forms.ModelChoiceField(
        queryset=Establishment.objects.order_by("name"),
        required=False,
        to_field_name="urn",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        label="School URN",
        help_text="The school's 6-digit unique reference number, if the child goes to school.",
        error_messages={"invalid_choice": "Enter the URN of a school in the county's register"},
    )

    class Meta:
        model = RequestChild
        fields = ["first_name", "last_name", "date_of_birth", "upn", "school"]
        labels = {"date_of_birth": "Date of birth"}
        help_texts = {
            "date_of_birth": "Year-month-day, for example 2015-03-27. Leave blank if you do not "
            "know it, or the child is not born yet.",
            "upn": "The unique pupil number, if you know it.",
        }
        error_messages = {
            "first_name": {"required": "Enter the child's first name"},
            "last_name": {"required": "Enter the child's last name"},
            "date_of_birth": {"invalid": "Enter the date of birth as year-month-day"},
        }


class FamilyForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["parents", "address", "postcode", "household", "language", "interpreter_needed"]
        labels = {
            "parents": "Parents and carers",
            "address": "Address",
            "postcode": "Postcode",
            "household": "Anyone else in the household",
            "language": "Main language spoken at home",
            "interpreter_needed": "The family needs an interpreter",
        }
        help_texts = {
            "parents": "Their names and how they are related to the child.",
            "household": "Names, ages and relationship to the child (brothers and sisters too).",
        }
        widgets = {
            "parents": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "household": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"parents": {"required": "Enter the parents or carers"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents"].required = True


class ConcernsForm(forms.ModelForm):
    indicators = forms.MultipleChoiceField(
        label="Which of the Support Level Guidance indicators apply?",
        help_text="Select all that apply. They are written as the child or parent would say them.",
        choices=INDICATOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SupportRequest
        fields = ["indicators", "concerns"]
        labels = {"concerns": "Describe your concerns"}
        help_texts = {
            "concerns": "What has happened, how often, and what the impact on the child is."
        }
        widgets = {"concerns": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"concerns": {"required": "Describe your concerns"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].required = True


class TriedForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["tried"]
        labels = {"tried": "What has been tried so far?"}
        help_texts = {"tried": "Support offered or given, by whom, and what difference it made."}
        widgets = {"tried": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"tried": {"required": "Say what has been tried so far"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tried"].required = True


class ConsentForm(forms.ModelForm):
    consent = forms.ChoiceField(
        label="Has the family agreed to this request?",
        help_text="Talk to the family and ask for their consent first, unless that would put "
        "the child at greater risk.",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the family has agreed to this request"},
    )

    class Meta:
        model = SupportRequest
        fields = ["consent", "consent_not_sought_reason", "family_email"]
        labels = {
            "consent_not_sought_reason": "If consent was not sought: why would asking increase "
            "the risk?",
            "family_email": "The family's email address, for their copy of this request",
        }
        help_texts = {"family_email": "Only used when the family has agreed to the request."}
        widgets = {"consent_not_sought_reason": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("consent") == Consent.NOT_SOUGHT
            and not (cleaned.get("consent_not_sought_reason") or "").strip()
        ):
            self.add_error(
                "consent_not_sought_reason",
                "Explain why asking for consent would increase the risk",
            )
        return cleaned


class ReferrerForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = [
            "referrer_name",
            "referrer_role",
            "referrer_organisation",
            "referrer_phone",
            "referrer_email",
            "source",
        ]
        labels = {
            "referrer_name": "Your name",
            "referrer_role": "Your role",
            "referrer_organisation": "Your organisation",
            "referrer_phone": "Phone number",
            "referrer_email": "Email address",
            "source": "Who is making the request",
        }
        help_texts = {"referrer_email": "We send the acknowledgement and the outcome here."}
        widgets = {"source": forms.RadioSelect}
        error_messages = {
            "referrer_name": {"required": "Enter your name"},
            "source": {"required": "Select who is making the request"},
            "referrer_email": {"invalid": "Enter an email address like name@example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrer_name"].required = True
        self.fields["source"].required = True
        self.fields["source"].choices = self.fields["source"].choices[1:]  # no blank radio

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("referrer_phone") or cleaned.get("referrer_email")):
            self.add_error("referrer_phone", "Enter a phone number or email address")
        return cleaned


# The pages in order: (slug, title, form). The children have their own pages.
PAGES = [
    ("family", "Family and household", FamilyForm),
    ("concerns", "Concerns", ConcernsForm),
    ("tried", "What has been tried", TriedForm),
    ("consent", "Consent", ConsentForm),
    ("referrer", "About you", ReferrerForm),
]


class DecisionForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Support level",
        choices=SupportLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the support level"},
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators that apply",
        choices=INDICATOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rationale = forms.CharField(
        label="Why this level",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Explain why this is the right level"},
    )
    route = forms.ChoiceField(
        label="Where the request goes",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the request goes"},
    )
    district = forms.ModelChoiceField(
        label="District",
        help_text="Only needed when no child on the request has a school",
        queryset=districts(),
        to_field_name="code",
        required=False,
        empty_label="The district of the child’s school",
        error_messages={"invalid_choice": "Select a district from the list"},
    )


class SignOffForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="Do you agree with this decision?",
        choices=[("yes", "Yes, sign it off and tell the referrer"), ("no", "No, return it")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the decision"},
    )
    note = forms.CharField(
        label="If you are returning it: why?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
