"""What expert review shows on the calls' pages, through their template slots
(`hezuo.calls.hooks`): the calls never load anything of review's.

`application_panel`: the expert review as each reader of an application may see it.

The office sees who reviews, each review and the aggregates, and may adopt the score; an
invited expert sees a link to their own review only; everyone else who can read the application
sees, once it is scored, the score, how many experts reviewed it and their comments under
pseudonyms — never a name.
"""

from django.template.loader import render_to_string

from hezuo.calls.models import SCORED_STATES
from hezuo.core.scoping import scope_for

from . import aggregation, services
from .models import Invitation


def call_links(context, call) -> str:
    """The office's way from a call to its expert review."""
    request = context.get("request")
    show = services.is_office(getattr(request, "user", None)) and call.status != "draft"
    return render_to_string("review/_call_link.html", {"call": call, "show": show}, request)


def score_action(context, app) -> str:
    """Stands in for the manual score where experts review `app` (invited, accepted or done):
    then its score is theirs, adopted instead (see `services.adopt_score`)."""
    if not Invitation.objects.filter(application=app).active().exists():
        return ""
    return render_to_string("review/_score_link.html", {}, context.get("request"))


def application_panel(context, app) -> str:
    return render_to_string(
        "review/_application_panel.html", _panel(context, app), context.get("request")
    )


def _panel(context, app) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    out = {"app": app, "request": request, "role": None}
    if user is None or not user.is_authenticated:
        return out
    if services.is_office(user):
        summary = aggregation.summary_of(app)
        out.update(
            role="office",
            summary=summary,
            invitations=services.office_invitations(app.call).filter(application=app),
            plan=services.plan_for(app.call),
            can_adopt=services.adoption_refusal(app) is None
            and (summary.score is not None and summary.score != app.score),
        )
        return out
    person_id = scope_for(user).person_id
    mine = (
        Invitation.objects.filter(application=app, expert__person_id=person_id).first()
        if person_id
        else None
    )
    if mine is not None:
        out.update(role="expert", invitation=mine)
        return out
    if app.state in SCORED_STATES and app.score is not None:
        public = aggregation.public_summary(app)
        if public["reviews"]:
            out.update(role="public", public=public)
    return out
