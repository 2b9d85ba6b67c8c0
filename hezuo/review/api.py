"""Expert review over REST, under `/api/v1/review/`, with the same rules as the pages.

Reads go through `visible_to(request.auth_user)`: the office reads the pool, the plans, the runs,
every invitation and review; an expert reads their own profile, invitations and reviews — never
another reviewer's identity, and other reviews' scores only anonymised, once their own is in
(`…/peers/`); applicants read the anonymised summary of their application once it is scored.

Answers: 404 when the record is outside the caller's reach (as if missing); 403 when they can read
it (or the call) but the action is not theirs; 422 for invalid input, naming the field; 409 for an
action that is not possible now (the message says why).
"""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hezuo.calls.models import Application, Call
from hezuo.core.api import (
    LIST_ERRORS,
    MAX_ID,
    MAX_LIMIT,
    READ_ERRORS,
    WRITE_ERRORS,
    ObjectIn,
    Pagination,
    RecordId,
    Resource,
    filter_params,
    filtered_queryset,
    get_visible,
    ordering_query,
    partial,
    search_query,
)
from hezuo.core.api_workflow import add_workflow_operations
from hezuo.core.scoping import scope_for
from hezuo.registry.models import Country, Organisation, Person

from . import aggregation, filters, services
from . import models as m
from .workflow import INVITATION

# One error shape for every change (see `hezuo.core.api`).
ACTION_ERRORS = WRITE_ERRORS


def _run(fn, *args, **kwargs):
    """Call a service; an illegal transition answers 409 with the reason."""
    try:
        return fn(*args, **kwargs)
    except services.TransitionError as exc:
        return Status(409, {"detail": " ".join(exc.messages), "problems": exc.messages})


def _office(request) -> None:
    if not services.is_office(request.auth_user):
        raise PermissionDenied(_("Only the programme office may do this."))


# --- schemas --------------------------------------------------------------------------------------


class ExpertOut(Schema):
    id: int
    person: int
    name: str
    organisation: int | None
    organisation_name: str
    country: str | None = Field(description="ISO alpha-2 of the country of work.")
    foreign: bool = Field(description="Foreign relative to the platform's home country.")
    disciplines: list[str]
    keywords_zh: list[str]
    keywords_en: list[str]
    expertise: str
    max_load: int
    available: bool
    unavailable_until: datetime.date | None

    @staticmethod
    def resolve_person(obj):
        return obj.person_id

    @staticmethod
    def resolve_name(obj):
        return str(obj.person)

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return str(obj.organisation) if obj.organisation_id else ""

    @staticmethod
    def resolve_country(obj):
        country = obj.work_country
        return country.iso2 if country else None

    @staticmethod
    def resolve_foreign(obj):
        return obj.is_foreign


class ExpertIn(ObjectIn):
    organisation: int | None = Field(None, description="Registry organisation id.")
    country: str | None = Field(None, description="ISO alpha-2; empty: the organisation's.")
    disciplines: list[str] = []
    keywords_zh: list[str] = []
    keywords_en: list[str] = []
    expertise: str = ""
    max_load: int = Field(5, ge=0, le=m.MAX_LOAD_LIMIT)
    available: bool = True
    unavailable_until: datetime.date | None = None


class NewExpertIn(ExpertIn):
    person: int = Field(description="Registry person id.")


class PlanIO(ObjectIn):
    reviewers_per_application: int = Field(3, ge=1, le=20)
    min_foreign: int = Field(0, ge=0)
    one_per_organisation: bool = True
    recommender_conflict: bool = False
    due: datetime.datetime | None = None
    score_method: m.ScoreMethod = m.ScoreMethod.MEAN
    disagreement: int = Field(20, ge=0, le=100)
    time_limit: int = Field(30, ge=1, le=600)


class ProposalOut(Schema):
    application: int
    expert: int
    expert_name: str
    affinity: float
    discipline: float
    text: float
    terms: list[tuple[str, float]] = Field(description="Shared terms and their contribution.")
    pinned: bool
    existing: bool

    @staticmethod
    def resolve_application(obj):
        return obj.application_id

    @staticmethod
    def resolve_expert(obj):
        return obj.expert_id

    @staticmethod
    def resolve_expert_name(obj):
        return str(obj.expert)


