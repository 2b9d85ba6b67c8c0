"""Doing one assignment run (the worker's side): conflicts, affinity, the solver, the proposal."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import bulk_create_with_history

from hezuo.core.models import Job, JobStatus
from hezuo.core.workflow import (
    save,
)

from ..affinity import AffinityModel
from ..conflicts import conflicts
from ..models import (
    ACTIVE_STATES,
    OPEN_STATES,
    AssignmentRun,
    Invitation,
    PairRule,
    PairRuleKind,
    Proposal,
    RunState,
)
from ..solver import Problem, solve
from .common import (
    RUN_STEPS,
    _experts,
    _in_review,
    _now,
    logger,
)
from .pool import plan_for

_NAMED = re.compile(r"\b(applications?|experts?) (\d+(?:, \d+)*)")


def relabel(messages: list[str], app_labels: list[str], expert_labels: list[str]):
    """The solver names applications and experts by position; name them as people read them.
    Returns the messages and the positions of the applications they name."""
    named: set[int] = set()

    def replace(match: re.Match) -> str:
        word, numbers = match.group(1), [int(n) for n in match.group(2).split(", ")]
        labels = app_labels if word.startswith("application") else expert_labels
        if word.startswith("application"):
            named.update(n for n in numbers if n < len(app_labels))
        return f"{word} " + ", ".join(labels[n] if n < len(labels) else str(n) for n in numbers)

    return [_NAMED.sub(replace, m) for m in messages], sorted(named)


class _Progress:
    def __init__(self, job: Job | None):
        self.job = job

    def __call__(self, done: int, message: str) -> None:
        if self.job is not None:
            self.job.report(done, RUN_STEPS, message)


def execute_run(run_id: int) -> AssignmentRun:
    """Do one queued run: conflicts, affinity, the solver, the proposal. Called by the task."""
    run = AssignmentRun.objects.select_related("call", "job").get(pk=run_id)
    if run.state != RunState.QUEUED:
        return run
    AssignmentRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    language = (run.job.params if run.job else {}).get("language") or settings.LANGUAGE_CODE
    progress = _Progress(run.job)
    with translation.override(language):
        try:
            _execute(run, progress)
        except Exception as exc:
            logger.exception("assignment run %s failed", run.pk)
            run.state, run.finished = RunState.FAILED, _now()
            run.message = _("The run stopped on an unexpected error (%(error)s).") % {
                "error": type(exc).__name__
            }
            save(run, run.created_by, pgettext_lazy("history", "failed"))
        run.refresh_from_db()
        if run.job is not None:
            # No feasible assignment is a failure to the person who started it, with the
            # diagnosis as its message: nothing was proposed.
            unsuccessful = run.state in (RunState.FAILED, RunState.INFEASIBLE)
            message = run.message
            if run.state == RunState.INFEASIBLE and run.diagnosis:
                message = " ".join([message, *run.diagnosis[:3]])
            run.job.finish(
                JobStatus.FAILED if unsuccessful else JobStatus.SUCCEEDED,
                message,
                {"run": run.pk, "state": run.state},
                done=RUN_STEPS,
            )
    return run


def _execute(run: AssignmentRun, progress: _Progress) -> None:
    call, user = run.call, run.created_by
    plan = plan_for(call)
    progress(0, _("Reading the applications and the expert pool…"))
    apps = list(
        _in_review(call)
        .select_related("applicant_unit", "recommending_unit", "organisation")
        .order_by("pk")
    )
    existing = list(Invitation.objects.filter(application__in=apps))
    active = [i for i in existing if i.state in ACTIVE_STATES]
    rules = list(PairRule.objects.filter(application__in=apps))
    pinned_experts = {i.expert_id for i in active} | {
        r.expert_id for r in rules if r.kind == PairRuleKind.PIN
    }
    on = timezone.localdate()  # away until later: not invited now
    pool = list(_experts().order_by("pk"))
    no_account = {e.pk for e in pool if not (e.person.user_id and e.person.user.is_active)}
    experts = [
        e for e in pool if e.pk not in no_account and (e.pk in pinned_experts or e.is_available(on))
    ]
    notes = []
    if no_account:
        notes.append(
            _("%(n)d experts without a user account were left out (they could not answer).")
            % {"n": len(no_account)}
        )
    unavailable = len(pool) - len(no_account) - len(experts)
    if unavailable:
        notes.append(_("%(n)d experts are unavailable.") % {"n": unavailable})
    run.applications, run.experts, run.notes = len(apps), len(experts), notes
    if not experts:
        run.state, run.finished = RunState.INFEASIBLE, _now()
        run.message = _("The expert pool has no available expert with a user account.")
        run.diagnosis = [run.message]
        save(run, user, pgettext_lazy("history", "infeasible"))
        return

    progress(1, _("Checking conflicts of interest…"))
    app_ids, expert_ids = [a.pk for a in apps], [e.pk for e in experts]
    row, col = {a: i for i, a in enumerate(app_ids)}, {e: j for j, e in enumerate(expert_ids)}
    conflict_map = conflicts(apps, experts, plan)
    mask = conflict_map.matrix(app_ids, expert_ids)

    progress(2, _("Matching applications and experts…"))
    model = AffinityModel(apps, experts)

    progress(3, _("Solving the assignment…"))
    other_open = Counter(
        Invitation.objects.filter(expert_id__in=expert_ids, state__in=OPEN_STATES)
        .exclude(application__in=apps)
        .values_list("expert_id", flat=True)
    )
    pins = {(row[i.application_id], col[i.expert_id]) for i in active if i.expert_id in col}
    pins |= {
        (row[r.application_id], col[r.expert_id])
        for r in rules
        if r.kind == PairRuleKind.PIN and r.expert_id in col
    }
    forbidden = {
        (row[i.application_id], col[i.expert_id])
        for i in existing
        if i.state not in ACTIVE_STATES and i.expert_id in col
    }
    forbidden |= {
        (row[r.application_id], col[r.expert_id])
        for r in rules
        if r.kind == PairRuleKind.FORBID and r.expert_id in col
    }
    forbidden -= pins
    pins_per_expert = Counter(e for _a, e in pins)
    load = np.array(
        [
            max(e.max_load - other_open.get(e.pk, 0), pins_per_expert.get(j, 0))
            for j, e in enumerate(experts)
        ],
        dtype=np.int64,
    )
    org_ids: dict[int, int] = {}
    orgs = np.array(
        [
            org_ids.setdefault(e.organisation_id, len(org_ids)) if e.organisation_id else -1
            for e in experts
        ],
        dtype=np.int64,
    )
    problem = Problem(
        affinity=model.affinity,
        conflicts=mask,
        max_load=load,
        k=run.k,
        org_of_expert=orgs if run.one_per_organisation else None,
        foreign=np.array([e.is_foreign for e in experts], dtype=bool),
        min_foreign=run.min_foreign,
        pinned=pins,
        forbidden=forbidden,
    )
    result = solve(problem, time_limit=float(plan.time_limit))

    progress(4, _("Saving the proposal…"))
    app_labels = [a.number or str(a.pk) for a in apps]
    expert_labels = [str(e) for e in experts]
    diagnosis, named = relabel(result.diagnosis, app_labels, expert_labels)
    run.objective = result.objective if result.feasible else None
    run.upper_bound = result.upper_bound if np.isfinite(result.upper_bound) else None
    run.gap = result.gap if np.isfinite(result.gap) else None
    run.seconds = round(result.seconds, 3)
    run.solver_status, run.method = result.status, result.method
    run.diagnosis = diagnosis
    run.short_applications = [app_ids[i] for i in named]
    run.finished = _now()
    if result.feasible:
        existing_pairs = {(i.application_id, i.expert_id) for i in active}
        rule_pins = {(r.application_id, r.expert_id) for r in rules if r.kind == PairRuleKind.PIN}
        proposals = []
        for a, e in result.assignment.tolist():
            app_id, expert_id = app_ids[a], expert_ids[e]
            score = model.pair(app_id, expert_id)
            proposals.append(
                Proposal(
                    run=run,
                    application_id=app_id,
                    expert_id=expert_id,
                    affinity=score.affinity,
                    discipline=score.discipline,
                    text=score.text,
                    terms=[list(t) for t in score.terms],
                    pinned=(app_id, expert_id) in rule_pins,
                    existing=(app_id, expert_id) in existing_pairs,
                )
            )
        run.state = RunState.PROPOSED
        run.message = _(
            "%(pairs)d pairs proposed for %(apps)d applications: total affinity %(obj).3f, "
            "within %(gap).2f%% of the best possible."
        ) % {
            "pairs": len(proposals),
            "apps": len(apps),
            "obj": result.objective,
            "gap": 100 * (result.gap or 0),
        }
        with transaction.atomic():
            AssignmentRun.objects.filter(call=call, state=RunState.PROPOSED).exclude(
                pk=run.pk
            ).update(state=RunState.SUPERSEDED)
            save(run, user, pgettext_lazy("history", "proposed"))
            bulk_create_with_history(proposals, Proposal, default_user=user)
    else:
        run.state = RunState.INFEASIBLE
        run.message = _(
            "No assignment satisfies the rules. The diagnosis names the applications to look "
            "at: add experts, relax the plan, or remove pins."
        )
        save(run, user, pgettext_lazy("history", "infeasible"))
