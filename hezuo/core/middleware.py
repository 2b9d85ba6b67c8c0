import uuid

from django.conf import settings
from django.db import DataError
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.defaults import page_not_found


class RequestIdMiddleware:
    """Gives each request an id, carried into history records and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class PrivacyHeadersMiddleware:
    """A signed-in person's pages and API answers are theirs alone: no shared cache may keep
    them (`Cache-Control: private, no-store`). Every answer refuses the browser features the
    platform never uses (`Permissions-Policy`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or request.headers.get("Authorization"):
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class OutOfRangeMiddleware:
    """A page asked for a number beyond what the database keeps (an id of 30 digits): there is
    no such record, so the answer is the 404 page, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            return page_not_found(request, Http404())
        return None
