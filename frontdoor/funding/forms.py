"""Forms shared by the funding pages: a scenario's name and description, the scenario as TOML,
a copy's name, and the choice of scenarios to compare. `ScenarioForm.add_problems` puts the
service's refusals on the fields they are about, each message naming its field."""

from decimal import Decimal, InvalidOperation

from django import forms

from frontdoor.funding.models import Scenario


class AmountField(forms.CharField):
    """A number as a finance officer types it: "£1,150,000", "-145000000", "2.5%". Errors name
    the field (its label)."""

    def __init__(self, *, label: str, whole: bool = False, width: int = 10, **kwargs):
        self.whole = whole
        kwargs.setdefault("error_messages", {"required": f"Enter {label[0].lower()}{label[1:]}"})
        super().__init__(label=label, **kwargs)
        self.widget.attrs.update(
            {"class": f"govuk-input--width-{width}", "inputmode": "decimal", "spellcheck": "false"}
        )

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        cleaned = text.replace(",", "").replace("£", "").replace("_", "").replace(" ", "")
        try:
            number = Decimal(cleaned.removesuffix("%"))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise forms.ValidationError(f"{self.label}: {text!r} is not a number")
        if self.whole and number != number.to_integral_value():
            raise forms.ValidationError(f"{self.label}: {text!r} is not a whole number")
        return int(number) if self.whole else number


def amount_text(value) -> str:
    """A number from a scenario as the form shows it: thousands separated, no exponent."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        error_messages={"required": "Enter a name for the scenario"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the scenario assumes and where its figures come from.",
    )

    def body(self) -> str:
        """The scenario as TOML, from the cleaned form."""
        raise NotImplementedError

    def field_for_key(self, key: str) -> str | None:
        """The form field a TOML key path is about (None: the form as a whole)."""
        return None

    def add_problems(self, problems: list[tuple[str | None, str]]) -> None:
        for key, message in problems:
            if key == "name":
                self.add_error("name", message)
                continue
            field = self.field_for_key(key) if key else None
            if field is None:
                self.add_error(None, f"{key}: {message}" if key else message)
            else:
                self.add_error(field, f"{self.fields[field].label}: {_worded(message)}")


def _worded(message: str) -> str:
    return "enter a figure" if message == "missing" else message


class TomlForm(ScenarioForm):
    toml = forms.CharField(
        label="The scenario as TOML",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        help_text="Every key is checked when you save; comments are kept.",
        error_messages={"required": "Enter the scenario as TOML"},
    )

    def body(self) -> str:
        return self.cleaned_data["toml"]

    def add_problems(self, problems) -> None:
        for key, message in problems:
            if key == "name":
                self.add_error("name", message)
            else:
                self.add_error("toml", f"{key}: {message}" if key else message)


class CopyForm(forms.Form):
    name = forms.CharField(
        label="Name of the copy",
        max_length=120,
        error_messages={"required": "Enter a name for the copy"},
    )


class CompareForm(forms.Form):
    scenario = forms.ModelMultipleChoiceField(
        label="Scenarios to compare",
        queryset=Scenario.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose 2 to 4.",
        error_messages={
            "required": "Choose 2 to 4 scenarios to compare",
            "invalid_choice": "Choose scenarios from the list",
            "invalid_pk_value": "Choose scenarios from the list",
        },
    )

    def __init__(self, *args, scenarios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = scenarios
        self.fields["scenario"].label_from_instance = lambda scenario: scenario.name

    def clean_scenario(self):
        chosen = self.cleaned_data["scenario"]
        if not 2 <= len(chosen) <= 4:
            raise forms.ValidationError(
                f"Choose 2 to 4 scenarios to compare (you chose {len(chosen)})"
            )
        return chosen


def rows_posted(data, key: str, *, least: int, most: int) -> int:
    """How many rows of a repeating part of a form were posted (a hidden field), kept within
    [least, most] whatever the browser sent."""
    try:
        return max(least, min(int(data.get(key, least)), most))
    except (TypeError, ValueError):
        return least
