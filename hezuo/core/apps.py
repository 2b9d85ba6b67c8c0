from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hezuo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from .models import Notification
        from .services import register_policy, services_only
        from .text import clean_before_saving

        pre_save.connect(clean_before_saving, dispatch_uid="hezuo.core.text")

        register_policy(Notification, services_only)  # written by `workflow.notify` alone
