"""Every change in expert review. Each public function is one transaction that checks permission
(`PermissionDenied`), checks the change is legal now (`TransitionError`, saying why), changes the
records with their history, and queues notifications (e-mail once the transaction commits) —
with the toolkit in `hezuo.core.workflow`. Views, the API and the background task call these;
nothing else saves review records. Split by purpose: `pool` (experts, plans, pinned pairs),
`conflicting`, `runs` and `execution` (assignment runs), `invitations`, `reviewing` (the
expert's side), `scores` (adoption into the calls workflow).

A conflicted pair is never assigned: the solver gets the conflicts as a mask, and `invite`, the
pins and the sending of a run's invitations check them again inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hezuo.core import workflow
from hezuo.core.workflow import TransitionError

from ..workflow import INVITATION
from .common import _experts, is_office
from .conflicting import declare_conflict, office_conflict
from .execution import execute_run, relabel
from .invitations import (
    cancel_invitation,
    invite,
    invite_replacement,
    open_load,
    suggest_replacement,
)
from .pool import (
    configure_review,
    create_profile,
    plan_for,
    profile_policy,
    remove_pair_rule,
    set_pair_rule,
    update_profile,
)
from .reviewing import accept_invitation, decline_invitation, peer_reviews, save_review
from .runs import create_run, send_invitations, start_run
from .scores import (
    Adoption,
    adopt_score,
    adopt_scores,
    adoption_refusal,
    invitation_counts,
    my_invitations,
    office_invitations,
    pending_runs,
)

# The service behind each offered action of the invitation table, by the name it gives.
_SERVICES: dict[str, Callable[..., Any]] = {
    action.service: globals()[action.service] for action in INVITATION if action.offered
}


def perform(user, invitation, name: str, data: Mapping[str, Any] | None = None) -> Any:
    """Take the invitation workflow's action `name` (see `hezuo.core.workflow.perform`)."""
    return workflow.perform(INVITATION, _SERVICES, user, invitation, name, data)


__all__ = [
    "Adoption",
    "TransitionError",
    "_experts",
    "accept_invitation",
    "adopt_score",
    "adopt_scores",
    "adoption_refusal",
    "cancel_invitation",
    "configure_review",
    "create_profile",
    "create_run",
    "declare_conflict",
    "decline_invitation",
    "execute_run",
    "invitation_counts",
    "invite",
    "invite_replacement",
    "is_office",
    "my_invitations",
    "office_conflict",
    "office_invitations",
    "open_load",
    "peer_reviews",
    "perform",
    "pending_runs",
    "plan_for",
    "profile_policy",
    "relabel",
    "remove_pair_rule",
    "save_review",
    "send_invitations",
    "set_pair_rule",
    "start_run",
    "suggest_replacement",
    "update_profile",
]
