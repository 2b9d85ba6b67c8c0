"""Sign-in throttling (django-axes) as people see it: the page a locked-out person reads, and
the log the office reads — failed sign-ins and locked accounts and addresses, newest first."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from .scoping import scope_for

LOG_SIZE = 200


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out sign-in answers (429): why, and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def sign_in_log(request):
    """The office's view of sign-in failures and lockouts (the admin can also unlock there)."""
    if not scope_for(request.user).is_office:
        raise Http404
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:LOG_SIZE]
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:LOG_SIZE]
    locked = [a for a in attempts if a.failures_since_start >= settings.AXES_FAILURE_LIMIT]
    return render(
        request,
        "core/sign_in_log.html",
        {"title": _("Sign-in log"), "failures": failures, "locked": locked},
    )


urlpatterns = [path("security/sign-ins/", sign_in_log, name="sign_in_log")]
