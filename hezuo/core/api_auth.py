"""How the REST API knows who is calling: a bearer token (machine clients) or the Django session
(the browser, with CSRF enforced on unsafe methods). Public endpoints also admit the anonymous.

Each authenticator leaves the user on `request.auth_user`, the one name API handlers read for
scoping (`Model.objects.visible_to(request.auth_user)`) and for the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken

# `last_used` is written at most this often per token, so a busy client does not turn every read
# into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. Only the token's SHA-256 digest is stored and looked up.

    A presented but unknown, expired or disabled token is refused outright (401), even where
    anonymous access would be allowed: a client that thinks it is signed in must learn it is not.
    """

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        found = (
            ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
            if token
            else None
        )
        now = timezone.now()
        if found is None or not found.user.is_active:
            raise AuthenticationError(message=_("Invalid token."))
        if found.expires is not None and found.expires <= now:
            raise AuthenticationError(message=_("This token has expired."))
        if found.last_used is None or now - found.last_used >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        user = found.user
        # Code that reads `request.user` (filtersets, history) sees the token's user too.
        request.user = user
        request.auth_user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session. Unsafe methods must carry the CSRF token, as for any Django
    form; an anonymous caller is simply not authenticated here (401, not a CSRF error)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed."))
        request.auth_user = user
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - unused
        return None


def anonymous(request: HttpRequest):
    """Last resort on public endpoints: the caller is anonymous (public data only)."""
    user = AnonymousUser()
    request.auth_user = user
    return user


token_auth = TokenAuth()
session_auth = SessionAuth()

# Every endpoint unless it says otherwise.
SIGNED_IN = [token_auth, session_auth]
# Reference data anyone may read.
PUBLIC = [token_auth, session_auth, anonymous]
# What a public operation adds to its OpenAPI (`openapi_extra=ANYONE`): an empty requirement
# beside the token and the session, the OpenAPI's way to say "or no credentials at all".
ANYONE = {"security": [{}]}


# A permission check run right after authentication, before Ninja reads the body: a caller who
# may not take an action learns so (403, or 404 outside their reach) rather than being told what
# a body they may not send should look like (422).
Check = Callable[[HttpRequest, Any], None]


class _GuardedTokenAuth(TokenAuth):
    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, token: str):
        user = super().authenticate(request, token)
        self.check(request, user)
        return user


class _GuardedSessionAuth(SessionAuth):
    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def __call__(self, request: HttpRequest):
        user = super().__call__(request)
        if user is not None:
            self.check(request, user)
        return user


# The OpenAPI names a security scheme after its class: the guarded ones are the same schemes.
_GuardedTokenAuth.__name__ = TokenAuth.__name__
_GuardedSessionAuth.__name__ = SessionAuth.__name__


def guarded(check: Check) -> list:
    """The signed-in authenticators, each followed by `check(request, user)` (which raises
    `Http404` or `PermissionDenied`); the path's parameters are in
    `request.resolver_match.kwargs`."""
    return [_GuardedTokenAuth(check), _GuardedSessionAuth(check)]
