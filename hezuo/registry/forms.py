from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.core.forms import DateInput, ListField, RecordForm
from hezuo.core.models import Unit
from hezuo.core.scoping import scope_for
from hezuo.core.widgets import use_picker

from . import models as m


class _OwnedForm(RecordForm):
    """Unit-kept records: the owner is one of the units the user acts for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner_unit" in self.fields:
            scope = scope_for(self.user)
            units = (
                Unit.objects.all()
                if scope.is_office
                else Unit.objects.filter(pk__in=scope.unit_ids)
            )
            self.fields["owner_unit"].queryset = units
            if not self.instance.pk and units.count() == 1:
                self.fields["owner_unit"].initial = units.first()


class CountryForm(RecordForm):
    aliases = ListField(label=_("Aliases"))

    class Meta:
        model = m.Country
        fields = [
            "name_zh",
            "name_en",
            "official_name_en",
            "aliases",
            "region",
            "development_group",
            "groupings",
        ]


class OrganisationForm(RecordForm):
    aliases = ListField(label=_("Aliases"))
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    flags = forms.MultipleChoiceField(
        label=_("Flags"),
        choices=m.OrganisationFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = m.Organisation
        fields = [
            "name_zh",
            "name_en",
            "acronym",
            "aliases",
            "kind",
            "country",
            "province",
            "city",
            "parent",
            "ror_id",
            "uscc",
            "flags",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "country", "country")
        use_picker(self, "parent", "organisation")
        self.fields["parent"].help_text = _("The organisation this one belongs to, if any.")


class PersonForm(_OwnedForm):
    disciplines = ListField(label=_("Disciplines"))
    keywords = ListField(label=_("Keywords"))

    class Meta:
        model = m.Person
        fields = [
            "name_zh",
            "name_en",
            "nationality",
            "email",
            "orcid",
            "disciplines",
            "keywords",
            "is_expert",
            "is_officeholder",
            "owner_unit",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "nationality", "country")


class AgreementForm(_OwnedForm):
    class Meta:
        model = m.Agreement
        fields = [
            "code",
            "title_zh",
            "title_en",
            "kind",
            "status",
            "countries",
            "organisations",
            "signed_on",
            "valid_from",
            "valid_until",
            "ip_arrangement",
            "commits_technology",
            "commits_people",
            "commits_equipment",
            "commits_money",
            "owner_unit",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "countries", "country")
        use_picker(self, "organisations", "organisation")


class MechanismForm(RecordForm):
    class Meta:
        model = m.Mechanism
        fields = ["name_zh", "name_en", "kind", "countries", "agreement", "established", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "countries", "country")
        use_picker(self, "agreement", "agreement")


class PostForm(_OwnedForm):
    class Meta:
        model = m.Post
        fields = [
            "person",
            "organisation",
            "level",
            "title",
            "term_start",
            "term_end",
            "owner_unit",
        ]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "person", "person")
        use_picker(self, "organisation", "international-organisation")


class CandidacyForm(_OwnedForm):
    class Meta:
        model = m.Candidacy
        fields = [
            "person",
            "organisation",
            "target_level",
            "status",
            "nominated_on",
            "notes",
            "owner_unit",
        ]
        widgets = {"nominated_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "person", "person")
        use_picker(self, "organisation", "international-organisation")
