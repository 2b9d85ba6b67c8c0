"""Registry pages, declared over the generic views in `hezuo.core.views`."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.core.views import (
    Column,
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    Related,
)

from . import filters, forms
from . import models as m

C = Column

# --- countries ----------------------------------------------------------------------------------


class CountryList(RecordListView):
    model = m.Country
    public = True
    filterset_class = filters.CountryFilter
    default_ordering = "iso2"
    export_kind = "country"
    columns = [
        C(_("Name"), "name", sort="name_zh"),
        C(_("Name in the other language"), "other_name", sort="name_en"),
        C("ISO", "iso2", sort="iso2"),
        C(_("Region"), "region", sort="region"),
        C(_("Development group"), "development_group", sort="development_group"),
    ]


class CountryDetail(RecordDetailView):
    model = m.Country
    public = True
    lookup_field = "iso2"
    template_name = "registry/country_detail.html"
    edit_url_name = "registry:country_edit"
    fields = [
        C(_("Chinese"), "name_zh"),
        C(_("English"), "name_en"),
        C(_("Official name"), "official_name_en"),
        C(_("ISO codes"), lambda c: f"{c.iso2} / {c.iso3} / {c.numeric}"),
        C(_("Region"), "region"),
        C(_("Development group"), "development_group"),
        C(_("Groupings"), lambda c: [str(g) for g in c.groupings.all()]),
        C(_("Aliases"), "aliases"),
    ]
    key_transform = staticmethod(str.upper)  # de, DE: one country

    def extra_context(self, obj):
        return {"country_map": {"numeric": obj.numeric, "name": obj.name, "value": 1}}

    def related(self, obj):
        return [
            Related(
                _("Agreements"),
                lambda c, u: m.Agreement.objects.visible_to(u).filter(countries=c),
                [
                    C(_("Title"), "title"),
                    C(_("Kind"), "kind"),
                    C(_("Signed"), "signed_on"),
                    C(_("Status"), "status"),
                ],
                list_url=lambda c: reverse("registry:agreement_list") + f"?country={c.iso2}",
            ),
            Related(
                _("Mechanisms"),
                lambda c, u: m.Mechanism.objects.visible_to(u).filter(countries=c),
                [C(_("Name"), "name"), C(_("Kind"), "kind"), C(_("Established"), "established")],
                list_url=lambda c: reverse("registry:mechanism_list") + f"?country={c.iso2}",
            ),
            Related(
                _("Organisations"),
                lambda c, u: m.Organisation.objects.visible_to(u).filter(country=c),
                [C(_("Name"), "name"), C(_("Kind"), "kind"), C(_("City"), "city")],
                limit=30,
                list_url=lambda c: reverse("registry:organisation_list") + f"?country={c.iso2}",
            ),
            Related(
                _("People"),
                lambda c, u: m.Person.objects.visible_to(u).filter(nationality=c),
                [C(_("Name"), "name"), C(_("E-mail"), "email")],
                limit=20,
                list_url=lambda c: reverse("registry:person_list") + f"?nationality={c.pk}",
            ),
        ]


class CountryEdit(RecordEditView):
    model = m.Country
    form_class = forms.CountryForm
    lookup_field = "iso2"
    key_transform = staticmethod(str.upper)


# --- organisations ------------------------------------------------------------------------------


class OrganisationList(RecordListView):
    model = m.Organisation
    filterset_class = filters.OrganisationFilter
    select_related = ("country",)
    default_ordering = "name_en"
    export_kind = "organisation"
    import_kind = "organisation"
    create_url_name = "registry:organisation_create"
    columns = [
        C(_("Name"), "name", sort="name_zh"),
        C(_("Name in the other language"), "other_name", sort="name_en"),
        C(_("Kind"), "kind", sort="kind"),
        C(_("Country"), "country.name", sort="country__iso2"),
        C(_("Province"), "province_name", sort="province"),
        C(_("City"), "city"),
    ]


class OrganisationDetail(RecordDetailView):
    model = m.Organisation
    select_related = ("country", "parent")
    edit_url_name = "registry:organisation_edit"
    delete_url_name = "registry:organisation_delete"
    fields = [
        C(_("Chinese"), "name_zh"),
        C(_("English"), "name_en"),
        C(_("Acronym"), "acronym"),
        C(_("Aliases"), "aliases"),
        C(_("Kind"), "kind"),
        C(_("Country"), "country"),
        C(_("Province"), "province_name"),
        C(_("City"), "city"),
        C(_("Parent organisation"), "parent"),
        C(_("ROR id"), "ror_id"),
        C(_("Unified social credit code"), "uscc"),
        C(
            _("Flags"),
            lambda o: [
                str(m.OrganisationFlag(f).label) for f in o.flags if f in m.OrganisationFlag.values
            ],
        ),
        C(_("Website"), "website"),
    ]

    def related(self, obj):
        return [
            Related(
                _("Sub-organisations"),
                lambda o, u: m.Organisation.objects.visible_to(u).filter(parent=o),
                [C(_("Name"), "name"), C(_("Kind"), "kind")],
            ),
            Related(
                _("People"),
                lambda o, u: (
                    m.Person.objects.visible_to(u).filter(affiliations__organisation=o).distinct()
                ),
                [C(_("Name"), "name"), C(_("Nationality"), "nationality")],
            ),
            Related(
                _("Agreements"),
                lambda o, u: m.Agreement.objects.visible_to(u).filter(organisations=o),
                [C(_("Title"), "title"), C(_("Kind"), "kind"), C(_("Signed"), "signed_on")],
            ),
            Related(
                _("Posts held here"),
                lambda o, u: (
                    m.Post.objects.visible_to(u).filter(organisation=o).select_related("person")
                ),
                [C(_("Person"), "person"), C(_("Level"), "level"), C(_("Term ends"), "term_end")],
            ),
        ]


class OrganisationEdit(RecordEditView):
    model = m.Organisation
    form_class = forms.OrganisationForm


class OrganisationDelete(RecordDeleteView):
    model = m.Organisation
    success_url_name = "registry:organisation_list"


# --- people -------------------------------------------------------------------------------------


class PersonList(RecordListView):
    model = m.Person
    filterset_class = filters.PersonFilter
    select_related = ("nationality",)
    default_ordering = "name_en"
    export_kind = "person"
    import_kind = "person"
    create_url_name = "registry:person_create"
    columns = [
        C(_("Name"), "name", sort="name_zh"),
        C(_("Name in the other language"), "other_name", sort="name_en"),
        C(_("Nationality"), "nationality.name", sort="nationality__iso2"),
        C(_("Expert"), "is_expert"),
        C(_("Officeholder"), "is_officeholder"),
    ]


class PersonDetail(RecordDetailView):
    model = m.Person
    select_related = ("nationality", "owner_unit")
    edit_url_name = "registry:person_edit"
    delete_url_name = "registry:person_delete"
    fields = [
        C(_("Chinese"), "name_zh"),
        C(_("English"), "name_en"),
        C(_("Nationality"), "nationality"),
        C(_("E-mail"), "email"),
        C(_("ORCID iD"), "orcid"),
        C(_("Disciplines"), "disciplines"),
        C(_("Keywords"), "keywords"),
        C(_("Expert"), "is_expert"),
        C(_("Kept by"), "owner_unit"),
    ]

    def related(self, obj):
        return [
            Related(
                _("Affiliations"),
                lambda p, u: p.affiliations.select_related("organisation"),
                [
                    C(_("Organisation"), "organisation"),
                    C(_("Position"), "position"),
                    C(_("From"), "start"),
                    C(_("Until"), "end"),
                ],
            ),
            Related(
                _("Posts"),
                lambda p, u: (
                    m.Post.objects.visible_to(u).filter(person=p).select_related("organisation")
                ),
                [
                    C(_("Organisation"), "organisation"),
                    C(_("Level"), "level"),
                    C(_("Term ends"), "term_end"),
                ],
            ),
            Related(
                _("Reserve pool"),
                lambda p, u: (
                    m.Candidacy.objects.visible_to(u)
                    .filter(person=p)
                    .select_related("organisation")
                ),
                [C(_("Target organisation"), "organisation"), C(_("Status"), "status")],
            ),
        ]


class PersonEdit(RecordEditView):
    model = m.Person
    form_class = forms.PersonForm


class PersonDelete(RecordDeleteView):
    model = m.Person
    success_url_name = "registry:person_list"


# --- agreements ---------------------------------------------------------------------------------


class AgreementList(RecordListView):
    model = m.Agreement
    filterset_class = filters.AgreementFilter
    prefetch_related = ("countries",)
    default_ordering = "-signed_on"
    export_kind = "agreement"
    import_kind = "agreement"
    create_url_name = "registry:agreement_create"
    columns = [
        C(_("Title"), "title", sort="title_en"),
        C(_("Code"), "code", sort="code"),
        C(_("Kind"), "kind", sort="kind"),
        C(
            _("Countries"),
            lambda a: [c.name for c in a.countries.all() if c.iso2 != settings.HOME_COUNTRY],
        ),
        C(_("Signed"), "signed_on", sort="signed_on"),
        C(_("Status"), "status", sort="status"),
    ]


class AgreementDetail(RecordDetailView):
    model = m.Agreement
    edit_url_name = "registry:agreement_edit"
    delete_url_name = "registry:agreement_delete"
    fields = [
        C(_("Code"), "code"),
        C(_("Chinese"), "title_zh"),
        C(_("English"), "title_en"),
        C(_("Kind"), "kind"),
        C(_("Status"), "status"),
        C(_("Countries"), lambda a: [c.name for c in a.countries.all()]),
        C(_("Organisations"), lambda a: [o.name for o in a.organisations.all()]),
        C(_("Signed on"), "signed_on"),
        C(_("Valid from"), "valid_from"),
        C(_("Valid until"), "valid_until"),
        C(_("Intellectual property"), "ip_arrangement"),
        C(_("Foreign side commits: technology"), "commits_technology"),
        C(_("Foreign side commits: people"), "commits_people"),
        C(_("Foreign side commits: equipment"), "commits_equipment"),
        C(_("Foreign side commits: money (10k CNY)"), "commits_money"),
    ]

    def related(self, obj):
        return [
            Related(
                _("Mechanisms"),
                lambda a, u: m.Mechanism.objects.visible_to(u).filter(agreement=a),
                [C(_("Name"), "name"), C(_("Kind"), "kind")],
            ),
            Related(
                _("Documents"),
                lambda a, u: a.documents.all(),
                [C(_("Title"), "title"), C(_("Uploaded"), "uploaded")],
            ),
        ]


class AgreementEdit(RecordEditView):
    model = m.Agreement
    form_class = forms.AgreementForm


class AgreementDelete(RecordDeleteView):
    model = m.Agreement
    success_url_name = "registry:agreement_list"


# --- mechanisms ---------------------------------------------------------------------------------


class MechanismList(RecordListView):
    model = m.Mechanism
    filterset_class = filters.MechanismFilter
    prefetch_related = ("countries",)
    default_ordering = "name_en"
    export_kind = "mechanism"
    import_kind = "mechanism"
    create_url_name = "registry:mechanism_create"
    columns = [
        C(_("Name"), "name", sort="name_en"),
        C(_("Kind"), "kind", sort="kind"),
        C(
            _("Countries"),
            lambda x: [c.name for c in x.countries.all() if c.iso2 != settings.HOME_COUNTRY],
        ),
        C(_("Established"), "established", sort="established"),
        C(_("Active"), "active"),
    ]


class MechanismDetail(RecordDetailView):
    model = m.Mechanism
    select_related = ("agreement",)
    edit_url_name = "registry:mechanism_edit"
    delete_url_name = "registry:mechanism_delete"
    fields = [
        C(_("Chinese"), "name_zh"),
        C(_("English"), "name_en"),
        C(_("Kind"), "kind"),
        C(_("Countries"), lambda x: [c.name for c in x.countries.all()]),
        C(_("Agreement"), "agreement"),
        C(_("Established"), "established"),
        C(_("Active"), "active"),
    ]

    def related(self, obj):
        return [
            Related(
                _("Meetings"),
                lambda x, u: x.meetings.all(),
                [
                    C(_("Session"), "session"),
                    C(_("Date"), "date"),
                    C(_("Place"), "place"),
                    C(_("Summary"), "summary"),
                ],
            )
        ]


class MechanismEdit(RecordEditView):
    model = m.Mechanism
    form_class = forms.MechanismForm


class MechanismDelete(RecordDeleteView):
    model = m.Mechanism
    success_url_name = "registry:mechanism_list"


# --- posts and the reserve pool -----------------------------------------------------------------


class PostList(RecordListView):
    model = m.Post
    filterset_class = filters.PostFilter
    select_related = ("person", "organisation")
    default_ordering = "-term_start"
    export_kind = "post"
    import_kind = "post"
    create_url_name = "registry:post_create"
    columns = [
        C(_("Person"), "person", sort="person__name_en"),
        C(_("Organisation"), "organisation", sort="organisation__name_en"),
        C(_("Level"), "level", sort="level"),
        C(_("Title"), "title"),
        C(_("Term starts"), "term_start", sort="term_start"),
        C(_("Term ends"), "term_end", sort="term_end"),
    ]


class PostDetail(RecordDetailView):
    model = m.Post
    select_related = ("person", "organisation", "owner_unit")
    edit_url_name = "registry:post_edit"
    delete_url_name = "registry:post_delete"
    fields = [
        C(_("Person"), "person"),
        C(_("Organisation"), "organisation"),
        C(_("Level"), "level"),
        C(_("Key post"), "is_key"),
        C(_("Title"), "title"),
        C(_("Term starts"), "term_start"),
        C(_("Term ends"), "term_end"),
        C(_("Recommending body"), "owner_unit"),
    ]


class PostEdit(RecordEditView):
    model = m.Post
    form_class = forms.PostForm


class PostDelete(RecordDeleteView):
    model = m.Post
    success_url_name = "registry:post_list"


class CandidacyList(RecordListView):
    model = m.Candidacy
    filterset_class = filters.CandidacyFilter
    select_related = ("person", "organisation")
    default_ordering = "-nominated_on"
    export_kind = "candidacy"
    import_kind = "candidacy"
    create_url_name = "registry:candidacy_create"
    title = _("Reserve pool")
    columns = [
        C(_("Person"), "person", sort="person__name_en"),
        C(_("Target organisation"), "organisation", sort="organisation__name_en"),
        C(_("Target level"), "target_level", sort="target_level"),
        C(_("Status"), "status", sort="status"),
        C(_("Nominated on"), "nominated_on", sort="nominated_on"),
    ]


class CandidacyDetail(RecordDetailView):
    model = m.Candidacy
    select_related = ("person", "organisation", "owner_unit")
    edit_url_name = "registry:candidacy_edit"
    delete_url_name = "registry:candidacy_delete"
    fields = [
        C(_("Person"), "person"),
        C(_("Target organisation"), "organisation"),
        C(_("Target level"), "target_level"),
        C(_("Status"), "status"),
        C(_("Nominated on"), "nominated_on"),
        C(_("Notes"), "notes"),
        C(_("Recommending body"), "owner_unit"),
    ]


class CandidacyEdit(RecordEditView):
    model = m.Candidacy
    form_class = forms.CandidacyForm


class CandidacyDelete(RecordDeleteView):
    model = m.Candidacy
    success_url_name = "registry:candidacy_list"
