"""The registry: who the office cooperates with, and on what terms."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hezuo.core.bilingual import BilingualNameMixin, PinyinSortField
from hezuo.core.scoping import (
    OwnedQuerySet,
    PublicQuerySet,
    SignedInQuerySet,
    scope_for,
)
from hezuo.core.search import SearchableMixin, SearchQuerySet, search_text_of

from .provinces import PROVINCE_CHOICES, PROVINCE_NAMES_EN, PROVINCE_NAMES_ZH

_PUNCT = re.compile(r"[\s\-_.,;:'\"()（）·&/]+")


def normalise_name(value: str) -> str:
    """Key for matching organisation names: width-folded, lower-cased, punctuation removed."""
    value = unicodedata.normalize("NFKC", value or "").lower()
    value = value.replace(" the ", " ").removeprefix("the ")
    return _PUNCT.sub("", value)


# --- countries --------------------------------------------------------------------------------


class DevelopmentGroup(models.TextChoices):
    DEVELOPED = "developed", _("Developed")
    EMERGING = "emerging", _("Emerging")
    DEVELOPING = "developing", _("Developing")


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")
    ANTARCTICA = "antarctica", _("Antarctica")


class CountryQuerySet(PublicQuerySet, SearchQuerySet):
    def partners(self):
        """Countries the office cooperates with: a party to an agreement or a mechanism, or home to
        a foreign partner organisation. The home country is never its own partner."""
        return (
            self.filter(
                Q(agreements__isnull=False)
                | Q(mechanisms__isnull=False)
                | Q(organisations__isnull=False)
            )
            .exclude(iso2=settings.HOME_COUNTRY)
            .distinct()
        )


class Grouping(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), blank=True)
    as_of = models.CharField(_("as of"), max_length=20, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Country(BilingualNameMixin, SearchableMixin):
    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    official_name_en = models.CharField(_("official name (English)"), max_length=200, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    development_group = models.CharField(
        _("development group"), max_length=20, choices=DevelopmentGroup.choices, blank=True
    )
    groupings = models.ManyToManyField(
        Grouping, verbose_name=_("groupings"), related_name="countries", blank=True
    )
    sort_zh = PinyinSortField()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_zh"])

    search_fields = ("iso2", "iso3", "name_zh", "name_en", "official_name_en", "aliases")
    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["iso2"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:country_detail", args=[self.iso2])

    @property
    def is_home(self) -> bool:
        return self.iso2 == settings.HOME_COUNTRY


# --- organisations ----------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT = "government", _("Government body")
    IGO = "igo", _("Intergovernmental organisation")
    INGO = "ingo", _("International NGO")
    SOCIETY = "society", _("S&T society")
    OTHER = "other", _("Other")


class OrganisationFlag(models.TextChoices):
    NATIONAL_KEY_LAB = "national_key_lab", _("National key laboratory")
    ENGINEERING_CENTRE = "engineering_centre", _("National engineering research centre")
    HIGH_TECH_ENTERPRISE = "high_tech_enterprise", _("High-tech enterprise")
    DOUBLE_FIRST_CLASS = "double_first_class", _("Double First-Class university")
    INTERGOV_PROJECT_EXECUTOR = "intergov_executor", _("Executes intergovernmental projects")


ORGANISATION_FLAGS = frozenset(OrganisationFlag.values)

USCC_VALIDATOR = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    _(
        "A unified social credit code has 18 characters: digits and capital letters "
        "(no I, O, Z, S, V)."
    ),
)
ROR_VALIDATOR = RegexValidator(
    r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$",
    _("A ROR id has nine characters, like 034t30j35."),
)


class OrganisationQuerySet(SignedInQuerySet, SearchQuerySet):
    pass


class Organisation(BilingualNameMixin, SearchableMixin):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    ror_id = models.CharField(
        _("ROR id"), max_length=9, blank=True, validators=[ROR_VALIDATOR], db_index=True
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[USCC_VALIDATOR],
        db_index=True,
    )
    flags = models.JSONField(_("flags"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    name_key = models.CharField(max_length=300, editable=False, db_index=True, blank=True)
    sort_zh = PinyinSortField()
    history = HistoricalRecords(excluded_fields=["search_text", "name_key", "sort_zh"])

    search_fields = ("name_zh", "name_en", "acronym", "aliases", "ror_id", "uscc")
    objects = OrganisationQuerySet.as_manager()

    @classmethod
    def search_preferred(cls) -> Q:
        # The office works mostly with domestic institutions: 科学院 finds 中国科学院 first.
        return Q(country__iso2=settings.HOME_COUNTRY)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""), name="organisation_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if not self.name_zh and not self.name_en:
            errors["name_zh"] = _("Give the name in Chinese, in English, or both.")
        if self.province and self.country_id and self.country.iso2 != settings.HOME_COUNTRY:
            errors["province"] = _("A province is only given for domestic organisations.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot be its own parent.")
        unknown = set(self.flags or []) - ORGANISATION_FLAGS
        if unknown:
            errors["flags"] = _("Unknown flags: %(flags)s") % {"flags": ", ".join(sorted(unknown))}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name_en or self.name_zh)
        super().save(*args, **kwargs)

    @property
    def province_name(self) -> str:
        if not self.province:
            return ""
        names = PROVINCE_NAMES_EN if (get_language() or "").startswith("en") else PROVINCE_NAMES_ZH
        return names.get(self.province, "")

    @property
    def is_domestic(self) -> bool:
        return bool(self.country_id) and self.country.iso2 == settings.HOME_COUNTRY


# --- people -----------------------------------------------------------------------------------


class PersonQuerySet(SearchQuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.reads_all:
            return self.all()
        cond = Q(owner_unit_id__in=scope.unit_ids) if scope.has_units else Q(pk__in=[])
        if scope.person_id:
            cond |= Q(pk=scope.person_id)
        return self.filter(cond) if scope.authenticated else self.none()


ORCID_VALIDATOR = RegexValidator(
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", _("An ORCID iD looks like 0000-0002-1825-0097.")
)


def orcid_checksum_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


class Person(BilingualNameMixin, SearchableMixin):
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        on_delete=models.PROTECT,
        related_name="nationals",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[ORCID_VALIDATOR])
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    is_expert = models.BooleanField(_("expert"), default=False)
    is_officeholder = models.BooleanField(
        _("holds a post in an international organisation"), default=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    owner_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sort_zh = PinyinSortField()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_zh"])

    search_fields = ("name_zh", "name_en", "email", "orcid", "keywords", "disciplines")
    name_fields = ("name_zh", "name_en", "email", "orcid")
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""), name="person_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if not self.name_zh and not self.name_en:
            errors["name_zh"] = _("Give the name in Chinese, in English, or both.")
        if (
            self.orcid
            and ORCID_VALIDATOR.regex.match(self.orcid)
            and not orcid_checksum_ok(self.orcid)
        ):
            errors["orcid"] = _("This ORCID iD fails its checksum.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_foreign(self) -> bool:
        return bool(self.nationality_id) and self.nationality.iso2 != settings.HOME_COUNTRY


class Affiliation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="affiliation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})


# --- agreements and mechanisms ------------------------------------------------------------------


class AgreementKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental S&T agreement")
    MOU = "mou", _("Memorandum of understanding")
    INSTITUTIONAL = "institutional", _("Institutional agreement")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class AgreementQuerySet(SearchQuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if not scope.authenticated:
            return self.none()
        if scope.reads_all:
            return self.all()
        # Intergovernmental agreements are public knowledge to every signed-in user; others
        # belong to the unit that keeps them.
        cond = Q(kind=AgreementKind.INTERGOVERNMENTAL)
        if scope.has_units:
            cond |= Q(owner_unit_id__in=scope.unit_ids)
        return self.filter(cond)


class Agreement(BilingualNameMixin, SearchableMixin):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.IN_FORCE,
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("party countries"), related_name="agreements", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("party organisations"), related_name="agreements", blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    ip_arrangement = models.TextField(_("intellectual property arrangement"), blank=True)
    commits_technology = models.TextField(_("foreign side commits: technology"), blank=True)
    commits_people = models.TextField(_("foreign side commits: people"), blank=True)
    commits_equipment = models.TextField(_("foreign side commits: equipment"), blank=True)
    commits_money = models.DecimalField(
        _("foreign side commits: money (10k CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    owner_unit = models.ForeignKey(
        "core.Unit", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    sort_zh = PinyinSortField(source=("title_zh", "title_en"))
    history = HistoricalRecords(
        excluded_fields=["search_text", "sort_zh"], m2m_fields=[countries, organisations]
    )

    search_fields = ("code", "title_zh", "title_en")
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.localised("title_zh", "title_en")

    def get_absolute_url(self) -> str:
        return reverse("registry:agreement_detail", args=[self.pk])

    def in_force_on(self, day) -> bool:
        """In force on `day`: its status says so and `day` lies within its validity."""
        return (
            self.status == AgreementStatus.IN_FORCE
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )

    def binds(self, organisation=None, country=None) -> bool:
        """Whether the organisation (when given) is among its parties; for a partner known only
        by name, whether its country is (as a party, or an organisation's country)."""
        if organisation is not None:
            return self.organisations.filter(pk=organisation.pk).exists()
        if country is None:
            return False
        return (
            self.countries.filter(pk=country.pk).exists()
            or self.organisations.filter(country=country).exists()
        )

    def clean(self) -> None:
        errors = {}
        if not self.title_zh and not self.title_en:
            errors["title_zh"] = _("Give the title in Chinese, in English, or both.")
        until_errors = []
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            until_errors.append(_("The end of validity is before its start."))
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            until_errors.append(_("The end of validity is before the signing date."))
        if until_errors:
            errors["valid_until"] = until_errors
        if errors:
            raise ValidationError(errors)


def agreement_document_path(instance, filename: str) -> str:
    from hezuo.core.uploads import safe_storage_name

    return f"agreements/{instance.agreement_id}/{safe_storage_name(filename)}"


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=agreement_document_path, max_length=300)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title


