"""Forms for Targeting Support Meetings (GOV.UK markup through the project's form renderer)."""

from django import forms

from frontdoor.attendance.models import Exclusion, TsmAction


class TsmBookForm(forms.Form):
    meeting_date = forms.DateField(
        label="Date of the meeting", help_text="For example, 2026-11-24 (year-month-day)."
    )


class TsmHoldForm(forms.Form):
    held_on = forms.DateField(label="Date it was held", help_text="Year-month-day.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class TsmActionForm(forms.Form):
    upn = forms.CharField(
        label="Pupil's UPN",
        required=False,
        max_length=13,
        help_text="For an action about one pupil. Leave blank for a cohort.",
    )
    cohort = forms.CharField(
        label="Cohort",
        required=False,
        max_length=100,
        help_text="For example, 'Year 9 persistently absent pupils'.",
    )
    action = forms.CharField(label="Action agreed", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label="Who will do it", max_length=100)
    due_date = forms.DateField(label="Due by", help_text="Year-month-day.")


class TsmOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="Was it done?",
        choices=[(TsmAction.Status.DONE, "Done"), (TsmAction.Status.NOT_DONE, "Not done")],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}))


class SupportStepForm(forms.Form):
    kind = forms.ChoiceField(label="Step", widget=forms.RadioSelect)
    taken_on = forms.DateField(label="Date taken", help_text="Year-month-day.")
    parent_name = forms.CharField(
        label="Parent",
        required=False,
        max_length=200,
        help_text="For contracts and penalty notices: the parent it is with.",
    )
    evidence = forms.CharField(
        label="What was done or offered, and why", widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class ExclusionForm(forms.Form):
    upn = forms.CharField(label="Pupil's UPN", max_length=13)
    kind = forms.ChoiceField(
        label="Suspension or permanent exclusion",
        choices=Exclusion.Kind.choices,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(label="First day", help_text="Year-month-day.")
    sessions = forms.IntegerField(
        label="Length of a suspension, in sessions",
        required=False,
        min_value=1,
        help_text="Two sessions a day: a 3-day suspension is 6. Leave blank for a permanent "
        "exclusion.",
    )
    reason = forms.ChoiceField(label="Reason", choices=Exclusion.Reason.choices)
