"""The forms of EHC needs assessment casework: the caseload's filters, a new request, and one
form for each step on a request's page. A step's form cleans to the keyword arguments of its
service (services.py), so the page calls the service with them as they are."""

from datetime import datetime

from django import forms
from django.utils import timezone

from frontdoor.send.models import (
    AdviceKind,
    Delivery,
    ExceptionKind,
    RefusalGround,
    Requester,
    Stage,
)
from frontdoor.web.fields import date_field


class ServiceForm(forms.Form):
    """A form whose cleaned data a service takes; a service's refusal names an argument, which
    `field_for` turns into the form's field for the error summary to point at."""

    field_names: dict[str, str] = {}  # a service argument -> the field it is typed in

    def field_for(self, argument: str | None) -> str | None:
        name = self.field_names.get(argument, argument)
        return name if name in self.fields else None


def child_field(about: str) -> forms.ModelChoiceField:
    """The child a case is about, chosen by the search before the form (a hidden field)."""
    return forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": f"Choose the child {about} is about",
            "invalid_choice": "Choose the child again: they are not in your records",
        },
    )


def district_field(hint: str) -> forms.ModelChoiceField:
    """The district whose SEND team holds a case (the caseworker's own districts)."""
    return forms.ModelChoiceField(
        label="District",
        queryset=None,
        empty_label="Choose a district",
        help_text=hint,
        error_messages={"required": "Select the district", "invalid_choice": "Select a district"},
    )


def _yes_no(label: str, yes: str, no: str, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def _choose(label: str, choices, required: str, **more) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
        **more,
    )


# The caseload ----------------------------------------------------------------------------


class CaseloadFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Requests",
        choices=[("open", "Open"), ("closed", "Closed")],
        required=False,
    )
    stage = forms.ChoiceField(label="Stage", required=False)
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    mine = forms.BooleanField(label="My requests only", required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any stage"), *Stage.choices]
        self.fields["district"].queryset = districts


# A new request ---------------------------------------------------------------------------


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label="Child’s name or UPN",
        min_length=2,
        max_length=100,
        help_text="For example ‘Sam Taylor’, ‘taylor’ or a 13-character UPN.",
        error_messages={
            "required": "Enter the child’s name or UPN",
            "min_length": "Enter at least 2 letters of the child’s name",
        },
    )


