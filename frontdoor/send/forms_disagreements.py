"""The forms of a disagreement: the list's filters, recording a new one, and one small form for
each step on its page (a date, what the Tribunal ordered, which step of the order). A step
offers itself only when its service would take it, so the page shows what can be recorded next."""

from django import forms

from frontdoor.send import disagreements
from frontdoor.send.forms import ServiceForm, child_field, district_field
from frontdoor.send.models_disagreements import (
    AppealableDecision,
    Disagreement,
    MediationAgreement,
    TribunalOrder,
)
from frontdoor.send.step_pages import Step  # offered(disagreement)
from frontdoor.web.fields import date_field


class DisagreementFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Disagreements",
        required=False,
        choices=[
            (disagreements.OPEN, "Open"),
            (disagreements.CLOSED, "Closed"),
            (disagreements.ALL, "All"),
        ],
    )
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class DisagreementForm(ServiceForm):
    pupil = child_field("the decision")
    district = district_field("The district whose SEND team holds the case.")
    decision = forms.ChoiceField(
        label="Which decision does the family disagree with?",
        choices=AppealableDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision the family disagrees with"},
    )
    decision_letter_on = date_field(
        "Date of the decision letter", hint="The windows to mediate and appeal run from it."
    )

    def __init__(self, *args, children, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = children
        self.fields["district"].queryset = districts

    def service_arguments(self) -> dict:
        keep = ("pupil", "district", "decision", "decision_letter_on")
        return {name: self.cleaned_data[name] for name in keep}


class StepDateForm(ServiceForm):
    """One date: the day the step happened. Every step's form is given the disagreement, which
    its service takes and the form of an order's step needs for its choices."""

    date_label = "Date"

    def __init__(self, *args, disagreement: Disagreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.disagreement = disagreement
        self.fields["on"] = date_field(self.date_label)

    def service_arguments(self) -> dict:
        return {"disagreement": self.disagreement, "on": self.cleaned_data["on"]}


def _dated(label: str) -> type[StepDateForm]:
    return type("DatedStepForm", (StepDateForm,), {"date_label": label})


class MediationHeldForm(StepDateForm):
    date_label = "Date of the mediation"

    agreement = forms.ChoiceField(
        label="What did the mediation end with?",
        choices=MediationAgreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the mediation reached an agreement"},
    )
    agreed = forms.CharField(
        label="What was agreed",
        help_text="The council must carry out an agreement on an appealable matter within the "
        "limits a Tribunal order would set, anything else within 2 weeks (reg 42).",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["on", "agreement", "agreed"])

    def service_arguments(self) -> dict:
        chosen = {name: self.cleaned_data[name] for name in ("agreement", "agreed")}
        return {**super().service_arguments(), **chosen}


class TribunalOrderForm(StepDateForm):
    date_label = "Date of the order"

    order = forms.ChoiceField(
        label="What did the Tribunal order?",
        choices=TribunalOrder.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the Tribunal ordered"},
    )

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "order": self.cleaned_data["order"]}


class OrderStepForm(StepDateForm):
    """The next step of the Tribunal's order: named when only one can come next, otherwise
    chosen (after an order to assess, the final plan or a decision not to issue one)."""

    def __init__(self, *args, disagreement: Disagreement, **kwargs):
        super().__init__(*args, disagreement=disagreement, **kwargs)
        open_steps = disagreements.order_steps_open(disagreement)
        choices = [(step, disagreements.ORDER_STEP_DONE[step]) for step in open_steps]
        if len(choices) == 1:
            step, done = choices[0]
            self.fields["step"] = forms.ChoiceField(
                choices=choices, initial=step, widget=forms.HiddenInput
            )
            self.fields["on"] = date_field(f"Date {done}")
        else:
            self.fields["step"] = forms.ChoiceField(
                label="What did the council do?",
                choices=[(step, done[:1].upper() + done[1:]) for step, done in choices],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose what the council did"},
            )
            self.fields["on"] = date_field("Date it was done")
        self.order_fields(["step", "on"])

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "step": self.cleaned_data["step"]}


STEPS = (
    Step(
        "mediation_requested",
        "The family asked for mediation",
        "Record the request for mediation",
        "Mediation request recorded: it must be held within 30 days.",
        _dated("Date the council was told"),
        disagreements.mediation_requested_record,
        lambda d: (
            not (d.mediation_declined_on or d.mediation_requested_on or d.appeal_registered_on)
        ),
    ),
    Step(
        "mediation_declined",
        "The family declined mediation",
        "Record that mediation was declined",
        "Mediation declined: the certificate is due within 3 working days.",
        _dated("Date the family declined"),
        disagreements.mediation_declined_record,
        lambda d: (
            not (d.mediation_declined_on or d.mediation_requested_on or d.appeal_registered_on)
        ),
    ),
    Step(
        "mediation_held",
        "Mediation was held",
        "Record the mediation",
        "Mediation recorded, with what it agreed.",
        MediationHeldForm,
        disagreements.mediation_held_record,
        lambda d: bool(d.mediation_requested_on) and not d.mediation_held_on,
    ),
    Step(
        "certificate",
        "The mediation certificate was issued",
        "Record the certificate",
        "Certificate recorded.",
        _dated("Date it was issued"),
        disagreements.certificate_issue,
        lambda d: (
            bool(d.mediation_declined_on or d.mediation_requested_on)
            and not d.certificate_issued_on
        ),
    ),
    Step(
        "appeal",
        "The Tribunal registered an appeal",
        "Record the appeal",
        "Appeal recorded.",
        _dated("Date the appeal was registered"),
        disagreements.appeal_register,
        lambda d: not d.appeal_registered_on,
    ),
    Step(
        "order",
        "The Tribunal made its order",
        "Record the order",
        "Order recorded, with the time the council has to carry it out.",
        TribunalOrderForm,
        disagreements.tribunal_order_record,
        lambda d: bool(d.appeal_registered_on) and not d.order,
    ),
    Step(
        "order_step",
        "The council carried out a step of the order or agreement",
        "Record the step",
        "Step of the order recorded, against its own limit.",
        OrderStepForm,
        disagreements.disagreement_order_step_record,
        lambda d: bool(disagreements.order_steps_open(d)),
    ),
)
