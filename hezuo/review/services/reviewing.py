"""The expert's side: accept, decline (with a replacement proposed), review, see peers after."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.bilingual import join_list
from hezuo.core.workflow import (
    notify,
    save,
)

from .. import aggregation
from ..models import (
    ACTIVE_STATES,
    Invitation,
    Recommendation,
    Review,
    ReviewScore,
)
from .common import (
    I,
    _lock,
    _now,
    _office_users,
    _require,
)
from .invitations import _decline

# --- the expert's side ----------------------------------------------------------------------------


@transaction.atomic
def accept_invitation(user, invitation: Invitation) -> Invitation:
    invitation = _lock(invitation)
    _require(invitation, "accept", user)
    invitation.state, invitation.responded_at = I.ACCEPTED, _now()
    save(invitation, user, pgettext_lazy("history", "accepted"))
    return invitation


@transaction.atomic
def decline_invitation(user, invitation: Invitation, reason: str) -> Invitation:
    """Decline (with a reason). The office is told, with the best available replacement."""
    invitation = _lock(invitation)
    _require(invitation, "decline", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you decline.")})
    _decline(user, invitation, reason)
    return invitation


REVIEW_FIELDS = {"recommendation", "confidence", "comments", "confidential"}


@transaction.atomic
def save_review(
    user,
    invitation: Invitation,
    scores: dict[int, Any],
    data: dict[str, Any],
    submit: bool = False,
) -> Review:
    """Save the expert's review (a draft), or submit it: then every criterion of the call's
    rubric is scored, the recommendation and confidence given, and the review is final."""
    invitation = _lock(invitation)
    _require(invitation, "review", user)
    unknown = set(data) - REVIEW_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    call = invitation.application.call
    rubric = {c.pk: c for c in call.rubric.all()}
    errors: dict[str, list[str]] = defaultdict(list)
    clean: dict[int, int] = {}
    for key, raw in (scores or {}).items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = -1
        if criterion_id not in rubric:
            errors["scores"].append(_("Unknown criterion: %(c)s") % {"c": key})
            continue
        if raw is None or raw == "":
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= call.rubric_scale:
            errors[f"score_{criterion_id}"].append(
                _("%(criterion)s: a score from 0 to %(scale)d.")
                % {"criterion": rubric[criterion_id].name, "scale": call.rubric_scale}
            )
            continue
        clean[criterion_id] = value
    if data.get("recommendation") and data["recommendation"] not in Recommendation.values:
        errors["recommendation"].append(_("Choose a recommendation."))
    if submit:
        missing = [c.name for pk, c in rubric.items() if pk not in clean]
        if missing:
            errors["scores"].append(
                _("Score every criterion: %(missing)s") % {"missing": join_list(missing)}
            )
        if not data.get("recommendation"):
            errors["recommendation"].append(_("Give your overall recommendation."))
        if not data.get("confidence"):
            errors["confidence"].append(_("Say how confident you are."))
        if not rubric:
            errors["scores"].append(_("This call has no rubric to score against."))
    if errors:
        raise ValidationError(dict(errors))
    review = Review.objects.filter(invitation=invitation).first() or Review(invitation=invitation)
    for name, value in data.items():
        setattr(review, name, value if value is not None else getattr(review, name))
    if submit:
        weights = {pk: c.weight for pk, c in rubric.items()}
        review.total = aggregation.review_total(clean, weights, call.rubric_scale)
        review.submitted_at = _now()
    save(
        review,
        user,
        pgettext_lazy("history", "submitted")
        if submit
        else pgettext_lazy("history", "draft saved"),
    )
    existing = {s.criterion_id: s for s in ReviewScore.objects.filter(review=review)}
    for criterion_id, value in clean.items():
        row = existing.get(criterion_id) or ReviewScore(review=review, criterion_id=criterion_id)
        if row.pk is None or row.score != value:
            row.score = value
            save(row, user, pgettext_lazy("history", "scored"))
    if submit:
        invitation.state = I.SUBMITTED
        save(invitation, user, pgettext_lazy("history", "review submitted"))
        _notify_submitted(invitation)
    return review


def _notify_submitted(invitation: Invitation) -> None:
    app = invitation.application
    states = Counter(
        Invitation.objects.filter(application=app, state__in=ACTIVE_STATES).values_list(
            "state", flat=True
        )
    )
    done, total = states.get(I.SUBMITTED, 0), sum(states.values())
    title = (
        _("Every review of %(app)s is in") % {"app": app.number}
        if done == total
        else _("A review of %(app)s is in (%(done)d of %(total)d)")
        % {"app": app.number, "done": done, "total": total}
    )
    notify(_office_users(app.call), title, "", app.get_absolute_url(), email=done == total)


def peer_reviews(user, invitation: Invitation) -> list[dict]:
    """Once an expert's own review is submitted, the other submitted reviews of the application,
    anonymised (pseudonym, total, recommendation); before that, nothing."""
    if not invitation.is_expert(user) or invitation.state != I.SUBMITTED:
        return []
    summary = aggregation.summary_of(invitation.application)
    return [
        {
            "expert": row.pseudonym,
            "mine": row.review.invitation_id == invitation.pk,
            "total": row.total,
            "recommendation": row.review.get_recommendation_display(),
        }
        for row in summary.rows
    ]
