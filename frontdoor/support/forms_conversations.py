"""District Conversations' forms: logging one, the manager's reply, and the list's filter."""

from django import forms

from frontdoor.support.models_conversations import ConversationOutcome, DistrictConversation
from frontdoor.web.fields import date_field

YES_NO = [("yes", "Yes"), ("no", "No")]


class ConversationForm(forms.ModelForm):
    """`districts`: the districts the user may log conversations for."""

    district = forms.ModelChoiceField(
        queryset=None,
        to_field_name="code",
        empty_label="Choose a district",
        error_messages={"required": "Select the district"},
    )
    followed_referral = forms.TypedChoiceField(
        label="Does this conversation follow a Request for Support to the Front Door?",
        help_text="For example, the Front Door routed the request to a District Conversation.",
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the conversation follows a Request for Support"},
    )
    request_reference = forms.CharField(
        label="The request's reference, if known",
        help_text="For example, RFS-000123.",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    class Meta:
        model = DistrictConversation
        fields = [
            "district",
            "asked_on",
            "asked_by_name",
            "asked_by_role",
            "asked_by_organisation",
            "about",
            "followed_referral",
        ]
        labels = {
            "asked_on": "Date asked",
            "asked_by_name": "Name of the professional asking",
            "asked_by_role": "Their role",
            "asked_by_organisation": "Their organisation",
            "about": "What the conversation is about",
        }
        help_texts = {
            "asked_on": "The day the district received the request: the reply is due within 2 "
            "working days of it.",
            "asked_by_organisation": "For example, the school, health visiting team or charity.",
            "about": "The child's or family's situation and what support is being asked about. "
            "There is no need for names.",
        }
        widgets = {
            "asked_on": forms.DateInput(attrs={"type": "date"}),
            "about": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "asked_on": {
                "required": "Enter the date asked",
                "invalid": "Enter the date asked as year-month-day",
            },
            "asked_by_name": {"required": "Enter the name of the professional asking"},
            "asked_by_organisation": {"required": "Enter their organisation"},
            "about": {"required": "Describe what the conversation is about"},
        }

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        if len(only := list(districts[:2])) == 1:
            self.fields["district"].initial = only[0].code


class ReplyForm(forms.Form):
    advice = forms.CharField(
        label="The advice given",
        help_text="The open access and community support suggested, and who will offer it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the advice given"},
    )
    outcome = forms.ChoiceField(
        label="What did the conversation lead to?",
        choices=ConversationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the conversation led to"},
    )
    replied_on = date_field("Date of the reply")


class ConversationFilterForm(forms.Form):
    """`districts`: the districts whose conversations the user may see."""

    district = forms.ModelChoiceField(
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label="All your districts",
        error_messages={"invalid_choice": "Select one of your districts"},
    )
    month = forms.DateField(
        label="Month",
        help_text="For example, 2018-10. Leave blank for this month.",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(
            attrs={"type": "month", "class": "govuk-input--width-10"}, format="%Y-%m"
        ),
        error_messages={"invalid": "Enter the month as year-month, for example 2018-10"},
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
