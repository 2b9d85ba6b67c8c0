"""The registry over REST: countries, organisations, people, agreements, mechanisms, posts and
the reserve pool, under `/api/v1/registry/`.

Reads go through `Model.objects.visible_to(request.auth_user)` and the same django-filter
FilterSets as the list pages and exports; writes go through `hezuo.core.services`. A record
outside the caller's scope is missing (404); one they can read but not change is forbidden (403).

References are readable both ways: countries by ISO alpha-2 code, units by code, organisations,
people and agreements by id (and shown with their names).
"""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time,
# and the handlers made in `mount` annotate with schemas local to it.

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hezuo.core.api import (
    LIST_ERRORS,
    MAX_LIMIT,
    READ_ERRORS,
    WRITE_ERRORS,
    NamedRef,
    ObjectIn,
    Pagination,
    Ref,
    Resource,
    _update,
    filter_params,
    filtered_queryset,
    get_visible,
    mount,
    ordering_query,
    partial,
    search_query,
)
from hezuo.core.api_auth import ANYONE, PUBLIC
from hezuo.core.models import Unit

from . import filters
from . import models as m


class CountryRef(Schema):
    iso2: str
    name: str
    name_zh: str
    name_en: str


class AgreementRef(Schema):
    id: int
    code: str
    title: str


COUNTRY = Ref(m.Country, "iso2", normalise=lambda v: str(v).strip().upper())
ORGANISATION = Ref(m.Organisation)
PERSON = Ref(m.Person)
AGREEMENT = Ref(m.Agreement)
GROUPING = Ref(m.Grouping, "code", scoped=False)
# Units are not secret; whether the caller may keep records for one is the policy's question.
UNIT = Ref(Unit, "code", scoped=False)


def _owner_unit(obj) -> str:
    return obj.owner_unit.code


# --- schemas --------------------------------------------------------------------------------------

ISO2 = "ISO 3166-1 alpha-2 code, e.g. FR."
UNIT_CODE = "Code of the unit that keeps the record; defaults to the caller's only unit."


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name: str
    name_zh: str
    name_en: str
    official_name_en: str
    aliases: list[str]
    region: str
    development_group: str
    groupings: list[str] = Field(description="Grouping codes, e.g. belt_and_road.")

    @staticmethod
    def resolve_groupings(obj):
        return [g.code for g in obj.groupings.all()]


class CountryIn(ObjectIn):
    name_zh: str
    name_en: str
    official_name_en: str = ""
    aliases: list[str] = []
    region: str = ""
    development_group: str = ""
    groupings: list[str] = Field([], description="Grouping codes.")


class OrganisationOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    aliases: list[str]
    acronym: str
    kind: str
    country: CountryRef | None
    province: str
    city: str
    parent: NamedRef | None
    ror_id: str
    uscc: str
    flags: list[str]
    website: str


class OrganisationIn(ObjectIn):
    name_zh: str = ""
    name_en: str = ""
    aliases: list[str] = []
    acronym: str = ""
    kind: m.OrganisationKind
    country: str | None = Field(None, description=ISO2)
    province: str = Field("", description="Province code (domestic organisations only).")
    city: str = ""
    parent: int | None = Field(None, description="Id of the parent organisation.")
    ror_id: str = ""
    uscc: str = Field("", description="Unified social credit code.")
    flags: list[str] = []
    website: str = ""


class PersonOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    nationality: CountryRef | None
    email: str
    orcid: str
    disciplines: list[str]
    keywords: list[str]
    is_expert: bool
    is_officeholder: bool
    owner_unit: str

    resolve_owner_unit = staticmethod(_owner_unit)


class PersonIn(ObjectIn):
    name_zh: str = ""
    name_en: str = ""
    nationality: str | None = Field(None, description=ISO2)
    email: str = ""
    orcid: str = Field("", description="ORCID iD, e.g. 0000-0002-1825-0097.")
    disciplines: list[str] = []
    keywords: list[str] = []
    is_expert: bool = False
    is_officeholder: bool = False
    owner_unit: str | None = Field(None, description=UNIT_CODE)


