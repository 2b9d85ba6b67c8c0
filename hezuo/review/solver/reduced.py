"""The problem with pins taken out (`_Reduced`), and the reduced affinities every pass reads:
-inf where a pair may not be used (conflict, forbidden, pinned elsewhere, expert full)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Problem, _as_pairs, _chunks


def _dense(values: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, inverse = np.unique(values, return_inverse=True)
    return inverse.astype(np.int64), len(uniq)


@dataclass
class _Reduced:
    """The problem with pins taken out: residual need per application and capacity per expert,
    the pairs each application may no longer use, and the column layout of the diversity groups.
    """

    problem: Problem
    need: np.ndarray
    need_foreign: np.ndarray | None
    cap: np.ndarray
    pins: np.ndarray
    pin_value: float
    blocked: dict[int, np.ndarray]
    dead: np.ndarray  # experts with no capacity left
    org: np.ndarray | None  # dense organisation id per expert (no-org experts get their own)
    fgn: np.ndarray | None  # foreign flags, only when min_foreign > 0
    group: np.ndarray | None  # (organisation, branch) id per expert: the flow's gadget nodes
    n_groups: int
    laminar: bool
    issues: list[str]
    # column layout for the passes
    perm: np.ndarray | None = None  # experts sorted by group
    starts: np.ndarray | None = None
    counts: np.ndarray | None = None
    group_foreign: np.ndarray | None = None  # per group, when fgn
    org_fgroup: np.ndarray | None = None  # per organisation: its foreign group or -1 (mixed)
    org_dgroup: np.ndarray | None = None  # per organisation: its domestic group or -1 (mixed)
    fcols: np.ndarray | None = None  # foreign experts, when fgn and no org
    dcols: np.ndarray | None = None


def _reduce(problem: Problem) -> _Reduced:
    n_apps, n_experts = problem.n_apps, problem.n_experts
    k, w = problem.k, problem.affinity
    issues: list[str] = []
    pins = _as_pairs(problem.pinned)
    if len(pins):
        pins = pins[np.lexsort((pins[:, 1], pins[:, 0]))]
    need = np.full(n_apps, k, dtype=np.int64)
    max_load = np.asarray(problem.max_load)  # an array since __post_init__: narrows the type
    cap = max_load.copy()
    if len(pins):
        pins_per_app = np.bincount(pins[:, 0], minlength=n_apps)
        pins_per_expert = np.bincount(pins[:, 1], minlength=n_experts)
        need -= pins_per_app
        cap -= pins_per_expert
        for a in np.nonzero(need < 0)[0].tolist():
            issues.append(f"application {a}: {pins_per_app[a]} pinned reviewers, only {k} wanted")
        for e in np.nonzero(cap < 0)[0].tolist():
            issues.append(
                f"expert {e}: pinned to {pins_per_expert[e]} applications, max load {max_load[e]}"
            )
        need = np.maximum(need, 0)
        cap = np.maximum(cap, 0)
    for a, e in pins.tolist():
        if problem.conflicts is not None and problem.conflicts[a, e]:
            issues.append(f"application {a}: pinned expert {e} has a declared conflict")
        if (a, e) in problem.forbidden:
            issues.append(f"application {a}: expert {e} is both pinned and forbidden")
    pin_value = float(w[pins[:, 0], pins[:, 1]].astype(np.float64).sum()) if len(pins) else 0.0

    org = None
    if problem.org_of_expert is not None:
        raw = problem.org_of_expert.copy()
        loose = raw < 0
        if loose.any():  # no organisation: each such expert is its own organisation
            raw[loose] = raw.max(initial=0) + 1 + np.arange(int(loose.sum()))
        org, _ = _dense(raw)
    fgn = problem.foreign if problem.min_foreign > 0 else None

    need_foreign = None
    if fgn is not None:
        need_foreign = np.full(n_apps, problem.min_foreign, dtype=np.int64)
        if len(pins):
            np.subtract.at(need_foreign, pins[:, 0], fgn[pins[:, 1]].astype(np.int64))
        need_foreign = np.maximum(need_foreign, 0)
        if problem.min_foreign > k and n_apps:
            issues.append(
                f"at least {problem.min_foreign} foreign experts wanted per application, "
                f"but only k = {k} reviewers per application"
            )
        else:
            for a in np.nonzero(need_foreign > need)[0].tolist():
                issues.append(
                    f"application {a}: its pinned reviewers leave room for {need[a]} more, "
                    f"but {need_foreign[a]} more foreign experts are needed"
                )
        need_foreign = np.minimum(need_foreign, need)

    blocked_lists: dict[int, list[np.ndarray]] = {}
    for a, e in problem.forbidden:
        blocked_lists.setdefault(a, []).append(np.array([e]))
    if len(pins):
        for a, e in pins.tolist():
            blocked_lists.setdefault(a, []).append(np.array([e]))
        if org is not None:
            members_sorted = np.argsort(org, kind="stable")
            bounds = np.searchsorted(org[members_sorted], np.arange(org.max() + 2))
            app_orgs: dict[int, list[int]] = {}
            for a, e in pins.tolist():
                app_orgs.setdefault(a, []).append(int(org[e]))
            for a, orgs in app_orgs.items():
                seen: set[int] = set()
                for o in orgs:
                    if o in seen:
                        issues.append(
                            f"application {a}: two pinned reviewers from the same organisation"
                        )
                    seen.add(o)
                    blocked_lists[a].append(members_sorted[bounds[o] : bounds[o + 1]])
    blocked = {a: np.unique(np.concatenate(v)) for a, v in blocked_lists.items()}

    group, n_groups, laminar = None, 0, True
    red = _Reduced(
        problem=problem,
        need=need,
        need_foreign=need_foreign,
        cap=cap,
        pins=pins,
        pin_value=pin_value,
        blocked=blocked,
        dead=np.nonzero(cap <= 0)[0],
        org=org,
        fgn=fgn,
        group=None,
        n_groups=0,
        laminar=True,
        issues=issues,
    )
    if org is not None:
        key = org * 2 + (fgn.astype(np.int64) if fgn is not None else 0)
        group, n_groups = _dense(key)
        if fgn is not None:
            laminar = n_groups == int(org.max(initial=-1)) + 1
        red.group, red.n_groups, red.laminar = group, n_groups, laminar
        red.perm = np.argsort(group, kind="stable")
        red.starts = np.searchsorted(group[red.perm], np.arange(n_groups))
        red.counts = np.diff(np.append(red.starts, n_experts))
        if fgn is not None:
            red.group_foreign = gf = fgn[red.perm[red.starts]]
            if not laminar:  # only the foreign flags can split an organisation
                group_org = org[red.perm[red.starts]]
                n_orgs = int(org.max()) + 1
                red.org_fgroup = np.full(n_orgs, -1)
                red.org_dgroup = np.full(n_orgs, -1)
                ids = np.arange(n_groups)
                red.org_fgroup[group_org[gf]] = ids[gf]
                red.org_dgroup[group_org[~gf]] = ids[~gf]
    elif fgn is not None:
        red.fcols = np.nonzero(fgn)[0]
        red.dcols = np.nonzero(~fgn)[0]
    return red


def _scores(red: _Reduced, lo: int, hi: int, v: np.ndarray | None) -> np.ndarray:
    """Reduced affinities w - v of applications lo:hi; -inf where a pair may not be used."""
    problem = red.problem
    scores = problem.affinity[lo:hi].astype(np.float64)
    if v is not None:
        scores -= v
    if problem.conflicts is not None:
        scores[problem.conflicts[lo:hi]] = -np.inf
    if red.dead.size:
        scores[:, red.dead] = -np.inf
    for a, experts in red.blocked.items():
        if lo <= a < hi:
            scores[a - lo, experts] = -np.inf
    return scores


def _eligible_pairs(red: _Reduced) -> np.ndarray:
    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    keys = []
    for lo, hi in _chunks(n_apps, n_experts):
        r, c = np.nonzero(np.isfinite(_scores(red, lo, hi, None)))
        keys.append((r + lo).astype(np.int64) * n_experts + c)
    return np.concatenate(keys) if keys else np.empty(0, np.int64)
