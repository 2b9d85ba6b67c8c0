"""Why an instance cannot be covered: per-application counts (eligible reviewers,
organisations, foreign experts), total capacity, and Hall-type deficits from a max-flow
min-cut."""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow

from .flow import _network
from .pricing import _pass
from .problem import _LIST_LIMIT, Problem, _chunks, _name_apps
from .reduced import _eligible_pairs, _reduce, _Reduced, _scores

_HALL_PAIRS_LIMIT = 5_000_000  # max-flow Hall check on every eligible pair up to this many


def _distinct(ok: np.ndarray, perm: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per row, how many distinct labels the True columns of ``ok`` carry (columns ``perm``,
    labels sorted along ``perm``)."""
    if perm.size == 0:
        return np.zeros(ok.shape[0], dtype=np.int64)
    sorted_labels = labels[perm]
    starts = np.nonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])[0]
    return np.logical_or.reduceat(np.take(ok, perm, axis=1), starts, axis=1).sum(axis=1)


def _count_diagnosis(red: _Reduced) -> list[str]:
    """Necessary conditions, per application and overall; cheap (one pass)."""
    problem = red.problem
    n_apps, n_experts, k = problem.n_apps, problem.n_experts, problem.k
    out: list[str] = []
    capacity = int(np.asarray(problem.max_load).sum())  # an array since __post_init__
    if capacity < n_apps * k:
        out.append(
            f"total capacity {capacity:,} < {n_apps:,} applications x {k} reviewers = "
            f"{n_apps * k:,} reviews needed"
        )
    org_perm = np.argsort(red.org, kind="stable") if red.org is not None else None
    if red.fgn is not None:
        fcols = np.nonzero(red.fgn)[0]
        if org_perm is not None:
            fcols = org_perm[red.fgn[org_perm]]  # foreign experts, sorted by organisation
    few, few_orgs, few_foreign = [], [], []
    for lo, hi in _chunks(n_apps, n_experts):
        ok = np.isfinite(_scores(red, lo, hi, None))
        need = red.need[lo:hi]
        eligible = ok.sum(axis=1)
        few += [(lo + i, int(eligible[i]), int(need[i])) for i in np.nonzero(eligible < need)[0]]
        if org_perm is not None:
            assert red.org is not None  # org_perm is set exactly when red.org is
            n_orgs = _distinct(ok, org_perm, red.org)
            bad = np.nonzero((n_orgs < need) & (eligible >= need))[0]
            few_orgs += [(lo + i, int(n_orgs[i]), int(need[i])) for i in bad]
        if red.fgn is not None:
            assert red.need_foreign is not None  # set together with red.fgn
            if org_perm is not None:
                assert red.org is not None  # org_perm is set exactly when red.org is
                n_foreign = _distinct(ok, fcols, red.org)
            else:
                n_foreign = ok[:, fcols].sum(axis=1)
            need_f = red.need_foreign[lo:hi]
            bad = np.nonzero(n_foreign < need_f)[0]
            few_foreign += [(lo + i, int(n_foreign[i]), int(need_f[i])) for i in bad]
    pinned_apps = set(red.pins[:, 0].tolist()) if len(red.pins) else set()
    forbidden_apps = {a for a, _ in problem.forbidden}
    for a, n, wanted in few[:_LIST_LIMIT]:
        if a in pinned_apps or a in forbidden_apps or red.dead.size:
            what = "eligible reviewers (no conflict, not forbidden or pinned, load left)"
        else:
            what = "reviewers without conflict"
        out.append(f"application {a}: only {n} {what}, {wanted} needed")
    if len(few) > _LIST_LIMIT:
        out.append(f"... and {len(few) - _LIST_LIMIT:,} more applications short of reviewers")
    for a, n, wanted in few_orgs[:_LIST_LIMIT]:
        out.append(
            f"application {a}: eligible reviewers come from only {n} organisations, {wanted} "
            "needed (at most one reviewer per organisation)"
        )
    if len(few_orgs) > _LIST_LIMIT:
        out.append(f"... and {len(few_orgs) - _LIST_LIMIT:,} more short of organisations")
    for a, n, wanted in few_foreign[:_LIST_LIMIT]:
        per = " (distinct organisations)" if red.org is not None else ""
        out.append(f"application {a}: only {n} eligible foreign experts{per}, {wanted} needed")
    if len(few_foreign) > _LIST_LIMIT:
        out.append(f"... and {len(few_foreign) - _LIST_LIMIT:,} more short of foreign experts")
    return out


def _hall_diagnosis(red: _Reduced, keys: np.ndarray, exact: bool) -> list[str]:
    """Max-flow min-cut on the candidate pairs: the set of applications (source side of the
    cut) that cannot all be covered, and the experts they are confined to."""
    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    pa, pe = keys // n_experts, keys % n_experts
    net = _network(red, pa, pe, dummy=False, source=True)
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(net.tails.astype(np.int32), net.heads.astype(np.int32), net.caps)
    status = smf.solve(net.source, net.sink)
    if status != smf.OPTIMAL:
        return [f"max-flow check failed: {status}"]
    total = int(red.need.sum())
    flow = int(smf.optimal_flow())
    if flow >= total:
        return []
    side = np.asarray(smf.get_source_side_min_cut(), dtype=np.int64)
    apps = np.sort(side[side < n_apps])
    apps = apps[red.need[apps] > 0]
    experts = np.sort(side[(side >= n_apps) & (side < n_apps + n_experts)] - n_apps)
    demand = int(red.need[apps].sum())
    deficit = total - flow
    rules = []
    if red.org is not None:
        rules.append("one reviewer per organisation")
    if red.fgn is not None:
        rules.append(f"at least {red.problem.min_foreign} foreign")
    given = f" under the rules ({', '.join(rules)})" if rules else ""
    scope = "" if exact else " among the candidate pairs considered"
    shown = ", ".join(str(e) for e in experts[:_LIST_LIMIT].tolist())
    if experts.size > _LIST_LIMIT:
        shown += f", ... and {experts.size - _LIST_LIMIT:,} more"
    bottleneck = (
        f"; they share the fully loaded experts {shown} (capacity {int(red.cap[experts].sum()):,})"
        if experts.size
        else ""
    )
    return [
        f"applications {_name_apps(apps.tolist())} ({apps.size:,} in all) need "
        f"{demand:,} reviews but can receive at most {demand - deficit:,}{given}{scope} "
        f"(Hall deficit {deficit:,}){bottleneck}"
    ]


def diagnose(problem: Problem, *, candidates: np.ndarray | None = None) -> list[str]:
    """Why ``problem`` cannot be covered, as messages naming the applications; [] if no
    obstacle was found (for non-laminar diversity rules, see :func:`solve`)."""
    red = _reduce(problem)
    return _diagnose(red, candidates)


def _diagnose(red: _Reduced, candidates: np.ndarray | None) -> list[str]:
    out = red.issues + _count_diagnosis(red)
    if out:
        return out
    n_pairs = red.problem.n_apps * red.problem.n_experts
    if n_pairs <= _HALL_PAIRS_LIMIT:
        return _hall_diagnosis(red, _eligible_pairs(red), exact=red.laminar)
    if candidates is None:
        _, _, candidates = _pass(red, None, 80)
    return _hall_diagnosis(red, candidates, exact=False)
