"""Calls: list, read, create and configure; recommendation and results per call."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from hezuo.core.api import (
    LIST_ERRORS,
    MAX_LIMIT,
    READ_ERRORS,
    WRITE_ERRORS,
    ObjectIn,
    Pagination,
    filter_params,
    filtered_queryset,
    ordering_query,
    partial,
    search_query,
)
from hezuo.core.api_auth import ANYONE, PUBLIC
from hezuo.core.models import Unit

from .. import filters, services
from .. import models as m
from ..access import reach_for
from .common import (
    ACTION_ERRORS,
    CALLS,
    ApplicationDetailOut,
    ApplicationOut,
    CallDetailOut,
    CallEditIn,
    CallIn,
    CallOut,
    CreateApplicationIn,
    CriterionOut,
    MonitorOut,
    QuotaIn,
    QuotaOut,
    RankIn,
    RubricOut,
    _call_by_code,
    _detail,
    _run,
    _unknown,
)

router = Router(tags=["calls"])
_CallParams = filter_params(filters.CallFilter)


@router.get(
    "/",
    response={200: list[CallOut], **LIST_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="list_calls",
    summary="List calls",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_calls(
    request,
    filters: Query[_CallParams],
    q: str = search_query("Search codes and titles, Chinese or English."),
    ordering: str = ordering_query(CALLS.ordering),
):
    """Announced calls are public; drafts are the office's."""
    return filtered_queryset(request, CALLS, q, ordering)


@router.post(
    "/",
    response={201: CallDetailOut, **WRITE_ERRORS},
    operation_id="create_call",
    summary="Create a call (office)",
)
def create_call(request, payload: CallIn):
    data = payload.model_dump()
    office_codes = data.pop("approving_offices")
    template = data.pop("template")
    programme = m.Programme.objects.filter(code=data["programme"]).first()
    if programme is None:
        raise ValidationError({"programme": [_unknown(m.Programme, data["programme"])]})
    data["programme"] = programme
    offices = list(Unit.objects.filter(code__in=office_codes))
    if len(offices) != len(set(office_codes)):
        raise ValidationError({"approving_offices": [_unknown(Unit, ", ".join(office_codes))]})
    call = services.create_call(request.auth_user, data, offices, template)
    return Status(201, _call_detail(request, call))


def _call_detail(request, call: m.Call) -> m.Call:
    call = _call_by_code(request, call.code)
    reach = reach_for(request.auth_user)
    quotas = call.quotas.select_related("unit")
    if not reach.is_office:
        quotas = [q for q in quotas if q.unit_id in reach.recommender_units]
    call.quotas_out = [
        {"unit": q.unit, "limit": q.limit, "used": services.recommended_count(call, q.unit_id)}
        for q in quotas
    ]
    return call


