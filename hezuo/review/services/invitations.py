"""Invitations by hand: invite, replace, cancel, suggest a replacement."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.calls.models import Application, ApplicationState
from hezuo.core.workflow import (
    TransitionError,
    notify,
    require_office,
    save,
)

from ..affinity import AffinityModel
from ..conflicts import conflicts, pair_conflicts
from ..models import (
    ACTIVE_STATES,
    OPEN_STATES,
    ExpertProfile,
    Invitation,
    PairRule,
    PairRuleKind,
    ReviewPlan,
)
from .common import (
    I,
    _conflict_error,
    _experts,
    _in_review,
    _lock,
    _notify_invited,
    _now,
    _office_users,
    _require,
    _require_in_review,
)
from .pool import plan_for

# --- invitations by hand --------------------------------------------------------------------------


def open_load(expert: ExpertProfile) -> int:
    return Invitation.objects.filter(expert=expert, state__in=OPEN_STATES).count()


@transaction.atomic
def invite(
    user,
    app: Application,
    expert: ExpertProfile,
    due: datetime | None = None,
    replaces: Invitation | None = None,
) -> Invitation:
    """Invite one expert by hand. Refused for a conflicted, forbidden or already invited pair, an
    expert without an account or with a full load, and a second reviewer from one organisation
    where the plan allows one."""
    require_office(user)
    app = Application.objects.select_for_update().select_related("call").get(pk=app.pk)
    _require_in_review(app)
    expert = _experts().select_for_update(of=("self",)).get(pk=expert.pk)
    plan = plan_for(app.call)
    previous = Invitation.objects.filter(application=app, expert=expert).first()
    if previous is not None:
        raise TransitionError(
            _("%(expert)s was already invited to review this application (%(state)s).")
            % {"expert": expert, "state": previous.get_state_display().lower()}
        )
    reasons = pair_conflicts(app, expert)
    if reasons:
        raise _conflict_error(app, expert, reasons)
    if PairRule.objects.filter(application=app, expert=expert, kind=PairRuleKind.FORBID).exists():
        raise TransitionError(_("The office has forbidden this pair."))
    account = expert.person.user if expert.person.user_id else None
    if account is None or not account.is_active:
        raise TransitionError(
            _("%(expert)s has no user account to answer with.") % {"expert": expert}
        )
    if not expert.is_available():
        raise TransitionError(_("%(expert)s is unavailable.") % {"expert": expert})
    if open_load(expert) >= expert.max_load:
        raise TransitionError(
            _("%(expert)s already has %(n)d open invitations, the most they take.")
            % {"expert": expert, "n": expert.max_load}
        )
    if plan.one_per_organisation and expert.organisation_id:
        same = Invitation.objects.filter(
            application=app,
            state__in=ACTIVE_STATES,
            expert__organisation_id=expert.organisation_id,
        )
        if same.exists():
            raise TransitionError(
                _("Another reviewer of this application works at %(org)s.")
                % {"org": expert.organisation}
            )
    score = _pair_affinity(app, expert)
    invitation = Invitation(
        application=app,
        expert=expert,
        due=due or plan.due,
        affinity=score.affinity,
        terms=[list(t) for t in score.terms],
        invited_by=user,
        replaces=replaces,
    )
    save(invitation, user, pgettext_lazy("history", "invited"))
    _notify_invited(expert, app.call, 1, invitation.due)
    return invitation


def _pair_affinity(app: Application, expert: ExpertProfile):
    apps = list(_in_review(app.call).order_by("pk")) or [app]
    if app.pk not in {a.pk for a in apps}:
        apps.append(app)
    return AffinityModel(apps, [expert]).pair(app.pk, expert.pk)


@transaction.atomic
def invite_replacement(
    user, invitation: Invitation, expert: ExpertProfile | None = None
) -> Invitation:
    """Invite the suggested replacement (or another expert) for a declined or cancelled
    invitation."""
    invitation = _lock(invitation)
    _require(invitation, "replace", user)
    expert = expert or invitation.suggested_replacement
    if expert is None:
        raise TransitionError(_("There is no suggested replacement; choose an expert."))
    return invite(user, invitation.application, expert, replaces=invitation)


@transaction.atomic
def cancel_invitation(user, invitation: Invitation, reason: str) -> Invitation:
    invitation = _lock(invitation)
    _require(invitation, "cancel", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invitation is cancelled.")})
    _cancel(user, invitation, reason)
    return invitation


def suggest_replacement(app: Application, plan: ReviewPlan | None = None):
    """The best available expert to add to `app`'s reviewers: not conflicted, never invited to
    it, with an account and load to spare, keeping one reviewer per organisation and enough
    foreign experts. Returns (expert, PairScore), or None when nobody qualifies."""
    plan = plan or plan_for(app.call)
    active = list(
        Invitation.objects.filter(application=app, state__in=ACTIVE_STATES).select_related(
            "expert__organisation__country", "expert__country", "expert__person__nationality"
        )
    )
    invited = set(Invitation.objects.filter(application=app).values_list("expert_id", flat=True))
    taken_orgs = {i.expert.organisation_id for i in active if i.expert.organisation_id}
    need_foreign = plan.min_foreign > sum(1 for i in active if i.expert.is_foreign)
    loads = dict(
        Invitation.objects.filter(state__in=OPEN_STATES)
        .values_list("expert_id")
        .annotate(n=Count("pk"))
    )
    candidates = [
        e
        for e in _experts().with_account().exclude(pk__in=invited)
        if e.is_available()
        and loads.get(e.pk, 0) < e.max_load
        and not (plan.one_per_organisation and e.organisation_id in taken_orgs)
        and (not need_foreign or e.is_foreign)
    ]
    if not candidates:
        return None
    found = conflicts([app], candidates, plan)
    candidates = [e for e in candidates if (app.pk, e.pk) not in found]
    if not candidates:
        return None
    model = AffinityModel([app], candidates)
    best = int(np.argmax(model.affinity[0]))
    expert = candidates[best]
    return expert, model.pair(app.pk, expert.pk)


def _suggest(invitation: Invitation) -> None:
    if invitation.application.state != ApplicationState.IN_REVIEW:
        return
    found = suggest_replacement(invitation.application)
    if found is not None:
        invitation.suggested_replacement = found[0]
        invitation.suggested_affinity = found[1].affinity


def _cancel(user, invitation: Invitation, reason: str) -> None:
    invitation.state, invitation.cancel_reason = I.CANCELLED, reason
    _suggest(invitation)
    save(invitation, user, pgettext_lazy("history", "cancelled"))
    notify(
        [invitation.expert.person.user],
        _("Your review of %(app)s was cancelled") % {"app": invitation.application.number},
        reason,
        email=False,
    )


def _decline(user, invitation: Invitation, reason: str) -> None:
    invitation.state, invitation.responded_at = I.DECLINED, _now()
    invitation.decline_reason = reason
    _suggest(invitation)
    save(invitation, user, pgettext_lazy("history", "declined"))
    body = reason
    if invitation.suggested_replacement_id:
        body += "\n" + _("Suggested replacement: %(expert)s (affinity %(affinity).2f).") % {
            "expert": invitation.suggested_replacement,
            "affinity": invitation.suggested_affinity or 0,
        }
    notify(
        _office_users(invitation.application.call),
        _("%(expert)s declined to review %(app)s")
        % {"expert": invitation.expert, "app": invitation.application.number},
        body,
        invitation.get_absolute_url(),
        email=False,
    )