class MechanismKind(models.TextChoices):
    JOINT_COMMITTEE = "joint_committee", _("Joint committee")
    HIGH_LEVEL_DIALOGUE = "high_level_dialogue", _("High-level dialogue")
    INNOVATION_DIALOGUE = "innovation_dialogue", _("Innovation dialogue")
    FORUM = "forum", _("Forum")


class MechanismQuerySet(SignedInQuerySet, SearchQuerySet):
    pass


class Mechanism(BilingualNameMixin, SearchableMixin):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=MechanismKind.choices)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), related_name="mechanisms", blank=True
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mechanisms",
    )
    established = models.PositiveSmallIntegerField(_("established (year)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    sort_zh = PinyinSortField()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_zh"], m2m_fields=[countries])

    search_fields = ("name_zh", "name_en")
    objects = MechanismQuerySet.as_manager()

    class Meta:
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""), name="mechanism_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:mechanism_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.name_zh and not self.name_en:
            raise ValidationError({"name_zh": _("Give the name in Chinese, in English, or both.")})


class MechanismMeeting(models.Model):
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="meetings")
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.date:%Y-%m-%d}"


# --- posts in international organisations and the reserve pool ----------------------------------


class PostLevel(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    EXECUTIVE = "executive", _("Executive")
    MEMBER = "member", _("Member")


KEY_POST_LEVELS = (PostLevel.PRESIDENT, PostLevel.VICE_PRESIDENT, PostLevel.EXECUTIVE)


class PostQuerySet(OwnedQuerySet, SearchQuerySet):
    def key(self):
        return self.filter(level__in=KEY_POST_LEVELS)

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=on))


