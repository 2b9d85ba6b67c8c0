"""The REST API, mounted at `/api/v1/` (OpenAPI at `/api/v1/openapi.json`, docs at `/api/v1/docs`).

Who: a bearer token (`Authorization: Bearer <token>`, see `hezuo token create`) or the browser
session (unsafe methods need the CSRF token). Anonymous callers reach public data only.

Every error answers `{"detail": ...}`: a message (401, 403, 404; 409 adds `problems`, what is
still in the way), or for invalid input (422) a list of `{"field": ..., "message": ...}` — a body
that is not JSON too. A record outside the caller's scope is 404, exactly as if it did not exist;
one they can read but not change is 403. Each operation documents the answers it may give.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hezuo.calls.api import router as calls_router
from hezuo.core.api import MAX_ID, Error
from hezuo.core.api_auth import SIGNED_IN
from hezuo.core.notifications import router as notifications_router
from hezuo.portfolio.api import router as portfolio_router
from hezuo.registry.api import router as registry_router
from hezuo.review.api import router as review_router

api = NinjaAPI(
    title="Hezuo API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=SIGNED_IN,
)


# --- errors ---------------------------------------------------------------------------------------


def _detail(request, message, status: int):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    response = _detail(request, exc.message, exc.status_code)
    response["WWW-Authenticate"] = 'Bearer realm="hezuo"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # Ninja could not parse the body: invalid input, like any other
        message = _("The request body could not be read.")
        return _detail(request, [{"field": None, "message": message}], 422)
    return _detail(request, exc.message, exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _detail(request, str(exc) or _("You may not do this."), 403)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request, exc):
    """A number beyond what the database keeps (64 bits): the input is wrong, not the server."""
    return _detail(
        request, [{"field": None, "message": _("A number in the request is too large.")}], 422
    )


@api.exception_handler(IntegrityError)
def _conflict(request, exc):
    """Two writers raced past validation (e.g. the same code at once); nothing was written."""
    return _detail(request, _("This conflicts with a record saved meanwhile; try again."), 409)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc: DjangoValidationError):
    """A rule in a model or service refused the input: say which field and why."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if name == NON_FIELD_ERRORS else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return _detail(request, errors, 422)


def _field_name(loc: tuple) -> str | None:
    """`("body", "payload", "signed_on")` -> "signed_on"; `("query", "limit")` -> "limit";
    `("body", "payload")` (the body as a whole) -> None."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body":
        parts = parts[1:]  # drop the handler's parameter name
    return ".".join(parts) or None


@api.exception_handler(NinjaValidationError)
def _malformed(request, exc: NinjaValidationError):
    """The request did not match the schema (wrong type, missing field): same shape as above."""
    errors = [
        {"field": _field_name(tuple(e.get("loc", ()))), "message": _message(e)} for e in exc.errors
    ]
    return _detail(request, errors, 422)


def _message(error: dict) -> str:
    # An id past 64 bits reads as the other numbers the database cannot keep (see above).
    if error.get("type") == "less_than_equal" and error.get("ctx", {}).get("le") == MAX_ID:
        return _("A number in the request is too large.")
    return error.get("msg", str(error))


# --- who am I -------------------------------------------------------------------------------------


class MyUnit(Schema):
    code: str
    name_zh: str
    name_en: str
    kind: str
    roles: list[str]


class Me(Schema):
    id: int
    username: str
    display_name: str
    email: str
    is_superuser: bool
    roles: list[str]
    units: list[MyUnit]


@api.get("/me", response={200: Me, 401: Error}, tags=["me"], operation_id="me")
def me(request):
    """The caller, their roles and the units they act for."""
    user = request.auth_user
    units: dict[int, dict] = {}
    for membership in user.memberships.select_related("unit").order_by("unit__code", "role"):
        unit = membership.unit
        entry = units.setdefault(
            unit.pk,
            {
                "code": unit.code,
                "name_zh": unit.name_zh,
                "name_en": unit.name_en,
                "kind": unit.kind,
                "roles": [],
            },
        )
        entry["roles"].append(membership.role)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "is_superuser": user.is_superuser,
        "roles": sorted({role for entry in units.values() for role in entry["roles"]}),
        "units": list(units.values()),
    }


# --- the apps' routers (each app's `api.py`), mounted before the fallback below ------------------

api.add_router("/registry/", registry_router)
api.add_router("/calls/", calls_router)
api.add_router("/portfolio/", portfolio_router)
api.add_router("/review/", review_router)
api.add_router("/notifications/", notifications_router)

# Last: any other path under the API answers like the API (JSON 404), not with an HTML page; a
# path that only lacks its trailing slash is redirected with its method kept (308).
_fallback = Router()
_FALLBACK = "api-fallback"


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:rest}",
    auth=None,
    include_in_schema=False,
    url_name=_FALLBACK,
)
def _unknown(request, rest: str):
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:  # pragma: no cover - the fallback itself matches
            match = None
        if match is not None and match.url_name != _FALLBACK:
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponse(status=308)
            response["Location"] = request.path + "/" + (f"?{query}" if query else "")
            return response
    raise Http404


api.add_router("", _fallback)
