"""The office selects: formal check, review, score, decision and its signatures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.models import Unit, UnitKind
from hezuo.core.workflow import (
    TransitionError,
    delete,
    lock,
    require_office,
    save,
)

from ..access import reach_for
from ..hooks import SCORE_SOURCES
from ..models import (
    Application,
    Call,
    Decision,
    DecisionOutcome,
    EventAction,
    FormalCheckItem,
    Signature,
)
from ..rules import evaluate_all
from ..workflow import APPLICATION
from .common import S, _decimal, _event, _move, _notify_applicants, _now

# --- formal check ---------------------------------------------------------------------------------


def refresh_check_items(app: Application) -> list[FormalCheckItem]:
    existing = {i.code: i for i in app.check_items.all()}
    keep = []
    for order, (code, criterion, finding) in enumerate(evaluate_all(app), start=1):
        item = existing.pop(code, None)
        if item is None:
            item = FormalCheckItem(application=app, code=code, criterion=criterion)
        elif item.auto_passed != finding.passed:
            item.confirmed, item.confirmed_at, item.confirmed_by = None, None, None
        item.order = order
        item.auto_passed = finding.passed
        item.detail = finding.detail
        item.save()
        keep.append(item)
    for stale in existing.values():
        stale.delete()
    return keep


@transaction.atomic
def refresh_formal_check(user, app: Application) -> list[FormalCheckItem]:
    """Run the rules again (e.g. after the registry changed); a line whose finding flips loses
    its confirmation."""
    app = lock(app)
    APPLICATION.require(app, "check", user)
    return refresh_check_items(app)


@transaction.atomic
def confirm_check(
    user, app: Application, confirmations: dict[str, tuple[bool, str]]
) -> list[FormalCheckItem]:
    """Staff confirm each line: `{code: (passes, note)}`."""
    app = lock(app)
    APPLICATION.require(app, "check", user)
    items = {i.code: i for i in app.check_items.all()}
    unknown = set(confirmations) - set(items)
    if unknown:
        raise ValidationError(_("Unknown check lines: %(c)s") % {"c": ", ".join(sorted(unknown))})
    now = _now()
    for code, (ok, note) in confirmations.items():
        item = items[code]
        item.confirmed, item.note = bool(ok), note or ""
        item.confirmed_by, item.confirmed_at = user, now
        save(item, user, pgettext_lazy("history", "confirmed"))
    # In the words staff read on the page (not the rules' codes): how many pass, which fail.
    passing = sum(1 for ok, _n in confirmations.values() if ok)
    failing = [
        f"✗ {items[c].label}" + (f": {n}" if n else "")
        for c, (ok, n) in confirmations.items()
        if not ok
    ]
    summary = " · ".join(([f"✓ {passing}"] if passing else []) + failing)
    _event(app, user, EventAction.CHECK_CONFIRMED, app.state, summary)
    return list(items.values())


@transaction.atomic
def accept(user, app: Application, note: str = "") -> Application:
    app = lock(app)
    APPLICATION.require(app, "accept", user)
    items = list(app.check_items.all())
    if not items:
        raise TransitionError(_("The formal check has not been run."), code="incomplete")
    open_items = [i.label for i in items if i.confirmed is not True]
    if open_items:
        raise TransitionError(
            _("Every line of the formal check must be confirmed as passing first: %(items)s")
            % {"items": "; ".join(open_items)},
            code="incomplete",
        )
    _move(user, app, S.ACCEPTED, EventAction.ACCEPTED, note, checked_at=_now())
    _notify_applicants(
        app, _("%(number)s passed the formal check") % {"number": app.number}, email=False
    )
    return app


@transaction.atomic
def reject(user, app: Application, reason: str) -> Application:
    app = lock(app)
    APPLICATION.require(app, "reject", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is rejected.")})
    _move(
        user,
        app,
        S.REJECTED,
        EventAction.REJECTED,
        reason,
        rejection_reason=reason,
        checked_at=_now(),
    )
    _notify_applicants(
        app, _("%(number)s did not pass the formal check") % {"number": app.number}, reason
    )
    return app


# --- review (a manual score until the review capability lands) and decision -----------------------


@transaction.atomic
def start_review(user, app: Application) -> Application:
    app = lock(app)
    APPLICATION.require(app, "start-review", user)
    _move(user, app, S.IN_REVIEW, EventAction.REVIEW_STARTED)
    return app


@transaction.atomic
def start_review_all(user, call: Call) -> list[Application]:
    require_office(user)
    started = []
    for app in Application.objects.filter(call=call, state=S.ACCEPTED).order_by("pk"):
        started.append(start_review(user, app))
    return started


@transaction.atomic
def record_score(user, app: Application, score: Any, note: str = "") -> Application:
    """Record the score the decision rests on: a score from a source above the calls (expert
    review's adopted score, see `hooks.SCORE_SOURCES`) where there is one — a different score
    by hand is then refused — otherwise the score given by hand."""
    app = lock(app)
    APPLICATION.require(app, "score", user)
    given = value = _decimal(score, "score")
    for source in SCORE_SOURCES:
        sourced = source(app)
        if sourced is None:
            continue
        if given is not None and given != sourced:
            raise ValidationError(
                {
                    "score": _("This application has expert reviews: its score is theirs, %(s)s.")
                    % {"s": sourced}
                }
            )
        value = sourced
    if value is None or not Decimal("0") <= value <= Decimal("100"):
        raise ValidationError({"score": _("A score is between 0 and 100.")})
    _move(
        user,
        app,
        S.REVIEWED,
        EventAction.SCORED,
        str(value),
        score=value,
        score_note=note or "",
    )
    return app


@transaction.atomic
def propose_decision(
    user, app: Application, outcome: str, amount: Any = None, note: str = ""
) -> Decision:
    """Propose (or revise, before it is final) the decision; revising clears the signatures."""
    app = lock(app)
    APPLICATION.require(app, "propose", user)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose approve, reject or wait-list.")})
    value = _decimal(amount, "amount")
    if outcome == DecisionOutcome.APPROVE:
        if value is None or value <= 0:
            raise ValidationError({"amount": _("An approval names the amount awarded.")})
        if app.requested_amount is not None and value > app.requested_amount:
            raise ValidationError(
                {
                    "amount": _("More than the %(requested)s requested.")
                    % {"requested": app.requested_amount}
                }
            )
    elif value is not None:
        raise ValidationError({"amount": _("Only an approval carries an amount.")})
    decision = Decision.objects.filter(application=app).first()
    revised = decision is not None
    if decision is None:
        decision = Decision(application=app)
    else:
        for signature in decision.signatures.all():
            delete(signature, user, pgettext_lazy("history", "decision revised"))
    decision.outcome, decision.note = outcome, note or ""
    decision.amount = value  # type: ignore[assignment]  # nullable: only approvals carry one
    decision.score = app.score  # type: ignore[assignment]  # scored: the workflow's state says
    decision.proposed_by, decision.proposed_at = user, _now()
    save(
        decision,
        user,
        pgettext_lazy("history", "revised") if revised else pgettext_lazy("history", "proposed"),
    )
    label = DecisionOutcome(outcome).label
    _event(
        app,
        user,
        EventAction.DECISION_PROPOSED,
        app.state,
        f"{label} {value or ''}".strip() + (f" · {note}" if note else ""),
    )
    return decision


def _office_by_code(code: str) -> Unit:
    found = Unit.objects.filter(code=code, kind=UnitKind.OFFICE).first()
    if found is None:
        raise ValidationError({"office": _("No office has the code “%(code)s”.") % {"code": code}})
    return found


@transaction.atomic
def sign_decision(user, app: Application, office: Unit | str | None = None) -> Decision:
    """Sign for one of the call's approving offices (`office`: the unit or its code, when the
    signer belongs to several). When every approving office has signed, the decision is final
    and the application decided."""
    app = lock(app)
    APPLICATION.require(app, "sign", user)
    if isinstance(office, str):
        office = _office_by_code(office) if office else None
    decision = Decision.objects.select_for_update().get(application=app)
    required = set(app.call.approving_offices.values_list("pk", flat=True))
    signed = set(decision.signatures.values_list("office_id", flat=True))
    mine = (required & reach_for(user).office_units) - signed
    if office is not None:
        if office.pk not in required or office.pk not in reach_for(user).office_units:
            raise PermissionDenied(_("You do not sign for this office."))
        if office.pk in signed:
            raise TransitionError(_("This office has already signed."))
        chosen = office.pk
    else:
        chosen = min(mine)
    signature = Signature(decision=decision, office_id=chosen, signer=user, signed_at=_now())
    save(signature, user, pgettext_lazy("history", "signed"))
    _event(app, user, EventAction.SIGNED, app.state, str(signature.office))
    if signed | {chosen} >= required:
        now = _now()
        decision.final_at = now
        save(decision, user, pgettext_lazy("history", "final"))
        _move(
            user,
            app,
            S.DECIDED,
            EventAction.DECIDED,
            str(decision.get_outcome_display()),
            outcome=decision.outcome,
            awarded_amount=decision.amount,
            decided_at=now,
        )
    return decision
