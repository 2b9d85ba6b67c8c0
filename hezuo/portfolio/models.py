"""What the selection produces: funded projects and designated bases, each with a readable code."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hezuo.core.bilingual import BilingualNameMixin, PinyinSortField
from hezuo.core.scoping import PublicQuerySet
from hezuo.core.search import SearchableMixin, SearchQuerySet

from .reference import PriorityField


class BaseKind(models.TextChoices):
    """The kinds of international cooperation base a call can designate. Add a kind here and every
    call, filter and form offers it."""

    INNOVATION_PARK = "innovation_park", _("International innovation park")
    JOINT_RESEARCH_CENTRE = "joint_research_centre", _("International joint research centre")
    TECHNOLOGY_TRANSFER_CENTRE = (
        "technology_transfer_centre",
        _("International technology transfer centre"),
    )
    DEMONSTRATION_BASE = (
        "demonstration_base",
        _("Demonstration base for international S&T cooperation"),
    )
    KEY_INSTITUTION = "key_institution", _("Key research institution for international cooperation")


class CodeSequence(models.Model):
    """One counter per code series (e.g. `GJHZ2026`). `next_code` takes the row lock, so two
    concurrent publications never draw the same number."""

    key = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("code sequence")
        verbose_name_plural = _("code sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


def next_code(series: str, width: int = 4) -> str:
    """The next readable code in a series, e.g. `GJHZ2026-0001`. Runs in the caller's
    transaction; the row lock is held until it commits."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                CodeSequence.objects.get_or_create(key=series)
        except IntegrityError:  # created concurrently by someone else: fine, it exists now
            pass
        seq = CodeSequence.objects.select_for_update().get(key=series)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{series}-{seq.last:0{width}d}"


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class PortfolioQuerySet(PublicQuerySet, SearchQuerySet):
    """Funded projects and designated bases are a public directory."""


class Project(BilingualNameMixin, SearchableMixin):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    application = models.OneToOneField(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="project",
        null=True,
        blank=True,
    )
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    field = models.CharField(_("field"), max_length=30, choices=PriorityField.choices, blank=True)
    countries = models.ManyToManyField(
        "registry.Country", verbose_name=_("partner countries"), related_name="projects", blank=True
    )
    amount = models.DecimalField(
        _("awarded amount (10k CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start = models.DateField(_("starts"), null=True, blank=True)
    end = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sort_zh = PinyinSortField(source=("title_zh", "title_en"))
    history = HistoricalRecords(excluded_fields=["search_text", "sort_zh"], m2m_fields=[countries])

    search_fields = ("code", "title_zh", "title_en")
    objects = PortfolioQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(title_zh="") | ~Q(title_en=""), name="project_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self.localised("title_zh", "title_en")

    def get_absolute_url(self) -> str:
        return reverse("portfolio:project_detail", args=[self.code])


class BaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECTIFICATION = "rectification", _("Under rectification")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Base(BilingualNameMixin, SearchableMixin):
    """A designation: an institution recognised as a base of some kind for a period."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=BaseKind.choices)
    application = models.OneToOneField(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="base",
        null=True,
        blank=True,
    )
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="bases",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bases",
    )
    field = models.CharField(_("field"), max_length=30, choices=PriorityField.choices, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=20, choices=BaseStatus.choices, default=BaseStatus.ACTIVE
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sort_zh = PinyinSortField()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_zh"])

    search_fields = ("code", "name_zh", "name_en")
    objects = PortfolioQuerySet.as_manager()

    class Meta:
        verbose_name = _("base")
        verbose_name_plural = _("bases")
        ordering = ["-code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gt=models.F("valid_from")), name="base_valid_to_after_from"
            ),
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""), name="base_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:base_detail", args=[self.code])