@router.get(
    "/{code}/",
    response={200: CallDetailOut, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="get_call",
    summary="Get a call",
)
def get_call(request, code: str):
    return _call_detail(request, _call_by_code(request, code))


@router.patch(
    "/{code}/",
    response={200: CallDetailOut, **ACTION_ERRORS},
    operation_id="update_call",
    summary="Change a call (office)",
    description="Before announcement anything; after, only texts and dates.",
)
def update_call(request, code: str, payload: partial(CallEditIn)):  # type: ignore[valid-type]
    call = _call_by_code(request, code)
    data = payload.model_dump(exclude_unset=True)
    result = _run(services.update_call, request.auth_user, call, data)
    return result if isinstance(result, Status) else _call_detail(request, call)


@router.post(
    "/{code}/announce/",
    response={200: CallDetailOut, **ACTION_ERRORS},
    operation_id="announce_call",
    summary="Announce a call (office)",
)
def announce_call(request, code: str):
    call = _call_by_code(request, code)
    result = _run(services.announce_call, request.auth_user, call)
    return result if isinstance(result, Status) else _call_detail(request, call)


class CriterionIn(ObjectIn):
    code: str
    text_zh: str
    text_en: str = ""
    mode: m.CriterionMode
    rule: str = Field("", description="For an automatic criterion: " + ", ".join(m.AutoRule))
    evidence_required: bool = False


class TemplateIn(ObjectIn):
    template: Literal["key_institution", "base_designation", "joint_project"]


@router.post(
    "/{code}/template/",
    response={200: CallDetailOut, **ACTION_ERRORS},
    operation_id="apply_criteria_template",
    summary="Replace a draft call's criteria from a shipped template (office)",
)
def apply_template(request, code: str, payload: TemplateIn):
    call = _call_by_code(request, code)
    result = _run(services.apply_template, request.auth_user, call, payload.template)
    return result if isinstance(result, Status) else _call_detail(request, call)


@router.post(
    "/{code}/criteria/",
    response={201: CriterionOut, **ACTION_ERRORS},
    operation_id="add_criterion",
    summary="Add an eligibility criterion to a draft call (office)",
)
def add_criterion(request, code: str, payload: CriterionIn):
    call = _call_by_code(request, code)
    result = _run(services.add_criterion, request.auth_user, call, payload.model_dump())
    return result if isinstance(result, Status) else Status(201, result)


@router.delete(
    "/{code}/criteria/{criterion}/",
    response={204: None, **ACTION_ERRORS},
    operation_id="remove_criterion",
    summary="Remove an eligibility criterion from a draft call (office)",
)
def remove_criterion(request, code: str, criterion: str):
    found = get_object_or_404(_call_by_code(request, code).criteria, code=criterion)
    result = _run(services.remove_criterion, request.auth_user, found)
    return result if isinstance(result, Status) else Status(204, None)


@router.put(
    "/{code}/rubric/",
    response={200: list[RubricOut], **ACTION_ERRORS},
    operation_id="set_rubric",
    summary="Replace a draft call's review rubric (office); weights add up to 100",
)
def set_rubric(request, code: str, payload: list[RubricOut]):
    call = _call_by_code(request, code)
    rows = [row.model_dump() for row in payload]
    return _run(services.set_rubric, request.auth_user, call, rows)


@router.post(
    "/{code}/start-review/",
    response={200: list[ApplicationOut], **ACTION_ERRORS},
    operation_id="start_review_all",
    summary="Send every accepted application of a call to review (office)",
)
def start_review_all(request, code: str):
    return _run(services.start_review_all, request.auth_user, _call_by_code(request, code))


@router.put(
    "/{code}/quotas/{unit}/",
    response={200: QuotaOut, **ACTION_ERRORS},
    operation_id="set_quota",
    summary="Set a recommending unit's quota (office)",
)
def set_quota(request, code: str, unit: str, payload: QuotaIn):
    call = _call_by_code(request, code)
    target = get_object_or_404(Unit, code=unit)
    result = _run(services.set_quota, request.auth_user, call, target, payload.limit)
    if isinstance(result, Status):
        return result
    return {"unit": target, "limit": result.limit, "used": services.recommended_count(call, target)}


@router.post(
    "/{code}/applications/",
    response={201: ApplicationDetailOut, **ACTION_ERRORS},
    operation_id="create_application",
    summary="Start an application (applicant)",
)
def create_application(request, code: str, payload: CreateApplicationIn):
    call = _call_by_code(request, code)
    data = payload.model_dump()
    unit_code = data.pop("unit")
    unit = get_object_or_404(Unit, code=unit_code) if unit_code else None
    result = _run(services.create_application, request.auth_user, call, data, unit)
    return result if isinstance(result, Status) else Status(201, _detail(request, result))


@router.put(
    "/{code}/ranking/",
    response={200: list[ApplicationOut], **ACTION_ERRORS},
    operation_id="rank_applications",
    summary="Rank a recommending unit's applications (recommender)",
)
def rank(request, code: str, payload: RankIn):
    call = _call_by_code(request, code)
    visible = {
        a.pk: a
        for a in m.Application.objects.visible_to(request.auth_user).filter(
            call=call, pk__in=payload.order
        )
    }
    missing = [pk for pk in payload.order if pk not in visible]
    if missing:
        raise Http404
    ordered = [visible[pk] for pk in payload.order]
    return _run(services.rank, request.auth_user, call, ordered)


@router.post(
    "/{code}/publish/",
    response={200: list[ApplicationOut], **ACTION_ERRORS},
    operation_id="publish_results",
    summary="Publish every final decision of a call (office)",
)
def publish_results(request, code: str):
    return _run(services.publish_results, request.auth_user, _call_by_code(request, code))


@router.get(
    "/{code}/monitor/",
    response={200: MonitorOut, **READ_ERRORS},
    operation_id="call_monitor",
    summary="Counts of a call's applications (those the caller may see)",
)
def monitor(request, code: str):
    call = _call_by_code(request, code)
    qs = m.Application.objects.visible_to(request.auth_user).filter(call=call)
    states = dict(m.ApplicationState.choices)
    fields = dict(m.PriorityField.choices)
    by_state = qs.values("state").annotate(n=Count("pk")).order_by("-n", "state")
    by_unit = (
        qs.values("recommending_unit__code", "recommending_unit__name_zh")
        .annotate(n=Count("pk"))
        .order_by("-n", "recommending_unit__code")
    )
    by_field = qs.values("field").annotate(n=Count("pk")).order_by("-n", "field")
    by_country = (
        m.Partner.objects.filter(application__in=qs)
        .values("country__iso2", "country__name_en")
        .annotate(n=Count("application", distinct=True))
        .order_by("-n", "country__iso2")
    )
    return {
        "total": qs.count(),
        "by_state": [
            {"key": r["state"], "label": str(states[r["state"]]), "count": r["n"]} for r in by_state
        ],
        "by_recommending_unit": [
            {
                "key": r["recommending_unit__code"],
                "label": r["recommending_unit__name_zh"],
                "count": r["n"],
            }
            for r in by_unit
        ],
        "by_field": [
            {"key": r["field"], "label": str(fields.get(r["field"], "")), "count": r["n"]}
            for r in by_field
        ],
        "by_partner_country": [
            {"key": r["country__iso2"], "label": r["country__name_en"], "count": r["n"]}
            for r in by_country
        ],
    }
