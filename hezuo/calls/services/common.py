"""What every calls service shares: the application events, state moves and notices."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.core.models import Role
from hezuo.core.workflow import (
    lock,
    members,
    notify,
    save,
)

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    Call,
    EventAction,
)

S = ApplicationState


def _now():
    return timezone.now()


def _lock_call(call: Call) -> Call:
    return lock(call)


def _event(app: Application, user, action: str, from_state: str, note: str = "") -> None:
    ApplicationEvent.objects.create(
        application=app,
        actor=user if getattr(user, "pk", None) else None,
        action=action,
        from_state=from_state,
        to_state=app.state,
        note=note,
        at=_now(),
    )


def _move(user, app: Application, to_state: str, action: str, note: str = "", **fields) -> None:
    from_state = app.state
    for name, value in fields.items():
        setattr(app, name, value)
    app.state = to_state
    save(app, user, EventAction(action).label)
    _event(app, user, action, from_state, note)


def _notify_applicants(app: Application, title: str, body: str = "", email: bool = True) -> None:
    notify(
        members([app.applicant_unit_id], [Role.APPLICANT]),
        title,
        body,
        app.get_absolute_url(),
        email,
    )


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
