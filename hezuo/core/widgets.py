"""Search-as-you-type pickers for record fields (an organisation, a person, an agreement …): a text
box that asks `/pick/<kind>/` for matches as one types (htmx), suggestions to pick from, and the
choice kept in hidden inputs under the field's own name — so a form posts the same keys a select
posted, and nothing but the chosen records is ever loaded. Behaviour lives in `core/pages.js`
(the Content-Security-Policy forbids inline script)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from .pickers import get_kind

# What a database integer key holds; a larger number is no record (and overflows an IN query).
_KEY_RANGE = range(1, 2**63)


def _keys(values: list[str]) -> list[int]:
    keys = []
    for value in values:
        value = value.strip()
        if value.isdigit() and int(value) in _KEY_RANGE and int(value) not in keys:
            keys.append(int(value))
    return keys


class RecordPicker(forms.Widget):
    """Picks one record of a registered kind (`hezuo.core.pickers.register_kind`)."""

    template_name = "core/widgets/record_picker.html"
    allow_multiple_selected = False

    def __init__(self, kind: str, attrs: dict[str, Any] | None = None):
        super().__init__({"class": "form-control", **(attrs or {})})
        self.kind = kind
        # Set by the model choice field; never iterated (that would load the whole table): only
        # its queryset is read, to name the records already chosen.
        self.choices: Any = ()

    def format_value(self, value) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        # Like a multiple select: no chip posts nothing, and that is a choice (none).
        return False if self.allow_multiple_selected else name not in data

    def use_required_attribute(self, initial) -> bool:
        # The text box may be empty while a choice is made; `aria-required` says it instead.
        return False

    def chosen(self, values: list[str]) -> list[tuple[str, str]]:
        """(key, name) of the chosen records the field accepts, in the order given."""
        keys = _keys(values)
        queryset = getattr(self.choices, "queryset", None)
        if not keys or queryset is None:
            return []
        label = get_kind(self.kind).label
        names = {obj.pk: label(obj) for obj in queryset.filter(pk__in=keys)}
        return [(str(k), names[k]) for k in keys if k in names]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        # A form shown once per row (auto_id=False) still needs ids to tie the list to its box.
        widget["attrs"].setdefault("id", f"picker-{uuid.uuid4().hex[:8]}")
        chosen = self.chosen(widget["value"])
        widget.update(
            chosen=chosen,
            multiple=self.allow_multiple_selected,
            url=reverse("pick", args=[self.kind]),
            options_id=f"{widget['attrs']['id']}-options",
            text="" if self.allow_multiple_selected or not chosen else chosen[0][1],
            key="" if self.allow_multiple_selected or not chosen else chosen[0][0],
            placeholder=_("Type to add…") if self.allow_multiple_selected else _("Type to search…"),
            remove_label=_("Remove %(name)s") % {"name": "{name}"},
        )
        return context


class RecordMultiPicker(RecordPicker):
    """Picks any number of records: each choice a chip with a remove button."""

    allow_multiple_selected = True


class PickedRecordsField(forms.ModelMultipleChoiceField):
    """Records picked with a RecordMultiPicker: a key no database integer holds is not one of the
    choices (rather than an overflow in the IN query)."""

    def _check_values(self, value):
        for key in value or ():
            text = str(key).strip()
            if text.isdigit() and int(text) not in _KEY_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)


def use_picker(form: forms.BaseForm, name: str, kind: str) -> None:
    """Make the form's record field `name` a picker of `kind`, accepting exactly what the picker
    offers the form's user: the kind's records, scoped and limited in one place."""
    field = form.fields[name]
    records = get_kind(kind).records(getattr(form, "user", None))
    if isinstance(field, forms.ModelMultipleChoiceField):
        field = form.fields[name] = PickedRecordsField(
            queryset=records,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            widget=RecordMultiPicker(kind),
        )
    else:
        assert isinstance(field, forms.ModelChoiceField), f"{name} is no record field"
        field.widget = RecordPicker(kind)
        field.widget.is_required = field.required
        field.queryset = records  # also hands the widget its choices (the queryset)
