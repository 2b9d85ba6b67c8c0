"""The expert pool, the review plan of a call, pinned and forbidden pairs, and conflicts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.calls.models import Application, Call, CallStatus
from hezuo.core.scoping import scope_for
from hezuo.core.workflow import (
    TransitionError,
    delete,
    require_office,
    save,
)

from .. import aggregation
from ..conflicts import pair_conflicts
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
    _conflict_error,
    _require_in_review,
    is_office,
)

# --- the expert pool ------------------------------------------------------------------------------

PROFILE_FIELDS = {
    "organisation",
    "country",
    "disciplines",
    "keywords_zh",
    "keywords_en",
    "expertise",
    "max_load",
    "available",
    "unavailable_until",
}
# What an expert changes on their own profile. Organisation and country decide conflicts of
# interest and diversity, so only the office changes them.
SELF_FIELDS = PROFILE_FIELDS - {"organisation", "country"}


def profile_policy(user, profile: ExpertProfile) -> bool:
    return is_office(user)


@transaction.atomic
def create_profile(user, person, data: dict[str, Any]) -> ExpertProfile:
    require_office(user)
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if ExpertProfile.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already in the expert pool.")})
    profile = ExpertProfile(person=person, **data)
    save(profile, user, pgettext_lazy("history", "created"))
    if not person.is_expert:
        person.is_expert = True
        person._history_user = user
        person._change_reason = pgettext_lazy("history", "added to the expert pool")
        person.save(update_fields=["is_expert", "search_text"])
    return profile


@transaction.atomic
def update_profile(user, profile: ExpertProfile, data: dict[str, Any]) -> ExpertProfile:
    """The office changes any field; the expert, their own profile's `SELF_FIELDS`."""
    profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
    own = scope_for(user).person_id == profile.person_id
    if not (is_office(user) or own):
        raise PermissionDenied(_("You may not change this profile."))
    allowed = PROFILE_FIELDS if is_office(user) else SELF_FIELDS
    changed = {k for k, v in data.items() if getattr(profile, k, None) != v}
    refused = changed - allowed
    if refused:
        raise PermissionDenied(
            _("Only the office changes: %(f)s") % {"f": ", ".join(sorted(refused))}
        )
    for name in changed:
        setattr(profile, name, data[name])
    save(profile, user, pgettext_lazy("history", "updated"))
    return profile


# --- the review plan ------------------------------------------------------------------------------

PLAN_FIELDS = {
    "reviewers_per_application",
    "min_foreign",
    "one_per_organisation",
    "recommender_conflict",
    "due",
    "score_method",
    "disagreement",
    "time_limit",
}


def plan_for(call: Call) -> ReviewPlan:
    """The call's plan, or the defaults (unsaved) while it has none."""
    return aggregation.plan_of(call)


@transaction.atomic
def configure_review(user, call: Call, data: dict[str, Any]) -> ReviewPlan:
    """Set the call's review plan. A new deadline moves the deadline of every open invitation."""
    require_office(user)
    unknown = set(data) - PLAN_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if call.status == CallStatus.FINISHED:
        raise TransitionError(_("The results of this call are published; it is closed."))
    plan = ReviewPlan.objects.select_for_update().filter(call=call).first() or ReviewPlan(call=call)
    old_due = plan.due
    for name, value in data.items():
        setattr(plan, name, value)
    save(plan, user, pgettext_lazy("history", "review plan set"))
    if "due" in data and plan.due != old_due:
        for invitation in Invitation.objects.select_for_update().filter(
            application__call=call, state__in=OPEN_STATES
        ):
            invitation.due = plan.due
            save(invitation, user, pgettext_lazy("history", "deadline moved"))
    return plan


# --- pins and forbidden pairs ---------------------------------------------------------------------


@transaction.atomic
def set_pair_rule(
    user, app: Application, expert: ExpertProfile, kind: str, note: str = ""
) -> PairRule:
    """Pin (always assign) or forbid (never assign) a pair in every later run. A conflicted pair
    cannot be pinned."""
    require_office(user)
    app = Application.objects.select_for_update().get(pk=app.pk)
    _require_in_review(app)
    if kind not in PairRuleKind.values:
        raise ValidationError({"kind": _("Choose pin or forbid.")})
    if kind == PairRuleKind.PIN:
        reasons = pair_conflicts(app, expert)
        if reasons:
            raise _conflict_error(app, expert, reasons)
        gone = (
            Invitation.objects.filter(application=app, expert=expert)
            .exclude(state__in=ACTIVE_STATES)
            .first()
        )
        if gone is not None:
            raise TransitionError(
                _("%(expert)s was already invited to review this application (%(state)s).")
                % {"expert": expert, "state": gone.get_state_display().lower()}
            )
    rule = PairRule.objects.filter(application=app, expert=expert).first() or PairRule(
        application=app, expert=expert, created_by=user
    )
    rule.kind, rule.note = kind, note or ""
    save(rule, user, PairRuleKind(kind).label)
    return rule


@transaction.atomic
def remove_pair_rule(user, rule: PairRule) -> None:
    require_office(user)
    delete(rule, user, pgettext_lazy("history", "removed"))
