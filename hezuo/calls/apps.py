from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "hezuo.calls"
    label = "calls"
    verbose_name = _("Calls and selection")

    def ready(self) -> None:
        from hezuo.core.services import register_policy, services_only
        from hezuo.portfolio.views import PROJECT_RELATED

        from . import resources  # noqa: F401  (the "application" export)
        from .access import reach_for
        from .models import Application, Call, Programme
        from .views import project_application

        # The office opens calls: the call list offers it "New"; every change to a call still
        # goes through `services`.
        register_policy(
            Call,
            lambda user, call: call.can_edit(user),
            create=lambda user: reach_for(user).is_office,
        )
        # Applications move only through the workflow; programmes are kept by the admin.
        register_policy(Application, services_only)
        register_policy(Programme, services_only)
        PROJECT_RELATED.register(project_application)
