"""Expert review: the expert pool, each call's review plan, declared conflicts, assignment runs and
their proposals, invitations, and the reviews themselves.

Who sees what (every queryset through `visible_to(user)`):

- the programme office sees everything here: it assigns, so it knows who reviews what;
- an expert sees their own profile, their own invitations and reviews, and the conflicts they
  declared — never another reviewer's identity, and another review's scores only in anonymised
  form once their own is submitted (see `services.peer_reviews`);
- applicants, recommenders and leadership see none of these records: what they learn of a review
  is the anonymised summary `aggregation.public_summary` gives.

States are data the database protects: an invitation's state and the fields it needs (a declined
invitation has a reason and a date, a submitted review its total).
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hezuo.core.scoping import ScopedQuerySet, scope_for
from hezuo.core.search import SearchableMixin, SearchQuerySet

MAX_LOAD_LIMIT = 100


def _words(value, field: str, errors: dict) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[field] = gettext("A list of words is expected.")


def _office_only(qs, user):
    return qs.all() if scope_for(user).is_office else qs.none()


class OfficeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return _office_only(self, user)


# --- the expert pool ------------------------------------------------------------------------------


class ExpertQuerySet(SearchQuerySet):
    def visible_to(self, user):
        """The office (and leadership) read the whole pool; an expert reads their own profile."""
        scope = scope_for(user)
        if scope.reads_all:
            return self.all()
        if scope.person_id:
            return self.filter(person_id=scope.person_id)
        return self.none()

    def with_account(self):
        return self.filter(person__user__isnull=False, person__user__is_active=True)


class ExpertProfile(SearchableMixin):
    """A person's place in the expert pool: what they know, where they work, how much they take."""

    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="expert_profile",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        help_text=_("Where the expert works now; conflicts of interest are checked against it."),
    )
    country = models.ForeignKey(
        "registry.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where the expert works; empty: the organisation's country."),
    )
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    keywords_zh = models.JSONField(_("keywords (Chinese)"), default=list, blank=True)
    keywords_en = models.JSONField(_("keywords (English)"), default=list, blank=True)
    expertise = models.TextField(
        _("research interests"),
        blank=True,
        help_text=_("A few sentences, in Chinese or English: they are matched to applications."),
    )
    max_load = models.PositiveSmallIntegerField(
        _("most applications at once"),
        default=5,
        help_text=_("Invitations not yet answered or reviewed count against it."),
    )
    available = models.BooleanField(_("available"), default=True)
    unavailable_until = models.DateField(
        _("unavailable until"),
        null=True,
        blank=True,
        help_text=_("Away until this day (inclusive); empty: not away."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated"])

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("expert pool")
        ordering = ["person__name_en", "person__name_zh", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_load__lte=MAX_LOAD_LIMIT), name="expert_max_load_limit"
            )
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else gettext("Expert")

    def get_absolute_url(self) -> str:
        return reverse("review:expert_detail", args=[self.pk])

    def build_search_text(self) -> str:
        parts: list[str] = [self.expertise]
        if self.person_id:
            parts += [self.person.name_zh, self.person.name_en, self.person.email]
        if self.organisation_id:
            parts += [self.organisation.name_zh, self.organisation.name_en]
        for values in (self.disciplines, self.keywords_zh, self.keywords_en):
            parts += [str(v) for v in values or []]
        return unicodedata.normalize("NFKC", " ".join(p for p in parts if p)).lower()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("disciplines", "keywords_zh", "keywords_en"):
            _words(getattr(self, name), name, errors)
        if self.max_load is not None and self.max_load > MAX_LOAD_LIMIT:
            errors["max_load"] = gettext("At most %(n)d.") % {"n": MAX_LOAD_LIMIT}
        if errors:
            raise ValidationError(errors)

    @property
    def work_country(self):
        """Where the expert works: the country given, else the organisation's, else nationality."""
        if self.country_id:
            return self.country
        if self.organisation_id and self.organisation.country_id:
            return self.organisation.country
        if self.person_id and self.person.nationality_id:
            return self.person.nationality
        return None

    @property
    def is_foreign(self) -> bool:
        """Foreign relative to `settings.HOME_COUNTRY` (unknown countries count as domestic)."""
        country = self.work_country
        return country is not None and country.iso2 != settings.HOME_COUNTRY

    def get_is_foreign_display(self) -> str:
        # "expert" context: 境外/境内 here, not a budget's "foreign" source (外方投入).
        return str(
            pgettext("expert", "Foreign") if self.is_foreign else pgettext("expert", "Domestic")
        )

    def is_available(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.available and (self.unavailable_until is None or self.unavailable_until < on)

    @property
    def keywords(self) -> list[str]:
        return [*(self.keywords_zh or []), *(self.keywords_en or [])]

    @property
    def user(self):
        return self.person.user if self.person_id else None


# --- each call's review plan ----------------------------------------------------------------------


class ScoreMethod(models.TextChoices):
    MEAN = "mean", _("Mean of the reviews' weighted totals")
    TRIMMED = "trimmed", _("Trimmed mean (highest and lowest set aside from three reviews)")
    NORMALISED = "normalised", _("Mean after normalising each reviewer's scores (z-scores)")


class ReviewPlan(models.Model):
    """How a call's applications are reviewed: how many experts each, the diversity rules, which
    conflicts apply beyond the automatic ones, the deadline, and which score decides."""

    call = models.OneToOneField(
        "calls.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="review_plan"
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3
    )
    min_foreign = models.PositiveSmallIntegerField(
        _("at least this many foreign experts per application"), default=0
    )
    one_per_organisation = models.BooleanField(
        _("at most one reviewer per organisation per application"), default=True
    )
    recommender_conflict = models.BooleanField(
        _("experts under the same recommending unit are in conflict"),
        default=False,
        help_text=_(
            "Experts whose organisation belongs to the recommending unit of an application do "
            "not review it."
        ),
    )
    due = models.DateTimeField(_("reviews due"), null=True, blank=True)
    score_method = models.CharField(
        _("score the decision rests on"),
        max_length=20,
        choices=ScoreMethod.choices,
        default=ScoreMethod.MEAN,
    )
    disagreement = models.PositiveSmallIntegerField(
        _("flag disagreement above (points of 100)"),
        default=20,
        help_text=_("Reviews of one application further apart than this are flagged."),
    )
    time_limit = models.PositiveSmallIntegerField(_("solver time limit (seconds)"), default=30)
    history = HistoricalRecords()

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("review plan")
        verbose_name_plural = _("review plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1)
                & Q(reviewers_per_application__lte=20),
                name="plan_reviewers_1_20",
            ),
            models.CheckConstraint(
                condition=Q(min_foreign__lte=models.F("reviewers_per_application")),
                name="plan_foreign_within_k",
            ),
            models.CheckConstraint(
                condition=Q(time_limit__gte=1) & Q(time_limit__lte=600),
                name="plan_time_limit_1_600",
            ),
        ]

    def __str__(self) -> str:
        return str(self.call)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        k = self.reviewers_per_application or 0
        if not 1 <= k <= 20:
            errors["reviewers_per_application"] = gettext("Between 1 and 20.")
        if self.min_foreign and self.min_foreign > k:
            errors["min_foreign"] = gettext("Not more than the reviewers per application.")
        if self.time_limit is not None and not 1 <= self.time_limit <= 600:
            errors["time_limit"] = gettext("Between 1 and 600 seconds.")
        if self.disagreement is not None and self.disagreement > 100:
            errors["disagreement"] = gettext("At most 100.")
        if errors:
            raise ValidationError(errors)


# --- conflicts and the office's pins --------------------------------------------------------------


class ConflictSource(models.TextChoices):
    REVIEWER = "reviewer", _("Declared by the expert")
    OFFICE = "office", _("Declared by the office")


class ConflictQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office sees every declaration; an expert, their own."""
        scope = scope_for(user)
        if scope.is_office:
            return self.all()
        if scope.person_id:
            return self.filter(expert__person_id=scope.person_id)
        return self.none()


class Conflict(models.Model):
    """A declared conflict of interest (the automatic ones are computed: see `conflicts.py`)."""

    application = models.ForeignKey(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="conflicts"
    )
    source = models.CharField(_("declared by"), max_length=20, choices=ConflictSource.choices)
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    history = HistoricalRecords()

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["-declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="conflict_unique_pair"),
            models.CheckConstraint(condition=~Q(reason=""), name="conflict_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.application}"


class PairRuleKind(models.TextChoices):
    PIN = "pin", _("Pinned: always assign")
    FORBID = "forbid", _("Forbidden: never assign")


class PairRule(models.Model):
    """The office's word on one application × expert pair, which every later run obeys."""

    application = models.ForeignKey(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="review_pair_rules",
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("rule"), max_length=10, choices=PairRuleKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pinned or forbidden pair")
        verbose_name_plural = _("pinned and forbidden pairs")
        ordering = ["application", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="pair_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.expert} × {self.application}"


# --- assignment runs ------------------------------------------------------------------------------


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    PROPOSED = "proposed", _("Proposed, awaiting review")
    INFEASIBLE = "infeasible", _("No assignment possible")
    FAILED = "failed", _("Failed")
    SENT = "sent", _("Invitations sent")
    SUPERSEDED = "superseded", _("Superseded by a later run")


class AssignmentRun(models.Model):
    """One run of the solver over a call's applications in review and the available experts. The
    office reviews the proposal, pins or forbids pairs and re-runs, then sends the invitations."""

    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="assignment_runs",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RunState.choices, default=RunState.QUEUED
    )
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    k = models.PositiveSmallIntegerField(_("reviewers per application"))
    min_foreign = models.PositiveSmallIntegerField(_("foreign experts per application"))
    one_per_organisation = models.BooleanField(_("one reviewer per organisation"))
    applications = models.PositiveIntegerField(_("applications"), default=0)
    experts = models.PositiveIntegerField(_("experts"), default=0)
    objective = models.FloatField(_("total affinity"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    seconds = models.FloatField(_("solver time (s)"), null=True, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    method = models.CharField(_("method"), max_length=30, blank=True)
    diagnosis = models.JSONField(_("diagnosis"), default=list, blank=True)
    short_applications = models.JSONField(
        _("applications named by the diagnosis"), default=list, blank=True
    )
    notes = models.JSONField(_("notes"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=RunState.SENT) | Q(sent_at__isnull=False),
                name="run_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=(RunState.PROPOSED, RunState.SENT))
                | (Q(objective__isnull=False) & Q(finished__isnull=False)),
                name="run_proposed_has_objective",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Assignment run %(n)s") % {"n": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("review:run_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state not in (RunState.QUEUED, RunState.RUNNING)

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100 * self.gap


class Proposal(models.Model):
    """One proposed application × expert pair of a run, with the affinity that chose it."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="proposals")
    application = models.ForeignKey(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="+"
    )
    affinity = models.FloatField(_("affinity"))
    discipline = models.FloatField(_("discipline match"), default=0)
    text = models.FloatField(_("text similarity"), default=0)
    terms = models.JSONField(_("shared terms"), default=list, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    existing = models.BooleanField(_("already invited"), default=False)
    history = HistoricalRecords()

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        ordering = ["run", "application", "-affinity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "application", "expert"], name="proposal_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.application}"


# --- invitations and reviews ----------------------------------------------------------------------


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    SUBMITTED = "submitted", _("Review submitted")


I = InvitationState  # noqa: E741
OPEN_STATES = (I.INVITED, I.ACCEPTED)  # count against the expert's load
ACTIVE_STATES = (I.INVITED, I.ACCEPTED, I.SUBMITTED)  # the expert reviews this application
ASSIGNED_STATES = (I.ACCEPTED, I.SUBMITTED)  # the expert may read the application


class InvitationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office sees every invitation; an expert, their own (never anyone else's)."""
        scope = scope_for(user)
        if scope.is_office:
            return self.all()
        if scope.person_id:
            return self.filter(expert__person_id=scope.person_id)
        return self.none()

    def active(self):
        return self.filter(state__in=ACTIVE_STATES)

    def open(self):
        return self.filter(state__in=OPEN_STATES)


def assigned_application_ids(user):
    """The applications `user` reviews (invitation accepted or review submitted), as a subquery
    for `Application.objects.visible_to`."""
    scope = scope_for(user)
    if not scope.person_id:
        return None
    return Invitation.objects.filter(
        expert__person_id=scope.person_id, state__in=ASSIGNED_STATES
    ).values("application_id")


class Invitation(models.Model):
    """An expert asked to review one application. invited → accepted → submitted; invited or
    accepted → declined (by the expert, with a reason) or cancelled (by the office)."""

    application = models.ForeignKey(
        "calls.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="review_invitations",
    )
    expert = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    run = models.ForeignKey(
        AssignmentRun,
        verbose_name=_("assignment run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=InvitationState.choices, default=I.INVITED
    )
    due = models.DateTimeField(_("review due"), null=True, blank=True)
    affinity = models.FloatField(_("affinity"), null=True, blank=True)
    terms = models.JSONField(_("shared terms"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
    )
    suggested_replacement = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("suggested replacement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    suggested_affinity = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["application", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="invitation_unique"),
            models.CheckConstraint(
                condition=~Q(state=I.DECLINED)
                | (Q(responded_at__isnull=False) & ~Q(decline_reason="")),
                name="invitation_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=I.CANCELLED) | ~Q(cancel_reason=""),
                name="invitation_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=(I.ACCEPTED, I.SUBMITTED)) | Q(responded_at__isnull=False),
                name="invitation_accepted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["expert", "state"])]

    def __str__(self) -> str:
        return f"{self.expert} × {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("review:invitation_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_late(self, now=None) -> bool:
        return self.due is not None and (now or timezone.now()) >= self.due

    def is_expert(self, user) -> bool:
        person_id = scope_for(user).person_id
        return bool(person_id) and self.expert.person_id == person_id


class Recommendation(models.TextChoices):
    PRIORITY = "priority", _("Fund with priority")
    FUND = "fund", _("Fund")
    POSSIBLY = "possibly", _("Fund if money allows")
    DECLINE = "decline", _("Do not fund")


class Confidence(models.IntegerChoices):
    LOW = 1, _("Low: outside my field")
    MEDIUM = 2, _("Medium: near my field")
    HIGH = 3, _("High: my own field")


class ReviewQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office reads every review; an expert, their own. Applicants read only the
        anonymised summary (`aggregation.public_summary`), never these records."""
        scope = scope_for(user)
        if scope.is_office:
            return self.all()
        if scope.person_id:
            return self.filter(invitation__expert__person_id=scope.person_id)
        return self.none()

    def submitted(self):
        return self.filter(submitted_at__isnull=False, invitation__state=I.SUBMITTED)


class Review(models.Model):
    """An expert's review of one application, against the call's rubric."""

    invitation = models.OneToOneField(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="review"
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), choices=Confidence.choices, null=True, blank=True
    )
    comments = models.TextField(
        _("comments for the applicant"),
        blank=True,
        help_text=_("Shown to the applicant without your name."),
    )
    confidential = models.TextField(
        _("confidential comments for the office"),
        blank=True,
        help_text=_("Only the programme office reads these."),
    )
    total = models.DecimalField(
        _("weighted total (of 100)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["invitation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | (Q(total__isnull=False) & ~Q(recommendation="") & Q(confidence__isnull=False)),
                name="review_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | (Q(total__gte=0) & Q(total__lte=100)),
                name="review_total_0_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.invitation)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScoreQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """As the reviews they belong to."""
        return self.filter(review__in=Review.objects.visible_to(user).values("pk"))


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "calls.RubricCriterion",
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    history = HistoricalRecords()

    objects = ReviewScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["review", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
