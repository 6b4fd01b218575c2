"""The forms of the annual review pages: the list's filters, the termly lists' choice of term,
opening a review, and one form for each step on a review's page, each cleaning to the keyword
arguments of its service (review_services.py)."""

import copy
from datetime import date

from django import forms

from frontdoor.core import term_dates
from frontdoor.core.term_dates import Term
from frontdoor.send import reviews
from frontdoor.send.forms import ServiceForm, _choose
from frontdoor.send.models_reviews import ReviewDecision
from frontdoor.web.fields import date_field

# The lists' filters ------------------------------------------------------------------------


def term_key(term: Term) -> str:
    return f"{term.academic_year}-{term.name}"


def term_label(term: Term) -> str:
    return f"{term.name.capitalize()} term {term.start.year}"


def _term_choices(today: date) -> list[tuple[str, str]]:
    """Last school year's terms to next year's, where the council has published them."""
    years = [y for y in term_dates.covered_years() if abs(y - today.year) <= 1]
    return [(term_key(t), term_label(t)) for y in years for t in term_dates.terms(y)]


class TermField(forms.ChoiceField):
    """A term chosen by its key ("2026-autumn"), cleaned to the Term."""

    def clean(self, value) -> Term | None:
        key = super().clean(value)
        if not key:
            return None
        year, name = key.split("-")
        return term_dates.term(int(year), name)


class ReviewScopeForm(forms.Form):
    """What every review list is narrowed to: a term, a district and a school. Each filter is
    optional; a bad one is dropped. `districts`: those in the caseworker's area; `schools`:
    the settings named in its plans."""

    term = TermField(label="Term", required=False)
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )
    school = forms.ModelChoiceField(
        label="School or college", queryset=None, required=False, empty_label="All schools"
    )

    def __init__(self, *args, districts, schools, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["term"].choices = _term_choices(today)
        self.fields["district"].queryset = districts
        self.fields["school"].queryset = schools

    def chosen_term(self) -> Term:
        """The term chosen, or the current one (the next, in a holiday)."""
        chosen = self.cleaned_data.get("term") if hasattr(self, "cleaned_data") else None
        return chosen or reviews.term_for(self.today) or _last_term()

    def chosen(self, name: str):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None


def _last_term() -> Term:
    return term_dates.terms(term_dates.covered_years()[-1])[-1]


class ReviewListForm(ReviewScopeForm):
    overdue = forms.BooleanField(label="Overdue only", required=False)


# Opening a review --------------------------------------------------------------------------


class ReviewOpenForm(forms.Form):
    """`plans`: the plans in force the caseworker keeps."""

    plan = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That plan is not in force in your area"},
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


# The steps on a review's page --------------------------------------------------------------


class ReviewStepForm(ServiceForm):
    """A step's form: cleans to its service's keyword arguments about `review`."""

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def service_arguments(self) -> dict:
        return {"review": self.review, **self.cleaned_data}


class MeetingArrangeForm(ReviewStepForm):
    field_names = {"sent_on": "invitations_sent_on"}

    meeting_on = date_field("Date of the review meeting")
    invitations_sent_on = date_field(
        "Date the invitations and advice were sent",
        hint="At least 2 weeks before the meeting, to the family, the school, health and social "
        "care (reg 20(2)-(4)).",
    )

    @property
    def step_heading(self) -> str:
        """Once the meeting is arranged, the step moves it (send/_next_steps.html)."""
        return "Change the review meeting" if self.review.meeting_on else ""


class ReportRecordForm(ReviewStepForm):
    on = date_field(
        "Date the report was received", hint="Due within 2 weeks of the meeting (reg 20)."
    )


class AmendedPlanIssueForm(ReviewStepForm):
    on = date_field(
        "Date the amended plan was issued",
        hint="After the family’s 15 days to comment, and within 8 weeks of the proposed "
        "amendments (reg 22).",
    )


class ReviewDecideForm(ReviewStepForm):
    """The decision, and with an amendment the plan as it would read amended (R (L, M, P) v
    Devon CC [2022]): the sections most often changed at review, filled in from the plan (or a
    draft amendment already begun), edited here. `content`: what the amendments start from."""

    template_name = "send/review_decide_form.html"
    field_names = {"amend": "A"}

    decision = _choose(
        "What did the council decide?", ReviewDecision.choices, "Select what the council decided"
    )
    on = date_field(
        "Date of the decision", hint="Due within 4 weeks of the meeting (reg 20 and 22)."
    )

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = copy.deepcopy(content)
        self.amendment_fields: list[str] = []
        self._add(
            "A",
            "Section A: the child’s views, interests and aspirations",
            self.content.get("A", ""),
            rows=3,
        )
        for key, what in (("B", "need"), ("E", "outcome")):
            for item in self.content.get(key, []):
                self._add(
                    f"{key}__{item['id']}",
                    f"Section {key}, {what} {item['id']}",
                    item.get("text", ""),
                )
        for item in self.content.get("F", []):
            name, label = f"F__{item['id']}", f"Section F, provision {item['id']}"
            self._add(f"{name}__text", label, item.get("text", ""))
            self._add(f"{name}__who", f"{label}: who provides it", item.get("who", ""), rows=0)
            self._add(
                f"{name}__how_often", f"{label}: how often", item.get("how_often", ""), rows=0
            )
            self.fields[f"{name}__hours_a_week"] = forms.DecimalField(
                label=f"{label}: hours a week",
                required=False,
                min_value=0,
                max_digits=5,
                decimal_places=1,
                initial=item.get("hours_a_week"),
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "step": "0.5"}),
                error_messages={"invalid": "Enter the hours a week as a number, like 2.5"},
            )
            self.amendment_fields.append(f"{name}__hours_a_week")
        placement = self.content.get("I") or {}
        self._add(
            "I__name",
            "Section I: the school, college or type of setting",
            placement.get("name", ""),
            rows=0,
        )

    def _add(self, name: str, label: str, initial: str, rows: int = 2) -> None:
        widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
        self.fields[name] = forms.CharField(
            label=label, required=False, initial=initial, widget=widget, strip=True
        )
        self.amendment_fields.append(name)

    def clean(self):
        cleaned = super().clean()
        amending = cleaned.get("decision") == ReviewDecision.AMEND
        cleaned["amendments"] = self._amended(cleaned) if amending else None
        return cleaned

    def _amended(self, cleaned: dict) -> dict:
        content = copy.deepcopy(self.content)
        content["A"] = cleaned.get("A", "")
        for key in ("B", "E"):
            for item in content.get(key, []):
                item["text"] = cleaned.get(f"{key}__{item['id']}", "")
        for item in content.get("F", []):
            name = f"F__{item['id']}"
            for part in ("text", "who", "how_often"):
                item[part] = cleaned.get(f"{name}__{part}", "")
            hours = cleaned.get(f"{name}__hours_a_week")
            item["hours_a_week"] = _number(hours)
        if content.get("I") or cleaned.get("I__name"):
            content["I"] = {**(content.get("I") or {}), "name": cleaned.get("I__name", "")}
        return content

    def service_arguments(self) -> dict:
        keep = ("decision", "on", "amendments")
        return {"review": self.review, **{name: self.cleaned_data[name] for name in keep}}


def _number(hours):
    """Hours as the plan holds them: 5 rather than 5.0, 2.5 as it is."""
    if hours is None:
        return None
    return int(hours) if hours == int(hours) else float(hours)
