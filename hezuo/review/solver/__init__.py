"""Expert-review assignment: k reviewers per application, load caps, conflicts, diversity.

Model. Applications a and experts e with an affinity w[a, e]. Choose x[a, e] in {0, 1} to
maximise sum(w * x) subject to

* coverage: every application gets exactly k reviewers;
* loads: expert e reviews at most max_load[e] applications;
* conflicts and forbidden pairs are never assigned, pinned pairs always are;
* diversity (optional): at most one reviewer per organisation per application, and at least
  ``min_foreign`` experts flagged ``foreign`` per application.

Method. A 5,000 x 20,000 instance has 100M pairs, far too many arcs for a flow solver, so every
method works on a *candidate* subset of pairs and proves, or bounds, the loss against the full
problem with Lagrangian duality:

1. Relax the load constraints with prices v[e] >= 0. For any such v,
   ``UB(v) = sum_e cap[e] * v[e] + sum_a best_a(w[a, :] - v)``, where ``best_a`` is the best
   value application a can get on its own (top-k of the reduced affinities, one per
   organisation, at least m foreign) over *all* pairs, is an upper bound on the optimum of the
   full problem (weak duality). It is evaluated in vectorised chunks over the whole matrix.
2. Start from each application's top-L experts, solve the min-cost flow (OR-Tools) on those arcs
   (integer costs = scaled affinities), read the expert prices v off the optimal flow's node
   potentials (shortest paths in the residual graph) and evaluate UB(v). The same pass yields
   each application's top-L experts under the *reduced* affinity w - v; any new pair is added
   and the flow re-solved (pricing / column generation). When no pair is added, the sparse
   optimum is the full LP optimum, so UB(v) meets the objective up to cost rounding.
3. Diversity constraints that are laminar per application (every organisation is wholly foreign
   or wholly domestic) are still a network: application -> {foreign, domestic} branch (capacity
   k and k - m) -> (application, organisation) node (capacity 1) -> expert. Otherwise the flow
   solves that relaxation (one per organisation *within* each branch), and a HiGHS MILP
   (default) or CP-SAT (warm-started from the flow) solves the true problem on the candidate
   pairs. The bound then uses the dual prices of the HiGHS LP relaxation on those pairs (with
   LP pricing rounds), and the per-application subproblem is solved exactly by pricing the
   foreign rule with a multiplier (see ``_mixed_best``).

An instance that cannot be covered is answered with a diagnosis: per-application counts
(eligible reviewers, organisations, foreign experts), total capacity, pin clashes, and Hall-type
deficits (a set of applications whose eligible experts cannot supply what they need) from a
max-flow min-cut.
"""

from .diagnosis import diagnose
from .driver import METHODS, solve
from .problem import Problem, Result, check

__all__ = ["METHODS", "Problem", "Result", "check", "diagnose", "solve"]
