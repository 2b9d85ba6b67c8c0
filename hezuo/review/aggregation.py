"""From reviews to a ranking: each review's weighted total, each application's mean, trimmed mean
and normalised mean, disagreement, and the ranking of a call.

The arithmetic (plain functions, no database):

- a review's **total** is the rubric-weighted mean of its criterion scores on a 0–100 scale:
  ``100 · Σ w_c · s_c / (scale · Σ w_c)`` — with weights 60/40, scale 5 and scores 4 and 3 the
  total is 100 · (60·4 + 40·3) / (5·100) = 72;
- an application's **mean** is the mean of its reviews' totals;
- its **trimmed mean** sets the highest and the lowest total aside when there are at least three
  (with fewer it is the mean);
- **normalised**: each review's total becomes a z-score within its reviewer's reviews of the call,
  ``z = (x − μ_r) / σ_r`` (population standard deviation), and goes back onto the call's scale as
  ``μ + σ · z`` (μ, σ: every total of the call), clipped to 0–100; a reviewer with one review, or
  who gave every application the same total, keeps their raw totals. The application's
  normalised score is the mean of its reviews' normalised values. This takes out a harsh or a
  lenient reviewer's offset and spread;
- **disagreement** is flagged when the totals of one application lie further apart than the
  plan's threshold (points of 100), or when one expert recommends funding and another does not.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .models import (
    OPEN_STATES,
    Invitation,
    InvitationState,
    Recommendation,
    Review,
    ReviewPlan,
    ScoreMethod,
)

CENT = Decimal("0.01")
FUNDING = (Recommendation.PRIORITY, Recommendation.FUND)


def quantise(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def review_total(scores: Mapping[Any, int], weights: Mapping[Any, int], scale: int):
    """The rubric-weighted total of one review, 0–100 (two decimals)."""
    weight_sum = sum(weights.values())
    if not weights or weight_sum <= 0 or scale <= 0:
        raise ValueError("a rubric with positive weights and scale is needed")
    missing = set(weights) - set(scores)
    if missing:
        raise ValueError(f"scores missing for {sorted(map(str, missing))}")
    points = sum(Decimal(weights[c]) * Decimal(scores[c]) for c in weights)
    return quantise(Decimal(100) * points / (Decimal(scale) * Decimal(weight_sum)))


def mean(values: Sequence[float]) -> float | None:
    return float(statistics.fmean(values)) if values else None


def trimmed_mean(values: Sequence[float]) -> float | None:
    """The mean without the highest and the lowest value, from three values on."""
    if len(values) < 3:
        return mean(values)
    ordered = sorted(values)
    return float(statistics.fmean(ordered[1:-1]))


def normalise(reviews: Sequence[tuple[Hashable, Hashable, float]]) -> dict[tuple, float]:
    """Per-reviewer z-score normalisation: {(reviewer, application): value on the call's scale}
    for reviews given as (reviewer, application, total)."""
    totals = [float(t) for _r, _a, t in reviews]
    if not totals:
        return {}
    mu = statistics.fmean(totals)
    sigma = statistics.pstdev(totals) if len(totals) > 1 else 0.0
    by_reviewer: dict[Hashable, list[float]] = defaultdict(list)
    for reviewer, _app, total in reviews:
        by_reviewer[reviewer].append(float(total))
    stats = {}
    for reviewer, values in by_reviewer.items():
        sd = statistics.pstdev(values) if len(values) > 1 else 0.0
        stats[reviewer] = (statistics.fmean(values), sd)
    out = {}
    for reviewer, app, total in reviews:
        mu_r, sd_r = stats[reviewer]
        x = float(total)
        value = mu + sigma * (x - mu_r) / sd_r if sd_r > 0 and sigma > 0 else x
        out[(reviewer, app)] = min(100.0, max(0.0, value))
    return out


def disagreement(
    totals: Sequence[float], recommendations: Sequence[str], threshold: float
) -> list[str]:
    """Why the reviews of one application disagree ([] when they do not)."""
    from django.utils.translation import gettext as _

    out = []
    if len(totals) > 1 and max(totals) - min(totals) > threshold:
        out.append(
            _("The totals lie %(spread)s points apart.")
            % {"spread": f"{max(totals) - min(totals):.1f}"}
        )
    recs = set(recommendations)
    if recs & set(FUNDING) and Recommendation.DECLINE in recs:
        out.append(_("One expert recommends funding, another does not."))
    return out


def pseudonym(index: int) -> str:
    """Expert A, B, … Z, AA, …: how reviewers appear to applicants and to each other."""
    from django.utils.translation import gettext as _

    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return _("Expert %(letter)s") % {"letter": letters}


# --- from the database ----------------------------------------------------------------------------


@dataclass
class ReviewRow:
    review: Review
    pseudonym: str
    total: float
    normalised: float | None = None


@dataclass
class Summary:
    """What the reviews of one application add up to."""

    application: object
    rows: list[ReviewRow] = field(default_factory=list)
    pending: int = 0  # invitations still open
    mean: float | None = None
    trimmed: float | None = None
    normalised: float | None = None
    spread: float | None = None
    disagreement: list[str] = field(default_factory=list)
    recommendations: dict[str, int] = field(default_factory=dict)
    criteria: list[tuple[object, float | None]] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None

    @property
    def n(self) -> int:
        return len(self.rows)

    def recommendation_labels(self) -> list[tuple[str, int]]:
        labels = dict(Recommendation.choices)
        return [(str(labels[k]), v) for k, v in self.recommendations.items()]


def plan_of(call) -> ReviewPlan:
    return ReviewPlan.objects.filter(call=call).first() or ReviewPlan(call=call)


def _score(summary: Summary, method: str) -> float | None:
    if method == ScoreMethod.TRIMMED:
        return summary.trimmed
    if method == ScoreMethod.NORMALISED:
        return summary.normalised
    return summary.mean


def summaries(call, applications=None, plan: ReviewPlan | None = None) -> list[Summary]:
    """Every application of the call with reviews or invitations (or those given), ranked by the
    plan's score, best first; applications without a submitted review come last, unranked."""
    plan = plan or plan_of(call)
    reviews = list(
        Review.objects.submitted()
        .filter(invitation__application__call=call)
        .select_related("invitation__expert__person", "invitation__application")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )
    pending = Counter(
        Invitation.objects.filter(application__call=call, state__in=OPEN_STATES).values_list(
            "application_id", flat=True
        )
    )
    if applications is None:
        from hezuo.calls.models import Application

        ids = {r.invitation.application_id for r in reviews} | set(pending)
        applications = Application.objects.filter(pk__in=ids).select_related(
            "applicant_unit", "call"
        )
    apps = list(applications)
    normalised = normalise(
        [(r.invitation.expert_id, r.invitation.application_id, float(r.total)) for r in reviews]
    )
    by_app: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        by_app[review.invitation.application_id].append(review)
    rubric = list(call.rubric.all())
    out = []
    for app in apps:
        summary = Summary(application=app, pending=pending.get(app.pk, 0))
        for i, review in enumerate(by_app.get(app.pk, [])):
            summary.rows.append(
                ReviewRow(
                    review=review,
                    pseudonym=pseudonym(i),
                    total=float(review.total),
                    normalised=normalised.get((review.invitation.expert_id, app.pk)),
                )
            )
        totals = [row.total for row in summary.rows]
        if totals:
            summary.mean = mean(totals)
            summary.trimmed = trimmed_mean(totals)
            summary.normalised = mean([row.normalised for row in summary.rows])
            summary.spread = max(totals) - min(totals)
            recs = [row.review.recommendation for row in summary.rows]
            summary.recommendations = dict(Counter(recs))
            summary.disagreement = disagreement(totals, recs, plan.disagreement)
            for criterion in rubric:
                values = [
                    s.score
                    for row in summary.rows
                    for s in row.review.scores.all()
                    if s.criterion_id == criterion.pk
                ]
                summary.criteria.append((criterion, mean(values)))
            value = _score(summary, plan.score_method)
            summary.score = None if value is None or math.isnan(value) else quantise(value)
        out.append(summary)
    out.sort(key=lambda s: (s.score is None, -(s.score or 0), getattr(s.application, "number", "")))
    rank = 0
    for summary in out:
        if summary.score is not None:
            rank += 1
            summary.rank = rank
    return out


def summary_of(application) -> Summary:
    for summary in summaries(application.call, [application]):
        return summary
    return Summary(application=application)  # pragma: no cover - summaries covers every app


def adopted_score(application) -> Decimal | None:
    """The score the decision rests on when the application has submitted reviews (None when it
    has none): the plan's choice of mean, trimmed mean or normalised mean, two decimals."""
    if not Review.objects.submitted().filter(invitation__application=application).exists():
        return None
    return summary_of(application).score


def decision_score(application, given: Decimal | None) -> Decimal | None:
    """The score a decision on `application` rests on, when the office records `given` (None
    for none): the expert reviews' score where there are reviews (a different `given` is
    refused), else `given`."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    reviewed = adopted_score(application)
    if reviewed is None:
        return given
    if given is not None and given != reviewed:
        raise ValidationError(
            {
                "score": _("This application has expert reviews: its score is theirs, %(s)s.")
                % {"s": reviewed}
            }
        )
    return reviewed


def public_summary(application) -> dict:
    """What the applicant may know once the application is scored: the score, how many experts
    reviewed it, and each review's recommendation and comments under a pseudonym. Never names,
    organisations, confidential comments or per-expert scores."""
    summary = summary_of(application)
    return {
        "score": application.score,
        "reviews": summary.n,
        "comments": [
            {
                "expert": row.pseudonym,
                "recommendation": row.review.get_recommendation_display(),
                "comments": row.review.comments,
            }
            for row in summary.rows
        ],
    }


__all__ = [
    "InvitationState",
    "Summary",
    "adopted_score",
    "decision_score",
    "disagreement",
    "mean",
    "normalise",
    "public_summary",
    "review_total",
    "summaries",
    "trimmed_mean",
]