class EhcRequestForm(ServiceForm):
    """`children`: the pupils the caseworker may see; `districts`: those in their area."""

    field_names = {"sent_at": "sent_on"}

    pupil = child_field("the request")
    district = district_field(
        "The district whose SEND team holds the case: usually the child’s school’s."
    )
    requester = _choose("Who made the request?", Requester.choices, "Select who made the request")
    requester_name = forms.CharField(
        label="Their name", max_length=200, required=False, help_text="Or the school’s name."
    )
    delivery = _choose("How did it come?", Delivery.choices, "Select how the request came")
    sent_on = date_field(
        "Date it was sent", hint="The day it was handed in, emailed, posted or signed for."
    )
    sent_time = forms.TimeField(
        label="Time it was sent",
        help_text="For example 16:30. After 5pm it counts as received the next working day.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Enter the time it was sent",
            "invalid": "Enter the time it was sent as hours and minutes, like 16:30",
        },
    )

    def __init__(self, *args, children, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = children
        self.fields["district"].queryset = districts

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sent_on") and cleaned.get("sent_time"):
            cleaned["sent_at"] = timezone.make_aware(
                datetime.combine(cleaned["sent_on"], cleaned["sent_time"])
            )
        return cleaned

    def service_arguments(self) -> dict:
        keep = ("pupil", "district", "requester", "requester_name", "delivery", "sent_at")
        return {name: self.cleaned_data[name] for name in keep}


# The steps on a request's page ---------------------------------------------------------------


class StepForm(ServiceForm):
    """A step's form: cleans to its service's keyword arguments about `ehc_request`."""

    def __init__(self, *args, ehc_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.ehc_request = ehc_request

    def service_arguments(self) -> dict:
        return {"request": self.ehc_request, **self.cleaned_data}


class AssessmentDecisionForm(StepForm):
    assess = _yes_no(
        "Will the council carry out an EHC needs assessment?",
        "Yes, assess",
        "No, refuse to assess",
        "Select whether the council will assess",
    )
    on = date_field("Date of the decision")


class AdviceAskForm(StepForm):
    kind = _choose("What advice?", AdviceKind.choices, "Select the kind of advice")
    from_whom = forms.CharField(
        label="Asked of",
        max_length=200,
        help_text="The service or person, for example ‘Educational psychology service’.",
        error_messages={"required": "Enter who the advice was asked of"},
    )
    on = date_field("Date it was asked for")


class AwaitedReplyForm(StepForm):
    """A step about one of the request's awaited replies (advice, a setting's answer): the
    service takes that reply, not the request. `pending`: the replies still awaited."""

    awaited: str  # the field choosing the reply, named as the service's argument

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.awaited].queryset = pending
        self.fields[self.awaited].label_from_instance = self.describe

    @staticmethod
    def describe(reply) -> str:
        raise NotImplementedError

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


def _awaited(label: str, required: str, invalid: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class AdviceReceiveForm(AwaitedReplyForm):
    awaited = "advice"
    advice = _awaited(
        "Which advice came in?", "Select the advice that came in", "Select advice still awaited"
    )
    on = date_field("Date it was received")

    @staticmethod
    def describe(advice) -> str:
        return f"{advice.get_kind_display()}, from {advice.from_whom}"


class ExceptionForm(StepForm):
    kind = _choose(
        "Which exception applies? (reg 5(4), 10(4), 13(3))",
        ExceptionKind.choices,
        "Select the exception",
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows it applies, for example the school’s closure dates.",
        error_messages={"required": "Say what shows the exception applies"},
    )
    starts_on = date_field("Date it began")


class PlanDecisionForm(StepForm):
    issue = _yes_no(
        "Will the council issue an EHC plan?",
        "Yes, issue a plan (write the draft)",
        "No, do not issue a plan",
        "Select whether the council will issue a plan",
    )
    on = date_field("Date of the decision")


class DraftServeForm(StepForm):
    on = date_field("Date the draft was served")


class RepresentationsForm(StepForm):
    on = date_field(
        "Date the family’s comments came in", hint="Or the day they said they agree with it."
    )


class WithdrawForm(StepForm):
    on = date_field("Date the request was withdrawn")


class ConsultForm(StepForm):
    establishment = forms.ModelChoiceField(
        label="School or college",
        queryset=None,
        empty_label="Choose a school or college",
        error_messages={
            "required": "Select the school or college",
            "invalid_choice": "Select an open school or college",
        },
    )
    requested_by_family = forms.BooleanField(
        label="The family asked for this school or college", required=False
    )
    on = date_field("Date it was consulted")

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments


class ConsultationAnswerForm(AwaitedReplyForm):
    awaited = "consultation"
    consultation = _awaited(
        "Which setting replied?",
        "Select the setting that replied",
        "Select a setting still to reply",
    )
    agreed = _yes_no(
        "What did it say?",
        "It agreed to be named",
        "It refused",
        "Select whether the setting agreed",
    )
    ground = forms.ChoiceField(
        label="If it refused, on what ground? (Children and Families Act 2014 s.39(4))",
        choices=[("", "Choose a ground"), *RefusalGround.choices],
        required=False,
    )
    reasons = forms.CharField(
        label="Its reasons", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    on = date_field("Date of the reply")

    @staticmethod
    def describe(consultation) -> str:
        return f"{consultation.establishment}, consulted {consultation.sent_on:%-d %B %Y}"


class FinalPlanForm(StepForm):
    named_setting = forms.ModelChoiceField(
        label="School or college named in section I",
        queryset=None,
        required=False,
        empty_label="None named (a type of setting, or education otherwise)",
    )
    on = date_field("Date the final plan was issued")

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_setting"].queryset = establishments
