"""What the calls API's modules share: error answers, schemas, resources and lookups."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from hezuo.core.api import (
    WRITE_ERRORS,
    ObjectIn,
    Resource,
    get_visible,
)
from hezuo.registry.models import Agreement, Country, Organisation

from .. import filters, services
from .. import models as m
from ..access import reach_for
from ..workflow import APPLICATION

# One error shape for every change (see `hezuo.core.api`): 409 lists what is still missing.
ACTION_ERRORS = WRITE_ERRORS


def _unknown(model, value) -> str:
    return _("Unknown %(kind)s: %(value)s") % {"kind": model._meta.verbose_name, "value": value}


def _run(fn, *args, **kwargs):
    """Call a service; an illegal transition answers 409 with the reason."""
    try:
        return fn(*args, **kwargs)
    except services.TransitionError as exc:
        messages = exc.messages
        return Status(409, {"detail": " ".join(messages), "problems": messages})


# --- schemas --------------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name_zh: str
    name_en: str


class CriterionOut(Schema):
    code: str
    text_zh: str
    text_en: str
    mode: str
    rule: str
    evidence_required: bool


class RubricOut(Schema):
    name_zh: str
    name_en: str
    weight: int


class QuotaOut(Schema):
    unit: UnitRef
    limit: int
    used: int = 0


class CallOut(Schema):
    code: str
    programme: str
    title: str
    title_zh: str
    title_en: str
    kind: str
    base_kind: str
    year: int
    status: str
    phase: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    recommend_by: datetime.datetime
    priority_fields: list[str]
    required_attachments: list[str]
    eligible_org_kinds: list[str]
    max_amount: Decimal | None = Field(description="10k CNY.")
    max_duration_months: int | None
    designation_years: int
    approving_offices: list[str] = Field(description="Unit codes; two means a joint decision.")

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.code

    @staticmethod
    def resolve_phase(obj):
        return obj.phase()

    @staticmethod
    def resolve_approving_offices(obj):
        return [u.code for u in obj.approving_offices.all()]


class CallDetailOut(CallOut):
    description_zh: str
    description_en: str
    rubric_scale: int
    criteria: list[CriterionOut]
    rubric: list[RubricOut]
    quotas: list[QuotaOut] = Field(description="Office: every unit's; a recommender: their own.")

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())

    @staticmethod
    def resolve_rubric(obj):
        return list(obj.rubric.all())

    @staticmethod
    def resolve_quotas(obj):
        return getattr(obj, "quotas_out", [])


class CallIn(ObjectIn):
    programme: str = Field(description="Programme code.")
    code: str
    title_zh: str
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    kind: m.CallKind
    base_kind: str = ""
    year: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    recommend_by: datetime.datetime
    priority_fields: list[str] = []
    required_attachments: list[str] = []
    eligible_org_kinds: list[str] = []
    max_amount: Decimal | None = None
    max_duration_months: int | None = None
    designation_years: int = 3
    rubric_scale: int = 5
    approving_offices: list[str] = Field(description="Codes of one or two office units.")
    template: Literal["key_institution", "base_designation", "joint_project"] | None = None


class CallEditIn(ObjectIn):
    """What a call's PATCH may change (see `partial`)."""

    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    recommend_by: datetime.datetime
    priority_fields: list[str]
    required_attachments: list[str]
    eligible_org_kinds: list[str]
    max_amount: Decimal | None = None  # optional fields need a default to be left out
    max_duration_months: int | None = None
    designation_years: int
    rubric_scale: int


class QuotaIn(ObjectIn):
    limit: int = Field(ge=0)


class RankIn(ObjectIn):
    order: list[int] = Field(description="Application ids, best first.")


