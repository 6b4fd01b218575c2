"""The forms of the plan pages: the list's filters, starting and issuing an amendment, comparing
versions, and the editor, which reads a plan's content (plan_content.py) into sections A-K and
writes what the caseworker typed back in the same shape.

In the editor needs, outcomes, provision and advice are rows (a formset per section) with one
blank row to add another, so it works without JavaScript. An outcome ticks the needs it meets
and a piece of provision the outcomes it serves, from those saved in the draft: a need written
now is offered to outcomes once the draft is saved. A row's id (b1, e2, h1-3) is kept from save
to save so the links and the differences between versions hold."""

import re
from decimal import Decimal

from django import forms

from frontdoor.send import plan_content
from frontdoor.send.models import AdviceKind
from frontdoor.send.models_plans import PlanVersion
from frontdoor.web.fields import date_field

# The filters, amending, issuing and comparing ---------------------------------------------


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label="Child’s name or plan reference",
        max_length=100,
        required=False,
        help_text="For example ‘Sam Taylor’, ‘taylor’ or PLAN-000123.",
    )
    district = forms.ModelChoiceField(
        label="District", queryset=None, required=False, empty_label="All districts"
    )
    amending = forms.BooleanField(label="Draft amendment in progress", required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class AmendmentStartForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the plan being amended?",
        choices=[(v, label) for v, label in PlanVersion.Reason.choices if v != "new"],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan is being amended"},
    )


class DraftIssueForm(forms.Form):
    on = date_field("Date the plan is issued", hint="The date on the final plan sent out.")


class CompareForm(forms.Form):
    compare = forms.TypedChoiceField(
        label="Compare with version",
        coerce=int,
        error_messages={"invalid_choice": "Choose another version of this plan to compare with"},
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].choices = [(n, f"Version {n}") for n in numbers]


# The editor: one row -----------------------------------------------------------------------

PLACEMENT_TYPES = [("", "Choose the type"), *plan_content.SETTING_TYPES.items()]
ROW_PREFIXES = {
    "B": "b",
    "C": "c",
    "D": "d",
    "E": "e",
    "F": "f",
    "G": "g",
    "H1": "h1-",
    "H2": "h2-",
}
ROW_NAMES = {"B": "need", "C": "need", "D": "need", "E": "outcome", "K": "piece of advice"}


def _text(label: str, rows: int = 2, **more) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **more
    )


def _short(label: str, **more) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=300, **more)


class Row(forms.Form):
    """One item of a list section; `links` are the (id, label) choices it may tick."""

    id = forms.CharField(required=False, widget=forms.HiddenInput)
    describe = "Describe it, or tick ‘Remove’"

    def __init__(self, *args, section: str, links: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.links = links

    def clean(self):
        cleaned = super().clean()
        typed = any(
            value not in (None, "", [])
            for key, value in cleaned.items()
            if key not in ("id", "DELETE")
        )
        if typed and not cleaned.get("DELETE") and not str(cleaned.get("text", "x")).strip():
            self.add_error("text" if "text" in self.fields else None, self.describe)
        return cleaned


class NeedRow(Row):
    area = forms.ChoiceField(
        label="Area of need",
        required=False,
        choices=[("", "Choose the area"), *plan_content.AREAS.items()],
    )
    text = _text("The need", rows=3)
    describe = "Describe the need, or tick ‘Remove’"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.section != "B":
            del self.fields["area"]  # areas of need are the SEN Code's, for section B


class OutcomeRow(Row):
    text = _text("The outcome")
    by = _short("By when", help_text="For example ‘the end of Key Stage 2’.")
    meets = forms.MultipleChoiceField(
        label="The needs it meets", required=False, widget=forms.CheckboxSelectMultiple
    )
    describe = "Describe the outcome, or tick ‘Remove’"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meets"].choices = self.links


class ProvisionRow(Row):
    text = _text("The provision")
    serves = forms.MultipleChoiceField(
        label="The outcomes it serves", required=False, widget=forms.CheckboxSelectMultiple
    )
    who = _short(
        "Who provides it",
        help_text="For example ‘teaching assistant trained by the speech and language therapist’.",
    )
    how_often = _short(
        "How often", help_text="For example ‘daily, 30 minutes’ or ‘3 sessions a week’."
    )
    hours_a_week = forms.DecimalField(
        label="Hours a week",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("168"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the hours a week as a number, like 2.5",
            "max_value": "Hours a week must be 168 or fewer",
            "min_value": "Hours a week cannot be less than 0",
            "max_decimal_places": "Enter the hours a week to 2 decimal places at most",
        },
    )
    describe = "Describe the provision, or tick ‘Remove’"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].choices = self.links


