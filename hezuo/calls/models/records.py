"""What an application is made of (partners, budget, attachments, eligibility answers), and what
the selection records about it (formal check, decision and signatures, events)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import Application, ApplicationState, BudgetSource, DecisionOutcome
from .calls import MONEY, AttachmentKind, EligibilityCriterion


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead foreign partner")
    PARTNER = "partner", _("Partner")


class Partner(models.Model):
    """A foreign partner of an application: an organisation from the registry, or a new one named
    here; its country, role and what it commits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation (registry)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("organisation (not in the registry)"), max_length=300, blank=True)
    country = models.ForeignKey(
        "registry.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    agreement = models.ForeignKey(
        "registry.Agreement",
        verbose_name=_("agreement (registry)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    ip_arrangement = models.TextField(_("intellectual property arrangement"), blank=True)
    commits_technology = models.TextField(_("commits: technology"), blank=True)
    commits_people = models.TextField(_("commits: people"), blank=True)
    commits_equipment = models.TextField(_("commits: equipment"), blank=True)
    commits_money = models.DecimalField(
        _("commits: money (10k CNY)"), null=True, blank=True, **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foreign partner")
        verbose_name_plural = _("foreign partners")
        ordering = ["application", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(name=""), name="partner_is_named"
            ),
            models.CheckConstraint(
                condition=Q(commits_money__isnull=True) | Q(commits_money__gte=0),
                name="partner_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.name

    def agreement_problem(self) -> str | None:
        """Why the linked registry agreement does not count for this partner (None: it does):
        the partner must be one of its parties, and it must be in force today."""
        if not self.agreement_id:
            return None
        agreement = self.agreement
        if not agreement.binds(self.organisation if self.organisation_id else None, self.country):
            return gettext("%(agreement)s is not signed with %(partner)s.") % {
                "agreement": agreement.code,
                "partner": self.display_name,
            }
        if not agreement.in_force_on(timezone.localdate()):
            return gettext("%(agreement)s is not in force.") % {"agreement": agreement.code}
        return None

    @property
    def has_agreement(self) -> bool:
        """A registry agreement that binds this partner and is in force, or a signing date the
        applicant declares (for an agreement not in the registry)."""
        if self.agreement_id:
            return self.agreement_problem() is None
        return bool(self.agreement_signed_on)

    def agreement_evidence(self) -> str:
        """What the rules checked, in words: which agreement, until when; or the declared date."""
        if self.agreement_id and self.agreement_problem() is None:
            until = self.agreement.valid_until
            return (
                gettext("%(agreement)s, in force until %(until)s")
                % {"agreement": self.agreement.code, "until": until.isoformat()}
                if until
                else gettext("%(agreement)s, in force") % {"agreement": self.agreement.code}
            )
        if self.agreement_signed_on:
            return gettext("declared signed on %(day)s, not in the registry") % {
                "day": self.agreement_signed_on.isoformat()
            }
        return ""

    @property
    def commits_anything(self) -> bool:
        return bool(
            self.commits_technology
            or self.commits_people
            or self.commits_equipment
            or (self.commits_money or 0) > 0
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.organisation_id and not self.name.strip():
            errors["name"] = gettext("Pick the organisation from the registry or name it.")
        if self.country_id and self.country.iso2 == settings.HOME_COUNTRY:
            errors["country"] = gettext("A foreign partner is in another country.")
        if (
            self.organisation_id
            and self.country_id
            and self.organisation.country_id
            and self.organisation.country_id != self.country_id
        ):
            errors["country"] = gettext("This is not the country of the organisation chosen.")
        if self.agreement_id and self.country_id and "country" not in errors:
            problem = self.agreement_problem()
            if problem and not self.agreement.binds(
                self.organisation if self.organisation_id else None, self.country
            ):
                errors["agreement"] = problem
        if errors:
            raise ValidationError(errors)


class BudgetItem(models.TextChoices):
    """The categories of the central funding rules for S&T projects (direct costs: equipment,
    business costs, labour; then expert consultation and indirect costs). Business costs may be
    given in one sum or by their parts."""

    EQUIPMENT = "equipment", pgettext_lazy("budget item", "Equipment")
    BUSINESS = "business", pgettext_lazy("budget item", "Business costs (not itemised)")
    MATERIALS = "materials", pgettext_lazy("budget item", "Materials")
    TESTING = "testing", pgettext_lazy("budget item", "Testing, analysis and processing")
    FUEL_POWER = "fuel_power", pgettext_lazy("budget item", "Fuel and power")
    PUBLICATION_IP = (
        "publication_ip",
        pgettext_lazy("budget item", "Publication, literature, information and IP"),
    )
    MEETINGS_TRAVEL = (
        "meetings_travel",
        pgettext_lazy("budget item", "Meetings, travel and international cooperation"),
    )
    LABOUR = "labour", pgettext_lazy("budget item", "Labour")
    EXPERT_CONSULTATION = "expert_consultation", pgettext_lazy("budget item", "Expert consultation")
    INDIRECT = "indirect", pgettext_lazy("budget item", "Indirect costs")
    OTHER = "other", pgettext_lazy("budget item", "Other costs")


# The parts of business costs (业务费), grouped under it in the form.
BUSINESS_PARTS = (
    BudgetItem.BUSINESS,
    BudgetItem.MATERIALS,
    BudgetItem.TESTING,
    BudgetItem.FUEL_POWER,
    BudgetItem.PUBLICATION_IP,
    BudgetItem.MEETINGS_TRAVEL,
)


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    source = models.CharField(_("source"), max_length=20, choices=BudgetSource.choices)
    # A category, or empty: a line not itemised (e.g. the foreign side's contribution).
    item = models.CharField(_("item"), max_length=40, choices=BudgetItem.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (10k CNY)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["application", "source", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.item_text}: {self.amount}"

    @property
    def item_text(self) -> str:
        """The category in the reader's language, and the note that goes with it."""
        return " · ".join(str(part) for part in (self.get_item_display(), self.note) if part)


def attachment_path(instance: Attachment, filename: str) -> str:
    from hezuo.core.uploads import safe_storage_name

    app = instance.application
    return f"calls/{app.call_id}/{app.pk}/{safe_storage_name(filename)}"


class Attachment(models.Model):
    """A file kept under MEDIA_ROOT (outside the web root), served only through a view that checks
    the application is visible to the user."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "kind", "pk"]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("calls:attachment_download", args=[self.application_id, self.pk])


class EligibilityAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        EligibilityCriterion, on_delete=models.CASCADE, related_name="answers"
    )
    declared = models.BooleanField(_("the applicant declares this condition is met"), default=False)
    statement = models.TextField(_("statement"), blank=True)
    evidence = models.ForeignKey(
        Attachment,
        verbose_name=_("evidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility answer")
        verbose_name_plural = _("eligibility answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="answer_unique_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'✓' if self.declared else '✗'}"


class FormalRule(models.TextChoices):
    """The formal check's fixed rules (their logic: `hezuo.calls.rules.FORMAL_RULES`)."""

    PARTNER_COUNTRY = "partner_country", _("Partner countries exist and are foreign")
    AGREEMENT = "agreement", _("A cooperation agreement is present")
    BUDGET = "budget", _("The budget adds up")
    ATTACHMENTS = "attachments", _("The required attachments are present")
    APPLICANT_TYPE = "applicant_type", _("The applicant is an eligible type")


class FormalCheckItem(models.Model):
    """One line of the office's formal check: what the rule found, and the staff's confirmation."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="check_items"
    )
    code = models.CharField(_("rule"), max_length=60)
    criterion = models.ForeignKey(
        EligibilityCriterion, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    auto_passed = models.BooleanField(_("passed automatically"))
    detail = models.TextField(_("finding"), blank=True)
    confirmed = models.BooleanField(_("confirmed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("formal check item")
        verbose_name_plural = _("formal check")
        ordering = ["application", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="check_item_unique"),
            models.CheckConstraint(
                condition=Q(confirmed__isnull=True) | Q(confirmed_at__isnull=False),
                name="check_item_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.criterion_id:
            return self.criterion.text
        return str(FormalRule(self.code).label) if self.code in FormalRule.values else self.code


class Decision(models.Model):
    """The proposed decision on an application, and its signatures. Final once every approving
    office of the call has signed."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    amount = models.DecimalField(_("amount (10k CNY)"), null=True, blank=True, **MONEY)
    score = models.DecimalField(_("score it rests on"), max_digits=6, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    final_at = models.DateTimeField(_("final"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome=DecisionOutcome.APPROVE) & Q(amount__isnull=False) & Q(amount__gt=0)
                )
                | (~Q(outcome=DecisionOutcome.APPROVE) & Q(amount__isnull=True)),
                name="decision_approval_has_amount",
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_final(self) -> bool:
        return self.final_at is not None


class Signature(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="signatures")
    office = models.ForeignKey(
        "core.Unit", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "office"], name="one_signature_per_office"),
            models.UniqueConstraint(fields=["decision", "signer"], name="one_signature_per_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.signer}"


class EventAction(models.TextChoices):
    CREATED = "created", _("created")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    RANKED = "ranked", _("ranked")
    RECOMMENDED = "recommended", _("recommended")
    RETURNED = "returned", _("returned for revision")
    CHECK_CONFIRMED = "check_confirmed", _("formal check confirmed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    REVIEW_STARTED = "review_started", _("sent to review")
    SCORED = "scored", _("scored")
    DECISION_PROPOSED = "decision_proposed", _("decision proposed")
    SIGNED = "signed", _("decision signed")
    DECIDED = "decided", _("decision final")
    PUBLISHED = "published", _("published")


class ApplicationEvent(models.Model):
    """The domain event log: workflow milestones, who, when, why (field-level changes live in the
    history tables)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30, choices=EventAction.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
