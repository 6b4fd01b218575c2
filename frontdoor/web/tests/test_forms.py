"""`{{ form }}` through the GOV.UK form renderer: the markup the Design System documents."""

from datetime import date

import pytest
from django import forms

from frontdoor.web.forms import GovukBoundField
from frontdoor.web.tests import elements, one


class RequestForSupportForm(forms.Form):
    name = forms.CharField(
        label="Child’s full name", help_text="As it is on the school register", max_length=20
    )
    email = forms.EmailField(label="Your email address")
    phase = forms.ChoiceField(
        label="Phase",
        choices=[("", "Choose a phase"), ("primary", "Primary"), ("secondary", "Secondary")],
    )
    level = forms.ChoiceField(
        label="Level of support",
        widget=forms.RadioSelect,
        choices=[("1", "Universal"), ("2", "Early help"), ("3", "Targeted")],
        help_text="The level the family needs now",
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        widget=forms.CheckboxSelectMultiple,
        choices=[("attendance", "Attendance"), ("send", "SEND"), ("housing", "Housing")],
        required=False,
    )
    details = forms.CharField(label="What has happened", widget=forms.Textarea)
    consent = forms.BooleanField(
        label="The family agrees to this request", help_text="Ask them before you send it"
    )
    seen_on = forms.DateField(
        label="Date last seen", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.FileField(label="Evidence", required=False)
    reference = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.data.get("reference") == "duplicate":
            raise forms.ValidationError("A request for this child is already open.")
        return super().clean()


BAD_DATA = {
    "name": "Amelia Hartington-Smythe",  # too long
    "email": "not-an-email",
    "phase": "",
    # level: not chosen
    "needs": ["attendance"],
    "details": "Missed 12 days since September",
    # consent: not ticked
    "seen_on": "2026-11-20",
    "reference": "duplicate",
}


@pytest.fixture
def html():
    form = RequestForSupportForm(data=BAD_DATA)
    assert not form.is_valid()
    return str(form)


def test_fields_use_the_govuk_bound_field():
    assert isinstance(RequestForSupportForm()["name"], GovukBoundField)


def test_error_summary_lists_each_error_linked_to_its_control(html):
    summary = one(html, "div", "govuk-error-summary", data_module="govuk-error-summary")
    assert one(html, "h2", "govuk-error-summary__title").text == "There is a problem"
    links = [
        (a.attrs["href"], a.text)
        for a in elements(html, "a")
        if a.within("ul", "govuk-error-summary__list")
    ]
    assert links == [
        ("#id_name", "A request for this child is already open."),
        ("#id_name", "Ensure this value has at most 20 characters (it has 24)."),
        ("#id_email", "Enter a valid email address."),
        ("#id_phase", "This field is required."),
        ("#id_level_0", "This field is required."),
        ("#id_consent", "This field is required."),
    ]
    for href, _ in links:
        assert elements(html, id=href.removeprefix("#")), f"{href} links to nothing"
    assert html.index(summary.attrs["class"]) < html.index("govuk-form-group")


def test_invalid_fields_are_marked_and_valid_ones_are_not(html):
    groups = elements(html, "div", "govuk-form-group")
    assert len(groups) == 9  # every visible field; the hidden one is not in a group
    invalid = [g for g in groups if "govuk-form-group--error" in g.classes]
    assert len(invalid) == 5
    details = one(html, "textarea", id="id_details")
    assert "govuk-form-group--error" not in details.ancestors[-1].classes
    assert "aria-invalid" not in details.attrs


def test_text_input_has_label_hint_error_and_describedby(html):
    label = one(html, "label", for_="id_name")
    assert label.classes == {"govuk-label"}
    assert label.text == "Child’s full name"  # no colon: Django's label suffix is not used
    assert one(html, id="id_name-hint").classes == {"govuk-hint"}
    error = one(html, "p", "govuk-error-message", id="id_name-error")
    assert error.text == "Error: Ensure this value has at most 20 characters (it has 24)."
    hidden = [s for s in elements(html, "span", "govuk-visually-hidden") if error in s.ancestors]
    assert [s.text for s in hidden] == ["Error:"]

    control = one(html, "input", id="id_name")
    assert control.classes == {"govuk-input", "govuk-input--error"}
    assert control.attrs["aria-describedby"] == "id_name-hint id_name-error"
    assert control.attrs["aria-invalid"] == "true"
    assert "required" in control.attrs


def test_error_without_hint_is_described_by_the_error_alone(html):
    control = one(html, "input", id="id_email")
    assert control.attrs["type"] == "email"
    assert control.attrs["aria-describedby"] == "id_email-error"


def test_what_the_user_typed_is_kept(html):
    assert one(html, "input", id="id_name").attrs["value"] == "Amelia Hartington-Smythe"
    assert one(html, "input", id="id_email").attrs["value"] == "not-an-email"
    assert one(html, "textarea", id="id_details").text == "Missed 12 days since September"
    assert one(html, "input", id="id_seen_on").attrs["value"] == "2026-11-20"
    assert "checked" in one(html, "input", id="id_needs_0").attrs
    assert "checked" not in one(html, "input", id="id_needs_1").attrs


def test_radios_are_a_fieldset_with_a_legend(html):
    fieldset = one(
        html, "fieldset", "govuk-fieldset", aria_describedby="id_level-hint id_level-error"
    )
    [legend] = [e for e in elements(html, "legend") if fieldset in e.ancestors]
    assert legend.classes == {"govuk-fieldset__legend"}
    assert legend.text == "Level of support"
    one(html, "div", "govuk-radios", data_module="govuk-radios")
    radios = elements(html, "input", type="radio")
    assert [r.attrs["id"] for r in radios] == ["id_level_0", "id_level_1", "id_level_2"]
    for radio in radios:
        assert radio.classes == {"govuk-radios__input"}
        assert radio.within("div", "govuk-radios__item")
        assert fieldset in radio.ancestors
        label = one(html, "label", for_=radio.attrs["id"])
        assert label.classes == {"govuk-label", "govuk-radios__label"}
    assert one(html, "label", for_="id_level_1").text == "Early help"
    assert one(html, "p", "govuk-error-message", id="id_level-error").within("fieldset")


def test_checkbox_choices_are_govuk_checkboxes_in_a_fieldset(html):
    boxes = elements(html, "input", type="checkbox", name="needs")
    assert [b.attrs["value"] for b in boxes] == ["attendance", "send", "housing"]
    for box in boxes:
        assert box.classes == {"govuk-checkboxes__input"}
        assert box.within("div", "govuk-checkboxes__item")
        assert box.within("fieldset", "govuk-fieldset")
    assert one(html, "label", for_="id_needs_2").classes == {
        "govuk-label",
        "govuk-checkboxes__label",
    }


def test_a_single_checkbox_is_a_one_item_govuk_checkboxes(html):
    box = one(html, "input", id="id_consent")
    assert box.classes == {"govuk-checkboxes__input"}
    assert box.within("div", "govuk-checkboxes")
    assert not box.within("fieldset")
    assert box.attrs["aria-describedby"] == "id_consent-hint id_consent-error"
    assert "required" in box.attrs
    hint = one(html, id="id_consent-hint")
    assert hint.classes == {"govuk-hint", "govuk-checkboxes__hint"}
    assert one(html, "label", for_="id_consent").text == "The family agrees to this request"


def test_other_controls_get_their_govuk_classes(html):
    assert one(html, "select", id="id_phase").classes == {"govuk-select", "govuk-select--error"}
    assert one(html, "textarea", id="id_details").classes == {"govuk-textarea"}
    assert one(html, "input", id="id_evidence").classes == {"govuk-file-upload"}
    date_input = one(html, "input", id="id_seen_on")
    assert date_input.attrs["type"] == "date"
    assert date_input.classes == {"govuk-input"}


def test_hidden_fields_are_rendered_plainly(html):
    hidden = one(html, "input", type="hidden", name="reference")
    assert hidden.attrs["value"] == "duplicate"
    assert hidden.classes == set()
    assert not hidden.within("div", "govuk-form-group")


def test_an_unbound_form_has_no_error_markup():
    html = str(RequestForSupportForm())
    assert not elements(html, css_class="govuk-error-summary")
    assert not elements(html, css_class="govuk-form-group--error")
    assert not elements(html, css_class="govuk-error-message")
    assert "aria-invalid" not in html
    assert one(html, "input", id="id_name").attrs["aria-describedby"] == "id_name-hint"


def test_a_date_from_the_database_fills_a_native_date_input_as_iso():
    html = str(RequestForSupportForm(initial={"seen_on": date(2026, 9, 3)}))
    assert one(html, "input", id="id_seen_on").attrs["value"] == "2026-09-03"


def test_classes_set_on_the_widget_are_kept():
    class Form(forms.Form):
        upn = forms.CharField(
            label="UPN", widget=forms.TextInput(attrs={"class": "govuk-input--width-20"})
        )

    html = str(Form(data={}))
    assert one(html, "input", id="id_upn").classes == {
        "govuk-input--width-20",
        "govuk-input",
        "govuk-input--error",
    }


def test_a_form_error_on_a_form_without_visible_fields_is_listed_unlinked():
    class Form(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)

    html = str(Form(data={}))
    item = one(html, "li")
    assert item.within("ul", "govuk-error-summary__list")
    assert "This field is required." in item.text
    assert not elements(html, "a")


def test_djangos_own_field_rendering_is_left_alone_for_the_admin():
    """The admin renders `{{ field.field }}` with the same renderer: it gets Django's markup."""
    html = str(RequestForSupportForm(data=BAD_DATA)["name"])
    control = one(html, "input", id="id_name")
    assert "class" not in control.attrs
    assert control.attrs["aria-describedby"] == "id_name_helptext id_name_error"
