"""Filtersets shared by the list pages, the monitor's drill-down, the API and exports."""

import django_filters as df
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import Unit, UnitKind
from hezuo.portfolio.models import BaseKind
from hezuo.portfolio.reference import PriorityField
from hezuo.registry.models import Country

from . import models as m


class _Base(df.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.form.fields.values():
            is_select = isinstance(f.widget, forms.Select)
            f.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


def _calls(request):
    return m.Call.objects.visible_to(getattr(request, "user", None)).order_by("-year", "code")


def _recommending_units(request):
    return Unit.objects.filter(kind=UnitKind.RECOMMENDER).order_by("code")


def _countries(request):
    return Country.objects.exclude(iso2=settings.HOME_COUNTRY).order_by("name_en")


class CallFilter(_Base):
    kind = df.ChoiceFilter(choices=m.CallKind.choices, label=_("Kind"))
    base_kind = df.ChoiceFilter(choices=BaseKind.choices, label=_("Kind of base"))
    status = df.ChoiceFilter(choices=m.CallStatus.choices, label=_("Status"))
    year = df.NumberFilter(label=_("Year"))

    class Meta:
        model = m.Call
        fields = ["kind", "base_kind", "status", "year"]


class ApplicationFilter(_Base):
    call = df.ModelChoiceFilter(queryset=_calls, to_field_name="code", label=_("Call"))
    state = df.ChoiceFilter(choices=m.ApplicationState.choices, label=_("State"))
    recommending_unit = df.ModelChoiceFilter(
        queryset=_recommending_units, to_field_name="code", label=_("Recommending unit")
    )
    field = df.ChoiceFilter(choices=PriorityField.choices, label=_("Field"))
    country = df.ModelChoiceFilter(
        field_name="partners__country",
        queryset=_countries,
        to_field_name="iso2",
        label=_("Partner country"),
        distinct=True,
    )
    outcome = df.ChoiceFilter(choices=m.DecisionOutcome.choices, label=_("Decision"))

    class Meta:
        model = m.Application
        fields = ["call", "state", "recommending_unit", "field", "country", "outcome"]
