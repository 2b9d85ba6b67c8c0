"""The invitation workflow: ONE table of what an invited expert and the office may do with an
invitation, from which states, with what, through which service. The services refuse with it,
the pages show buttons by it, and the API makes one typed operation of each offered action."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hezuo.calls.models import ApplicationState
from hezuo.core.scoping import scope_for
from hezuo.core.workflow import Action, Input, Refusal, Workflow

from .models import Invitation, InvitationState

I = InvitationState  # noqa: E741


def expert(invitation: Invitation, user) -> bool:
    return invitation.is_expert(user)


def office(invitation: Invitation, user) -> bool:
    return scope_for(user).is_office


REASON = Input("reason", str, _("Reason"), required=True, multiline=True, max_length=2000)
CANCEL_REASON = Input("reason", str, _("Reason"), multiline=True, max_length=2000)

EXPERT_ONLY = _("Only the invited expert may do this.")
OFFICE_ONLY = _("Only the programme office may do this.")

ACTIONS: list[Action[Invitation]] = [
    Action(
        "accept", _("Accept"), expert, (I.INVITED,), "accept_invitation",
        done=_("Accepted: the application is open to you."), style="primary", past=_("accepted"),
        summary="Accept the invitation (the invited expert)",
        forbidden=EXPERT_ONLY,
    ),
    Action(
        "decline", _("Decline"), expert, (I.INVITED, I.ACCEPTED), "decline_invitation", (REASON,),
        done=_("Declined."), style="outline-secondary", past=_("declined"),
        summary="Decline the invitation, with a reason (the invited expert)",
        forbidden=EXPERT_ONLY,
    ),
    Action(
        "conflict", _("Declare a conflict of interest"), expert, (I.INVITED, I.ACCEPTED),
        "declare_conflict", (REASON,),
        done=_("The conflict is recorded; the invitation is declined."),
        style="outline-danger", past=_("declined"),
        summary="Declare a conflict of interest: the invitation is declined, the pair never "
        "assigned again (the invited expert)",
        forbidden=EXPERT_ONLY,
    ),
    Action(
        "review", _("Review"), expert, (I.ACCEPTED,), "", past=_("reviewed"), offered=False,
        forbidden=EXPERT_ONLY,
    ),
    Action(
        "cancel", _("Cancel"), office, (I.INVITED, I.ACCEPTED, I.SUBMITTED), "cancel_invitation",
        (CANCEL_REASON,), done=_("Cancelled."), style="outline-danger", past=_("cancelled"),
        summary="Cancel the invitation (office)",
        forbidden=OFFICE_ONLY,
    ),
    Action(
        "replace", _("Invite the replacement"), office, (I.DECLINED, I.CANCELLED),
        "invite_replacement", done=_("The replacement was invited."), style="primary",
        past=_("replaced"),
        summary="Invite the proposed replacement of a declined or cancelled invitation (office)",
        forbidden=OFFICE_ONLY,
    ),
]  # fmt: skip


def _rules(invitation: Invitation, action: Action, user) -> Refusal | None:
    if invitation.application.state != ApplicationState.IN_REVIEW:
        return Refusal("state", gettext("The review of this application is closed."))
    if action.name == "review" and invitation.is_late():
        return Refusal(
            "deadline",
            gettext("The review was due on %(when)s; ask the office to extend the deadline.")
            % {"when": timezone.localtime(invitation.due).strftime("%Y-%m-%d %H:%M")},
        )
    return None


INVITATION: Workflow[Invitation] = Workflow(
    name="invitation",
    state_field="state",
    actions={action.name: action for action in ACTIONS},
    extra_rules=_rules,
    forbidden_message=_("You may not do this to this invitation."),
    state_message=_("This invitation is %(state)s."),
)