class Post(SearchableMixin):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="posts"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("international organisation"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    level = models.CharField(_("level"), max_length=20, choices=PostLevel.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("recommending body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="post_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_level_display()} · {self.organisation}"

    def build_search_text(self) -> str:
        names = []
        if self.person_id:
            names += [self.person.name_zh, self.person.name_en]
        if self.organisation_id:
            org = self.organisation
            names += [org.name_zh, org.name_en, org.acronym]
        return search_text_of(names, [self.title])

    def get_absolute_url(self) -> str:
        return reverse("registry:post_detail", args=[self.pk])

    @property
    def is_key(self) -> bool:
        return self.level in KEY_POST_LEVELS

    def clean(self) -> None:
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("The term ends before it starts.")
        if self.organisation_id and self.organisation.kind not in (
            OrganisationKind.IGO,
            OrganisationKind.INGO,
        ):
            errors["organisation"] = _("A post is held in an international organisation.")
        if errors:
            raise ValidationError(errors)


class CandidacyStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    IN_TRAINING = "in_training", _("In training")
    READY = "ready", _("Ready")
    APPOINTED = "appointed", _("Appointed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CandidacyQuerySet(OwnedQuerySet, SearchQuerySet):
    pass


class Candidacy(SearchableMixin):
    """A place in the reserve pool: someone prepared for a post in an international body."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="candidacies"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("target organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
        null=True,
        blank=True,
    )
    target_level = models.CharField(
        _("target level"), max_length=20, choices=PostLevel.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidacyStatus.choices,
        default=CandidacyStatus.NOMINATED,
    )
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    owner_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("recommending body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("reserve pool")
        ordering = ["-nominated_on"]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation or '—'}"

    def build_search_text(self) -> str:
        names = []
        if self.person_id:
            names += [self.person.name_zh, self.person.name_en]
        if self.organisation_id:
            org = self.organisation
            names += [org.name_zh, org.name_en, org.acronym]
        return search_text_of(names, [self.notes])

    def get_absolute_url(self) -> str:
        return reverse("registry:candidacy_detail", args=[self.pk])
