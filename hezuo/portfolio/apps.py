from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "hezuo.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from hezuo.core.services import register_policy, services_only

        from . import resources  # noqa: F401  (the "project" and "base" exports)
        from .models import Base, Project

        # Made by publishing an award (calls), never by hand.
        register_policy(Project, services_only)
        register_policy(Base, services_only)