class PartnerOut(Schema):
    id: int
    organisation: int | None = Field(description="Registry organisation id, if any.")
    name: str = Field(description="The organisation's name.")
    country: str = Field(description="ISO alpha-2.")
    role: str
    agreement: int | None
    agreement_signed_on: datetime.date | None
    ip_arrangement: str
    commits_technology: str
    commits_people: str
    commits_equipment: str
    commits_money: Decimal | None = Field(description="10k CNY.")

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_name(obj):
        return obj.display_name

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso2

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id


class PartnerIn(ObjectIn):
    organisation: int | None = Field(None, description="Registry organisation id.")
    name: str = Field("", description="Name, when the organisation is not in the registry.")
    country: str | None = Field(None, description="ISO alpha-2; defaults to the organisation's.")
    role: m.PartnerRole = m.PartnerRole.PARTNER
    agreement: int | None = Field(None, description="Registry agreement id.")
    agreement_signed_on: datetime.date | None = None
    ip_arrangement: str = ""
    commits_technology: str = ""
    commits_people: str = ""
    commits_equipment: str = ""
    commits_money: Decimal | None = None


class BudgetLineIO(ObjectIn):
    source: m.BudgetSource
    item: m.BudgetItem | Literal[""] = Field(
        "",
        description="Category of the central funding rules; empty: the line is not itemised.",
    )
    note: str = Field("", max_length=200, description="What the line is for, in words.")
    amount: Decimal = Field(description="10k CNY.", ge=0)


class AttachmentOut(Schema):
    id: int
    kind: str
    title: str
    file_name: str
    file_type: str
    size: int
    uploaded: datetime.datetime

    @staticmethod
    def resolve_file_name(obj):
        return obj.original_name


class AnswerOut(Schema):
    criterion: str
    declared: bool
    statement: str
    evidence: int | None

    @staticmethod
    def resolve_criterion(obj):
        return obj.criterion.code

    @staticmethod
    def resolve_evidence(obj):
        return obj.evidence_id


class AnswerIn(ObjectIn):
    declared: bool
    statement: str = ""
    evidence: int | None = Field(None, description="Id of an attachment of this application.")


class CheckItemOut(Schema):
    code: str
    label: str
    auto_passed: bool
    detail: str
    confirmed: bool | None
    note: str


class CheckIn(ObjectIn):
    passes: bool
    note: str = ""


class SignatureOut(Schema):
    office: str
    signer: str
    signed_at: datetime.datetime

    @staticmethod
    def resolve_office(obj):
        return obj.office.code

    @staticmethod
    def resolve_signer(obj):
        return obj.signer.username


class DecisionOut(Schema):
    outcome: str
    amount: Decimal | None
    score: Decimal
    note: str
    proposed_at: datetime.datetime
    final: bool
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_final(obj):
        return obj.is_final

    @staticmethod
    def resolve_signatures(obj):
        return list(obj.signatures.select_related("office", "signer"))


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    note: str
    at: datetime.datetime
    actor: str | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.username if obj.actor_id else None


class ApplicationOut(Schema):
    id: int
    number: str
    call: str
    title: str
    title_zh: str
    title_en: str
    applicant: UnitRef
    recommending_unit: UnitRef
    field: str
    keywords: list[str]
    state: str
    submitted_at: datetime.datetime | None
    unit_rank: int | None
    score: Decimal | None
    outcome: str
    awarded_amount: Decimal | None

    @staticmethod
    def resolve_call(obj):
        return obj.call.code

    @staticmethod
    def resolve_applicant(obj):
        return obj.applicant_unit


class ApplicationDetailOut(ApplicationOut):
    abstract_zh: str
    abstract_en: str
    disciplines: list[str]
    duration_months: int | None
    requested_amount: Decimal | None
    organisation: int | None
    return_reason: str
    rejection_reason: str
    recommendation_note: str
    budget_totals: dict[str, Decimal]
    partners: list[PartnerOut]
    budget: list[BudgetLineIO]
    attachments: list[AttachmentOut]
    answers: list[AnswerOut]
    actions: list[str] = Field(description="What the caller may do now (POST …/{action}/).")
    check: list[CheckItemOut] = Field(description="The formal check (office only).")
    decision: DecisionOut | None
    events: list[EventOut]

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_budget_totals(obj):
        return obj.budget_totals()

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.select_related("country", "organisation"))

    @staticmethod
    def resolve_budget(obj):
        return list(obj.budget_lines.all())

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all())

    @staticmethod
    def resolve_answers(obj):
        return list(obj.answers.select_related("criterion"))

    @staticmethod
    def resolve_decision(obj):
        return getattr(obj, "decision", None)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.select_related("actor"))