class AgreementOut(Schema):
    id: int
    code: str
    title: str
    title_zh: str
    title_en: str
    kind: str
    status: str
    countries: list[str] = Field(description="Party countries, ISO alpha-2 codes.")
    organisations: list[NamedRef]
    signed_on: datetime.date | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    ip_arrangement: str
    commits_technology: str
    commits_people: str
    commits_equipment: str
    commits_money: Decimal | None = Field(description="10k CNY.")
    owner_unit: str

    resolve_owner_unit = staticmethod(_owner_unit)

    @staticmethod
    def resolve_countries(obj):
        return [c.iso2 for c in obj.countries.all()]


class AgreementIn(ObjectIn):
    code: str
    title_zh: str = ""
    title_en: str = ""
    kind: m.AgreementKind
    status: m.AgreementStatus = m.AgreementStatus.IN_FORCE
    countries: list[str] = Field([], description="Party countries, ISO alpha-2 codes.")
    organisations: list[int] = Field([], description="Ids of the party organisations.")
    signed_on: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    ip_arrangement: str = ""
    commits_technology: str = ""
    commits_people: str = ""
    commits_equipment: str = ""
    commits_money: Decimal | None = Field(None, description="10k CNY.")
    owner_unit: str | None = Field(None, description=UNIT_CODE)


class MechanismOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    kind: str
    countries: list[str] = Field(description="ISO alpha-2 codes.")
    agreement: AgreementRef | None
    established: int | None
    active: bool

    @staticmethod
    def resolve_countries(obj):
        return [c.iso2 for c in obj.countries.all()]


class MechanismIn(ObjectIn):
    name_zh: str = ""
    name_en: str = ""
    kind: m.MechanismKind
    countries: list[str] = Field([], description="ISO alpha-2 codes.")
    agreement: int | None = Field(None, description="Id of the founding agreement.")
    established: int | None = Field(None, ge=1800, le=2200, description="Year.")
    active: bool = True


class PostOut(Schema):
    id: int
    person: NamedRef
    organisation: NamedRef
    level: str
    title: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    owner_unit: str

    resolve_owner_unit = staticmethod(_owner_unit)


class PostIn(ObjectIn):
    person: int = Field(description="Id of the person.")
    organisation: int = Field(description="Id of the international organisation.")
    level: m.PostLevel
    title: str = ""
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    owner_unit: str | None = Field(None, description=UNIT_CODE)


class CandidacyOut(Schema):
    id: int
    person: NamedRef
    organisation: NamedRef | None
    target_level: str
    status: str
    nominated_on: datetime.date | None
    notes: str
    owner_unit: str

    resolve_owner_unit = staticmethod(_owner_unit)


class CandidacyIn(ObjectIn):
    person: int = Field(description="Id of the person.")
    organisation: int | None = Field(None, description="Id of the target organisation.")
    target_level: str = ""
    status: m.CandidacyStatus = m.CandidacyStatus.NOMINATED
    nominated_on: datetime.date | None = None
    notes: str = ""
    owner_unit: str | None = Field(None, description=UNIT_CODE)


# --- one declaration per kind ---------------------------------------------------------------------


DIRECTORY = "A directory every signed-in user reads; the programme office keeps it."
UNIT_KEPT = (
    "Kept by a unit: the office and leadership read all; others read the records of their units "
    "and of the units beneath those they recommend for; recommenders and applicants change them."
)

COUNTRIES = Resource(
    path="countries",
    model=m.Country,
    out=CountryOut,
    input=CountryIn,
    filterset=filters.CountryFilter,
    ordering={"iso2": "iso2", "name_en": "name_en", "name_zh": "name_zh", "region": "region"},
    default_ordering=("iso2",),
    refs={"groupings": GROUPING},
    prefetch_related=("groupings",),
)