class RunOut(Schema):
    id: int
    call: str
    state: str
    k: int
    min_foreign: int
    one_per_organisation: bool
    applications: int
    experts: int
    objective: float | None = Field(description="Total affinity of the proposal.")
    upper_bound: float | None = Field(description="A proven bound on the best possible total.")
    gap: float | None = Field(description="(bound − objective) / bound.")
    seconds: float | None
    solver_status: str
    method: str
    diagnosis: list[str] = Field(description="Why no assignment is possible, naming applications.")
    short_applications: list[int] = Field(description="Ids of the applications named.")
    notes: list[str]
    message: str
    progress: int = Field(description="Percent done.")
    created: datetime.datetime
    finished: datetime.datetime | None
    proposals: list[ProposalOut]

    @staticmethod
    def resolve_call(obj):
        return obj.call.code

    @staticmethod
    def resolve_progress(obj):
        if obj.is_finished:
            return 100
        return obj.job.percent if obj.job_id else 0

    @staticmethod
    def resolve_proposals(obj):
        return list(obj.proposals.select_related("expert__person"))


class RuleIn(ObjectIn):
    kind: m.PairRuleKind
    note: str = ""


class RuleOut(Schema):
    id: int
    application: int
    expert: int
    kind: str
    note: str

    @staticmethod
    def resolve_application(obj):
        return obj.application_id

    @staticmethod
    def resolve_expert(obj):
        return obj.expert_id


class ExpertRefIn(ObjectIn):
    expert: int = Field(description="Expert id.", ge=1, le=MAX_ID)


class ConflictIn(ObjectIn):
    expert: int = Field(description="Expert id.", ge=1, le=MAX_ID)
    reason: str


class ConflictOut(Schema):
    id: int
    application: int
    expert: int
    source: str
    reason: str
    declared_at: datetime.datetime

    @staticmethod
    def resolve_application(obj):
        return obj.application_id

    @staticmethod
    def resolve_expert(obj):
        return obj.expert_id


class InvitationOut(Schema):
    id: int
    application: int
    number: str
    title: str
    call: str
    expert: int = Field(description="The expert (the caller themself, for an expert).")
    expert_name: str
    state: str
    due: datetime.datetime | None
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None
    affinity: float | None
    terms: list[tuple[str, float]]
    decline_reason: str
    cancel_reason: str
    suggested_replacement: int | None = Field(description="Office only.")
    actions: list[str] = Field(description="What the caller may do now (POST …/{action}/).")

    @staticmethod
    def resolve_application(obj):
        return obj.application_id

    @staticmethod
    def resolve_number(obj):
        return obj.application.number

    @staticmethod
    def resolve_title(obj):
        return obj.application.title

    @staticmethod
    def resolve_call(obj):
        return obj.application.call.code

    @staticmethod
    def resolve_expert(obj):
        return obj.expert_id

    @staticmethod
    def resolve_expert_name(obj):
        return str(obj.expert)

    @staticmethod
    def resolve_suggested_replacement(obj, context):
        user = context["request"].auth_user
        return obj.suggested_replacement_id if services.is_office(user) else None

    @staticmethod
    def resolve_actions(obj, context):
        user = context["request"].auth_user
        return [a.name for a in INVITATION.available(obj, user) if a.offered]


class ReviewOut(Schema):
    scores: dict[int, int] = Field(description="Criterion id → score.")
    recommendation: str
    confidence: int | None
    comments: str
    confidential: str
    total: Decimal | None
    submitted_at: datetime.datetime | None

    @staticmethod
    def resolve_scores(obj):
        return {s.criterion_id: s.score for s in obj.scores.all()}


class ReviewIn(ObjectIn):
    scores: dict[int, int] = Field({}, description="Criterion id → score (0 … the call's scale).")
    recommendation: m.Recommendation | None = None
    confidence: m.Confidence | None = None
    comments: str = ""
    confidential: str = ""
    submit: bool = Field(False, description="Submit (final) rather than save a draft.")


class ReasonIn(ObjectIn):
    reason: str = ""


class PeerOut(Schema):
    expert: str = Field(description="A pseudonym (Expert A, B, …).")
    mine: bool
    total: float
    recommendation: str


class SummaryRowOut(Schema):
    expert: str = Field(description="The expert's name for the office; a pseudonym otherwise.")
    total: float
    normalised: float | None
    recommendation: str


class SummaryOut(Schema):
    application: int
    number: str
    rank: int | None
    reviews: int
    pending: int
    mean: float | None
    trimmed: float | None
    normalised: float | None
    score: Decimal | None = Field(description="By the plan's method: the decision rests on it.")
    spread: float | None
    disagreement: list[str]
    rows: list[SummaryRowOut]


