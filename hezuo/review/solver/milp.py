"""Crossing diversity rules (an organisation with both foreign and domestic experts): the
restricted flow, the HiGHS LP relaxation for dual prices, and the exact models on the
candidate pairs, HiGHS MILP or CP-SAT."""

from __future__ import annotations

import math
import time

import numpy as np

from .flow import _COST_SCALE
from .reduced import _Reduced


def _one_branch(red: _Reduced, keys: np.ndarray, solution: np.ndarray) -> np.ndarray:
    """Candidate pairs restricted so that, per application, each organisation with both
    foreign and domestic experts offers only one of the two: the flow network then enforces
    the organisation rule exactly, so its solutions are feasible (a restriction, where the
    network on all pairs is a relaxation). The branch kept is the one the relaxed solution
    used (foreign if it used both), else the one with the best candidate."""
    # only used when the rules cross, and then all of these are set
    assert red.org is not None and red.fgn is not None
    assert red.org_fgroup is not None and red.org_dgroup is not None
    n_experts = red.problem.n_experts
    pa, pe = keys // n_experts, keys % n_experts
    n_orgs = int(red.org.max()) + 1
    mixed = (red.org_fgroup >= 0) & (red.org_dgroup >= 0)
    w = red.problem.affinity[pa, pe].astype(np.float64)
    big = 2 * float(np.abs(w).max(initial=0.0)) + 1
    used = np.isin(keys, solution[:, 0] * n_experts + solution[:, 1])
    foreign = red.fgn[pe]
    priority = w + big * used + 2 * big * (used & foreign)
    ao = pa * n_orgs + red.org[pe]
    order = np.lexsort((-priority, ao))
    uniq, first = np.unique(ao[order], return_index=True)
    branch = foreign[order[first]]
    keep = ~mixed[red.org[pe]] | (foreign == branch[np.searchsorted(uniq, ao)])
    return keys[keep]


def _model_rows(red: _Reduced, pa: np.ndarray, pe: np.ndarray):
    """Constraint rows over the candidate pairs, as (row, column) coordinates with bounds:
    applications (= need), experts (<= cap), (application, organisation) (<= 1), foreign
    (>= need_foreign)."""
    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    cols = np.arange(len(pa))
    row_ids, col_ids, lo, hi = [pa], [cols], [red.need.astype(float)], [red.need.astype(float)]
    base = n_apps
    row_ids.append(base + pe)
    col_ids.append(cols)
    lo.append(np.full(n_experts, -np.inf))
    hi.append(red.cap.astype(float))
    base += n_experts
    if red.org is not None:
        key = pa * (int(red.org.max()) + 1) + red.org[pe]
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        keep = counts[inverse] > 1
        uniq_kept = np.unique(inverse[keep])
        remap = np.full(len(uniq), -1)
        remap[uniq_kept] = np.arange(len(uniq_kept))
        row_ids.append(base + remap[inverse[keep]])
        col_ids.append(cols[keep])
        lo.append(np.full(len(uniq_kept), -np.inf))
        hi.append(np.ones(len(uniq_kept)))
        base += len(uniq_kept)
    if red.fgn is not None:
        assert red.need_foreign is not None  # set together with red.fgn
        apps = np.nonzero(red.need_foreign > 0)[0]
        remap = np.full(n_apps, -1)
        remap[apps] = np.arange(len(apps))
        keep = red.fgn[pe] & (remap[pa] >= 0)
        row_ids.append(base + remap[pa[keep]])
        col_ids.append(cols[keep])
        lo.append(red.need_foreign[apps].astype(float))
        hi.append(np.full(len(apps), np.inf))
        base += len(apps)
    return (
        np.concatenate(row_ids),
        np.concatenate(col_ids),
        np.concatenate(lo),
        np.concatenate(hi),
        base,
    )


