"""The reviewer-assignment solver: optimality against brute force, validity of every returned
assignment (hypothesis), bounds, diagnosis of infeasible instances, the bench loader, and one
real similarity matrix. Pure NumPy / OR-Tools: no database."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hezuo.review import bench
from hezuo.review.solver import Problem, check, diagnose, solve
from hezuo.review.solver.milp import _cpsat, _milp
from hezuo.review.solver.pricing import _mixed_best
from hezuo.review.solver.reduced import _eligible_pairs, _reduce

TOL = 1e-5  # integer cost rounding (1e-6 of the largest affinity per review) stays below this


def brute_force(p: Problem) -> float | None:
    """The optimum by enumeration (None if infeasible)."""
    n_apps, n_experts = p.affinity.shape
    options = []
    for a in range(n_apps):
        rows = []
        for combo in itertools.combinations(range(n_experts), p.k):
            c = list(combo)
            if p.conflicts is not None and p.conflicts[a, c].any():
                continue
            if any((a, e) in p.forbidden for e in c):
                continue
            if any(e not in c for (b, e) in p.pinned if b == a):
                continue
            if p.org_of_expert is not None:
                orgs = [int(p.org_of_expert[e]) for e in c if p.org_of_expert[e] >= 0]
                if len(set(orgs)) < len(orgs):
                    continue
            if p.min_foreign and p.foreign[c].sum() < p.min_foreign:
                continue
            rows.append((c, float(p.affinity[a, c].sum())))
        options.append(rows)
    best = None
    for choice in itertools.product(*options):
        load = np.zeros(n_experts, dtype=int)
        for c, _ in choice:
            load[c] += 1
        if (load > p.max_load).any():
            continue
        value = sum(v for _, v in choice)
        if best is None or value > best:
            best = value
    return best


def random_problem(rng, n_apps, n_experts, k, *, orgs=False, foreign=0, mixed=False, pins=0):
    org = foreign_flags = None
    if orgs:
        org = rng.integers(-1, 3, n_experts)
    if foreign:
        if org is not None and not mixed:
            per_org = rng.random(4) < 0.5
            foreign_flags = np.where(
                org >= 0, per_org[np.maximum(org, 0)], rng.random(n_experts) < 0.5
            )
        else:
            foreign_flags = rng.random(n_experts) < 0.5
    pinned = {(int(rng.integers(n_apps)), int(rng.integers(n_experts))) for _ in range(pins)}
    return Problem(
        affinity=rng.random((n_apps, n_experts)).round(3),
        conflicts=rng.random((n_apps, n_experts)) < 0.15,
        max_load=rng.integers(1, 4, n_experts),
        k=k,
        org_of_expert=org,
        foreign=foreign_flags,
        min_foreign=foreign,
        pinned=pinned,
    )


def assert_consistent(p: Problem, result, optimum: float | None) -> None:
    if optimum is None:
        assert not result.feasible
        assert result.diagnosis
        return
    assert result.feasible, result.diagnosis
    assert check(p, result.assignment) == []
    assert result.objective == pytest.approx(optimum, abs=TOL)
    assert result.upper_bound >= result.objective - 1e-9
    assert result.upper_bound <= optimum + TOL  # at optimum on instances this small


# --------------------------------------------------------------------------- brute force


@pytest.mark.parametrize(
    ("options", "method"),
    [
        ({}, "auto"),
        ({"orgs": True}, "auto"),
        ({"foreign": 1}, "auto"),
        ({"orgs": True, "foreign": 1}, "auto"),  # organisations wholly foreign or domestic
        ({"orgs": True, "foreign": 1, "mixed": True}, "auto"),  # the rules cross: MILP
        ({"orgs": True, "foreign": 1, "mixed": True}, "cpsat"),
        ({"pins": 1}, "auto"),
    ],
)
def test_optimum_equals_brute_force(options, method):
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(25):
        p = random_problem(rng, 3, 5, 2, **options)
        optimum = brute_force(p)
        assert_consistent(p, solve(p, method=method), optimum)
        checked += optimum is not None
    assert checked >= 5  # enough feasible instances to mean something


@pytest.mark.parametrize("model", ["cpsat", "milp"])
def test_models_on_every_pair_equal_brute_force(model):
    """CP-SAT and the MILP, called on all eligible pairs, find the brute-force optimum (solve
    only calls them when the flow cannot close the gap)."""
    rng = np.random.default_rng(11)
    for _ in range(20):
        p = random_problem(rng, 3, 5, 2, orgs=True, foreign=1, mixed=True)
        optimum = brute_force(p)
        red = _reduce(p)
        keys = _eligible_pairs(red)
        pa, pe = keys // p.n_experts, keys % p.n_experts
        if model == "cpsat":
            status, chosen, bound = _cpsat(red, pa, pe, None, time.perf_counter() + 30, 1, 1e-9)
        else:
            status, chosen, bound = _milp(red, pa, pe, time.perf_counter() + 30, 1e-9)
        if optimum is None:
            assert status == "infeasible"
            continue
        assert status == "optimal"
        pairs = np.stack([pa[chosen], pe[chosen]], axis=1)
        assert check(p, pairs) == []
        assert float(p.affinity[pa[chosen], pe[chosen]].sum()) == pytest.approx(optimum, abs=TOL)
        assert bound >= optimum - TOL


def test_mixed_subproblem_is_exact():
    """The per-application bound with crossing rules (pick `need` organisations, each foreign or
    domestic, at least `need_f` foreign) equals enumeration, including the top-2k reduction."""
    rng = np.random.default_rng(3)
    for _ in range(40):
        n_orgs, need, need_f = int(rng.integers(1, 9)), int(rng.integers(1, 4)), 0
        need_f = int(rng.integers(0, need + 1))
        f = np.where(rng.random((1, n_orgs)) < 0.7, rng.random((1, n_orgs)), -np.inf)
        d = np.where(rng.random((1, n_orgs)) < 0.7, rng.random((1, n_orgs)), -np.inf)
        best = -np.inf
        for chosen in itertools.combinations(range(n_orgs), need):
            for kinds in itertools.product((0, 1), repeat=need):
                if sum(kinds) < need_f:
                    continue
                value = sum(f[0, o] if t else d[0, o] for o, t in zip(chosen, kinds, strict=True))
                best = max(best, value)
        got = _mixed_best(f, d, np.array([need]), np.array([need_f]))[0]
        if np.isinf(best):
            assert np.isinf(got)
        else:
            assert got == pytest.approx(best, abs=1e-7)


# --------------------------------------------------------------------------- properties


@st.composite
def problems(draw):
    n_apps = draw(st.integers(1, 5))
    n_experts = draw(st.integers(1, 7))
    k = draw(st.integers(1, min(3, n_experts)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    with_orgs = draw(st.booleans())
    min_foreign = draw(st.integers(0, k)) if draw(st.booleans()) else 0
    org = rng.integers(-1, 3, n_experts) if with_orgs else None
    foreign = rng.random(n_experts) < 0.5
    if with_orgs and draw(st.booleans()):  # make the rules laminar
        per_org = rng.random(3) < 0.5
        foreign = np.where(org >= 0, per_org[np.maximum(org, 0)], foreign)
    pairs = st.tuples(st.integers(0, n_apps - 1), st.integers(0, n_experts - 1))
    pinned = draw(st.sets(pairs, max_size=2)) if draw(st.booleans()) else set()
    return Problem(
        affinity=rng.random((n_apps, n_experts)) * draw(st.sampled_from([1.0, 10.0, -1.0])),
        conflicts=rng.random((n_apps, n_experts)) < draw(st.sampled_from([0.0, 0.1, 0.3])),
        max_load=rng.integers(draw(st.integers(0, 2)), 6, n_experts),
        k=k,
        org_of_expert=org,
        foreign=foreign,
        min_foreign=min_foreign,
        pinned=pinned,
        forbidden=draw(st.sets(pairs, max_size=2)) - pinned,
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_assignment_is_valid(p):
    result = solve(p, time_limit=20)
    if result.feasible:
        pairs = set(map(tuple, result.assignment.tolist()))
        assert check(p, result.assignment) == []
        assert np.bincount(result.assignment[:, 0], minlength=p.n_apps).tolist() == [p.k] * p.n_apps
        assert (np.bincount(result.assignment[:, 1], minlength=p.n_experts) <= p.max_load).all()
        assert not any(p.conflicts[a, e] for a, e in pairs)
        assert p.pinned <= pairs
        assert not (p.forbidden & pairs)
        assert result.upper_bound >= result.objective - 1e-9
        assert result.gap >= -1e-9
    else:
        assert result.diagnosis
    if p.n_apps <= 3 and p.n_experts <= 6:
        assert_consistent(p, result, brute_force(p))


@settings(max_examples=30, deadline=None)
@given(
    st.integers(5, 30),
    st.integers(8, 40),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
)
def test_pricing_closes_the_gap(n_apps, n_experts, k, seed):
    """With few candidates per application the first flow is not optimal for the full problem;
    pricing rounds add pairs until the bound for the full problem is met."""
    rng = np.random.default_rng(seed)
    k = min(k, n_experts)
    p = Problem(
        affinity=rng.random((n_apps, n_experts)),
        conflicts=rng.random((n_apps, n_experts)) < 0.05,
        max_load=np.full(n_experts, math.ceil(1.3 * n_apps * k / n_experts)),
        k=k,
    )
    narrow = solve(p, candidates=k, max_rounds=50)
    wide = solve(p, candidates=n_experts)
    assert narrow.feasible == wide.feasible
    if wide.feasible:
        assert wide.status == "optimal" and wide.gap <= 1e-5
        assert narrow.status == "optimal" and narrow.gap <= 1e-5
        assert narrow.objective == pytest.approx(wide.objective, abs=TOL * n_apps)


def test_pricing_recovers_when_the_candidates_cannot_cover():
    """Everyone's top candidates are the same four experts (load 1): the first candidate graph
    cannot cover the applications, and pricing must find the (tight) full solution."""
    rng = np.random.default_rng(0)
    affinity = rng.random((20, 40)) * 0.1
    affinity[:, :4] = 1.0
    p = Problem(affinity=affinity, max_load=1, k=2)  # capacity 40 = 20 x 2 exactly
    result = solve(p, candidates=3, max_rounds=50)
    assert result.feasible and result.status == "optimal"
    assert result.stats["rounds"] > 1
    assert result.objective == pytest.approx(solve(p, candidates=40).objective, abs=TOL)


def test_pins_and_forbidden_pairs_are_respected_on_rerun():
    rng = np.random.default_rng(5)
    p = Problem(affinity=rng.random((20, 30)), max_load=4, k=3)
    first = solve(p)
    a, e = (int(x) for x in first.assignment[0])
    unused = np.setdiff1d(np.arange(30), first.by_application(20)[1])
    worst = int(unused[np.argmin(p.affinity[1, unused])])  # a pair the optimum did not want
    p = dataclasses.replace(p, forbidden={(a, e)}, pinned={(1, worst)})
    again = solve(p)
    assert again.feasible and check(p, again.assignment) == []
    pairs = set(map(tuple, again.assignment.tolist()))
    assert (1, worst) in pairs and (a, e) not in pairs
    assert again.objective <= first.objective + 1e-9


# --------------------------------------------------------------------------- diagnosis


def test_too_little_capacity():
    p = Problem(affinity=np.ones((4, 3)), max_load=2, k=2)
    result = solve(p)
    assert not result.feasible and result.status == "infeasible"
    assert any("total capacity 6 < 4 applications x 2 reviewers = 8" in m for m in result.diagnosis)


def test_application_whose_every_expert_conflicts():
    conflicts = np.zeros((5, 6), dtype=bool)
    conflicts[3] = True
    conflicts[1, :5] = True
    p = Problem(affinity=np.ones((5, 6)), conflicts=conflicts, max_load=5, k=2)
    result = solve(p)
    assert not result.feasible
    assert "application 3: only 0 reviewers without conflict, 2 needed" in result.diagnosis
    assert "application 1: only 1 reviewers without conflict, 2 needed" in result.diagnosis
    assert diagnose(p) == result.diagnosis


def test_min_foreign_larger_than_available():
    foreign = np.array([True, False, False, False])
    conflicts = np.zeros((3, 4), dtype=bool)
    conflicts[2, 0] = True
    p = Problem(
        affinity=np.ones((3, 4)),
        conflicts=conflicts,
        max_load=3,
        k=2,
        foreign=foreign,
        min_foreign=1,
    )
    result = solve(p)
    assert not result.feasible
    assert result.diagnosis == ["application 2: only 0 eligible foreign experts, 1 needed"]
    p.min_foreign = 3
    assert any("only k = 2" in m for m in solve(p).diagnosis)
    p.min_foreign, p.pinned = 1, {(0, 1), (0, 2)}  # two domestic pins fill application 0
    assert solve(p).diagnosis[0] == (
        "application 0: its pinned reviewers leave room for 0 more, "
        "but 1 more foreign experts are needed"
    )


def test_hall_deficit_names_the_applications():
    """Each application has enough eligible experts and total capacity suffices, but
    applications 1, 2 and 4 all depend on experts 0 and 1 (capacity 1 each)."""
    conflicts = np.zeros((5, 6), dtype=bool)
    conflicts[[1, 2, 4], 2:] = True
    p = Problem(affinity=np.ones((5, 6)), conflicts=conflicts, max_load=1, k=1)
    result = solve(p)
    assert not result.feasible and result.status == "infeasible"
    (message,) = result.diagnosis
    assert message.startswith("applications 1, 2, 4 (3 in all) need 3 reviews")
    assert "at most 2" in message and "experts 0, 1" in message


def test_organisation_shortage_and_pin_clash():
    org = np.array([0, 0, 0, 1])
    conflicts = np.zeros((2, 4), dtype=bool)
    conflicts[0, 3] = True
    p = Problem(affinity=np.ones((2, 4)), conflicts=conflicts, max_load=2, k=2, org_of_expert=org)
    result = solve(p)
    assert "application 0: eligible reviewers come from only 1 organisations" in result.diagnosis[0]
    p = Problem(
        affinity=np.ones((2, 4)), max_load=2, k=2, org_of_expert=org, pinned={(1, 0), (1, 1)}
    )
    assert any("two pinned reviewers from the same organisation" in m for m in solve(p).diagnosis)
    p = Problem(affinity=np.ones((2, 4)), conflicts=conflicts, max_load=2, k=2, pinned={(0, 3)})
    assert "application 0: pinned expert 3 has a declared conflict" in solve(p).diagnosis


def test_check_reports_each_rule():
    p = Problem(
        affinity=np.ones((2, 3)),
        conflicts=np.array([[True, False, False], [False, False, False]]),
        max_load=1,
        k=2,
        org_of_expert=np.array([0, 0, 1]),
        foreign=np.array([False, False, True]),
        min_foreign=1,
        pinned={(1, 2)},
        forbidden={(1, 1)},
    )
    messages = " | ".join(check(p, [(0, 0), (0, 1), (1, 0), (1, 1)]))
    for word in ("loads", "conflicts", "forbidden", "pinned", "organisation", "foreign"):
        assert word in messages
    assert "coverage" in " ".join(check(p, [(0, 2)]))


# --------------------------------------------------------------------------- bench


def test_npz_round_trip_through_the_bench_loader(tmp_path):
    p = bench.generate(40, 120, 3, seed=4, org_diversity=True, min_foreign=1)
    path = tmp_path / "instance.npz"
    bench.save_instance(path, p)
    q = bench.load_instance(path)
    assert np.array_equal(p.affinity, q.affinity) and q.affinity.dtype == np.float32
    assert np.array_equal(p.conflicts, q.conflicts) and np.array_equal(p.max_load, q.max_load)
    assert q.k == 3 and q.min_foreign == 1
    assert np.array_equal(p.org_of_expert, q.org_of_expert)
    assert np.array_equal(p.foreign, q.foreign)

    # the documented minimal format: four arrays, k a scalar
    np.savez(
        tmp_path / "minimal.npz",
        affinity=p.affinity,
        conflicts=p.conflicts.astype(np.int8),
        max_load=p.max_load,
        k=3,
    )
    out = io.StringIO()
    bench.run({"instance": str(tmp_path / "minimal.npz"), "json": True}, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    for key in ("seconds", "objective", "upper_bound", "ratio", "feasible"):
        assert key in record
    assert record["feasible"] is True and record["ratio"] >= 0.995
    assert (record["apps"], record["experts"], record["k"]) == (40, 120, 3)


def test_bench_generated_with_diversity():
    out = io.StringIO()
    record = bench.run(
        {"apps": 60, "experts": 200, "k": 4, "seed": 2, "json": True, "org_diversity": True},
        out,
    )
    assert record["feasible"] and record["method"] == "min-cost-flow"
    assert record["ratio"] >= 0.995
    record = bench.run(
        {
            "apps": 60,
            "experts": 200,
            "k": 4,
            "seed": 2,
            "json": True,
            "org_diversity": True,
            "min_foreign": 2,
            "mixed_orgs": True,
            "time_limit": 20,
        },
        out,
    )
    assert record["feasible"] and record["method"] == "milp-highs"
    assert record["ratio"] >= 0.995


# --------------------------------------------------------------------------- real data


@pytest.mark.parametrize(
    ("name", "k"), [("preflib3.npz", 2), ("query.npz", 3), ("preflib1.npz", 3)]
)
def test_real_similarity_matrix(shared_data, name, k):
    """Jecmen et al.'s reviewer x paper matrices (rows reviewers, columns papers; mask 1 =
    conflict): papers are our applications, reviewers our experts."""
    with np.load(shared_data / "reviewer-similarity-matrices-jecmen2021" / name) as data:
        similarity = data["similarity_matrix"].T
        conflicts = data["mask_matrix"].T.astype(bool)
    n_apps, n_experts = similarity.shape
    load = math.ceil(n_apps * k / n_experts) + 1
    p = Problem(affinity=similarity, conflicts=conflicts, max_load=load, k=k)
    result = solve(p)
    assert result.feasible, result.diagnosis
    assert check(p, result.assignment) == []
    assert result.ratio >= 0.99
    assert result.upper_bound >= result.objective - 1e-9