class PublicSummaryOut(Schema):
    score: Decimal | None
    reviews: int
    comments: list[dict[str, str]]


class AdoptOut(Schema):
    adopted: list[int]
    skipped: dict[int, str]


# --- resources ------------------------------------------------------------------------------------

EXPERTS = Resource(
    path="experts",
    model=m.ExpertProfile,
    out=ExpertOut,
    input=ExpertIn,
    filterset=filters.ExpertFilter,
    ordering={"name": "person__name_en", "max_load": "max_load", "updated": "updated"},
    default_ordering=("person__name_en",),
    select_related=("person__nationality", "organisation__country", "country"),
)
INVITATIONS = Resource(
    path="invitations",
    model=m.Invitation,
    out=InvitationOut,
    input=ReasonIn,
    filterset=filters.InvitationFilter,
    ordering={"invited_at": "invited_at", "due": "due"},
    default_ordering=("-invited_at",),
    select_related=("application__call", "expert__person"),
)


def _summary(s: aggregation.Summary, named: bool) -> dict:
    return {
        "application": s.application.pk,
        "number": s.application.number,
        "rank": s.rank,
        "reviews": s.n,
        "pending": s.pending,
        "mean": s.mean,
        "trimmed": s.trimmed,
        "normalised": s.normalised,
        "score": s.score,
        "spread": s.spread,
        "disagreement": s.disagreement,
        "rows": [
            {
                "expert": str(row.review.invitation.expert) if named else row.pseudonym,
                "total": row.total,
                "normalised": row.normalised,
                "recommendation": row.review.recommendation,
            }
            for row in s.rows
        ],
    }


def _resolve_expert_data(data: dict) -> dict:
    errors = {}
    if data.get("organisation") is not None:
        org = Organisation.objects.filter(pk=data["organisation"]).first()
        if org is None:
            errors["organisation"] = [
                _("Unknown organisation: %(v)s") % {"v": data["organisation"]}
            ]
        data["organisation"] = org
    if data.get("country"):
        country = Country.objects.filter(iso2=str(data["country"]).upper()).first()
        if country is None:
            errors["country"] = [_("Unknown country: %(v)s") % {"v": data["country"]}]
        data["country"] = country
    elif "country" in data:
        data["country"] = None
    if errors:
        raise ValidationError(errors)
    return data


def _call(request, code: str) -> Call:
    return get_object_or_404(Call.objects.visible_to(request.auth_user), code=code)


def _app(request, id: int) -> Application:
    return get_object_or_404(Application.objects.visible_to(request.auth_user), pk=id)


def _expert(id: int) -> m.ExpertProfile:
    expert = m.ExpertProfile.objects.filter(pk=id).first()
    if expert is None:
        raise ValidationError({"expert": [_("Unknown expert: %(v)s") % {"v": id}]})
    return expert


def _invitation(request, id: int) -> m.Invitation:
    return get_visible(request, INVITATIONS, pk=id)


# --- the router -----------------------------------------------------------------------------------

router = Router(tags=["review"])
_ExpertParams = filter_params(filters.ExpertFilter)
_InvitationParams = filter_params(filters.InvitationFilter)


