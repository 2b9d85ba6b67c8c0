from django.conf import settings

from .navigation import menu_for
from .scoping import scope_for


def hezuo(request):
    return {
        "hezuo_scope": scope_for(getattr(request, "user", None)),
        "home_country": settings.HOME_COUNTRY,
        "menu": menu_for(request),
    }
