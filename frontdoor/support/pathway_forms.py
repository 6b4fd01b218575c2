"""The typed forms of the schools' inclusion and attendance pathways, one class a pathway.

Every form asks for the pupil's UPN first (the pupil must be, or have been, on the school's roll);
the rest is what the owning team needs to act. Checks a form can make on its own answers live
here; checks against the pupil's records (age, roll, the attendance ladder) live in the service."""

from datetime import timedelta

from django import forms

from frontdoor.attendance.models import Exclusion
from frontdoor.web.fields import date_field

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, hint: str = "", required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}"},
    )


def _yes_no(label: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer: {label[0].lower() + label[1:].rstrip('?')}"},
    )


def _choice(label: str, choices, hint: str = "", many: bool = False) -> forms.Field:
    field_class = forms.MultipleChoiceField if many else forms.ChoiceField
    widget = forms.CheckboxSelectMultiple if many else forms.RadioSelect
    return field_class(
        label=label,
        help_text=hint,
        choices=choices,
        widget=widget,
        error_messages={"required": f"Select {label[0].lower() + label[1:]}"},
    )


def _parent() -> forms.CharField:
    return forms.CharField(
        label="Parent's full name",
        help_text="The parent the notice or order would be addressed to.",
        max_length=200,
        error_messages={"required": "Enter the parent's full name"},
    )


class PathwayForm(forms.Form):
    upn = forms.CharField(
        label="Pupil's UPN",
        help_text="The 13-character unique pupil number from your management information system.",
        max_length=13,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"required": "Enter the pupil's UPN"},
    )

    def clean_upn(self) -> str:
        return self.cleaned_data["upn"].strip().upper()


class SuspensionForm(PathwayForm):
    kind = _choice("Suspension or permanent exclusion", Exclusion.Kind.choices)
    start_date = date_field("First day", "The first school day the pupil is suspended or excluded.")
    sessions = forms.IntegerField(
        label="Length of a suspension, in sessions",
        required=False,
        min_value=1,
        max_value=90,
        help_text="Two sessions a day: a 3-day suspension is 6. Leave blank for a permanent "
        "exclusion.",
    )
    reason = forms.ChoiceField(label="Reason", choices=Exclusion.Reason.choices)
    details = _text("What happened", "The incident and what the school did before excluding.")
    parents_told = _yes_no("Have the parents been told in writing?")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Exclusion.Kind.SUSPENSION and not data.get("sessions"):
            self.add_error("sessions", "Enter the suspension's length in sessions")
        if data.get("kind") == Exclusion.Kind.PERMANENT:
            data["sessions"] = None
        return data


class MissingEducationForm(PathwayForm):
    last_attended = date_field("Last day the pupil attended")
    concern = _text("Why you believe the child may be missing education")
    enquiries = _text(
        "Enquiries the school has made",
        "Calls, letters, home visits, contact with siblings' schools, and their results.",
    )
    last_address = _text("Last known address", rows=3)


class RegisterDeletionForm(PathwayForm):
    GROUNDS = [
        ("other_school", "Registered at another school"),
        ("home_education", "Parent has told the school in writing they are home educating"),
        ("moved_away", "Moved away and no longer lives within reasonable distance"),
        ("left_compulsory_age", "No longer of compulsory school age"),
        ("permanent_exclusion", "Permanently excluded, with the review process finished"),
        ("absent_enquiries_failed", "Absent 20 school days and enquiries have failed"),
        ("medical", "Certified unlikely to be fit to attend before leaving school age"),
        ("school_attendance_order", "A school attendance order names another school"),
        ("died", "The pupil has died"),
    ]
    ground = _choice(
        "Ground for deletion",
        GROUNDS,
        "The ground in the School Attendance (Pupil Registration) (England) Regulations 2024.",
    )
    deletion_date = date_field("Date of deletion")
    destination = forms.CharField(
        label="Where the pupil has gone",
        help_text="The new school, area or country, if known.",
        required=False,
        max_length=300,
    )


class OffRollingForm(PathwayForm):
    intended_date = date_field("Date the school intends to remove the pupil")
    reason = _text("Why the school intends to remove the pupil from its roll")
    parents_view = _text("What the parents think of it")
    alternatives = _text("What the school has considered instead")


class PartTimeTimetableForm(PathwayForm):
    REASONS = [
        ("medical", "A medical condition"),
        ("reintegration", "Reintegration after a long absence or exclusion"),
        ("semh", "Social, emotional or mental health needs"),
        ("other", "Another reason"),
    ]
    start_date = date_field("First day of the part-time timetable")
    review_date = date_field("Date it will be reviewed", "Within 6 weeks of the first day.")
    sessions_a_week = forms.IntegerField(
        label="Sessions a week the pupil will attend",
        min_value=1,
        max_value=9,
        help_text="Out of 10; a full-time timetable is not part-time.",
        error_messages={"required": "Enter the sessions a week the pupil will attend"},
    )
    reason = _choice("Reason", REASONS)
    parents_agree = _yes_no("Do the parents agree to the timetable?")
    plan = _text("The plan to return the pupil to full-time education")

    def clean(self):
        data = super().clean()
        start, review = data.get("start_date"), data.get("review_date")
        if start and review and not start < review <= start + timedelta(weeks=6):
            self.add_error("review_date", "The review must be after the start and within 6 weeks")
        if data.get("parents_agree") is False:
            self.add_error(
                "parents_agree",
                "A part-time timetable needs the parents' agreement: agree it with them first",
            )
        return data


