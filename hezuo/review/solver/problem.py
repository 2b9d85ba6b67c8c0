"""The instance and the answer: `Problem` (validated on construction), `Result`, and `check`,
which lists every rule an assignment breaks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

_CHUNK_ELEMENTS = 4_000_000  # rows x experts handled at once in the dense passes
_LIST_LIMIT = 20  # applications named in one diagnosis message before "... and N more"


def _pair_set(pairs: Iterable[tuple[int, int]] | None, n_apps: int, n_experts: int, name: str):
    out: set[tuple[int, int]] = set()
    for pair in pairs or ():
        a, e = (int(x) for x in pair)
        if not (0 <= a < n_apps and 0 <= e < n_experts):
            raise ValueError(f"{name} pair {(a, e)} is outside {n_apps} x {n_experts}")
        out.add((a, e))
    return out


@dataclass
class Problem:
    """An assignment instance. Indices are row (application) and column (expert) positions.

    ``org_of_expert`` holds an organisation id per expert (negative = no organisation, i.e. no
    clash with anyone); giving it switches on "at most one reviewer per organisation per
    application". ``foreign`` flags foreign experts; ``min_foreign`` > 0 requires that many of
    them per application. To pin or forbid pairs and re-run, build a new instance with
    ``dataclasses.replace(problem, pinned=..., forbidden=...)`` (which validates them again).
    """

    affinity: np.ndarray
    conflicts: np.ndarray | None = None
    max_load: np.ndarray | int = 1
    k: int = 1
    org_of_expert: np.ndarray | None = None
    foreign: np.ndarray | None = None
    min_foreign: int = 0
    pinned: set[tuple[int, int]] = field(default_factory=set)
    forbidden: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        aff = np.asarray(self.affinity)
        if aff.ndim != 2:
            raise ValueError("affinity must be a 2-D array (applications x experts)")
        if not np.issubdtype(aff.dtype, np.floating):
            aff = aff.astype(np.float64)
        n_apps, n_experts = aff.shape
        for lo, hi in _chunks(n_apps, n_experts):
            if not np.isfinite(aff[lo:hi]).all():
                raise ValueError("affinity contains NaN or infinite values")
        self.affinity = aff
        if self.conflicts is not None:
            conflicts = np.asarray(self.conflicts)
            if conflicts.shape != aff.shape:
                raise ValueError(f"conflicts has shape {conflicts.shape}, expected {aff.shape}")
            self.conflicts = conflicts if conflicts.dtype == bool else conflicts.astype(bool)
        load = np.asarray(self.max_load)
        if load.ndim > 1 or (load.ndim == 1 and load.shape != (n_experts,)):
            raise ValueError(f"max_load must be a scalar or have shape ({n_experts},)")
        if not np.issubdtype(load.dtype, np.integer) and not np.array_equal(load, np.round(load)):
            raise ValueError("max_load must hold whole numbers")
        self.max_load = np.broadcast_to(load.astype(np.int64), (n_experts,)).copy()
        if (self.max_load < 0).any():
            raise ValueError("max_load must not be negative")
        self.k = int(self.k)
        if self.k < 0:
            raise ValueError("k must not be negative")
        if self.org_of_expert is not None:
            org = np.asarray(self.org_of_expert)
            if org.shape != (n_experts,) or not np.issubdtype(org.dtype, np.integer):
                raise ValueError(f"org_of_expert must be integers of shape ({n_experts},)")
            self.org_of_expert = org.astype(np.int64)
        if self.foreign is not None:
            foreign = np.asarray(self.foreign)
            if foreign.shape != (n_experts,):
                raise ValueError(f"foreign must have shape ({n_experts},)")
            self.foreign = foreign.astype(bool)
        self.min_foreign = int(self.min_foreign)
        if self.min_foreign < 0:
            raise ValueError("min_foreign must not be negative")
        if self.min_foreign > 0 and self.foreign is None:
            raise ValueError("min_foreign needs the foreign flags")
        self.pinned = _pair_set(self.pinned, n_apps, n_experts, "pinned")
        self.forbidden = _pair_set(self.forbidden, n_apps, n_experts, "forbidden")

    @property
    def n_apps(self) -> int:
        return int(self.affinity.shape[0])

    @property
    def n_experts(self) -> int:
        return int(self.affinity.shape[1])

    @property
    def has_diversity(self) -> bool:
        return self.org_of_expert is not None or self.min_foreign > 0


@dataclass
class Result:
    """``assignment`` is an (n, 2) array of (application, expert) pairs, sorted, pins included.

    ``upper_bound`` is a valid bound on the optimum of the *full* problem (nan when the instance
    is infeasible); ``gap`` = (upper_bound - objective) / |upper_bound|. ``feasible`` means the
    assignment passed :func:`check`. ``status`` is "optimal" (gap closed within tolerance),
    "feasible", "infeasible" or "unknown" (no assignment found within the limits).
    """

    assignment: np.ndarray
    objective: float
    upper_bound: float
    gap: float
    seconds: float
    method: str
    feasible: bool
    status: str
    diagnosis: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        if not math.isfinite(self.upper_bound) or self.upper_bound == 0:
            return float("nan")
        return self.objective / self.upper_bound

    def by_application(self, n_apps: int) -> list[list[int]]:
        """The experts of each application, in ascending order."""
        out: list[list[int]] = [[] for _ in range(n_apps)]
        for a, e in self.assignment.tolist():
            out[a].append(e)
        return out


# --------------------------------------------------------------------------- helpers


def _chunks(n_rows: int, n_cols: int) -> Iterator[tuple[int, int]]:
    step = max(1, _CHUNK_ELEMENTS // max(1, n_cols))
    for lo in range(0, n_rows, step):
        yield lo, min(n_rows, lo + step)


def _as_pairs(assignment) -> np.ndarray:
    if isinstance(assignment, Result):
        assignment = assignment.assignment
    if isinstance(assignment, set | frozenset):
        assignment = sorted(assignment)
    arr = np.asarray(assignment, dtype=np.int64)
    if arr.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    return arr.reshape(-1, 2)


def _name_apps(apps: Iterable[int], total: int | None = None) -> str:
    apps = list(apps)
    total = len(apps) if total is None else total
    shown = ", ".join(str(a) for a in apps[:_LIST_LIMIT])
    if total > _LIST_LIMIT:
        shown += f", ... and {total - _LIST_LIMIT:,} more"
    return shown


# --------------------------------------------------------------------------- checks


def check(problem: Problem, assignment) -> list[str]:
    """Every violated rule of ``assignment`` (pairs, or a Result), as messages; [] if valid."""
    pairs = _as_pairs(assignment)
    n_apps, n_experts, k = problem.n_apps, problem.n_experts, problem.k
    out: list[str] = []
    if len(pairs):
        bad = (pairs[:, 0] < 0) | (pairs[:, 0] >= n_apps) | (pairs[:, 1] < 0)
        bad |= pairs[:, 1] >= n_experts
        if bad.any():
            return [f"pairs outside {n_apps} x {n_experts}: {pairs[bad][:5].tolist()}"]
        keys = pairs[:, 0] * n_experts + pairs[:, 1]
        uniq, counts = np.unique(keys, return_counts=True)
        if (counts > 1).any():
            dup = uniq[counts > 1]
            out.append(f"duplicate pairs: {[divmod(int(x), n_experts) for x in dup[:5]]}")
    cover = np.bincount(pairs[:, 0], minlength=n_apps)
    wrong = np.nonzero(cover != k)[0]
    if wrong.size:
        detail = ", ".join(f"{a} has {cover[a]}" for a in wrong[:5].tolist())
        out.append(f"coverage: {wrong.size} applications without exactly {k} reviewers ({detail})")
    load = np.bincount(pairs[:, 1], minlength=n_experts)
    max_load = np.asarray(problem.max_load)  # an array since __post_init__: narrows the type
    over = np.nonzero(load > max_load)[0]
    if over.size:
        detail = ", ".join(f"{e}: {load[e]} > {max_load[e]}" for e in over[:5].tolist())
        out.append(f"loads: {over.size} experts over their max load ({detail})")
    if problem.conflicts is not None and len(pairs):
        hit = problem.conflicts[pairs[:, 0], pairs[:, 1]]
        if hit.any():
            out.append(
                f"conflicts: {int(hit.sum())} conflicted pairs, e.g. {pairs[hit][:5].tolist()}"
            )
    chosen = set(map(tuple, pairs.tolist()))
    forbidden = sorted(problem.forbidden & chosen)
    if forbidden:
        out.append(f"forbidden pairs assigned: {forbidden[:5]}")
    missing = sorted(problem.pinned - chosen)
    if missing:
        out.append(f"pinned pairs missing: {missing[:5]}")
    if problem.org_of_expert is not None and len(pairs):
        org = problem.org_of_expert[pairs[:, 1]]
        has_org = org >= 0
        keys = pairs[has_org, 0] * (int(org.max(initial=0)) + 1) + org[has_org]
        uniq, counts = np.unique(keys, return_counts=True)
        clash = uniq[counts > 1]
        if clash.size:
            apps = sorted({int(x) // (int(org.max(initial=0)) + 1) for x in clash})
            out.append(
                f"organisation diversity: applications {_name_apps(apps)} have two or more "
                "reviewers from one organisation"
            )
    if problem.min_foreign > 0:
        assert problem.foreign is not None  # __post_init__ requires it when min_foreign > 0
        foreign = np.bincount(
            pairs[:, 0], weights=problem.foreign[pairs[:, 1]].astype(float), minlength=n_apps
        )
        few = np.nonzero(foreign < problem.min_foreign)[0]
        if few.size:
            out.append(
                f"foreign experts: applications {_name_apps(few.tolist())} have fewer than "
                f"{problem.min_foreign}"
            )
    return out