class ApplicationIn(ObjectIn):
    title_zh: str = ""
    title_en: str = ""
    abstract_zh: str = ""
    abstract_en: str = ""
    keywords: list[str] = []
    disciplines: list[str] = []
    field: str = ""
    duration_months: int | None = None
    requested_amount: Decimal | None = Field(None, description="Central funding, 10k CNY.")


class CreateApplicationIn(ApplicationIn):
    unit: str | None = Field(None, description="Institution code; your only one by default.")


class Count_(Schema):
    key: str
    label: str
    count: int


class MonitorOut(Schema):
    total: int
    by_state: list[Count_]
    by_recommending_unit: list[Count_]
    by_field: list[Count_]
    by_partner_country: list[Count_]


# --- resources ------------------------------------------------------------------------------------

CALLS = Resource(
    path="calls",
    model=m.Call,
    out=CallOut,
    input=CallIn,
    filterset=filters.CallFilter,
    ordering={"code": "code", "opens_at": "opens_at", "closes_at": "closes_at", "year": "year"},
    default_ordering=("-opens_at",),
    select_related=("programme",),
    prefetch_related=("approving_offices",),
)
APPLICATIONS = Resource(
    path="applications",
    model=m.Application,
    out=ApplicationOut,
    input=ApplicationIn,
    filterset=filters.ApplicationFilter,
    ordering={
        "number": "number",
        "created": "created",
        "submitted_at": "submitted_at",
        "unit_rank": "unit_rank",
        "score": "score",
    },
    default_ordering=("-created",),
    select_related=("call", "applicant_unit", "recommending_unit"),
)


def _app(request, id: int) -> m.Application:
    return get_visible(request, APPLICATIONS, pk=id)


def _call_by_code(request, code: str) -> m.Call:
    return get_visible(request, CALLS, code=code)


def _detail(request, app: m.Application) -> m.Application:
    """The application re-read, with what the caller may do now and (office only) the check."""
    app = _app(request, app.pk)
    user = request.auth_user
    app.actions = [a.name for a in APPLICATION.available(app, user) if a.offered]
    app.check = (
        [
            {
                "code": i.code,
                "label": i.label,
                "auto_passed": i.auto_passed,
                "detail": i.detail,
                "confirmed": i.confirmed,
                "note": i.note,
            }
            for i in app.check_items.select_related("criterion")
        ]
        if reach_for(user).is_office
        else []
    )
    return app


def _resolve_partner(request, payload: dict) -> dict:
    user = request.auth_user
    data = dict(payload)
    errors = {}
    if data.get("organisation") is not None:
        org = Organisation.objects.visible_to(user).filter(pk=data["organisation"]).first()
        if org is None:
            errors["organisation"] = [_unknown(Organisation, data["organisation"])]
        data["organisation"] = org
    if data.get("country"):
        country = Country.objects.filter(iso2=str(data["country"]).upper()).first()
        if country is None:
            errors["country"] = [_unknown(Country, data["country"])]
        data["country"] = country
    elif "country" in data:
        data.pop("country")
    if data.get("agreement") is not None:
        agreement = Agreement.objects.visible_to(user).filter(pk=data["agreement"]).first()
        if agreement is None:
            errors["agreement"] = [_unknown(Agreement, data["agreement"])]
        data["agreement"] = agreement
    if errors:
        raise ValidationError(errors)
    return data
