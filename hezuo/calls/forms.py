"""Forms, split by purpose. None of them saves: views hand the cleaned data to `services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.core.forms import DateTimeInput, ListField, RecordForm, StyledForm, style
from hezuo.core.models import Unit, UnitKind
from hezuo.core.widgets import use_picker
from hezuo.portfolio.reference import PriorityField
from hezuo.registry.models import OrganisationKind

from . import models as m
from .criteria_templates import TEMPLATE_CHOICES

# --- calls --------------------------------------------------------------------------------------


class CheckboxList(forms.CheckboxSelectMultiple):
    """Bootstrap's checkbox on each option and no box around the list. (RecordForm styles any
    other widget as a text field: each option became an empty pill and a tick did not show.)"""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "", **(attrs or {})}, choices)

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "form-check-input me-1"
        return option


class CallForm(RecordForm):
    priority_fields = forms.MultipleChoiceField(
        label=_("Priority fields"),
        choices=PriorityField.choices,
        required=False,
        widget=CheckboxList,
    )
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"),
        choices=m.AttachmentKind.choices,
        required=False,
        widget=CheckboxList,
    )
    eligible_org_kinds = forms.MultipleChoiceField(
        label=_("Eligible kinds of applicant"),
        choices=OrganisationKind.choices,
        required=False,
        widget=CheckboxList,
        help_text=_("None ticked: any domestic organisation."),
    )
    approving_offices = forms.ModelMultipleChoiceField(
        label=_("Approving offices"),
        queryset=Unit.objects.filter(kind=UnitKind.OFFICE),
        widget=CheckboxList,
        help_text=_("One office, or two that must both sign every decision."),
    )
    template = forms.ChoiceField(
        label=_("Eligibility criteria and rubric from"),
        choices=TEMPLATE_CHOICES,
        required=False,
    )

    class Meta:
        model = m.Call
        fields = [
            "programme",
            "code",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "kind",
            "base_kind",
            "year",
            "opens_at",
            "closes_at",
            "recommend_by",
            "priority_fields",
            "required_attachments",
            "eligible_org_kinds",
            "max_amount",
            "max_duration_months",
            "designation_years",
            "rubric_scale",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "recommend_by": DateTimeInput(),
            "description_zh": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["template"]
            self.fields["approving_offices"].initial = list(self.instance.approving_offices.all())
        for name in ("opens_at", "closes_at", "recommend_by"):
            self.fields[name].help_text = _("Beijing time (Asia/Shanghai).")

    def split_data(self):
        data, m2m = super().split_data()
        data.pop("template", None)
        return data, m2m


class CriterionForm(StyledForm):
    code = forms.SlugField(label=_("Code"), max_length=40)
    text_zh = forms.CharField(label=_("Condition (Chinese)"), widget=forms.Textarea({"rows": 2}))
    text_en = forms.CharField(
        label=_("Condition (English)"), widget=forms.Textarea({"rows": 2}), required=False
    )
    mode = forms.ChoiceField(label=_("How it is checked"), choices=m.CriterionMode.choices)
    rule = forms.ChoiceField(
        label=_("Rule"), choices=[("", "—"), *m.AutoRule.choices], required=False
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)


class TemplateForm(StyledForm):
    template = forms.ChoiceField(label=_("Template"), choices=TEMPLATE_CHOICES)


class RubricRowForm(StyledForm):
    name_zh = forms.CharField(label=_("Criterion (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=200, required=False)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)


RubricFormSet = forms.formset_factory(RubricRowForm, extra=2, can_delete=True)


class QuotaForm(StyledForm):
    """One number per recommending unit."""

    def __init__(self, *args, call: m.Call, **kwargs):
        super().__init__(*args, **kwargs)
        current = {q.unit_id: q.limit for q in call.quotas.all()}
        self.units = list(Unit.objects.filter(kind=UnitKind.RECOMMENDER).order_by("code"))
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.IntegerField(
                label=str(unit), min_value=0, required=False, initial=current.get(unit.pk)
            )
        style(self)

    def limits(self) -> list[tuple[Unit, int]]:
        return [
            (unit, self.cleaned_data[f"unit_{unit.pk}"])
            for unit in self.units
            if self.cleaned_data.get(f"unit_{unit.pk}") is not None
        ]


# --- applications -------------------------------------------------------------------------------


class ApplicationForm(RecordForm):
    keywords = ListField(label=_("Keywords"))
    disciplines = ListField(label=_("Disciplines"))

    class Meta:
        model = m.Application
        fields = [
            "title_zh",
            "title_en",
            "abstract_zh",
            "abstract_en",
            "keywords",
            "disciplines",
            "field",
            "duration_months",
            "requested_amount",
        ]
        widgets = {
            "abstract_zh": forms.Textarea(attrs={"rows": 6}),
            "abstract_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call if self.instance.call_id else None
        if call is not None and call.priority_fields:
            self.fields["field"].choices = [("", "—")] + [
                (f, PriorityField(f).label) for f in call.priority_fields
            ]


class PartnerForm(RecordForm):
    class Meta:
        model = m.Partner
        fields = [
            "organisation",
            "name",
            "country",
            "role",
            "agreement",
            "agreement_signed_on",
            "ip_arrangement",
            "commits_technology",
            "commits_people",
            "commits_equipment",
            "commits_money",
        ]
        widgets = {
            "agreement_signed_on": forms.DateInput(attrs={"type": "date"}),
            "ip_arrangement": forms.Textarea(attrs={"rows": 2}),
            "commits_technology": forms.Textarea(attrs={"rows": 2}),
            "commits_people": forms.Textarea(attrs={"rows": 2}),
            "commits_equipment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Foreign organisations (of another, known country) and agreements the applicant may
        # read: the pickers suggest exactly what the fields accept.
        use_picker(self, "organisation", "foreign-organisation")
        self.fields["organisation"].help_text = _(
            "Type part of its name in Chinese or English, or its acronym. "
            "Not in the registry? Leave this empty and name it below."
        )
        self.fields["country"].required = False
        use_picker(self, "country", "foreign-country")
        self.fields["country"].help_text = _("Taken from the organisation when it is chosen.")
        use_picker(self, "agreement", "agreement")


def budget_item_choices() -> list:
    """The categories as the funding rules list them: business costs' parts grouped under it."""
    item = m.BudgetItem
    business = [(k.value, k.label) for k in m.BUSINESS_PARTS]
    rest = [(k.value, k.label) for k in item if k not in m.BUSINESS_PARTS and k != item.EQUIPMENT]
    return [
        ("", _("— not itemised —")),
        (item.EQUIPMENT.value, item.EQUIPMENT.label),
        (pgettext_lazy("budget item", "Business costs"), business),
        *rest,
    ]


