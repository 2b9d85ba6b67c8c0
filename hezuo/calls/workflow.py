"""The application workflow: ONE table of its actions — who may take each, from which states,
what it asks for, which service does it and how the page shows it. The services refuse with it,
the application page draws its buttons and forms from it, and the API makes one typed operation
of each offered action (see `hezuo.calls.api.actions`).

Beyond who and from which state, `_time_rules` says when (the call's window, the recommending
deadline) and who has signed; apps above the calls add guards (`APPLICATION.guards`), e.g. expert
review makes the manual score give way to the experts'.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hezuo.core.workflow import Action, Input, Refusal, Workflow

from .access import reach_for
from .models import Application, ApplicationState, CallStatus, DecisionOutcome

S = ApplicationState


def applicant(app: Application, user) -> bool:
    return app.applicant_unit_id in reach_for(user).applicant_units


def recommender(app: Application, user) -> bool:
    return app.applicant_unit_id in reach_for(user).recommended_units


def office(app: Application, user) -> bool:
    return reach_for(user).is_office


NOTE = Input("note", str, _("Note"), multiline=True)
REASON = Input("reason", str, _("Reason"), required=True, multiline=True)
SCORE = Input("score", Decimal, _("Score (0–100)"), required=True, min_value=0, max_value=100)
OUTCOME = Input("outcome", str, _("Decision"), required=True, choices=DecisionOutcome)
AMOUNT = Input("amount", Decimal, _("Amount awarded (10k CNY)"), min_value=0)
OFFICE = Input(
    "office",
    str,
    _("Office"),
    description=_("Code of the approving office to sign for, when you belong to several."),
)

ACTIONS: list[Action[Application]] = [
    # Checks only: the page and the API reach these through their own forms.
    Action(
        "edit", _("Edit"), applicant, (S.DRAFT, S.RETURNED), "", past=_("edited"), offered=False
    ),
    Action("delete", _("Delete"), applicant, (S.DRAFT,), "", past=_("deleted"), offered=False),
    Action(
        "rank", _("Rank"), recommender, (S.SUBMITTED, S.RECOMMENDED), "", past=_("ranked"),
        offered=False,
    ),
    Action("check", _("Check"), office, (S.RECOMMENDED,), "", past=_("checked"), offered=False),
    # The steps.
    Action(
        "submit", _("Submit"), applicant, (S.DRAFT, S.RETURNED), "submit",
        done=_("Submitted."), style="primary", past=_("submitted"),
        summary="Submit the application (applicant), inside the call's window",
    ),
    Action(
        "withdraw", _("Withdraw"), applicant, (S.SUBMITTED, S.RETURNED), "withdraw", (NOTE,),
        done=_("Withdrawn."), style="outline-danger", past=_("withdrawn"),
        summary="Withdraw the application (applicant), before the deadline",
    ),
    Action(
        "recommend", _("Recommend"), recommender, (S.SUBMITTED,), "recommend", (NOTE,),
        done=_("Recommended."), style="primary", past=_("recommended"),
        summary="Recommend the application within the unit's quota (recommender)",
    ),
    Action(
        "return", _("Return for revision"), recommender, (S.SUBMITTED,), "return_for_revision",
        (REASON,), done=_("Returned for revision."), style="outline-warning",
        past=_("returned for revision"),
        summary="Return the application to its applicant for revision, with a reason (recommender)",
    ),
    Action(
        "refresh-check", _("Run the rules again"), office, (S.RECOMMENDED,), "refresh_formal_check",
        done=_("The rules were run again."), style="outline-secondary", past=_("checked"),
        summary="Run the formal check's automatic rules again (office)",
    ),
    Action(
        "accept", _("Accept for review"), office, (S.RECOMMENDED,), "accept", (NOTE,),
        done=_("Accepted."), style="primary", past=_("accepted"),
        summary="Accept the application after the formal check (office)",
    ),
    Action(
        "reject", _("Reject"), office, (S.RECOMMENDED,), "reject", (REASON,),
        done=_("Rejected."), style="outline-danger", past=_("rejected"),
        summary="Reject the application at the formal check, with a reason (office)",
    ),
    Action(
        "start-review", _("Send to review"), office, (S.ACCEPTED,), "start_review",
        done=_("Sent to review."), style="primary", past=_("sent to review"),
        summary="Send the accepted application to review (office)",
    ),
    Action(
        "score", _("Record the score"), office, (S.IN_REVIEW, S.REVIEWED), "record_score",
        (SCORE, NOTE), done=_("Score recorded."), style="primary", past=_("scored"),
        summary="Record the score the decision rests on (office)",
    ),
    Action(
        "propose", _("Propose the decision"), office, (S.REVIEWED,), "propose_decision",
        (OUTCOME, AMOUNT, NOTE), done=_("Decision proposed."), style="primary",
        past=_("decided on"),
        summary="Propose (or revise) the decision: approve with an amount, reject or wait-list",
    ),
    Action(
        "sign", _("Sign the decision"), office, (S.REVIEWED,), "sign_decision", (OFFICE,),
        done=_("Signed."), style="success", past=_("signed"),
        summary="Sign the decision for an approving office; final once every office has signed",
    ),
    Action(
        "publish", _("Publish"), office, (S.DECIDED,), "publish",
        done=_("Published."), style="success", past=_("published"),
        summary="Publish the decision: an approval creates the project or the base",
    ),
]  # fmt: skip


def _local(when: datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


def _time_rules(app: Application, action: Action, user) -> Refusal | None:
    """When an action may be taken: the call's window, the recommending deadline, signatures."""
    now = timezone.now()
    name, call = action.name, app.call
    if name in ("edit", "submit") and app.state == S.DRAFT:
        if call.status != CallStatus.ANNOUNCED or now >= call.closes_at:
            return Refusal("deadline", gettext("The call has closed."))
        if name == "submit" and now < call.opens_at:
            return Refusal(
                "deadline",
                gettext("The call opens on %(when)s; submit then.")
                % {"when": _local(call.opens_at)},
            )
    if name in ("edit", "submit") and app.state == S.RETURNED and now >= call.recommend_by:
        return Refusal(
            "deadline", gettext("The recommending deadline has passed; it cannot be resubmitted.")
        )
    withdraw_by = call.recommend_by if app.state == S.RETURNED else call.closes_at
    if name == "withdraw" and now >= withdraw_by:
        return Refusal(
            "deadline", gettext("The call has closed; an application cannot be withdrawn now.")
        )
    if name in ("rank", "recommend", "return") and now >= call.recommend_by:
        return Refusal("deadline", gettext("The recommending deadline has passed."))
    if name == "sign":
        return _sign_refusal(app, user)
    if name == "score" and app.state == S.REVIEWED and hasattr(app, "decision"):
        return Refusal(
            "state", gettext("A decision has been proposed on this score; revise it first.")
        )
    return None


def _sign_refusal(app: Application, user) -> Refusal | None:
    decision = getattr(app, "decision", None)
    if decision is None:
        return Refusal("state", gettext("No decision has been proposed yet."))
    offices = set(app.call.approving_offices.values_list("pk", flat=True))
    mine = offices & reach_for(user).office_units
    if not mine:
        return Refusal(
            "forbidden", gettext("Only members of the approving offices sign decisions.")
        )
    signed = list(decision.signatures.values_list("office_id", "signer_id"))
    if any(signer == user.pk for _office, signer in signed):
        return Refusal("state", gettext("You have already signed this decision."))
    if not mine - {office for office, _signer in signed}:
        return Refusal("state", gettext("Your office has already signed this decision."))
    return None


APPLICATION: Workflow[Application] = Workflow(
    name="application",
    state_field="state",
    actions={action.name: action for action in ACTIONS},
    extra_rules=_time_rules,
    forbidden_message=_("You may not do this to this application."),
    state_message=_("This application is %(state)s: it cannot be %(action)s."),
)
