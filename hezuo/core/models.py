"""Users, units and their roles, API tokens, and background jobs with progress."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import source_text


class Role(models.TextChoices):
    # "role" context: "Applicant" the role (申报单位用户) is not "Applicant" the institution.
    OFFICE_ADMIN = "office_admin", pgettext_lazy("role", "Office administrator")
    OFFICE_STAFF = "office_staff", pgettext_lazy("role", "Office staff")
    RECOMMENDER = "recommender", pgettext_lazy("role", "Recommender")
    APPLICANT = "applicant", pgettext_lazy("role", "Applicant")
    REVIEWER = "reviewer", pgettext_lazy("role", "Reviewer")
    VIEWER = "viewer", pgettext_lazy("role", "Viewer")


OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})
# Roles that read every registry record (leadership reads; office staff keep the registry).
READ_ALL_ROLES = OFFICE_ROLES | {Role.VIEWER}
# Roles that keep their own units' records (people, institutional agreements, posts, ...).
UNIT_KEEPER_ROLES = frozenset({Role.RECOMMENDER, Role.APPLICANT})


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Programme office")
    RECOMMENDER = "recommender", _("Recommending unit")
    INSTITUTION = "institution", _("Institution")
    EXPERT_GROUP = "expert_group", _("Expert group")


class Unit(models.Model):
    """An organisational unit a user acts for. Institutions hang under a recommending unit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_zh


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ApiToken(models.Model):
    """Bearer token for machine clients. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple[ApiToken, str]:
        raw = "hz_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=cls.hash(raw))
        return token, raw


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A long piece of work (an import, an export) whose progress users can watch."""

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    # Title and message are stored as their untranslated source text with the facts they name,
    # and read in the reader's language (`title_text`, `message_text`), not the starter's.
    title_args = models.JSONField(default=dict, blank=True)
    message_args = models.JSONField(default=dict, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title_text

    @staticmethod
    def describe(text, **args) -> tuple[str, dict]:
        """(source text, facts) to store: a lazy text's source, and each lazy fact as its
        source too ({"msgid": ...}), so both read in whoever's language later."""

        stored = {
            k: {"msgid": source_text(v)} if isinstance(v, Promise) else v for k, v in args.items()
        }
        return source_text(text), stored

    @staticmethod
    def render(text: str, args: dict) -> str:
        facts = {k: gettext(v["msgid"]) if isinstance(v, dict) else v for k, v in args.items()}
        try:
            return gettext(text) % facts if facts else gettext(text)
        except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a placeholder
            return text % facts if facts else text

    @property
    def title_text(self) -> str:
        return self.render(self.title, self.title_args)

    @property
    def message_text(self) -> str:
        return self.render(self.message, self.message_args)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    # Progress is written with UPDATE on the row, not save(): the work itself runs in its own
    # transaction, and the page polling the job must see progress while it runs.
    def report(self, done: int, total: int, message, **args) -> None:
        message, args = self.describe(message, **args)
        Job.objects.filter(pk=self.pk).update(
            status=JobStatus.RUNNING,
            done=min(done, total),
            total=total,
            message=message,
            message_args=args,
        )

    def finish(
        self, status: str, message, result: dict, done: int | None = None, args: dict | None = None
    ) -> None:
        """End the job; `done` (when given) is also the total, else done is capped at the total.
        `message` is best a lazy text with `args` the facts it names."""
        message, stored = self.describe(message, **(args or {}))
        updates = {
            "status": status,
            "message": message,
            "message_args": stored,
            "result": result,
            "finished": timezone.now(),
        }
        if done is not None:
            updates["done"] = updates["total"] = done
        Job.objects.filter(pk=self.pk).update(**updates)
        if done is None:
            Job.objects.filter(pk=self.pk, done__gt=models.F("total")).update(
                done=models.F("total")
            )


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification for one person (e-mail goes out beside it; see
    `hezuo.core.workflow.notify`)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title
