"""Programmes and calls: the window, the eligibility criteria, the review rubric and the quotas
per recommending unit."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hezuo.core.bilingual import BilingualNameMixin
from hezuo.core.models import UnitKind
from hezuo.core.scoping import PublicQuerySet
from hezuo.core.search import SearchableMixin, SearchQuerySet
from hezuo.portfolio.models import BaseKind
from hezuo.portfolio.reference import PriorityField
from hezuo.registry.models import OrganisationKind

from ..access import reach_for

MONEY = {"max_digits": 14, "decimal_places": 2}


def _json_choices(value, choices, field: str, errors: dict) -> None:
    unknown = sorted(set(value or []) - set(choices.values))
    if unknown:
        errors[field] = gettext("Unknown values: %(values)s") % {"values": ", ".join(unknown)}


# --- programmes and calls -------------------------------------------------------------------------


class Programme(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    code_prefix = models.CharField(
        _("code prefix"),
        max_length=12,
        default="GJHZ",
        help_text=_("Awarded projects and bases are numbered like GJHZ2026-0001."),
    )
    description = models.TextField(_("description"), blank=True)
    office = models.ForeignKey(
        "core.Unit",
        verbose_name=_("programme office"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.OFFICE},
    )
    history = HistoricalRecords()

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code_prefix__regex=r"^[A-Z]{2,12}$"), name="programme_code_prefix"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CallKind(models.TextChoices):
    JOINT_PROJECT = "joint_project", _("Joint research project")
    DESIGNATION = "designation", _("Designation of a base")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced")
    FINISHED = "finished", _("Results published")


class CallPhase(models.TextChoices):
    """Where a call is in its year, derived from its status and the clock."""

    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open for applications")
    RECOMMENDING = "recommending", _("Recommending")
    SELECTING = "selecting", _("Checking, review and decision")
    FINISHED = "finished", _("Results published")


class AttachmentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Cooperation agreement")
    PARTNER_LETTER = "partner_letter", _("Foreign partner's letter of commitment")
    PLAN = "plan", _("Implementation plan")
    BUDGET = "budget", _("Budget sheet")
    IP = "ip", _("Intellectual property arrangement")
    EVIDENCE = "evidence", _("Evidence for an eligibility condition")
    OTHER = "other", _("Other")


# Call codes are URL segments beside these pages (see urls.py).
RESERVED_CALL_CODES = frozenset({"new", "applications", "notifications"})


class CallQuerySet(SearchQuerySet):
    def visible_to(self, user):
        """Announced calls are public; drafts are the office's."""
        if reach_for(user).reads_all:
            return self.all()
        return self.exclude(status=CallStatus.DRAFT)