class HomeEducationForm(PathwayForm):
    letter_received = date_field("Date the parent's letter reached the school")
    special_school = _yes_no(
        "Does the pupil attend a special school under arrangements made by the council?",
        "If so, the council must consent before the pupil's name comes off the roll.",
    )
    welfare_concerns = _yes_no("Does the school have welfare or safeguarding concerns?")
    details = _text("What the school knows of the reasons", required=False)


class FormalMeetingForm(PathwayForm):
    proposed_date = date_field("Proposed date of the meeting")
    parent_name = _parent()
    support_so_far = _text("Support the school has offered so far")


class PenaltyNoticeForm(PathwayForm):
    parent_name = _parent()
    period_start = date_field("First day of the period of unauthorised absence")
    period_end = date_field("Last day of the period")
    unauthorised_sessions = forms.IntegerField(
        label="Unauthorised sessions in the period",
        min_value=1,
        error_messages={"required": "Enter the number of unauthorised sessions"},
    )
    support_so_far = _text("Support offered to the family first")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day must be on or after the first day")
        return data


class StatutoryInterventionForm(PathwayForm):
    INTERVENTIONS = [
        ("supervision_order", "An education supervision order"),
        ("prosecution", "A prosecution"),
        ("attendance_order", "A school attendance order"),
    ]
    intervention = _choice("What the school is asking for", INTERVENTIONS)
    parent_name = _parent()
    support_so_far = _text("Support and earlier steps taken, with dates")


class InclusionAdviceForm(PathwayForm):
    AREAS = [
        ("behaviour", "Behaviour"),
        ("semh", "Social, emotional and mental health"),
        ("send", "Special educational needs"),
        ("attendance", "Attendance"),
        ("exclusion_risk", "Risk of exclusion"),
    ]
    areas = _choice("What the advice is about", AREAS, "Select all that apply.", many=True)
    concern = _text("The school's concern")
    tried = _text("What the school has tried, and with what effect")


class PruRegistrationForm(PathwayForm):
    pru_urn = forms.IntegerField(
        label="URN of the pupil referral unit",
        help_text="The 6-digit unique reference number of the PRU.",
        error_messages={"required": "Enter the PRU's URN"},
    )
    start_date = date_field("Date the school would like the placement to start")
    reason = _text("Why a single registration at the PRU is needed")
    has_ehc_plan = _yes_no("Does the pupil have an EHC plan?")


class AdviceAndSupportForm(PathwayForm):
    TOPICS = [
        ("attendance", "Attendance"),
        ("inclusion", "Inclusion and exclusions"),
        ("cme", "Children missing education"),
        ("ehe", "Elective home education"),
        ("employment", "Child employment and performance"),
    ]
    topics = _choice("What the question is about", TOPICS, "Select all that apply.", many=True)
    question = _text("Your question")


class ChildLicenceForm(PathwayForm):
    KINDS = [
        ("employment", "A child employment permit"),
        ("performance", "A child performance licence"),
    ]
    kind = _choice("Licence applied for", KINDS)
    employer = forms.CharField(
        label="Employer or producer",
        max_length=200,
        error_messages={"required": "Enter the employer or producer"},
    )
    work = _text("The job or the performance", rows=3)
    start_date = date_field("First day")
    end_date = date_field("Last day")
    school_days_missed = forms.IntegerField(
        label="School days the pupil would miss",
        min_value=0,
        help_text="0 if none.",
        error_messages={"required": "Enter the school days the pupil would miss"},
    )
    hours_a_week = forms.IntegerField(
        label="Hours a week in term time",
        min_value=1,
        max_value=40,
        help_text="For employment only.",
        required=False,
    )
    parents_consent = _yes_no("Do the parents consent?")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be on or after the first day")
        if data.get("kind") == "employment":
            hours = data.get("hours_a_week")
            if hours is None:
                self.add_error("hours_a_week", "Enter the hours a week in term time")
            elif hours > 12:
                self.add_error(
                    "hours_a_week",
                    "A child of school age may work at most 12 hours a week in term time",
                )
        if data.get("parents_consent") is False:
            self.add_error("parents_consent", "A licence needs the parents' consent")
        return data


class ResponseForm(forms.Form):
    """The owning team's response; `pathway` gives the outcomes it may record."""

    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    response = _text("What was done or decided", "The school will read this.")
    step_on = date_field(
        "Date of the step",
        "Only for an outcome that is a step on the pupil's attendance ladder (a meeting held, a "
        "notice issued, an order applied for): the day it was taken.",
        required=False,
    )

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.code, o.label) for o in pathway.outcomes]


class SchoolChoiceForm(forms.Form):
    """For a user with more than one school: which one the form is from."""

    school = forms.ModelChoiceField(
        queryset=None,
        to_field_name="urn",
        label="Your school",
        empty_label="Choose the school",
        error_messages={"required": "Choose the school", "invalid_choice": "Choose your school"},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class QueueFilterForm(forms.Form):
    team = forms.ChoiceField(label="Team", required=False)
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("open", "Waiting for a response"), ("closed", "Responded"), ("all", "All")],
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *teams]
