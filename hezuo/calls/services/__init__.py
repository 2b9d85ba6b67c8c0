"""Every change to calls and applications. Each public function is one transaction that locks
the record, asks the workflow table (`hezuo.calls.workflow.APPLICATION`) whether this user may
do this now (`PermissionDenied`, or `TransitionError` naming why), changes state, writes history
and the domain event, and queues notifications — e-mail goes out only after the transaction
commits. Views and the API call these; nothing else saves. Split by phase:

- `configuring`: programmes and calls (window, criteria, rubric, quotas, announcement)
- `applying`: drafts, partners, budget, attachments, eligibility, submission, withdrawal
- `recommending`: ranking and recommendation within quota, return for revision
- `selecting`: formal check, review, score, decision and signatures
- `publishing`: projects and bases from approved applications
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hezuo.core import workflow
from hezuo.core.workflow import TransitionError

from ..models import Application
from ..workflow import APPLICATION
from .applying import (
    add_attachment,
    add_partner,
    create_application,
    delete_draft,
    recommending_unit_for,
    remove_attachment,
    remove_partner,
    save_answer,
    set_budget,
    submission_problems,
    submit,
    update_application,
    update_partner,
    withdraw,
)
from .configuring import (
    add_criterion,
    announce_call,
    announcement_problems,
    apply_template,
    create_call,
    create_programme,
    recommended_count,
    remove_criterion,
    set_quota,
    set_rubric,
    update_call,
)
from .publishing import publish, publish_results
from .recommending import rank, recommend, return_for_revision
from .selecting import (
    accept,
    confirm_check,
    propose_decision,
    record_score,
    refresh_formal_check,
    reject,
    sign_decision,
    start_review,
    start_review_all,
)

# The service behind each offered action, by the name the table gives (a name the table gives
# that is not a function here fails at import, not at the first click).
_SERVICES: dict[str, Callable[..., Any]] = {
    action.service: globals()[action.service] for action in APPLICATION if action.offered
}


def perform(user, app: Application, name: str, data: Mapping[str, Any] | None = None) -> Any:
    """Take the application workflow's action `name` (see `hezuo.core.workflow.perform`)."""
    return workflow.perform(APPLICATION, _SERVICES, user, app, name, data)


__all__ = [
    "TransitionError",
    "accept",
    "add_attachment",
    "add_criterion",
    "add_partner",
    "announce_call",
    "announcement_problems",
    "apply_template",
    "confirm_check",
    "create_application",
    "create_call",
    "create_programme",
    "delete_draft",
    "perform",
    "propose_decision",
    "publish",
    "publish_results",
    "rank",
    "recommend",
    "recommended_count",
    "recommending_unit_for",
    "record_score",
    "refresh_formal_check",
    "reject",
    "remove_attachment",
    "remove_criterion",
    "remove_partner",
    "return_for_revision",
    "save_answer",
    "set_budget",
    "set_quota",
    "set_rubric",
    "sign_decision",
    "start_review",
    "start_review_all",
    "submission_problems",
    "submit",
    "update_application",
    "update_call",
    "update_partner",
    "withdraw",
]
