"""The min-cost flow on the candidate pairs (OR-Tools), the expert prices read off its node
potentials, and the pricing rounds that add pairs until the bound meets the objective."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .pricing import _pass
from .reduced import _Reduced

_COST_SCALE = 1_000_000  # integer cost resolution: max |affinity| maps to this
_INT_BUDGET = 2**60  # keep costs x nodes well inside int64 for OR-Tools' cost scaling


# --------------------------------------------------------------------------- the network


@dataclass
class _Network:
    n_nodes: int
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    pair_arcs: slice
    expert_arcs: slice
    dummy_arcs: slice | None
    sink: int
    source: int | None


def _network(red: _Reduced, pa: np.ndarray, pe: np.ndarray, *, dummy: bool, source: bool):
    """Applications 0..A-1, experts A..A+E-1, sink, then the diversity gadget nodes.

    application -> [foreign | domestic branch] -> [(branch, organisation) node, cap 1] -> expert
    -> sink (cap = load). With ``dummy``, application -> sink arcs absorb what cannot be covered.
    With ``source``, a source node feeds each application its need (for max-flow).
    """
    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    sink = n_apps + n_experts
    nxt = sink + 1
    tails, heads, caps = [], [], []

    def arcs(t, h, c):
        tails.append(np.asarray(t, dtype=np.int64))
        heads.append(np.asarray(h, dtype=np.int64))
        caps.append(np.broadcast_to(np.asarray(c, dtype=np.int64), np.shape(t)))

    parent = pa
    if red.fgn is not None:
        f_node = nxt + np.arange(n_apps)
        d_node = nxt + n_apps + np.arange(n_apps)
        nxt += 2 * n_apps
        arcs(np.arange(n_apps), f_node, red.need)
        arcs(np.arange(n_apps), d_node, red.need - red.need_foreign)
        parent = np.where(red.fgn[pe], f_node[pa], d_node[pa])
    if red.group is not None:  # a (parent, group) node only where the group has 2+ candidates
        key = parent * red.n_groups + red.group[pe]
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        shared = counts > 1
        node_of = np.full(len(uniq), -1)
        node_of[shared] = nxt + np.arange(int(shared.sum()))
        nxt += int(shared.sum())
        arcs(uniq[shared] // red.n_groups, node_of[shared], 1)
        parent = np.where(shared[inverse], node_of[inverse], parent)
    pre = sum(len(t) for t in tails)
    arcs(parent, n_apps + pe, 1)
    pair_arcs = slice(pre, pre + len(pa))
    arcs(n_apps + np.arange(n_experts), np.full(n_experts, sink), red.cap)
    expert_arcs = slice(pair_arcs.stop, pair_arcs.stop + n_experts)
    dummy_arcs = None
    if dummy:
        arcs(np.arange(n_apps), np.full(n_apps, sink), red.need)
        dummy_arcs = slice(expert_arcs.stop, expert_arcs.stop + n_apps)
    src = None
    if source:
        src = nxt
        nxt += 1
        arcs(np.full(n_apps, src), np.arange(n_apps), red.need)
    return _Network(
        n_nodes=nxt,
        tails=np.concatenate(tails),
        heads=np.concatenate(heads),
        caps=np.concatenate(caps),
        pair_arcs=pair_arcs,
        expert_arcs=expert_arcs,
        dummy_arcs=dummy_arcs,
        sink=sink,
        source=src,
    )


def _potentials(net: _Network, costs: np.ndarray, flows: np.ndarray, max_iter: int = 100_000):
    """Shortest-path distances in the residual graph from a virtual root joined to every node:
    node potentials d with reduced costs c(i, j) + d(i) - d(j) >= 0 on every residual arc (so
    they are optimal duals). Vectorised Bellman-Ford, which stops when nothing changes."""
    fwd = flows < net.caps
    bwd = flows > 0
    rt = np.concatenate([net.tails[fwd], net.heads[bwd]])
    rh = np.concatenate([net.heads[fwd], net.tails[bwd]])
    rc = np.concatenate([costs[fwd], -costs[bwd]])
    order = np.argsort(rh, kind="stable")
    rt, rh, rc = rt[order], rh[order], rc[order]
    heads, starts = np.unique(rh, return_index=True)
    dist = np.zeros(net.n_nodes, dtype=np.int64)
    if rh.size == 0:
        return dist, 0, True
    for it in range(1, max_iter + 1):
        best = np.minimum.reduceat(dist[rt] + rc, starts)
        better = best < dist[heads]
        if not better.any():
            return dist, it, True
        dist[heads[better]] = best[better]
    return dist, max_iter, False


# --------------------------------------------------------------------------- the flow


@dataclass
class _FlowOut:
    pa: np.ndarray  # chosen pairs
    pe: np.ndarray
    short: np.ndarray  # per application: reviews the flow could not place
    v: np.ndarray  # expert prices, in affinity units
    iterations: int
    converged: bool


def _flow_round(red: _Reduced, pa: np.ndarray, pe: np.ndarray) -> _FlowOut:
    w = red.problem.affinity[pa, pe].astype(np.float64)
    net = _network(red, pa, pe, dummy=True, source=False)
    total = int(red.need.sum())
    maxabs = float(np.abs(w).max(initial=0.0)) or 1.0
    big_factor = (2 * total + 2) * (net.n_nodes + 2)
    scale = min(_COST_SCALE / maxabs, (_INT_BUDGET / big_factor - 1) / maxabs)
    scale = max(scale, 1e-12)
    pair_cost = -np.rint(w * scale).astype(np.int64)
    cmax = int(np.abs(pair_cost).max(initial=0))
    penalty = (2 * total + 2) * (cmax + 1)
    costs = np.zeros(len(net.tails), dtype=np.int64)
    costs[net.pair_arcs] = pair_cost
    costs[net.dummy_arcs] = penalty

    mcf = min_cost_flow.SimpleMinCostFlow()
    arcs = mcf.add_arcs_with_capacity_and_unit_cost(
        net.tails.astype(np.int32), net.heads.astype(np.int32), net.caps, costs
    )
    supplies = np.zeros(net.n_nodes, dtype=np.int64)
    supplies[: red.problem.n_apps] = red.need
    supplies[net.sink] = -total
    mcf.set_nodes_supplies(np.arange(net.n_nodes, dtype=np.int32), supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = np.asarray(mcf.flows(arcs), dtype=np.int64)
    chosen = flows[net.pair_arcs] > 0
    dist, iterations, converged = _potentials(net, costs, flows)
    n_apps = red.problem.n_apps
    v = np.maximum(0, dist[net.sink] - dist[n_apps : n_apps + red.problem.n_experts]) / scale
    return _FlowOut(
        pa=pa[chosen],
        pe=pe[chosen],
        short=flows[net.dummy_arcs],
        v=v.astype(np.float64),
        iterations=iterations,
        converged=converged,
    )


@dataclass
class _FlowRun:
    out: _FlowOut  # the last round's; there is always one
    best_pairs: np.ndarray | None
    objective: float
    bound: float
    weak_bound: float
    candidates: np.ndarray
    rounds: int
    priced_out: bool  # no further pair improves: the flow optimum is the (relaxed) LP optimum
    short: int
    bf_iterations: int
    rounding: float  # relative objective error allowed by the integer cost rounding


def _objective(red: _Reduced, pa: np.ndarray, pe: np.ndarray) -> float:
    w = red.problem.affinity[pa, pe].astype(np.float64)
    return float(w.sum()) + red.pin_value


def _run_flow(red, n_best, deadline, gap_tol, max_rounds) -> _FlowRun:
    n_experts = red.problem.n_experts
    weak, _, cand = _pass(red, None, n_best)
    # The flow is optimal for costs rounded to 1/scale; allow for that when calling it optimal.
    maxabs = float(
        np.abs(red.problem.affinity[cand // n_experts, cand % n_experts]).max(initial=0.0)
    )
    slack = float(red.need.sum()) * maxabs / _COST_SCALE
    bound, objective = weak, -math.inf
    best_pairs = None
    out = None
    rounds = bf_iterations = 0
    priced_out = False
    while True:
        rounds += 1
        out = _flow_round(red, cand // n_experts, cand % n_experts)
        bf_iterations += out.iterations
        ub, _, new = _pass(red, out.v, n_best)
        bound = min(bound, ub)
        if out.short.sum() == 0:
            obj = _objective(red, out.pa, out.pe)
            if obj > objective:
                objective = obj
                best_pairs = np.stack([out.pa, out.pe], axis=1)
        tol = gap_tol * max(1.0, abs(bound)) + slack
        if best_pairs is not None and bound - objective <= tol:
            break
        added = np.setdiff1d(new, cand, assume_unique=True)
        if added.size == 0:
            priced_out = True
            break
        if rounds >= max_rounds or time.perf_counter() > deadline:
            break
        cand = np.union1d(cand, added)
    return _FlowRun(
        out=out,
        best_pairs=best_pairs,
        objective=objective,
        bound=bound,
        weak_bound=weak,
        candidates=cand,
        rounds=rounds,
        priced_out=priced_out,
        short=int(out.short.sum()),
        bf_iterations=bf_iterations,
        rounding=slack / max(1.0, abs(bound)),
    )
