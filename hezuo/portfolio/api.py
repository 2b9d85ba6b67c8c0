"""Funded projects and designated bases over REST, under `/api/v1/portfolio/`: a public
directory (anyone may read; changes come from the selection's publication)."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hezuo.core.api import (
    LIST_ERRORS,
    MAX_LIMIT,
    READ_ERRORS,
    Pagination,
    Resource,
    filter_params,
    filtered_queryset,
    get_visible,
    ordering_query,
    search_query,
)
from hezuo.core.api_auth import ANYONE, PUBLIC

from . import filters
from . import models as m


class ProjectOut(Schema):
    code: str
    title: str
    title_zh: str
    title_en: str
    institution: str
    call: str | None
    field: str
    countries: list[str] = Field(description="Partner countries, ISO alpha-2.")
    amount: Decimal | None = Field(description="10k CNY.")
    start: datetime.date | None
    end: datetime.date | None
    status: str

    @staticmethod
    def resolve_institution(obj):
        return obj.unit.code

    @staticmethod
    def resolve_call(obj):
        return obj.call.code if obj.call_id else None

    @staticmethod
    def resolve_countries(obj):
        return [c.iso2 for c in obj.countries.all()]


class BaseOut(Schema):
    code: str
    name: str
    name_zh: str
    name_en: str
    kind: str
    institution: str | None
    field: str
    valid_from: datetime.date
    valid_to: datetime.date
    status: str

    @staticmethod
    def resolve_institution(obj):
        return obj.unit.code if obj.unit_id else None


PROJECTS = Resource(
    path="projects",
    model=m.Project,
    out=ProjectOut,
    input=ProjectOut,
    filterset=filters.ProjectFilter,
    ordering={"code": "code", "start": "start", "amount": "amount"},
    default_ordering=("-code",),
    select_related=("unit", "call"),
    prefetch_related=("countries",),
)
BASES = Resource(
    path="bases",
    model=m.Base,
    out=BaseOut,
    input=BaseOut,
    filterset=filters.BaseFilter,
    ordering={"code": "code", "valid_from": "valid_from", "valid_to": "valid_to"},
    default_ordering=("-code",),
    select_related=("unit",),
)

router = Router(tags=["portfolio"])
_ProjectParams = filter_params(filters.ProjectFilter)
_BaseParams = filter_params(filters.BaseFilter)


@router.get(
    "/projects/",
    response={200: list[ProjectOut], **LIST_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="list_projects",
    summary="List funded projects",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_projects(
    request,
    filters: Query[_ProjectParams],
    q: str = search_query("Search codes and titles."),
    ordering: str = ordering_query(PROJECTS.ordering),
):
    return filtered_queryset(request, PROJECTS, q, ordering)


@router.get(
    "/projects/{code}/",
    response={200: ProjectOut, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="get_project",
    summary="Get a project",
)
def get_project(request, code: str):
    return get_visible(request, PROJECTS, code=code)


@router.get(
    "/bases/",
    response={200: list[BaseOut], **LIST_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="list_bases",
    summary="List designated bases",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_bases(
    request,
    filters: Query[_BaseParams],
    q: str = search_query("Search codes and names."),
    ordering: str = ordering_query(BASES.ordering),
):
    return filtered_queryset(request, BASES, q, ordering)


@router.get(
    "/bases/{code}/",
    response={200: BaseOut, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="get_base",
    summary="Get a base",
)
def get_base(request, code: str):
    return get_visible(request, BASES, code=code)
