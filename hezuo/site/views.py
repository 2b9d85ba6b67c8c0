"""The home page: cooperation by partner country, and the registry's figures, each a link to
the list behind it."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from hezuo.registry.insights import cooperation_by_country
from hezuo.registry.models import Agreement, Organisation, Person, Post


def home(request):
    user = request.user
    context = {"cards": [], "map_data": None}
    if user.is_authenticated:
        by_country = cooperation_by_country(user)
        context["cards"] = [
            (_("Partner countries"), len(by_country["countries"]), "registry:country_list"),
            (
                _("Organisations"),
                Organisation.objects.visible_to(user).count(),
                "registry:organisation_list",
            ),
            (_("People"), Person.objects.visible_to(user).count(), "registry:person_list"),
            (
                _("Agreements"),
                Agreement.objects.visible_to(user).count(),
                "registry:agreement_list",
            ),
            (_("Posts"), Post.objects.visible_to(user).count(), "registry:post_list"),
        ]
        context["map_data"] = by_country
        context["map_labels"] = {
            "agreements": _("Agreements"),
            "mechanisms": _("Mechanisms"),
            "organisations": _("Organisations"),
        }
    return render(request, "site/home.html", context)