def _lp_prices(red: _Reduced, pa: np.ndarray, pe: np.ndarray, seconds: float):
    """Expert prices from the HiGHS LP relaxation on the candidate pairs (None on failure)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, vstack

    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    rows, cols, lo, hi, n_rows = _model_rows(red, pa, pe)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, len(pa)))
    eq = np.arange(n_apps)
    upper = np.nonzero(np.isfinite(hi) & (np.arange(n_rows) >= n_apps))[0]
    lower = np.nonzero(np.isfinite(lo) & (np.arange(n_rows) >= n_apps))[0]
    a_ub = vstack([matrix[upper], -matrix[lower]]).tocsr()
    b_ub = np.concatenate([hi[upper], -lo[lower]])
    w = red.problem.affinity[pa, pe].astype(np.float64)
    res = linprog(
        -w,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=matrix[eq],
        b_eq=lo[eq],
        bounds=(0, 1),
        method="highs",
        options={"time_limit": max(1.0, seconds)},
    )
    if res.status != 0:
        return None
    marg = np.zeros(n_rows)
    marg[upper] = res.ineqlin.marginals[: len(upper)]
    expert_rows = n_apps + np.arange(n_experts)
    return np.maximum(0.0, -marg[expert_rows])


def _cpsat(red, pa, pe, hint, deadline, workers, gap_tol, target=math.inf):
    """CP-SAT on the candidate pairs; stops early once a solution reaches ``target`` (a known
    upper bound on the objective, less the tolerance)."""
    from ortools.sat.python import cp_model

    class _StopAtBound(cp_model.CpSolverSolutionCallback):
        def __init__(self, goal: float):
            super().__init__()
            self.goal = goal

        def on_solution_callback(self) -> None:
            if self.objective_value >= self.goal:
                self.stop_search()

    w = red.problem.affinity[pa, pe].astype(np.float64)
    maxabs = float(np.abs(w).max(initial=0.0)) or 1.0
    scale = _COST_SCALE / maxabs
    coeffs = np.rint(w * scale).astype(np.int64).tolist()
    rows, cols, lo, hi, n_rows = _model_rows(red, pa, pe)
    model = cp_model.CpModel()
    xs = [model.new_bool_var("") for _ in range(len(pa))]
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    bounds = np.searchsorted(rows, np.arange(n_rows + 1))
    for r in range(n_rows):
        members = cols[bounds[r] : bounds[r + 1]].tolist()
        lo_r, hi_r = lo[r], hi[r]
        if not members:
            if lo_r > 0:  # a row that needs reviewers but has no candidate
                return "infeasible", None, -math.inf
            continue
        if len(members) <= hi_r and lo_r <= 0:
            continue  # cannot bind
        expr = cp_model.LinearExpr.sum([xs[i] for i in members])
        if lo_r == hi_r:
            model.add(expr == int(lo_r))
        elif math.isfinite(hi_r):
            model.add(expr <= int(hi_r))
        else:
            model.add(expr >= int(lo_r))
    model.maximize(cp_model.LinearExpr.weighted_sum(xs, coeffs))
    if hint is not None:
        for x, value in zip(xs, hint.tolist(), strict=True):
            model.add_hint(x, bool(value))
    solver = cp_model.CpSolver()
    seconds = deadline - time.perf_counter()  # building the model takes a while
    if seconds < 0.5:
        return "unknown", None, math.inf
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.relative_gap_limit = gap_tol
    status = solver.solve(model, _StopAtBound(target * scale) if math.isfinite(target) else None)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.asarray(solver.response_proto.solution, dtype=np.int64)[: len(pa)] > 0
        # the integer bound, converted back: sum(w x) <= sum(round(w s) x)/s + n/(2s)
        bound = solver.best_objective_bound / scale + 0.5 * int(red.need.sum()) / scale
        return "optimal" if status == cp_model.OPTIMAL else "feasible", values, bound
    if status == cp_model.INFEASIBLE:
        return "infeasible", None, -math.inf
    return "unknown", None, math.inf


def _milp(red, pa, pe, deadline, gap_tol):
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    rows, cols, lo, hi, n_rows = _model_rows(red, pa, pe)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, len(pa)))
    w = red.problem.affinity[pa, pe].astype(np.float64)
    seconds = deadline - time.perf_counter()
    if seconds < 0.5:
        return "unknown", None, math.inf
    res = milp(
        -w,
        integrality=np.ones(len(pa)),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, lo, hi),
        options={"time_limit": seconds, "mip_rel_gap": gap_tol},
    )
    if res.x is not None:
        bound = -res.mip_dual_bound if res.mip_dual_bound is not None else math.inf
        return ("optimal" if res.status == 0 else "feasible"), res.x > 0.5, bound
    if res.status == 2:
        return "infeasible", None, -math.inf
    return "unknown", None, math.inf
