"""The Lagrangian bound UB(v) and pricing: one dense sweep over the full matrix gives each
application's best stand-alone value under the prices v (so the bound) and its candidate pairs
(see the package docstring, steps 1 and 2)."""

from __future__ import annotations

import math

import numpy as np

from .problem import _chunks
from .reduced import _Reduced, _scores


def _topk_cumsum(x: np.ndarray, k: int) -> np.ndarray:
    """Column j holds the sum of the j largest entries of each row (-inf if fewer are finite)."""
    rows, n = x.shape
    if n > k:
        top = -np.partition(-x, k - 1, axis=1)[:, :k]
    else:
        top = np.full((rows, k), -np.inf)
        top[:, :n] = x
    top = -np.sort(-top, axis=1)
    out = np.zeros((rows, k + 1))
    np.cumsum(top, axis=1, out=out[:, 1:])
    return out


def _top_pairs(x: np.ndarray, n_best: int, cols: np.ndarray | None = None):
    """(row, column) of the n_best largest finite entries of each row."""
    rows, n = x.shape
    if n == 0 or n_best <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if n > n_best:
        idx = np.argpartition(-x, n_best - 1, axis=1)[:, :n_best]
    else:
        idx = np.broadcast_to(np.arange(n), (rows, n))
    ok = np.isfinite(np.take_along_axis(x, idx, axis=1))
    r = np.nonzero(ok)[0]
    c = idx[ok]
    if cols is not None:
        c = cols[c]
    return r.astype(np.int64), c.astype(np.int64)


def _mixed_best(foreign, domestic, need, need_f, iterations: int = 40) -> np.ndarray:
    """Best value of each row choosing ``need`` organisations, each contributing its foreign
    or its domestic value, with at least ``need_f`` foreign ones.

    The foreign rule is priced by a multiplier lam >= 0: value(lam) = lam * (-need_f) + top-need
    of max(foreign + lam, domestic) is an upper bound for every lam, and its minimum is exact
    (the constraint matrix, two laminar families, is totally unimodular). Golden-section search
    on the convex function, keeping the least value seen."""
    rows = np.arange(len(need))
    kmax = int(need.max(initial=0))
    if foreign.shape[1] > 2 * kmax:
        # Only the top-kmax organisations by foreign value can be picked as foreign, and only
        # the top-kmax by domestic value as domestic (swap any other for an unused one of them).
        by_f = np.argpartition(-foreign, kmax - 1, axis=1)[:, :kmax]
        by_d = np.argpartition(-domestic, kmax - 1, axis=1)[:, :kmax]
        twice = (by_d[:, :, None] == by_f[:, None, :]).any(axis=2)
        keep = np.concatenate([by_f, by_d], axis=1)
        foreign = np.take_along_axis(foreign, keep, axis=1)
        domestic = np.take_along_axis(domestic, keep, axis=1)
        foreign[:, kmax:][twice] = -np.inf
        domestic[:, kmax:][twice] = -np.inf
    finite = np.concatenate([foreign[np.isfinite(foreign)], domestic[np.isfinite(domestic)]])
    span = float(finite.max() - finite.min()) if finite.size else 0.0

    def value(lam: np.ndarray) -> np.ndarray:
        vals = np.maximum(foreign + lam[:, None], domestic)
        return _topk_cumsum(vals, kmax)[rows, need] - lam * need_f

    ratio = (math.sqrt(5) - 1) / 2
    a = np.zeros(len(need))
    b = np.full(len(need), 2 * span + 1)
    best = value(a)
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = value(c), value(d)
    for _ in range(iterations):
        left = fc <= fd  # the minimum lies in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        new = np.where(left, b - ratio * (b - a), a + ratio * (b - a))
        f_new = value(new)
        c, d, fc, fd = (
            np.where(left, new, d),
            np.where(left, c, new),
            np.where(left, f_new, fd),
            np.where(left, fc, f_new),
        )
        best = np.minimum(best, f_new)
    best = np.minimum(best, np.minimum(fc, fd))
    # The bound tends to -inf (as lam grows) exactly when the row is infeasible; say so.
    n_foreign = np.isfinite(foreign).sum(axis=1)
    n_any = (np.isfinite(foreign) | np.isfinite(domestic)).sum(axis=1)
    return np.where((n_foreign >= need_f) & (n_any >= need), best, -np.inf)


def _group_argmax(red: _Reduced, permuted, group_max, r: np.ndarray, g: np.ndarray):
    """The expert attaining group_max[r, g] for each selected (row, group)."""
    assert red.perm is not None and red.starts is not None and red.counts is not None  # grouped
    counts = red.counts[g]
    offsets = np.cumsum(counts) - counts
    flat = np.repeat(red.starts[g] - offsets, counts) + np.arange(int(counts.sum()))
    hit = permuted[np.repeat(r, counts), flat] == np.repeat(group_max[r, g], counts)
    segment = np.repeat(np.arange(len(g)), counts)
    hits = np.flatnonzero(hit)
    _, first = np.unique(segment[hits], return_index=True)
    return red.perm[flat[hits[first]]]


