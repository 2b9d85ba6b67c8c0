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