RESOURCES = [
    Resource(
        path="organisations",
        model=m.Organisation,
        out=OrganisationOut,
        input=OrganisationIn,
        filterset=filters.OrganisationFilter,
        ordering={
            "id": "pk",
            "name_en": "name_en",
            "name_zh": "name_zh",
            "kind": "kind",
            "country": "country__iso2",
            "province": "province",
        },
        default_ordering=("name_en", "name_zh"),
        refs={"country": COUNTRY, "parent": ORGANISATION},
        select_related=("country", "parent"),
        about=DIRECTORY,
    ),
    Resource(
        path="people",
        model=m.Person,
        out=PersonOut,
        input=PersonIn,
        filterset=filters.PersonFilter,
        ordering={
            "id": "pk",
            "name_en": "name_en",
            "name_zh": "name_zh",
            "nationality": "nationality__iso2",
        },
        default_ordering=("name_en", "name_zh"),
        refs={"nationality": COUNTRY, "owner_unit": UNIT},
        select_related=("nationality", "owner_unit"),
        about=UNIT_KEPT + " A user linked to a person also reads that person.",
    ),
    Resource(
        path="agreements",
        model=m.Agreement,
        out=AgreementOut,
        input=AgreementIn,
        filterset=filters.AgreementFilter,
        ordering={
            "id": "pk",
            "code": "code",
            "title_en": "title_en",
            "title_zh": "title_zh",
            "kind": "kind",
            "status": "status",
            "signed_on": "signed_on",
            "valid_until": "valid_until",
        },
        default_ordering=("-signed_on", "code"),
        refs={"countries": COUNTRY, "organisations": ORGANISATION, "owner_unit": UNIT},
        select_related=("owner_unit",),
        prefetch_related=("countries", "organisations"),
        about=UNIT_KEPT
        + " Intergovernmental agreements are read by every signed-in user and kept by the office.",
    ),
    Resource(
        path="mechanisms",
        model=m.Mechanism,
        out=MechanismOut,
        input=MechanismIn,
        filterset=filters.MechanismFilter,
        ordering={
            "id": "pk",
            "name_en": "name_en",
            "name_zh": "name_zh",
            "kind": "kind",
            "established": "established",
        },
        default_ordering=("name_en", "name_zh"),
        refs={"countries": COUNTRY, "agreement": AGREEMENT},
        select_related=("agreement",),
        prefetch_related=("countries",),
        about=DIRECTORY,
    ),
    Resource(
        path="posts",
        model=m.Post,
        out=PostOut,
        input=PostIn,
        filterset=filters.PostFilter,
        ordering={
            "id": "pk",
            "level": "level",
            "term_start": "term_start",
            "term_end": "term_end",
            "person": "person__name_en",
            "organisation": "organisation__name_en",
        },
        default_ordering=("-term_start",),
        refs={"person": PERSON, "organisation": ORGANISATION, "owner_unit": UNIT},
        select_related=("person", "organisation", "owner_unit"),
        about=UNIT_KEPT,
    ),
    Resource(
        path="candidacies",
        model=m.Candidacy,
        out=CandidacyOut,
        input=CandidacyIn,
        filterset=filters.CandidacyFilter,
        ordering={
            "id": "pk",
            "status": "status",
            "target_level": "target_level",
            "nominated_on": "nominated_on",
            "person": "person__name_en",
        },
        default_ordering=("-nominated_on",),
        refs={"person": PERSON, "organisation": ORGANISATION, "owner_unit": UNIT},
        select_related=("person", "organisation", "owner_unit"),
        about=UNIT_KEPT,
    ),
]


# --- the router -----------------------------------------------------------------------------------

router = Router()

countries = Router(tags=["countries"])
_CountryParams = filter_params(COUNTRIES.filterset)


@countries.get(
    "/",
    response={200: list[CountryOut], **LIST_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="list_countries",
    summary="List countries",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_countries(
    request,
    filters: Query[_CountryParams],  # documented here; the FilterSet parses them
    q: str = search_query("Search names and codes, Chinese or English (substring)."),
    ordering: str = ordering_query(COUNTRIES.ordering),
):
    """Countries and their groupings: public reference data."""
    return filtered_queryset(request, COUNTRIES, q, ordering)


@countries.get(
    "/{iso2}/",
    response={200: CountryOut, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=ANYONE,
    operation_id="get_country",
    summary="Get a country",
)
def get_country(request, iso2: str):
    return get_visible(request, COUNTRIES, iso2=iso2.upper())


@countries.patch(
    "/{iso2}/",
    response={200: CountryOut, **WRITE_ERRORS},
    operation_id="update_country",
    summary="Update a country",
)
def update_country(request, iso2: str, payload: partial(CountryIn)):  # type: ignore[valid-type]
    """Office administrators correct names, aliases, region, group and groupings."""
    country = get_visible(request, COUNTRIES, iso2=iso2.upper())
    return _update(request, COUNTRIES, country, payload.model_dump(exclude_unset=True))


router.add_router("/countries", countries)
for _resource in RESOURCES:
    mount(router, _resource)
