"""A case's forms: allocating it, recording its assessment, closing it."""

from django import forms

from frontdoor.support.models_cases import AssessmentOutcome, CaseClosure
from frontdoor.web.fields import date_field


class AllocateForm(forms.Form):
    """`workers`: the users the case may be allocated to."""

    worker = forms.ModelChoiceField(
        label="Worker",
        queryset=None,
        empty_label="Choose a worker",
        error_messages={
            "required": "Select the worker",
            "invalid_choice": "Select a worker from the list",
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )


class AssessmentForm(forms.Form):
    completed_on = date_field("Date the assessment was completed")
    outcome = forms.ChoiceField(
        label="What did the assessment find?",
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the assessment found"},
    )


class CloseForm(forms.Form):
    closed_on = date_field("Date the case closed")
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=CaseClosure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
