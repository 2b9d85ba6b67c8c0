import django_filters as df
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hezuo.registry.models import Country

from . import models as m
from .reference import PriorityField


class _Base(df.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.form.fields.values():
            is_select = isinstance(f.widget, forms.Select)
            f.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


def _countries(request):
    return Country.objects.exclude(iso2=settings.HOME_COUNTRY).order_by("name_en")


class ProjectFilter(_Base):
    status = df.ChoiceFilter(choices=m.ProjectStatus.choices, label=_("Status"))
    field = df.ChoiceFilter(choices=PriorityField.choices, label=_("Field"))
    country = df.ModelChoiceFilter(
        field_name="countries",
        queryset=_countries,
        to_field_name="iso2",
        label=_("Partner country"),
    )

    class Meta:
        model = m.Project
        fields = ["status", "field", "country"]


class BaseFilter(_Base):
    kind = df.ChoiceFilter(choices=m.BaseKind.choices, label=_("Kind"))
    status = df.ChoiceFilter(choices=m.BaseStatus.choices, label=_("Status"))
    field = df.ChoiceFilter(choices=PriorityField.choices, label=_("Field"))

    class Meta:
        model = m.Base
        fields = ["kind", "status", "field"]
