"""Assignment runs: queued by the office, solved by the worker (`execution`), then sent out as
invitations."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hezuo.calls.models import ApplicationState, Call, CallStatus
from hezuo.core.models import Job
from hezuo.core.workflow import (
    TransitionError,
    require_office,
    save,
)

from ..conflicts import conflicts
from ..models import (
    AssignmentRun,
    Invitation,
    RunState,
)
from ..tasks import run_assignment
from .common import (
    JOB_KIND,
    RUN_STEPS,
    _experts,
    _in_review,
    _notify_invited,
    _now,
)
from .pool import plan_for

# --- assignment runs ------------------------------------------------------------------------------


@transaction.atomic
def create_run(user, call: Call) -> AssignmentRun:
    """Queue an assignment run over the call's applications in review (see `start_run`)."""
    require_office(user)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.ANNOUNCED:
        raise TransitionError(_("Only an announced call's applications are reviewed."))
    if AssignmentRun.objects.filter(
        call=call, state__in=(RunState.QUEUED, RunState.RUNNING)
    ).exists():
        raise TransitionError(_("An assignment run of this call is under way; wait for it."))
    count = _in_review(call).count()
    if not count:
        raise TransitionError(_("No application of this call is in review yet."))
    plan = plan_for(call)
    title, title_args = Job.describe(gettext_lazy("Assign reviewers: %(call)s"), call=call.code)
    job = Job.objects.create(
        kind=JOB_KIND,
        title=title,
        title_args=title_args,
        user=user,
        total=RUN_STEPS,
        params={"language": translation.get_language() or settings.LANGUAGE_CODE},
    )
    run = AssignmentRun(
        call=call,
        job=job,
        k=plan.reviewers_per_application,
        min_foreign=plan.min_foreign,
        one_per_organisation=plan.one_per_organisation,
        applications=count,
        created_by=user,
    )
    save(run, user, pgettext_lazy("history", "queued"))
    return run


def start_run(user, call: Call) -> AssignmentRun:
    """Queue a run and hand it to the worker (run at once by the test and immediate backends)."""
    run = create_run(user, call)
    run_assignment.enqueue(run.pk)
    run.refresh_from_db()
    return run


@transaction.atomic
def send_invitations(user, run: AssignmentRun) -> list[Invitation]:
    """Invite the experts of a reviewed proposal. Conflicts are checked once more."""
    require_office(user)
    run = AssignmentRun.objects.select_for_update().select_related("call").get(pk=run.pk)
    if run.state != RunState.PROPOSED:
        raise TransitionError(
            _("This run is %(state)s: it has no proposal to send.")
            % {"state": run.get_state_display().lower()}
        )
    if AssignmentRun.objects.filter(call=run.call, created__gt=run.created).exists():
        raise TransitionError(_("A later run exists; send that one's proposal."))
    proposals = list(
        run.proposals.filter(existing=False).select_related("application", "expert__person")
    )
    apps = {p.application_id: p.application for p in proposals}
    closed = sorted(a.number for a in apps.values() if a.state != ApplicationState.IN_REVIEW)
    if closed:
        raise TransitionError(
            _("No longer in review: %(apps)s. Run the assignment again.")
            % {"apps": ", ".join(closed)}
        )
    experts = {p.expert_id: p.expert for p in proposals}
    found = conflicts(
        list(apps.values()),
        list(_experts().filter(pk__in=experts)),
        plan_for(run.call),
    )
    clashes = [p for p in proposals if (p.application_id, p.expert_id) in found]
    if clashes:
        raise TransitionError(
            _("Conflicts of interest were found since the run: %(pairs)s. Run it again.")
            % {"pairs": "; ".join(f"{p.expert} × {p.application.number}" for p in clashes)},
            code="conflict",
        )
    taken = set(
        Invitation.objects.filter(application__in=list(apps)).values_list(
            "application_id", "expert_id"
        )
    )
    plan = plan_for(run.call)
    created = []
    for proposal in proposals:
        if (proposal.application_id, proposal.expert_id) in taken:
            continue
        invitation = Invitation(
            application=proposal.application,
            expert=proposal.expert,
            run=run,
            due=plan.due,
            affinity=proposal.affinity,
            terms=proposal.terms,
            invited_by=user,
        )
        save(invitation, user, pgettext_lazy("history", "invited"))
        created.append(invitation)
    run.state, run.sent_at = RunState.SENT, _now()
    save(run, user, pgettext_lazy("history", "invitations sent"))
    per_expert: dict[int, list[Invitation]] = defaultdict(list)
    for invitation in created:
        per_expert[invitation.expert_id].append(invitation)
    for items in per_expert.values():
        _notify_invited(items[0].expert, run.call, len(items), plan.due)
    return created
