"""Applications and their states. The state is data the database protects: a `TextChoices` state
and check constraints tying each state to the fields it needs (a returned application has a
reason, a decided one an outcome). Who may do what, from which state, is the one table in
`hezuo.calls.workflow`."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hezuo.core.models import UnitKind
from hezuo.core.search import SearchableMixin, SearchQuerySet
from hezuo.portfolio.reference import PriorityField

from ..access import reach_for
from ..hooks import APPLICATION_READERS
from .calls import MONEY, Call

# --- applications ---------------------------------------------------------------------------------


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RECOMMENDED = "recommended", _("Recommended")
    ACCEPTED = "accepted", _("Accepted after the formal check")
    REJECTED = "rejected", _("Rejected at the formal check")
    IN_REVIEW = "in_review", _("In review")
    REVIEWED = "reviewed", _("Reviewed")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")


S = ApplicationState
# States in which the recommending unit has recommended the application.
RECOMMENDED_STATES = (
    S.RECOMMENDED,
    S.ACCEPTED,
    S.REJECTED,
    S.IN_REVIEW,
    S.REVIEWED,
    S.DECIDED,
    S.PUBLISHED,
)
# States the application can still move on from (the selection is not over for it).
PIPELINE_STATES = (S.SUBMITTED, S.RETURNED, S.RECOMMENDED, S.ACCEPTED, S.IN_REVIEW, S.REVIEWED)
SCORED_STATES = (S.REVIEWED, S.DECIDED, S.PUBLISHED)
DECIDED_STATES = (S.DECIDED, S.PUBLISHED)


class BudgetSource(models.TextChoices):
    CENTRAL = "central", _("Central funding")
    LOCAL = "local", _("Local matching")
    SELF_RAISED = "self_raised", _("Self-raised")
    FOREIGN = "foreign", _("Foreign")


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    WAITLIST = "waitlist", _("Wait-list")


class ApplicationQuerySet(SearchQuerySet):
    def visible_to(self, user):
        """A draft is its applicant's alone. Office and leadership: every application once
        submitted. Recommenders: their institutions' once submitted. Applicants: their own
        unit's. Experts: those they review (invitation accepted or review submitted; who else
        reviews is never shown to them): apps above the calls add such readers through
        `hooks.APPLICATION_READERS`."""
        reach = reach_for(user)
        if not reach.authenticated:
            return self.none()
        cond = Q(pk__in=[])
        if reach.reads_all:
            cond |= ~Q(state=S.DRAFT)
        if reach.applicant_units:
            cond |= Q(applicant_unit_id__in=reach.applicant_units)
        if reach.recommended_units:
            cond |= Q(applicant_unit_id__in=reach.recommended_units) & ~Q(state=S.DRAFT)
        for readers in APPLICATION_READERS:
            readable = readers(user)
            if readable is not None:
                cond |= Q(pk__in=readable) & ~Q(state=S.DRAFT)
        return self.filter(cond)


class Application(SearchableMixin):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("number"), max_length=60, blank=True, db_index=True)
    applicant_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
        limit_choices_to={"kind": UnitKind.INSTITUTION},
    )
    recommending_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("recommending unit"),
        on_delete=models.PROTECT,
        related_name="recommended_applications",
        limit_choices_to={"kind": UnitKind.RECOMMENDER},
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("applicant organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    abstract_zh = models.TextField(_("abstract (Chinese)"), blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    field = models.CharField(_("field"), max_length=30, choices=PriorityField.choices, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    requested_amount = models.DecimalField(
        _("central funding requested (10k CNY)"), null=True, blank=True, **MONEY
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=S.DRAFT
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    unit_rank = models.PositiveSmallIntegerField(_("rank in unit"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    recommendation_note = models.TextField(_("recommendation"), blank=True)
    checked_at = models.DateTimeField(_("formally checked"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    score_note = models.TextField(_("score note"), blank=True)
    outcome = models.CharField(
        _("decision"), max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    awarded_amount = models.DecimalField(
        _("awarded amount (10k CNY)"), null=True, blank=True, **MONEY
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated"])

    search_fields = ("number", "title_zh", "title_en", "keywords")
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="application_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(state=S.DRAFT) | (Q(submitted_at__isnull=False) & ~Q(number="")),
                name="application_submitted_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(state=S.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="application_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=S.RETURNED)
                | (~Q(return_reason="") & Q(returned_at__isnull=False)),
                name="application_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=RECOMMENDED_STATES) | Q(recommended_at__isnull=False),
                name="application_recommended_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=S.REJECTED)
                | (~Q(rejection_reason="") & Q(checked_at__isnull=False)),
                name="application_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=(S.ACCEPTED, S.IN_REVIEW, *SCORED_STATES))
                | Q(checked_at__isnull=False),
                name="application_accepted_was_checked",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=SCORED_STATES) | Q(score__isnull=False),
                name="application_reviewed_has_score",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state__in=DECIDED_STATES) & ~Q(outcome="") & Q(decided_at__isnull=False)
                )
                | (~Q(state__in=DECIDED_STATES) & Q(outcome="")),
                name="application_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome=DecisionOutcome.APPROVE)
                    & Q(awarded_amount__isnull=False)
                    & Q(awarded_amount__gt=0)
                )
                | (~Q(outcome=DecisionOutcome.APPROVE) & Q(awarded_amount__isnull=True)),
                name="application_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(state=S.PUBLISHED) | Q(published_at__isnull=False),
                name="application_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        label = self.title or gettext("Untitled application")
        return f"{self.number} {label}" if self.number else label

    @property
    def title(self) -> str:
        if (_lang() or "").startswith("en"):
            return self.title_en or self.title_zh
        return self.title_zh or self.title_en

    @property
    def abstract(self) -> str:
        if (_lang() or "").startswith("en"):
            return self.abstract_en or self.abstract_zh
        return self.abstract_zh or self.abstract_en

    def get_absolute_url(self) -> str:
        return reverse("calls:application_detail", args=[self.pk])

    def build_search_text(self) -> str:
        parts = [self.number, self.title_zh, self.title_en, *(self.keywords or [])]
        return unicodedata.normalize("NFKC", " ".join(str(p) for p in parts if p)).lower()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.requested_amount is not None and self.requested_amount < 0:
            errors["requested_amount"] = gettext("An amount cannot be negative.")
        if self.duration_months is not None and self.duration_months == 0:
            errors["duration_months"] = gettext("The duration is at least one month.")
        for name in ("keywords", "disciplines"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[name] = gettext("A list of words is expected.")
        if errors:
            raise ValidationError(errors)

    # --- who may do what, when ------------------------------------------------------------------

    # --- figures ----------------------------------------------------------------------------------

    def budget_totals(self) -> dict[str, Decimal]:
        totals = {source: Decimal("0") for source in BudgetSource.values}
        for line in self.budget_lines.all():
            totals[line.source] += line.amount
        totals["total"] = sum((totals[s] for s in BudgetSource.values), Decimal("0"))
        return totals

    def partner_countries(self) -> list:
        seen: dict[int, object] = {}
        for partner in self.partners.all():
            if partner.country_id and partner.country_id not in seen:
                seen[partner.country_id] = partner.country
        return list(seen.values())


def _lang() -> str:
    from django.utils.translation import get_language

    return get_language() or ""
