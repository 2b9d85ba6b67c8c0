from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workflow import Action, Input


class ListField(forms.CharField):
    """A list of short strings, one per line or separated by commas (also 、，；). A list from
    fixed choices is a `MultipleChoiceField` with checkboxes: no one types a key."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line, or separated by commas."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        items = [v.strip() for v in re.split(r"[\n,;，；、]+", value or "") if v.strip()]
        seen: list[str] = []
        for item in items:
            if item not in seen:
                seen.append(item)
        return seen

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def style(form: forms.BaseForm) -> None:
    """Bootstrap's classes on every widget (a checkbox list styles its own options)."""
    for f in form.fields.values():
        widget = f.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def _field(spec: Input) -> forms.Field:
    common = {"label": spec.label, "required": spec.required}
    if spec.choices is not None:
        return forms.ChoiceField(choices=spec.choices.choices, **common)
    if spec.type is Decimal:
        return forms.DecimalField(
            min_value=spec.min_value, max_value=spec.max_value, decimal_places=2, **common
        )
    widget = forms.Textarea({"rows": 3 if spec.required else 2}) if spec.multiline else None
    return forms.CharField(widget=widget, max_length=spec.max_length, **common)


@cache
def action_form(action: Action) -> type[StyledForm]:
    """The form of a workflow action, made from the inputs its table row names (the API's
    request schema is made from the same inputs: `hezuo.core.api.add_workflow_operations`)."""
    fields = {spec.name: _field(spec) for spec in action.inputs}
    return type(f"{action.name.title().replace('-', '')}Form", (StyledForm,), fields)


class RecordForm(forms.ModelForm):
    """Model forms that never save themselves: views hand `split_data()` to the services."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        style(self)

    def split_data(self) -> tuple[dict, dict]:
        data, m2m = {}, {}
        for name, value in self.cleaned_data.items():
            model_field = (
                self._meta.model._meta.get_field(name)
                if name in self._model_field_names()
                else None
            )
            if model_field is not None and isinstance(model_field, models.ManyToManyField):
                m2m[name] = value
            elif model_field is not None:
                data[name] = value
        return data, m2m

    def _model_field_names(self) -> set[str]:
        return {f.name for f in self._meta.model._meta.get_fields()}

    def _post_clean(self):
        # Model validation happens in the service, inside its transaction.
        pass


class DateInput(forms.DateInput):
    input_type = "date"
