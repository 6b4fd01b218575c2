"""GOV.UK Design System markup for Django forms.

`{{ form }}` renders the error summary, then each field as a GOV.UK form group: label or
fieldset legend, hint, error message and the control with its GOV.UK classes, with hint and
error ids in `aria-describedby`. `{{ form.field.as_field_group }}` renders one field that way.

The GOV.UK behaviour lives in new properties used by our templates; Django's own
(`{{ field }}`, `aria_describedby`, widget attributes) is left as it is, so the admin, which
renders fields its own way with the same renderer, is unaffected.
"""

from datetime import date

from django.forms import widgets
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property

# GOV.UK kind of control -> (class on the control, modifier added when the field has errors)
_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "radios": ("govuk-radios__input", ""),
    "checkboxes": ("govuk-checkboxes__input", ""),
}


def _join(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


class GovukBoundField(BoundField):
    @cached_property
    def govuk_kind(self) -> str:
        """Which GOV.UK component renders this field: radios, checkboxes, checkbox (a single
        one), select, textarea, file, input, or other (anything else, e.g. a MultiWidget,
        rendered by its own template)."""
        widget = self.field.widget
        # Most specific first: CheckboxSelectMultiple is a RadioSelect, RadioSelect a Select.
        for widget_class, kind in (
            (widgets.CheckboxSelectMultiple, "checkboxes"),
            (widgets.RadioSelect, "radios"),
            (widgets.CheckboxInput, "checkbox"),
            (widgets.Select, "select"),
            (widgets.Textarea, "textarea"),
            (widgets.FileInput, "file"),
            (widgets.Input, "input"),
        ):
            if isinstance(widget, widget_class):
                return kind
        return "other"

    @property
    def govuk_hint_id(self) -> str:
        return f"{self.auto_id}-hint" if self.auto_id and self.help_text else ""

    @property
    def govuk_error_id(self) -> str:
        return f"{self.auto_id}-error" if self.auto_id and self.errors else ""

    @property
    def govuk_describedby(self) -> str:
        return _join(
            self.field.widget.attrs.get("aria-describedby"),
            self.govuk_hint_id,
            self.govuk_error_id,
        )

    @property
    def govuk_target_id(self) -> str:
        """The id the error summary links to: the control itself, or the first of its
        radios or checkboxes."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return ""
        if self.govuk_kind in ("radios", "checkboxes"):
            return widget.id_for_label(id_, "0")
        if isinstance(widget, widgets.MultiWidget):
            return f"{id_}_0"
        return widget.id_for_label(id_) or id_

    def _control_class(self) -> str:
        base, error_modifier = _CONTROL_CLASSES.get(self.govuk_kind, ("", ""))
        return _join(
            self.field.widget.attrs.get("class"), base, error_modifier if self.errors else ""
        )

    @property
    def govuk_widget(self) -> str:
        """The control with its GOV.UK class and `aria-describedby` (for everything but
        radios and checkboxes, which are rendered item by item from `govuk_items`)."""
        attrs = {}
        if css_class := self._control_class():
            attrs["class"] = css_class
        if not self.use_fieldset and (describedby := self.govuk_describedby):
            attrs["aria-describedby"] = describedby
        html = self.as_widget(attrs=attrs)
        if self.field.show_hidden_initial:
            html += self.as_hidden(only_initial=True)
        return html

    @property
    def govuk_items(self) -> list[BoundWidget]:
        """One radio or checkbox per choice, each carrying the GOV.UK input class; render
        `item.tag` (the input alone) and a label `for` `item.id_for_label`."""
        widget = self.field.widget
        attrs = {"class": self._control_class()}
        if id_ := widget.attrs.get("id") or self.auto_id:
            attrs["id"] = id_
        attrs = self.build_widget_attrs(attrs)
        return [
            BoundWidget(widget, option, self.form.renderer)
            for option in widget.subwidgets(self.html_name, self.value(), attrs=attrs)
        ]

    def value(self):
        # A native date picker (<input type="date">) only understands ISO dates; Django would
        # otherwise format the date for the locale (22/11/2026) and the box would show empty.
        value = super().value()
        widget = self.field.widget
        if (
            isinstance(value, date)
            and isinstance(widget, widgets.DateInput)
            and widget.input_type == "date"
        ):
            return value.strftime("%Y-%m-%d")
        return value


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField
