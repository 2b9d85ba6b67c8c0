"""Each person's notifications: the page, the API and the unread count in the navigation.
Notifications are written by `hezuo.core.workflow.notify`, the one notification path."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from .api import LIST_ERRORS, MAX_LIMIT, Error, Pagination
from .models import Notification


def mark_read(user, notifications) -> int:
    """Mark the user's own unread notifications among `notifications` read; how many."""
    ids = [n.pk for n in notifications]
    return Notification.objects.filter(pk__in=ids, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


# --- the page -------------------------------------------------------------------------------------


@login_required
def notification_list(request):
    qs = Notification.objects.visible_to(request.user)
    if request.method == "POST":
        mark_read(request.user, qs.unread())
        return redirect("notifications")
    return render(
        request,
        "core/notifications.html",
        {"notes": qs[:200], "title": _("Notifications"), "unread": qs.unread().count()},
    )


urlpatterns = [path("notifications/", notification_list, name="notifications")]


# --- the API --------------------------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created: datetime.datetime
    read: bool

    @staticmethod
    def resolve_read(obj):
        return obj.read_at is not None


class MarkedOut(Schema):
    marked: int


router = Router(tags=["notifications"])


@router.get(
    "/",
    response={200: list[NotificationOut], **LIST_ERRORS},
    operation_id="list_notifications",
    summary="My notifications",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.visible_to(request.auth_user)
    return qs.unread() if unread else qs


@router.post(
    "/read/",
    response={200: MarkedOut, 401: Error},
    operation_id="read_notifications",
    summary="Mark all my notifications read",
)
def read_notifications(request):
    qs = Notification.objects.visible_to(request.auth_user).unread()
    return {"marked": mark_read(request.auth_user, qs)}