@router.get(
    "/experts/",
    response={200: list[ExpertOut], **LIST_ERRORS},
    operation_id="list_experts",
    summary="List the expert pool (office; an expert: their own profile)",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_experts(
    request,
    filters: Query[_ExpertParams],
    q: str = search_query("Search names, organisations, keywords and disciplines."),
    ordering: str = ordering_query(EXPERTS.ordering),
):
    return filtered_queryset(request, EXPERTS, q, ordering)


@router.get(
    "/experts/me/",
    response={200: ExpertOut, **READ_ERRORS},
    operation_id="my_expert_profile",
    summary="My expert profile",
)
def my_profile(request):
    person_id = scope_for(request.auth_user).person_id
    return get_visible(request, EXPERTS, person_id=person_id or -1)


@router.get(
    "/experts/{int:id}/",
    response={200: ExpertOut, **READ_ERRORS},
    operation_id="get_expert",
    summary="Get an expert",
)
def get_expert(request, id: RecordId):
    return get_visible(request, EXPERTS, pk=id)


@router.post(
    "/experts/",
    response={201: ExpertOut, **ACTION_ERRORS},
    operation_id="create_expert",
    summary="Add a registry person to the expert pool (office)",
)
def create_expert(request, payload: NewExpertIn):
    _office(request)
    data = payload.model_dump()
    person_id = data.pop("person")
    person = Person.objects.visible_to(request.auth_user).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person": [_("Unknown person: %(v)s") % {"v": person_id}]})
    profile = services.create_profile(request.auth_user, person, _resolve_expert_data(data))
    return Status(201, get_visible(request, EXPERTS, pk=profile.pk))


@router.patch(
    "/experts/{int:id}/",
    response={200: ExpertOut, **ACTION_ERRORS},
    operation_id="update_expert",
    summary="Change a profile (office: any field; the expert: all but organisation and country)",
)
def update_expert(request, id: RecordId, payload: partial(ExpertIn)):  # type: ignore[valid-type]
    profile = get_visible(request, EXPERTS, pk=id)
    data = _resolve_expert_data(payload.model_dump(exclude_unset=True))
    services.update_profile(request.auth_user, profile, data)
    return get_visible(request, EXPERTS, pk=id)


@router.get(
    "/calls/{code}/plan/",
    response={200: PlanIO, **ACTION_ERRORS},
    operation_id="get_review_plan",
    summary="A call's review plan (office)",
)
def get_plan(request, code: str):
    call = _call(request, code)
    _office(request)
    return services.plan_for(call)


@router.put(
    "/calls/{code}/plan/",
    response={200: PlanIO, **ACTION_ERRORS},
    operation_id="set_review_plan",
    summary="Set a call's review plan (office)",
)
def set_plan(request, code: str, payload: PlanIO):
    call = _call(request, code)
    return _run(services.configure_review, request.auth_user, call, payload.model_dump())


@router.post(
    "/calls/{code}/runs/",
    response={202: RunOut, **ACTION_ERRORS},
    operation_id="start_assignment_run",
    summary="Run the assignment over the call's applications in review (office)",
    description="Runs in the background; poll the run until its state is no longer queued or "
    "running.",
)
def start_run(request, code: str):
    call = _call(request, code)
    result = _run(services.start_run, request.auth_user, call)
    if isinstance(result, Status):
        return result
    return Status(202, _get_run(request, result.pk))


def _get_run(request, id: int) -> m.AssignmentRun:
    return get_object_or_404(
        m.AssignmentRun.objects.visible_to(request.auth_user).select_related("call", "job"), pk=id
    )


@router.get(
    "/runs/{int:id}/",
    response={200: RunOut, **READ_ERRORS},
    operation_id="get_assignment_run",
    summary="An assignment run and its proposal (office)",
)
def get_run(request, id: RecordId):
    return _get_run(request, id)


@router.post(
    "/runs/{int:id}/send/",
    response={200: list[InvitationOut], **ACTION_ERRORS},
    operation_id="send_invitations",
    summary="Invite the experts of a run's proposal (office)",
)
def send_run(request, id: RecordId):
    result = _run(services.send_invitations, request.auth_user, _get_run(request, id))
    if isinstance(result, Status):
        return result
    return [_invitation(request, i.pk) for i in result]


@router.put(
    "/applications/{int:id}/rules/{int:expert}/",
    response={200: RuleOut, **ACTION_ERRORS},
    operation_id="set_pair_rule",
    summary="Pin or forbid an application × expert pair in later runs (office)",
)
def set_rule(request, id: RecordId, expert: RecordId, payload: RuleIn):
    app = _app(request, id)
    _office(request)
    return _run(
        services.set_pair_rule, request.auth_user, app, _expert(expert), payload.kind, payload.note
    )


@router.delete(
    "/applications/{int:id}/rules/{int:expert}/",
    response={204: None, **ACTION_ERRORS},
    operation_id="remove_pair_rule",
    summary="Remove a pin or a ban (office)",
)
def remove_rule(request, id: RecordId, expert: RecordId):
    app = _app(request, id)
    _office(request)
    rule = get_object_or_404(
        m.PairRule.objects.visible_to(request.auth_user), application=app, expert_id=expert
    )
    services.remove_pair_rule(request.auth_user, rule)
    return Status(204, None)


@router.post(
    "/applications/{int:id}/invitations/",
    response={201: InvitationOut, **ACTION_ERRORS},
    operation_id="invite_expert",
    summary="Invite an expert by hand (office); conflicted pairs are refused (422)",
)
def invite(request, id: RecordId, payload: ExpertRefIn):
    app = _app(request, id)
    _office(request)
    result = _run(services.invite, request.auth_user, app, _expert(payload.expert))
    if isinstance(result, Status):
        return result
    return Status(201, _invitation(request, result.pk))


@router.post(
    "/applications/{int:id}/conflicts/",
    response={201: ConflictOut, **ACTION_ERRORS},
    operation_id="record_conflict",
    summary="Record a conflict of interest (office)",
)
def record_conflict(request, id: RecordId, payload: ConflictIn):
    app = _app(request, id)
    _office(request)
    result = _run(
        services.office_conflict, request.auth_user, app, _expert(payload.expert), payload.reason
    )
    return result if isinstance(result, Status) else Status(201, result)


@router.get(
    "/applications/{int:id}/summary/",
    response={200: SummaryOut | PublicSummaryOut, **READ_ERRORS},
    operation_id="review_summary",
    summary="What an application's reviews add up to",
    description="The office: every review with its expert. Anyone else who can read the "
    "application: once it is scored, the score and the comments under pseudonyms.",
)
def summary(request, id: RecordId):
    app = _app(request, id)
    if services.is_office(request.auth_user):
        return _summary(aggregation.summary_of(app), named=True)
    if app.score is None:
        return {"score": None, "reviews": 0, "comments": []}
    return aggregation.public_summary(app)


@router.get(
    "/calls/{code}/ranking/",
    response={200: list[SummaryOut], **ACTION_ERRORS},
    operation_id="review_ranking",
    summary="A call's applications ranked by their review score (office)",
)
def ranking(request, code: str):
    call = _call(request, code)
    _office(request)
    return [_summary(s, named=True) for s in aggregation.summaries(call)]


@router.post(
    "/calls/{code}/adopt/",
    response={200: AdoptOut, **ACTION_ERRORS},
    operation_id="adopt_review_scores",
    summary="Adopt the review score of every application whose reviews are in (office)",
)
def adopt(request, code: str):
    call = _call(request, code)
    result = services.adopt_scores(request.auth_user, call)
    return {
        "adopted": [a.pk for a in result.adopted],
        "skipped": {a.pk: why for a, why in result.skipped},
    }


@router.get(
    "/invitations/",
    response={200: list[InvitationOut], **LIST_ERRORS},
    operation_id="list_invitations",
    summary="Invitations (office: all; an expert: their own)",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_invitations(
    request,
    filters: Query[_InvitationParams],
    ordering: str = ordering_query(INVITATIONS.ordering),
):
    return filtered_queryset(request, INVITATIONS, "", ordering)


@router.get(
    "/invitations/{int:id}/",
    response={200: InvitationOut, **READ_ERRORS},
    operation_id="get_invitation",
    summary="Get an invitation",
)
def get_invitation(request, id: RecordId):
    return _invitation(request, id)


@router.get(
    "/invitations/{int:id}/review/",
    response={200: ReviewOut, **READ_ERRORS},
    operation_id="get_review",
    summary="The review of an invitation (the expert's own; the office: any)",
)
def get_review(request, id: RecordId):
    invitation = _invitation(request, id)
    return get_object_or_404(m.Review.objects.visible_to(request.auth_user), invitation=invitation)


@router.put(
    "/invitations/{int:id}/review/",
    response={200: ReviewOut, **ACTION_ERRORS},
    operation_id="save_review",
    summary="Save or submit my review (the invited expert, once accepted)",
)
def save_review(request, id: RecordId, payload: ReviewIn):
    invitation = _invitation(request, id)
    data = payload.model_dump()
    scores, submit = data.pop("scores"), data.pop("submit")
    data = {k: v for k, v in data.items() if v is not None}
    return _run(services.save_review, request.auth_user, invitation, scores, data, submit)


@router.get(
    "/invitations/{int:id}/peers/",
    response={200: list[PeerOut], **READ_ERRORS},
    operation_id="peer_reviews",
    summary="The other reviews of the application, anonymised, once mine is submitted",
)
def peers(request, id: RecordId):
    return services.peer_reviews(request.auth_user, _invitation(request, id))


def _invitation_answer(request, invitation, result):
    # "replace" answers with the new invitation; the others with the one acted on.
    if isinstance(result, m.Invitation) and result.pk != invitation.pk:
        return _invitation(request, result.pk)
    return _invitation(request, invitation.pk)


add_workflow_operations(
    router,
    INVITATION,
    path="/invitations",
    find=lambda user, pk: m.Invitation.objects.visible_to(user).filter(pk=pk).first(),
    perform=lambda user, invitation, name, data: _run(
        services.perform, user, invitation, name, data
    ),
    answer=_invitation_answer,
    response={200: InvitationOut, **ACTION_ERRORS},
    operation_suffix="invitation",
)
