from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "hezuo.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from hezuo.core.io.resources import register_parser

        from . import services
        from .resolver import country_parser

        # Before the resources bind their columns: every app's country columns use it.
        register_parser("registry.Country", country_parser)
        services.register_policies()
        from . import resources  # noqa: F401  (the import/export kinds)

        register_picker_kinds()


def register_picker_kinds() -> None:
    """What the registry's record fields let a user pick as they type (`hezuo.core.pickers`)."""
    from django.conf import settings

    from hezuo.core.pickers import describe, register_kind

    from .models import Agreement, Country, Organisation, OrganisationKind, Person

    home = settings.HOME_COUNTRY

    def organisations(user):
        return Organisation.objects.visible_to(user).select_related("country")

    def organisation(o):
        return describe(o.other_name, o.acronym, o.country)

    register_kind(
        "country", lambda user: Country.objects.visible_to(user), describe=lambda c: c.other_name
    )
    register_kind(
        "foreign-country",
        lambda user: Country.objects.visible_to(user).exclude(iso2=home),
        describe=lambda c: c.other_name,
    )
    register_kind("organisation", organisations, describe=organisation)
    # A foreign partner: an organisation of another country (its country known).
    register_kind(
        "foreign-organisation",
        lambda user: organisations(user).exclude(country__iso2=home).exclude(country=None),
        describe=organisation,
    )
    # Where posts are held: intergovernmental and international non-governmental organisations.
    register_kind(
        "international-organisation",
        lambda user: organisations(user).filter(
            kind__in=[OrganisationKind.IGO, OrganisationKind.INGO]
        ),
        describe=organisation,
    )
    register_kind(
        "person",
        lambda user: Person.objects.visible_to(user).select_related("nationality"),
        describe=lambda p: describe(p.other_name, p.nationality),
    )
    register_kind(
        "agreement",
        lambda user: Agreement.objects.visible_to(user),
        describe=lambda a: describe(a.code, a.get_status_display(), a.signed_on),
    )
