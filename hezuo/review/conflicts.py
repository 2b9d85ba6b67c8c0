"""Conflicts of interest (回避): which experts may not review which applications, and why.

Automatic rules, from the registry, the calls and the portfolio:

- the expert works at the applicant's organisation (`same_organisation`), or at its parent or
  child organisation, at any depth (`related_organisation`);
- the expert works at one of the application's foreign partners, or its parent or child
  (`partner`);
- the expert's organisation and the applicant's take part together in a current project
  (`project`: active, not yet ended; its participants are the awarded organisation and the
  foreign partners of the application it came from);
- the expert acts in the platform for the applying unit (`member`: a membership in it);
- where the call's review plan says so, the expert's organisation belongs under the application's
  recommending unit, or the expert acts for a unit there (`recommender`);

and declared ones: by the expert (with a reason) or by the office (`declared`, see
`models.Conflict`). A conflicted pair is never assigned: the solver gets them as a mask, and
`services.invite` refuses them one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.core.models import Membership, Unit
from hezuo.core.scoping import descendants
from hezuo.registry.models import Organisation

from .models import Conflict, ExpertProfile, ReviewPlan


class ConflictKind(models.TextChoices):
    SAME_ORGANISATION = "same_organisation", gettext_lazy("Same organisation as the applicant")
    RELATED_ORGANISATION = (
        "related_organisation",
        gettext_lazy("Parent or child organisation of the applicant"),
    )
    PARTNER = "partner", gettext_lazy("Works at a partner of the application")
    PROJECT = "project", gettext_lazy("Co-participant in a current project")
    MEMBER = "member", gettext_lazy("Acts for the applying unit")
    RECOMMENDER = "recommender", gettext_lazy("Under the same recommending unit")
    DECLARED = "declared", gettext_lazy("Declared")


@dataclass(frozen=True)
class Reason:
    kind: str
    detail: str

    @property
    def label(self) -> str:
        return str(ConflictKind(self.kind).label)

    def __str__(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label


def relatives(org_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each organisation's ancestors and descendants (itself excluded), a few queries per level."""
    roots = {o for o in org_ids if o}
    parent: dict[int, int | None] = {}
    frontier = set(roots)
    while frontier:
        found = dict(Organisation.objects.filter(pk__in=frontier).values_list("pk", "parent_id"))
        parent.update(found)
        frontier = {p for p in found.values() if p and p not in parent}
    children: dict[int, set[int]] = defaultdict(set)
    seen, frontier = set(roots), set(roots)
    while frontier:
        rows = Organisation.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id")
        frontier = set()
        for pk, par in rows:
            children[par].add(pk)
            if pk not in seen:
                seen.add(pk)
                frontier.add(pk)
    out: dict[int, set[int]] = {}
    for org in roots:
        related: set[int] = set()
        up = parent.get(org)
        while up and up not in related and up != org:
            related.add(up)
            up = parent.get(up)
        stack = [org]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child != org and child not in related:
                    related.add(child)
                    stack.append(child)
        out[org] = related
    return out


def _current_projects(org_ids: set[int]):
    from hezuo.calls.models import Partner
    from hezuo.portfolio.models import Project, ProjectStatus

    today = timezone.localdate()
    partner_apps = Partner.objects.filter(organisation_id__in=org_ids).values("application_id")
    projects = list(
        Project.objects.filter(status=ProjectStatus.ACTIVE)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .filter(Q(organisation_id__in=org_ids) | Q(application_id__in=partner_apps))
        .only("pk", "code", "organisation_id", "application_id")
    )
    members: dict[int, set[int]] = {p.pk: {p.organisation_id} - {None} for p in projects}
    by_app = {p.application_id: p.pk for p in projects if p.application_id}
    for app_id, org_id in Partner.objects.filter(
        application_id__in=list(by_app), organisation__isnull=False
    ).values_list("application_id", "organisation_id"):
        members[by_app[app_id]].add(org_id)
    return projects, members


class ConflictMap:
    """Every conflicted (application, expert) pair among the given ones, with its reasons."""

    def __init__(self, reasons: dict[tuple[int, int], list[Reason]]):
        self.reasons = reasons

    def __contains__(self, pair: tuple[int, int]) -> bool:
        return pair in self.reasons

    def get(self, app_id: int, expert_id: int) -> list[Reason]:
        return self.reasons.get((app_id, expert_id), [])

    def __len__(self) -> int:
        return len(self.reasons)

    def matrix(self, app_ids: Sequence[int], expert_ids: Sequence[int]) -> np.ndarray:
        rows = {a: i for i, a in enumerate(app_ids)}
        cols = {e: j for j, e in enumerate(expert_ids)}
        out = np.zeros((len(app_ids), len(expert_ids)), dtype=bool)
        for a, e in self.reasons:
            if a in rows and e in cols:
                out[rows[a], cols[e]] = True
        return out