class AdviceRow(Row):
    kind = forms.ChoiceField(
        label="Advice", required=False, choices=[("", "Choose the advice"), *AdviceKind.choices]
    )
    given_by = _short("From")
    on = date_field("Date of the advice", required=False)
    describe = "Say who gave the advice, or tick ‘Remove’"

    def clean(self):
        cleaned = forms.Form.clean(self)
        typed = cleaned.get("kind") or cleaned.get("on")
        if typed and not cleaned.get("DELETE") and not cleaned.get("given_by", "").strip():
            self.add_error("given_by", self.describe)
        return cleaned


class SingleForm(forms.Form):
    """Sections A, I and J: one answer each."""

    views = _text("The child’s or young person’s views, interests and aspirations", rows=5)
    setting_name = _short("School, college or type of setting named")
    setting_type = forms.ChoiceField(
        label="Type of setting", required=False, choices=PLACEMENT_TYPES
    )
    setting_urn = forms.IntegerField(
        label="URN",
        required=False,
        min_value=100000,
        max_value=999999,
        help_text="The school’s or college’s 6-digit unique reference number, when one is named.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the URN as 6 digits",
            "min_value": "Enter the URN as 6 digits",
            "max_value": "Enter the URN as 6 digits",
        },
    )
    budget_amount = forms.DecimalField(
        label="Personal budget a year (£)",
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the personal budget as an amount, like 1200"},
    )
    budget_arrangements = _text("How the personal budget is arranged")


# The editor: the whole plan ----------------------------------------------------------------


def _row_form(section: str) -> type[Row]:
    if section in plan_content.NEEDS:
        return NeedRow
    if section == "E":
        return OutcomeRow
    if section in plan_content.PROVISION:
        return ProvisionRow
    return AdviceRow


LIST_SECTIONS = [*plan_content.NEEDS, "E", *plan_content.PROVISION, "K"]


class PlanEditor:
    """Sections A-K for `content` (the draft as saved); `data` is what was posted."""

    def __init__(self, content: dict, data=None):
        self.content = content
        self.single = SingleForm(data, initial=_single_initial(content), prefix="plan")
        links = {
            "E": _choices(content, plan_content.NEEDS),
            **{key: _choices(content, ["E"]) for key in plan_content.PROVISION},
        }
        self.rows = {
            section: forms.formset_factory(_row_form(section), extra=1, can_delete=True)(
                data,
                initial=[_row_initial(section, item) for item in content.get(section, [])],
                prefix=section,
                form_kwargs={"section": section, "links": links.get(section, [])},
            )
            for section in LIST_SECTIONS
        }

    def is_valid(self) -> bool:
        valid = self.single.is_valid()
        return all([valid, *(rows.is_valid() for rows in self.rows.values())])

    def sections(self) -> list[tuple[str, str, object, bool]]:
        """(letter, title, formset, folded) for each list section, in the plan's order. A
        section many plans leave empty (C, D, G, H, K) is folded away until it has rows."""
        return [
            (key, plan_content.SECTIONS[key], rows, _foldable(key, rows))
            for key, rows in self.rows.items()
        ]

    def errors(self) -> list[tuple[str, str]]:
        """(message, the id of the control it is about) for the error summary."""
        found = [
            (message, self.single[name].govuk_target_id)
            for name, messages in self.single.errors.items()
            for message in messages
        ]
        for key, rows in self.rows.items():
            found += [(f"Section {key}: {message}", "") for message in rows.non_form_errors()]
            for number, row in enumerate(rows.forms, 1):
                for name, messages in row.errors.items():
                    target = row[name].govuk_target_id if name in row.fields else ""
                    where = f"Section {key}, {ROW_NAMES.get(key, 'provision')} {number}"
                    found += [(f"{where}: {message}", target) for message in messages]
        return found

    def content_typed(self) -> dict:
        """The plan as typed, in plan_content's shape; call after `is_valid()`. A blank row is
        left out; links to an item removed in the same save are dropped."""
        single = self.single.cleaned_data
        typed: dict = {}
        if single["views"].strip():
            typed["A"] = single["views"].strip()
        for key in LIST_SECTIONS:
            previous = {item.get("id"): item for item in self.content.get(key, []) if "id" in item}
            items = _items(key, self.rows[key], previous)
            if items:
                typed[key] = items
        needs = {item["id"] for key in plan_content.NEEDS for item in typed.get(key, [])}
        outcomes = {item["id"] for item in typed.get("E", [])}
        for item in typed.get("E", []):
            item["meets"] = [n for n in item.get("meets", []) if n in needs]
        for key in plan_content.PROVISION:
            for item in typed.get(key, []):
                item["serves"] = [o for o in item.get("serves", []) if o in outcomes]
        placement = _kept(
            {
                **(self.content.get("I") or {}),
                "urn": single["setting_urn"],
                "name": single["setting_name"].strip(),
                "type": single["setting_type"],
            }
        )
        if placement:
            typed["I"] = placement
        budget = _kept(
            {
                "amount": _number(single["budget_amount"]),
                "arrangements": single["budget_arrangements"].strip(),
            }
        )
        if budget:
            typed["J"] = budget
        return typed


