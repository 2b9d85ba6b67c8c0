from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition layer: the home page, the navigation, the demo and bench commands. It may
    import every app; no app imports it."""

    name = "hezuo.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from .menu import register

        register()