def conflicts(applications, experts, plan: ReviewPlan | None = None) -> ConflictMap:
    """The conflicts among `applications` × `experts` (model instances or querysets)."""
    from hezuo.calls.models import Partner

    apps = list(applications)
    experts = list(experts)
    if not apps or not experts:
        return ConflictMap({})
    app_ids = [a.pk for a in apps]
    partner_orgs: dict[int, set[int]] = defaultdict(set)
    for app_id, org_id in Partner.objects.filter(
        application_id__in=app_ids, organisation__isnull=False
    ).values_list("application_id", "organisation_id"):
        partner_orgs[app_id].add(org_id)
    own_orgs = {a.organisation_id for a in apps if a.organisation_id}
    all_partner_orgs = set().union(*partner_orgs.values()) if partner_orgs else set()
    family = relatives(own_orgs | all_partner_orgs)
    projects, members = _current_projects(own_orgs) if own_orgs else ([], {})
    recommender_conflict = bool(plan and plan.recommender_conflict)
    under_recommender: dict[int, set[int]] = {}  # recommending unit -> units at or under it
    recommender_orgs: dict[int, set[int]] = {}
    if recommender_conflict:
        for unit_id in {a.recommending_unit_id for a in apps}:
            units = descendants({unit_id}) | {unit_id}
            under_recommender[unit_id] = units
            recommender_orgs[unit_id] = set(
                Unit.objects.filter(pk__in=units, organisation__isnull=False).values_list(
                    "organisation_id", flat=True
                )
            )
    names_needed = set(own_orgs) | all_partner_orgs
    for related in family.values():
        names_needed |= related
    for pids in members.values():
        names_needed |= pids
    names = {o.pk: str(o) for o in Organisation.objects.filter(pk__in=names_needed)}

    experts_by_org: dict[int, list[int]] = defaultdict(list)
    for expert in experts:
        if expert.organisation_id:
            experts_by_org[expert.organisation_id].append(expert.pk)
    user_of = {e.pk: e.person.user_id for e in experts if e.person.user_id}
    expert_of_user = {user_id: expert_id for expert_id, user_id in user_of.items()}
    experts_by_unit: dict[int, set[int]] = defaultdict(set)  # units the experts act for
    for user_id, unit_id in Membership.objects.filter(user_id__in=list(expert_of_user)).values_list(
        "user_id", "unit_id"
    ):
        experts_by_unit[unit_id].add(expert_of_user[user_id])

    found: dict[tuple[int, int], list[Reason]] = defaultdict(list)

    def mark(app_id: int, org_id: int, reason: Reason) -> None:
        for expert_id in experts_by_org.get(org_id, ()):
            found[(app_id, expert_id)].append(reason)

    for app in apps:
        org = app.organisation_id
        if org:
            mark(app.pk, org, Reason(ConflictKind.SAME_ORGANISATION, names.get(org, "")))
            for rel in family.get(org, ()):
                mark(app.pk, rel, Reason(ConflictKind.RELATED_ORGANISATION, names.get(rel, "")))
            for project in projects:
                participants = members.get(project.pk, set())
                if org not in participants:
                    continue
                for other in participants - {org}:
                    detail = f"{project.code} · {names.get(other, '')}"
                    mark(app.pk, other, Reason(ConflictKind.PROJECT, detail))
        for partner in partner_orgs.get(app.pk, ()):
            mark(app.pk, partner, Reason(ConflictKind.PARTNER, names.get(partner, "")))
            for rel in family.get(partner, ()):
                mark(app.pk, rel, Reason(ConflictKind.PARTNER, names.get(rel, "")))
        if recommender_conflict:
            recommender = app.recommending_unit_id
            for rec_org in recommender_orgs.get(recommender, ()):
                if rec_org != org:
                    mark(
                        app.pk,
                        rec_org,
                        Reason(ConflictKind.RECOMMENDER, str(app.recommending_unit)),
                    )
        # (not `members`: that names the projects' participants, read again for the next app)
        unit_members = experts_by_unit.get(app.applicant_unit_id, set())
        for expert_id in unit_members:
            found[(app.pk, expert_id)].append(Reason(ConflictKind.MEMBER, str(app.applicant_unit)))
        if recommender_conflict:
            under = set()
            for unit_id in under_recommender.get(app.recommending_unit_id, ()):
                under |= experts_by_unit.get(unit_id, set())
            for expert_id in under - unit_members:
                found[(app.pk, expert_id)].append(
                    Reason(ConflictKind.RECOMMENDER, str(app.recommending_unit))
                )

    expert_ids = [e.pk for e in experts]
    for app_id, expert_id, source, reason in Conflict.objects.filter(
        application_id__in=app_ids, expert_id__in=expert_ids
    ).values_list("application_id", "expert_id", "source", "reason"):
        label = _("by the expert") if source == "reviewer" else _("by the office")
        found[(app_id, expert_id)].append(Reason(ConflictKind.DECLARED, f"{label}: {reason}"))
    return ConflictMap(dict(found))


def pair_conflicts(application, expert: ExpertProfile) -> list[Reason]:
    """Why `expert` may not review `application` ([] when they may)."""
    plan = ReviewPlan.objects.filter(call_id=application.call_id).first()
    return conflicts([application], [expert], plan).get(application.pk, expert.pk)
