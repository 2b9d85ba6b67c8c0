"""Conflicts declared by an expert or by the office: the pair is never assigned, and an open
invitation between them ends."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.calls.models import Application
from hezuo.core.workflow import (
    delete,
    require_office,
    save,
)

from ..models import (
    ACTIVE_STATES,
    Conflict,
    ConflictSource,
    ExpertProfile,
    Invitation,
    PairRule,
    PairRuleKind,
)
from .common import _lock, _require
from .invitations import _cancel, _decline

# --- conflicts ------------------------------------------------------------------------------------


@transaction.atomic
def declare_conflict(user, invitation: Invitation, reason: str) -> Conflict:
    """The expert declares a conflict of interest on an invitation: it is declined (with the
    reason) and a replacement is proposed to the office."""
    invitation = _lock(invitation)
    _require(invitation, "decline", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    conflict = Conflict(
        application=invitation.application,
        expert=invitation.expert,
        source=ConflictSource.REVIEWER,
        reason=reason,
        declared_by=user,
    )
    save(conflict, user, pgettext_lazy("history", "declared by the expert"))
    _decline(user, invitation, _("Conflict of interest: %(reason)s") % {"reason": reason})
    return conflict


@transaction.atomic
def office_conflict(user, app: Application, expert: ExpertProfile, reason: str) -> Conflict:
    """The office records a conflict: the pair is never assigned again, and an invitation for it
    (even one whose review is in) is cancelled, so its review no longer counts."""
    require_office(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if Conflict.objects.filter(application=app, expert=expert).exists():
        raise ValidationError(_("This conflict is already recorded."))
    conflict = Conflict(
        application=app,
        expert=expert,
        source=ConflictSource.OFFICE,
        reason=reason,
        declared_by=user,
    )
    save(conflict, user, pgettext_lazy("history", "declared by the office"))
    for rule in PairRule.objects.filter(application=app, expert=expert, kind=PairRuleKind.PIN):
        delete(rule, user, pgettext_lazy("history", "conflict of interest"))
    invitation = (
        Invitation.objects.select_for_update()
        .filter(application=app, expert=expert, state__in=ACTIVE_STATES)
        .first()
    )
    if invitation is not None:
        _cancel(user, invitation, _("Conflict of interest: %(reason)s") % {"reason": reason})
    return conflict
