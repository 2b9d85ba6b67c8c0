"""The navigation bar, composed from every app's pages (core draws it)."""

from django.utils.translation import gettext_lazy as _

from hezuo.core.navigation import MenuItem, everyone, register_menu, signed_in
from hezuo.core.notifications import unread_count


def _office(scope) -> bool:
    return scope.is_office


def _expert(scope) -> bool:
    return bool(scope.person_id) and not scope.is_office


def register() -> None:
    registry = {"group": _("Registry"), "group_id": "nav-registry"}
    admin = {"group": _("Administration"), "group_id": "nav-admin"}
    register_menu(
        MenuItem(_("Countries"), "registry:country_list", everyone, **registry),
        MenuItem(_("Organisations"), "registry:organisation_list", signed_in, **registry),
        MenuItem(_("People"), "registry:person_list", signed_in, **registry),
        MenuItem(_("Agreements"), "registry:agreement_list", signed_in, **registry),
        MenuItem(_("Mechanisms"), "registry:mechanism_list", signed_in, **registry),
        MenuItem(
            _("Posts in international organisations"),
            "registry:post_list",
            signed_in,
            divider_before=True,
            **registry,
        ),
        MenuItem(_("Reserve pool"), "registry:candidacy_list", signed_in, **registry),
        MenuItem(_("Calls"), "calls:call_list"),
        MenuItem(_("Applications"), "calls:application_list", signed_in),
        MenuItem(_("Projects"), "portfolio:project_list"),
        MenuItem(_("Bases"), "portfolio:base_list"),
        MenuItem(_("Expert pool"), "review:expert_list", _office, element_id="nav-review"),
        MenuItem(_("My reviews"), "review:my_invitations", _expert, element_id="nav-review"),
        MenuItem(
            _("Notifications"),
            "notifications",
            signed_in,
            element_id="nav-notifications",
            badge=unread_count,
        ),
        MenuItem(_("Imports"), "io:job_list", signed_in),
        MenuItem(_("Sign-in log"), "sign_in_log", _office, **admin),
    )