class BudgetLineForm(StyledForm):
    # A blank first choice, so the form's spare rows stay empty and are skipped (a preselected
    # source made every spare row count as filled in, and its missing amount was an error).
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *m.BudgetSource.choices])
    item = forms.ChoiceField(label=_("Item"), choices=budget_item_choices, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (10k CNY)"), min_value=0, max_digits=14, decimal_places=2
    )


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=3, can_delete=True)


class AttachmentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=m.AttachmentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX or XLSX. The type is read from the content, not the name."),
    )


class EligibilityForm(StyledForm):
    """One declaration per self-declared condition of the call."""

    def __init__(self, *args, application: m.Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        answers = {a.criterion_id: a for a in application.answers.all()}
        evidence = [(a.pk, str(a)) for a in application.attachments.all()]
        self.criteria = list(application.call.criteria.filter(mode=m.CriterionMode.SELF_DECLARED))
        for c in self.criteria:
            answer = answers.get(c.pk)
            self.fields[f"declared_{c.pk}"] = forms.BooleanField(
                label=c.text, required=False, initial=bool(answer and answer.declared)
            )
            self.fields[f"statement_{c.pk}"] = forms.CharField(
                label=_("Statement"),
                required=False,
                widget=forms.Textarea({"rows": 2}),
                initial=answer.statement if answer else "",
            )
            self.fields[f"evidence_{c.pk}"] = forms.TypedChoiceField(
                label=_("Evidence") + (" *" if c.evidence_required else ""),
                choices=[("", "—"), *evidence],
                coerce=int,
                empty_value=None,
                required=False,
                initial=answer.evidence_id if answer else None,
            )
        style(self)

    def rows(self):
        for c in self.criteria:
            yield (
                c,
                self[f"declared_{c.pk}"],
                self[f"statement_{c.pk}"],
                self[f"evidence_{c.pk}"],
            )

    def answers(self):
        attachments = {a.pk: a for a in self.application.attachments.all()}
        for c in self.criteria:
            evidence_id = self.cleaned_data.get(f"evidence_{c.pk}")
            yield (
                c,
                self.cleaned_data.get(f"declared_{c.pk}", False),
                self.cleaned_data.get(f"statement_{c.pk}", ""),
                attachments.get(evidence_id) if evidence_id else None,
            )


# --- the workflow -------------------------------------------------------------------------------


class CheckForm(StyledForm):
    """The staff's confirmation of each line of the formal check."""

    CHOICES = [("", _("not yet")), ("pass", _("passes")), ("fail", _("fails"))]

    def __init__(self, *args, application: m.Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(application.check_items.select_related("criterion"))
        for item in self.items:
            initial = {True: "pass", False: "fail"}.get(item.confirmed, "")
            self.fields[f"c_{item.pk}"] = forms.ChoiceField(
                label=item.label, choices=self.CHOICES, required=False, initial=initial
            )
            self.fields[f"n_{item.pk}"] = forms.CharField(
                label=_("Note"), required=False, initial=item.note
            )
        style(self)

    def rows(self):
        for item in self.items:
            yield item, self[f"c_{item.pk}"], self[f"n_{item.pk}"]

    def confirmations(self) -> dict[str, tuple[bool, str]]:
        out = {}
        for item in self.items:
            choice = self.cleaned_data.get(f"c_{item.pk}")
            if choice:
                out[item.code] = (choice == "pass", self.cleaned_data.get(f"n_{item.pk}", ""))
        return out
