"""What the review services share: locks, refusals, the office's people, the expert query."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.calls.models import Application, ApplicationState, Call
from hezuo.core.models import User
from hezuo.core.scoping import scope_for
from hezuo.core.workflow import (
    TransitionError,
    lock,
    notify,
    office_members,
)

from ..models import (
    ExpertProfile,
    Invitation,
    InvitationState,
)
from ..workflow import INVITATION

logger = logging.getLogger(__name__)

I = InvitationState  # noqa: E741
RUN_STEPS = 5
JOB_KIND = "assignment"


def _now() -> datetime:
    return timezone.now()


def is_office(user) -> bool:
    return scope_for(user).is_office


def _require(invitation: Invitation, action: str, user) -> None:
    INVITATION.require(invitation, action, user)


def _lock(invitation: Invitation) -> Invitation:
    return lock(invitation, "application__call", "expert__person")


def _office_users(call: Call) -> list[User]:
    return office_members(
        {call.programme.office_id, *call.approving_offices.values_list("pk", flat=True)}
    )


def _experts():
    return ExpertProfile.objects.select_related(
        "person__user", "person__nationality", "organisation__country", "country"
    )


def _in_review(call: Call):
    return Application.objects.filter(call=call, state=ApplicationState.IN_REVIEW)


def _notify_invited(expert: ExpertProfile, call: Call, count: int, due) -> None:
    from django.urls import reverse

    body = _("Please accept or decline in the platform.")
    if due:
        body += " " + _("Reviews are due on %(when)s.") % {
            "when": timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
        }
    notify(
        [expert.person.user],
        _("You are invited to review %(count)d applications to %(call)s")
        % {"count": count, "call": call.title},
        body,
        reverse("review:my_invitations"),
    )


def _require_in_review(app: Application) -> None:
    if app.state != ApplicationState.IN_REVIEW:
        raise TransitionError(
            _("%(app)s is not in review.") % {"app": app.number or app.pk}, code="state"
        )


def _conflict_error(app: Application, expert: ExpertProfile, reasons) -> ValidationError:
    return ValidationError(
        _("%(expert)s may not review %(app)s: %(reasons)s")
        % {"expert": expert, "app": app.number, "reasons": "; ".join(str(r) for r in reasons)},
        code="conflict",
    )