def _row_best(red: _Reduced, scores: np.ndarray, lo: int, hi: int, n_best: int, want: bool):
    """Per application: its best stand-alone value under ``scores`` (the Lagrangian
    subproblem: coverage + diversity, no loads), and its candidate pairs (top n_best by score,
    plus the best expert of the top organisations, plus the best foreign ones)."""
    need = red.need[lo:hi]
    rows = np.arange(hi - lo)
    kmax = int(need.max(initial=0))
    pairs: list[tuple[np.ndarray, np.ndarray]] = []
    if red.group is None and red.fgn is None:  # fast path: one top-L gives both
        width = max(n_best, kmax)
        n = scores.shape[1]
        if n > width:
            idx = np.argpartition(-scores, width - 1, axis=1)[:, :width]
        else:
            idx = np.broadcast_to(np.arange(n), (hi - lo, n))
        vals = np.take_along_axis(scores, idx, axis=1)
        if want:
            ok = np.isfinite(vals)
            pairs.append((np.nonzero(ok)[0].astype(np.int64), idx[ok].astype(np.int64)))
        if kmax == 0:
            return np.zeros(hi - lo), pairs
        top = np.full((hi - lo, kmax), -np.inf)
        m = min(kmax, vals.shape[1])
        top[:, :m] = -np.sort(-vals, axis=1)[:, :m]
        cum = np.zeros((hi - lo, kmax + 1))
        np.cumsum(top, axis=1, out=cum[:, 1:])
        return cum[rows, need], pairs

    if want:
        pairs.append(_top_pairs(scores, n_best))
    branch_best = max(kmax + 1, n_best // 2)
    if red.group is not None:
        assert red.perm is not None and red.starts is not None  # set together with red.group
        permuted = np.take(scores, red.perm, axis=1)
        group_max = np.maximum.reduceat(permuted, red.starts, axis=1)
        if want:  # each group's best expert, for the top groups of each branch
            if red.fgn is None:
                branches = [(np.arange(red.n_groups), n_best)]
            else:
                gf = red.group_foreign
                assert gf is not None  # set together with red.fgn
                branches = [(np.nonzero(gf)[0], branch_best), (np.nonzero(~gf)[0], branch_best)]
            for groups, width in branches:
                r, c = _top_pairs(group_max[:, groups], width)
                pairs.append((r, _group_argmax(red, permuted, group_max, r, groups[c])))
        del permuted
        if red.fgn is None:
            plain = group_max
        elif not red.laminar:  # per organisation: its best foreign and best domestic expert
            assert red.need_foreign is not None  # set together with red.fgn
            padded = np.concatenate([group_max, np.full((hi - lo, 1), -np.inf)], axis=1)
            if kmax == 0:
                return np.zeros(hi - lo), pairs
            best = _mixed_best(
                padded[:, red.org_fgroup], padded[:, red.org_dgroup], need, red.need_foreign[lo:hi]
            )
            return best, pairs
        else:
            assert red.group_foreign is not None  # set together with red.fgn
            foreign_vals = group_max[:, red.group_foreign]
            domestic_vals = group_max[:, ~red.group_foreign]
    else:
        assert red.fcols is not None and red.dcols is not None  # foreign rule, no organisations
        foreign_vals = np.take(scores, red.fcols, axis=1)
        domestic_vals = np.take(scores, red.dcols, axis=1)
        if want:
            pairs.append(_top_pairs(foreign_vals, branch_best, red.fcols))
    if kmax == 0:
        return np.zeros(hi - lo), pairs
    if red.fgn is None:
        return _topk_cumsum(plain, kmax)[rows, need], pairs
    assert red.need_foreign is not None  # set together with red.fgn
    need_f = red.need_foreign[lo:hi]
    cum_f = _topk_cumsum(foreign_vals, kmax)
    cum_d = _topk_cumsum(domestic_vals, kmax)
    best = np.full(hi - lo, -np.inf)
    for j in range(kmax + 1):
        rest = need - j
        ok = (j >= need_f) & (rest >= 0)
        val = cum_f[:, j] + cum_d[rows, np.clip(rest, 0, kmax)]
        best = np.where(ok, np.maximum(best, val), best)
    return best, pairs


def _pass(red: _Reduced, v: np.ndarray | None, n_best: int, want: bool = True):
    """One sweep over the full matrix: the Lagrangian bound UB(v) and the candidate pairs."""
    n_apps, n_experts = red.problem.n_apps, red.problem.n_experts
    bound = 0.0 if v is None else float(np.dot(red.cap.astype(np.float64), v))
    values = np.empty(n_apps)
    keys: list[np.ndarray] = []
    for lo, hi in _chunks(n_apps, n_experts):
        scores = _scores(red, lo, hi, v)
        best, pairs = _row_best(red, scores, lo, hi, n_best, want)
        values[lo:hi] = best
        for r, c in pairs:
            keys.append((r + lo) * n_experts + c)
        del scores
    bound += float(values.sum()) + red.pin_value
    cand = np.unique(np.concatenate(keys)) if keys else np.empty(0, np.int64)
    return bound, values, cand
