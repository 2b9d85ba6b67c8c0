"""The scores the decision rests on: adopting the experts' score through the calls workflow."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hezuo.calls import services as calls_services
from hezuo.calls.models import Application, ApplicationState, Call
from hezuo.core.scoping import scope_for
from hezuo.core.workflow import (
    TransitionError,
    require_office,
)

from .. import aggregation
from ..models import (
    OPEN_STATES,
    AssignmentRun,
    Invitation,
    Review,
    RunState,
)
from .pool import plan_for

# --- the scores the decision rests on -------------------------------------------------------------


@dataclass
class Adoption:
    adopted: list[Application]
    skipped: list[tuple[Application, str]]


def adoption_refusal(app: Application) -> str | None:
    if app.state not in (ApplicationState.IN_REVIEW, ApplicationState.REVIEWED):
        return _("%(app)s is not in review.") % {"app": app.number}
    open_count = Invitation.objects.filter(application=app, state__in=OPEN_STATES).count()
    if open_count:
        return _("%(app)s still has %(n)d open invitations; wait for them or cancel them.") % {
            "app": app.number,
            "n": open_count,
        }
    if not Review.objects.submitted().filter(invitation__application=app).exists():
        return _("%(app)s has no submitted review.") % {"app": app.number}
    return None


def adopt_score(user, app: Application) -> Application:
    """Record the application's review score (the plan's method) as the score the decision rests
    on, through the calls workflow (in review → reviewed)."""
    require_office(user)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app.pk)
        refusal = adoption_refusal(app)
        if refusal:
            raise TransitionError(refusal)
        plan = plan_for(app.call)
        summary = aggregation.summary_of(app)
        note = _("%(method)s of %(n)d expert reviews") % {
            "method": plan.get_score_method_display(),
            "n": summary.n,
        }
        return calls_services.record_score(user, app, None, note)


def adopt_scores(user, call: Call) -> Adoption:
    """Adopt the review score of every application of the call that is ready; say why not for
    the others."""
    require_office(user)
    result = Adoption([], [])
    candidates = Application.objects.filter(call=call, state=ApplicationState.IN_REVIEW).order_by(
        "pk"
    )
    for app in candidates:
        refusal = adoption_refusal(app)
        if refusal:
            result.skipped.append((app, refusal))
            continue
        result.adopted.append(adopt_score(user, app))
    return result


def invitation_counts(call: Call) -> dict[str, int]:
    return dict(
        Invitation.objects.filter(application__call=call)
        .values_list("state")
        .annotate(n=Count("pk"))
    )


def my_invitations(user):
    """The expert's own invitations (empty for anyone else)."""
    scope = scope_for(user)
    if not scope.person_id:
        return Invitation.objects.none()
    return (
        Invitation.objects.visible_to(user)
        .filter(expert__person_id=scope.person_id)
        .select_related("application__call")
        .order_by("-invited_at", "-pk")
    )


def office_invitations(call: Call):
    return (
        Invitation.objects.filter(application__call=call)
        .select_related("application", "expert__person", "expert__organisation")
        .order_by("application__number", "invited_at", "pk")
    )


def pending_runs(call: Call):
    return AssignmentRun.objects.filter(call=call).filter(
        Q(state__in=(RunState.QUEUED, RunState.RUNNING))
    )