class Call(BilingualNameMixin, SearchableMixin):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_zh = models.TextField(_("guidelines (Chinese)"), blank=True)
    description_en = models.TextField(_("guidelines (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    base_kind = models.CharField(
        _("kind of base"),
        max_length=40,
        choices=BaseKind.choices,
        blank=True,
        help_text=_("For a designation call: the kind of base it designates."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    recommend_by = models.DateTimeField(
        _("recommendations due"),
        help_text=_("Recommending units rank, recommend and return applications until then."),
    )
    priority_fields = models.JSONField(_("priority fields"), default=list, blank=True)
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    eligible_org_kinds = models.JSONField(
        _("eligible kinds of applicant"),
        default=list,
        blank=True,
        help_text=_("Empty: any domestic organisation."),
    )
    max_amount = models.DecimalField(
        _("most central funding per application (10k CNY)"), null=True, blank=True, **MONEY
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("longest duration (months)"), null=True, blank=True
    )
    designation_years = models.PositiveSmallIntegerField(
        _("designation valid for (years)"), default=3
    )
    rubric_scale = models.PositiveSmallIntegerField(
        _("rubric scale (highest mark per criterion)"), default=5
    )
    approving_offices = models.ManyToManyField(
        "core.Unit",
        verbose_name=_("approving offices"),
        related_name="approved_calls",
        limit_choices_to={"kind": UnitKind.OFFICE},
        help_text=_("Each of these offices must sign a decision before it is final."),
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    finished_at = models.DateTimeField(_("results published"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[approving_offices])

    search_fields = ("code", "title_zh", "title_en")
    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(recommend_by__gte=models.F("closes_at")),
                name="call_recommendations_after_closing",
            ),
            models.CheckConstraint(
                condition=(Q(kind=CallKind.JOINT_PROJECT) & Q(base_kind=""))
                | (Q(kind=CallKind.DESIGNATION) & ~Q(base_kind="")),
                name="call_designation_has_base_kind",
            ),
            models.CheckConstraint(
                condition=Q(status=CallStatus.DRAFT) | Q(announced_at__isnull=False),
                name="call_announced_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=CallStatus.FINISHED) | Q(finished_at__isnull=False),
                name="call_finished_has_date",
            ),
            models.CheckConstraint(
                condition=Q(designation_years__gt=0) & Q(rubric_scale__gt=0),
                name="call_positive_settings",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.localised("title_zh", "title_en")

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", args=[self.code])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.code in RESERVED_CALL_CODES:
            errors["code"] = str(RegexValidator.message)  # Django's own, in every catalogue
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = gettext("The call must close after it opens.")
        if self.closes_at and self.recommend_by and self.recommend_by < self.closes_at:
            errors["recommend_by"] = gettext(
                "Recommendations are due after the call closes, not before."
            )
        if self.kind == CallKind.DESIGNATION and not self.base_kind:
            errors["base_kind"] = gettext("Say which kind of base this call designates.")
        if self.kind == CallKind.JOINT_PROJECT and self.base_kind:
            errors["base_kind"] = gettext("A joint-project call designates no base.")
        _json_choices(self.priority_fields, PriorityField, "priority_fields", errors)
        _json_choices(self.required_attachments, AttachmentKind, "required_attachments", errors)
        _json_choices(self.eligible_org_kinds, OrganisationKind, "eligible_org_kinds", errors)
        if errors:
            raise ValidationError(errors)

    @property
    def is_designation(self) -> bool:
        return self.kind == CallKind.DESIGNATION

    def phase(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.status == CallStatus.DRAFT:
            return CallPhase.DRAFT
        if self.status == CallStatus.FINISHED:
            return CallPhase.FINISHED
        if now < self.opens_at:
            return CallPhase.UPCOMING
        if now < self.closes_at:
            return CallPhase.OPEN
        if now < self.recommend_by:
            return CallPhase.RECOMMENDING
        return CallPhase.SELECTING

    def get_phase_display(self) -> str:
        return str(CallPhase(self.phase()).label)

    def is_open(self, now: datetime | None = None) -> bool:
        return self.phase(now) == CallPhase.OPEN

    def accepts_drafts(self, now: datetime | None = None) -> bool:
        return self.phase(now) in (CallPhase.UPCOMING, CallPhase.OPEN)

    def can_configure(self, user) -> bool:
        """Criteria, rubric and offices are settled before the call is announced."""
        return reach_for(user).is_office and self.status == CallStatus.DRAFT

    def can_edit(self, user) -> bool:
        return reach_for(user).is_office and self.status != CallStatus.FINISHED

    def can_announce(self, user) -> bool:
        return self.can_configure(user)

    def can_apply(self, user) -> bool:
        reach = reach_for(user)
        return bool(reach.applicant_units) and self.accepts_drafts()

    def priority_field_labels(self) -> list[str]:
        return [str(PriorityField(f).label) for f in self.priority_fields if f in PriorityField]

    def required_attachment_labels(self) -> list[str]:
        return [
            str(AttachmentKind(k).label) for k in self.required_attachments if k in AttachmentKind
        ]


class CriterionMode(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Self-declared with evidence")
    AUTOMATIC = "automatic", _("Checked automatically")


class AutoRule(models.TextChoices):
    """Eligibility rules the platform evaluates itself (see `rules.py`)."""

    PRIORITY_FIELD = "priority_field", _("The field is one of the call's priority fields")
    APPLICANT_KIND = "applicant_kind", _("The applicant is an eligible kind of organisation")
    INTERGOV_EXECUTOR = (
        "intergov_executor",
        _("The applicant executes intergovernmental cooperation projects"),
    )
    FOREIGN_PARTNER = "foreign_partner", _("There is a foreign partner")
    PARTNER_AGREEMENT = "partner_agreement", _("A foreign partner has signed an agreement")
    FOREIGN_COMMITMENT = "foreign_commitment", _("A foreign partner commits resources")
    IP_ARRANGEMENT = "ip_arrangement", _("The intellectual property arrangement is stated")
    PARTNER_AGREEMENT_COMPLETE = (
        "partner_agreement_complete",
        _(
            "A foreign partner has signed an agreement, commits technology, people, equipment "
            "or money, and the intellectual property arrangement is stated"
        ),
    )
    BUDGET_BALANCED = "budget_balanced", _("The budget adds up")


class EligibilityCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    text_zh = models.TextField(_("condition (Chinese)"))
    text_en = models.TextField(_("condition (English)"), blank=True)
    mode = models.CharField(_("how it is checked"), max_length=20, choices=CriterionMode.choices)
    rule = models.CharField(_("rule"), max_length=40, choices=AutoRule.choices, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="criterion_code_unique_in_call"),
            models.CheckConstraint(
                condition=(Q(mode=CriterionMode.AUTOMATIC) & ~Q(rule=""))
                | (Q(mode=CriterionMode.SELF_DECLARED) & Q(rule="")),
                name="criterion_rule_matches_mode",
            ),
            models.CheckConstraint(
                condition=Q(mode=CriterionMode.SELF_DECLARED) | Q(evidence_required=False),
                name="criterion_evidence_only_when_declared",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.text_en:
            return self.text_en
        return self.text_zh

    @property
    def is_automatic(self) -> bool:
        return self.mode == CriterionMode.AUTOMATIC

    def clean(self) -> None:
        if self.mode == CriterionMode.AUTOMATIC and not self.rule:
            raise ValidationError({"rule": gettext("An automatic criterion needs a rule.")})
        if self.mode == CriterionMode.SELF_DECLARED and self.rule:
            raise ValidationError({"rule": gettext("A self-declared criterion has no rule.")})


class RubricCriterion(BilingualNameMixin, models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rubric")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    guidance = models.TextField(_("guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="rubric_weight_1_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Quota(models.Model):
    """How many applications a recommending unit may recommend to a call: a hard limit."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("recommending unit"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.RECOMMENDER},
    )
    limit = models.PositiveSmallIntegerField(_("quota"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["call", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "unit"], name="quota_unique_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.limit}"