def _foldable(key: str, rows) -> bool:
    if key in ("B", "E", "F") or rows.initial_forms:
        return False
    return not (rows.is_bound and any(form.errors for form in rows.forms))


def _single_initial(content: dict) -> dict:
    placement, budget = content.get("I") or {}, content.get("J") or {}
    return {
        "views": content.get("A", ""),
        "setting_name": placement.get("name", ""),
        "setting_type": placement.get("type", ""),
        "setting_urn": placement.get("urn"),
        "budget_amount": budget.get("amount"),
        "budget_arrangements": budget.get("arrangements", ""),
    }


def _choices(content: dict, sections) -> list[tuple[str, str]]:
    return [
        (item["id"], f"{item['id']}: {_shortened(item.get('text', ''))}")
        for key in sections
        for item in content.get(key, [])
        if "id" in item
    ]


def _shortened(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row_initial(section: str, item: dict) -> dict:
    if section == "K":
        return {
            "kind": item.get("kind", ""),
            "given_by": item.get("from", ""),
            "on": item.get("date"),
        }
    return dict(item)


def _items(section: str, rows, previous: dict) -> list[dict]:
    prefix = ROW_PREFIXES.get(section)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$") if prefix else None
    used = {int(m.group(1)) for key in previous if pattern and (m := pattern.match(str(key)))}
    kept, taken = [], set()
    for row in rows.forms:
        cleaned = row.cleaned_data
        if not cleaned or cleaned.get("DELETE"):
            continue
        if section == "K":
            advice = _advice(cleaned)
            if advice:
                kept.append(advice)
            continue
        if not cleaned.get("text", "").strip():
            continue  # the blank row
        given = cleaned.get("id") or ""
        if given in previous and given not in taken:
            item_id = given
        else:  # a new row, or an id that was tampered with
            number = max(used, default=0) + 1
            used.add(number)
            item_id = f"{prefix}{number}"
        taken.add(item_id)
        kept.append(_item(item_id, cleaned, previous.get(item_id, {})))
    return kept


def _item(item_id: str, cleaned: dict, before: dict) -> dict:
    """The row as a content item. It keeps the order of the item's keys as they were (the
    differences between versions read items key by key) and any keys the editor does not know."""
    known = ["area", "text", "meets", "by", "serves", "who", "how_often", "hours_a_week"]
    typed = {name: _answer(name, cleaned[name]) for name in known if name in cleaned}
    item = {"id": item_id}
    for key, value in before.items():
        if key in typed:
            item[key] = typed.pop(key)
        elif key not in known and key != "id":
            item[key] = value
    item.update(typed)  # answers the item did not have before, in the editor's order
    return _kept(item, keep=("meets", "serves"))


def _answer(name: str, value):
    if name == "hours_a_week":
        return _number(value)
    return value.strip() if isinstance(value, str) else value


def _advice(cleaned: dict) -> dict:
    on = cleaned.get("on")
    return _kept(
        {
            "kind": cleaned.get("kind", ""),
            "from": cleaned.get("given_by", "").strip(),
            "date": on.isoformat() if on else "",
        }
    )


def _kept(item: dict, keep: tuple = ()) -> dict:
    """Without its empty answers (links stay, even empty: the golden thread checks them)."""
    return {k: v for k, v in item.items() if k in keep or v not in (None, "", [])}


def _number(value: Decimal | None) -> int | float | None:
    """JSON holds numbers, not Decimals: whole hours as 5, part hours as 2.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
