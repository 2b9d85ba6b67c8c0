"""`solve`: picks the method, runs the flow with pricing, and for crossing diversity rules the
LP bound and the MILP / CP-SAT, then checks the answer and states its gap."""

from __future__ import annotations

import math
import time

import numpy as np

from .diagnosis import _count_diagnosis, _diagnose
from .flow import _flow_round, _objective, _run_flow
from .milp import _cpsat, _lp_prices, _milp, _one_branch
from .pricing import _pass
from .problem import Problem, Result, check
from .reduced import _eligible_pairs, _reduce

METHODS = ("auto", "flow", "cpsat", "milp")

_FULL_PAIRS_EXACT = 50_000  # CP-SAT / MILP use every eligible pair below this many
_LP_PAIRS_LIMIT = 400_000  # HiGHS LP relaxation (for dual prices) up to this many pairs


def solve(
    problem: Problem,
    *,
    method: str = "auto",
    time_limit: float = 60.0,
    candidates: int | None = None,
    gap_tol: float = 1e-6,
    max_rounds: int = 8,
    workers: int = 2,
) -> Result:
    """Solve ``problem``; see the module docstring.

    ``method``: "flow" (min-cost flow; needs laminar diversity rules), "cpsat", "milp", or
    "auto" (flow unless the organisation and foreign rules cross, then the HiGHS MILP).
    ``candidates`` is L, the experts kept per application and pricing round (default
    max(40, 4k)).
    ``time_limit`` is checked between pricing rounds and handed to CP-SAT / HiGHS.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    start = time.perf_counter()
    deadline = start + time_limit
    red = _reduce(problem)
    n_apps, n_experts = problem.n_apps, problem.n_experts
    # L > k keeps pricing exact: an application cannot use all its top-L candidates, so a
    # pair outside them cannot improve on the unused ones (which the duals price out).
    n_best = max(candidates or max(40, 4 * problem.k), problem.k + 1)
    if method == "auto":  # HiGHS beat CP-SAT (2 workers) on the crossing rules in our benches
        method = "flow" if red.laminar else "milp"
    if method == "flow" and not red.laminar:
        raise ValueError(
            "the flow cannot express these rules: some organisations have both foreign and "
            "domestic experts; use cpsat or milp"
        )
    names = {"flow": "min-cost-flow", "cpsat": "cp-sat", "milp": "milp-highs"}
    stats: dict = {"candidates_per_app": n_best}

    def finish(pairs, bound: float, status: str, diagnosis: list[str], name: str) -> Result:
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if len(red.pins):
            pairs = np.concatenate([red.pins, pairs])
        if len(pairs):
            pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        objective = float(problem.affinity[pairs[:, 0], pairs[:, 1]].astype(np.float64).sum())
        violations = check(problem, pairs)
        feasible = not violations and status in ("optimal", "feasible")
        if violations and status in ("optimal", "feasible"):  # never expected; be honest
            status, diagnosis = "infeasible", diagnosis + violations
        if not feasible:
            bound, gap = float("nan"), float("nan")
        else:
            gap = (bound - objective) / max(abs(bound), 1e-12)
            if status == "feasible" and gap <= gap_tol + stats.get("rounding", 0.0):
                status = "optimal"
        return Result(
            assignment=pairs,
            objective=objective,
            upper_bound=float(bound),
            gap=float(gap),
            seconds=time.perf_counter() - start,
            method=name,
            feasible=feasible,
            status=status,
            diagnosis=diagnosis,
            stats=stats,
        )

    issues = red.issues + _count_diagnosis(red)
    if issues:
        return finish(np.empty((0, 2)), math.nan, "infeasible", issues, "diagnosis")
    if int(red.need.sum()) == 0:
        return finish(np.empty((0, 2)), red.pin_value, "optimal", [], "pins")

    run = _run_flow(red, n_best, deadline, gap_tol, max_rounds)
    stats.update(
        rounds=run.rounds,
        candidate_pairs=int(run.candidates.size),
        bellman_ford_iterations=run.bf_iterations,
        weak_bound=run.weak_bound,
        flow_bound=run.bound,
        flow_seconds=time.perf_counter() - start,
        rounding=run.rounding,
    )
    if run.best_pairs is None:
        partial = np.stack([run.out.pa, run.out.pe], axis=1)
        if run.priced_out:
            status = "infeasible"
            diagnosis = _diagnose(red, run.candidates) or [
                f"{run.short:,} reviews cannot be placed (no further detail found)"
            ]
        else:
            status = "unknown"
            diagnosis = [
                f"{run.short:,} reviews could not be placed within {run.rounds} pricing rounds "
                "(infeasibility not proven)"
            ] + _diagnose(red, run.candidates)
        return finish(partial, math.nan, status, diagnosis, names[method])

    if method == "flow":
        return finish(run.best_pairs, run.bound, "feasible", [], names[method])

    # The rules cross (organisations with foreign and domestic experts): the flow above solved
    # a relaxation. A restricted flow gives a feasible assignment quickly; the LP relaxation
    # tightens the bound; a MILP (HiGHS) or CP-SAT on the candidate pairs improves the
    # assignment in the time left.
    bound = run.bound
    best_pairs, best_value = None, -math.inf
    if red.laminar:  # cpsat / milp asked for explicitly: the flow solution is already exact
        best_pairs, best_value = run.best_pairs, run.objective
    else:
        restricted_keys = _one_branch(red, run.candidates, run.best_pairs)
        restricted = _flow_round(red, restricted_keys // n_experts, restricted_keys % n_experts)
        if restricted.short.sum() == 0:
            best_pairs = np.stack([restricted.pa, restricted.pe], axis=1)
            best_value = _objective(red, restricted.pa, restricted.pe)
            stats["restricted_flow_objective"] = best_value
    every_pair = n_apps * n_experts <= _FULL_PAIRS_EXACT
    keys = _eligible_pairs(red) if every_pair else run.candidates
    pa, pe = keys // n_experts, keys % n_experts
    for lp_round in range(1, 4):  # the LP relaxation: prices, a bound, and pricing rounds
        remaining = deadline - time.perf_counter()
        if keys.size > _LP_PAIRS_LIMIT or remaining < 1:
            break
        lp_start = time.perf_counter()
        prices = _lp_prices(red, pa, pe, remaining / 3)
        stats.setdefault("lp_seconds", []).append(round(time.perf_counter() - lp_start, 2))
        if prices is None:
            break
        lp_bound, _, new = _pass(red, prices, n_best, want=not every_pair)
        stats["lp_rounds"], stats["lp_bound"] = lp_round, lp_bound
        bound = min(bound, lp_bound)
        added = np.setdiff1d(new, keys, assume_unique=True)
        if every_pair or added.size == 0:
            break
        keys = np.union1d(keys, added)
        pa, pe = keys // n_experts, keys % n_experts
    stats["model_pairs"] = int(keys.size)
    slack = (gap_tol + stats["rounding"]) * abs(bound)
    remaining = deadline - time.perf_counter()
    status = "skipped"
    # HiGHS checks its time limit too rarely on big models (seen: 98 s for a 25 s limit), so
    # only start the MILP when the time left is a good multiple of what one LP took.
    lp_seconds = max(stats.get("lp_seconds", [0.0]))
    enough = remaining >= (1.0 if method == "cpsat" else max(1.0, 10 * lp_seconds))
    if bound - best_value > slack and not enough:
        status = "skipped (time)"
    elif bound - best_value > slack:
        model_start = time.perf_counter()
        stats["model_time_limit"] = round(remaining, 2)
        hint_pairs = best_pairs if best_pairs is not None else run.best_pairs
        hint = np.isin(keys, hint_pairs[:, 0] * n_experts + hint_pairs[:, 1])
        if method == "cpsat":
            target = bound - red.pin_value - slack
            status, chosen, model_bound = _cpsat(
                red, pa, pe, hint, deadline, workers, gap_tol, target
            )
        else:
            status, chosen, model_bound = _milp(red, pa, pe, deadline - 0.1 * remaining, gap_tol)
        stats["model_seconds"] = round(time.perf_counter() - model_start, 2)
        if every_pair and status in ("optimal", "feasible"):
            bound = min(bound, model_bound + red.pin_value)
        if status in ("optimal", "feasible"):
            value = _objective(red, pa[chosen], pe[chosen])
            if value > best_value:
                best_pairs, best_value = np.stack([pa[chosen], pe[chosen]], axis=1), value
    stats["model_status"] = status
    if best_pairs is not None:
        # "optimal" only when the bound for the whole problem is met, not just the candidates'.
        return finish(best_pairs, bound, "feasible", [], names[method])
    if status == "infeasible" and every_pair:
        rules = (
            f"at most one reviewer per organisation and at least {problem.min_foreign} "
            "foreign experts per application"
        )
        diagnosis = _diagnose(red, keys) or [
            f"no assignment satisfies {rules} together ({names[method]} proved it on every "
            "eligible pair)"
        ]
        return finish(np.empty((0, 2)), math.nan, "infeasible", diagnosis, names[method])
    why = (
        f"no assignment among the {keys.size:,} candidate pairs (not proven for all)"
        if status == "infeasible"
        else f"{names[method]} found no assignment within the time limit"
    )
    return finish(np.empty((0, 2)), math.nan, "unknown", [why], names[method])
