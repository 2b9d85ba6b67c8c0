"""Recommending units rank their institutions' applications and recommend within quota."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.workflow import (
    TransitionError,
    lock,
    save,
)

from ..models import (
    Application,
    Call,
    EventAction,
    Quota,
)
from ..workflow import APPLICATION
from .common import S, _event, _move, _notify_applicants, _now
from .configuring import recommended_count
from .selecting import refresh_check_items

# --- recommendation -------------------------------------------------------------------------------


@transaction.atomic
def rank(user, call: Call, ordered: Sequence[Application]) -> list[Application]:
    """Rank a recommending unit's applications to a call: the first is ranked 1. Applications of
    the same unit left out lose their rank."""
    ids = [a.pk for a in ordered]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("An application is listed twice."))
    locked = {
        a.pk: a for a in Application.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    if len(locked) != len(ids):
        raise PermissionDenied(_("You may not do this to this application."))
    units = {a.recommending_unit_id for a in locked.values()}
    if len(units) > 1 or any(a.call_id != call.pk for a in locked.values()):
        raise ValidationError(_("Rank one unit's applications to one call at a time."))
    for app in locked.values():
        APPLICATION.require(app, "rank", user)
    result = []
    for position, pk in enumerate(ids, start=1):
        app = locked[pk]
        if app.unit_rank != position:
            app.unit_rank = position
            save(app, user, pgettext_lazy("history", "ranked"))
            _event(app, user, EventAction.RANKED, app.state, str(position))
        result.append(app)
    if units:
        rest = Application.objects.select_for_update().filter(
            call=call,
            recommending_unit_id=units.pop(),
            state__in=(S.SUBMITTED, S.RECOMMENDED),
            unit_rank__isnull=False,
        )
        for app in rest.exclude(pk__in=ids):
            APPLICATION.require(app, "rank", user)
            app.unit_rank = None
            save(app, user, pgettext_lazy("history", "ranked"))
            _event(app, user, EventAction.RANKED, app.state, "—")
    return result


@transaction.atomic
def recommend(user, app: Application, note: str = "") -> Application:
    """Recommend within the unit's quota. The quota row is locked first, so two concurrent
    recommendations are counted one after the other and can never exceed it."""
    quota = (
        Quota.objects.select_for_update()
        .filter(call_id=app.call_id, unit_id=app.recommending_unit_id)
        .first()
    )
    app = lock(app)
    APPLICATION.require(app, "recommend", user)
    if quota is None:
        raise TransitionError(
            _("No quota is set for %(unit)s in this call; ask the programme office.")
            % {"unit": app.recommending_unit},
            code="quota",
        )
    used = recommended_count(app.call, app.recommending_unit_id)
    if used >= quota.limit:
        raise TransitionError(
            _("%(unit)s has used its quota: %(used)s of %(limit)s recommended.")
            % {"unit": app.recommending_unit, "used": used, "limit": quota.limit},
            code="quota",
        )
    _move(
        user,
        app,
        S.RECOMMENDED,
        EventAction.RECOMMENDED,
        note,
        recommended_at=_now(),
        recommendation_note=note,
    )
    refresh_check_items(app)
    return app


@transaction.atomic
def return_for_revision(user, app: Application, reason: str) -> Application:
    app = lock(app)
    APPLICATION.require(app, "return", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is returned.")})
    _move(
        user,
        app,
        S.RETURNED,
        EventAction.RETURNED,
        reason,
        return_reason=reason,
        returned_at=_now(),
        unit_rank=None,
    )
    _notify_applicants(
        app, _("%(number)s was returned for revision") % {"number": app.number}, reason
    )
    return app
