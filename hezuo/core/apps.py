from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hezuo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .models import Notification
        from .services import register_policy, services_only

        register_policy(Notification, services_only)  # written by `workflow.notify` alone
