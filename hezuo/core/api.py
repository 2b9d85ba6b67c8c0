"""What every REST endpoint does, once: error bodies, pagination, references resolved (and
scoped) from input, and `mount(router, Resource)` giving a kind of record list, detail, create,
update and delete. Reads go through `visible_to`, writes through `hezuo.core.services`.

Apps declare a `Resource` per kind in their own `api.py` (see `hezuo/registry/api.py`).
"""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time,
# and the handlers made in `mount` annotate with schemas local to it.

import datetime
import json
import re
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import django_filters as df
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ValidationInfo, create_model, field_validator, model_validator
from pydantic_core import PydanticCustomError

from hezuo.core import services
from hezuo.core.bilingual import localised_ordering, name_order
from hezuo.core.models import OFFICE_ROLES, UNIT_KEEPER_ROLES, Membership, Unit
from hezuo.core.search import MAX_SEARCH_LENGTH, search_order

MAX_LIMIT = 500
MAX_OFFSET = 2**62  # past every list; beyond 64 bits the database gives up
MAX_ID = 2**63 - 1  # database keys are signed 64-bit integers

# A record's id in a path: beyond 64 bits it names nothing, and is refused (422) as such.
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]


def search_query(description: str):
    """The `q` parameter of a list: a few words, at most `MAX_SEARCH_LENGTH` characters (a
    longer one is a 422 naming `q`)."""
    return Query("", max_length=MAX_SEARCH_LENGTH, description=description)


def ordering_query(keys: Iterable[str]):
    """The `ordering` parameter of a list: comma-separated keys, `-` for descending. The pattern
    documents the keys; any other is a 422 naming `ordering`."""
    keys = list(keys)
    one = " *-?(?:" + "|".join(re.escape(k) for k in keys) + ") *"
    return Query(
        "",
        pattern=f"^(?:{one}(?:,{one})*)?$",
        description="Comma-separated, `-` for descending: " + ", ".join(keys),
    )


# --- errors, as every endpoint answers them (see hezuo/api.py) ------------------------------------


class Error(Schema):
    """401, 403, 404: what went wrong, for a person to read."""

    detail: str


class Conflict(Schema):
    """409: the action is not possible in the record's present state (or a concurrent write
    won); nothing was written."""

    detail: str = Field(description="Why the action is not possible now.")
    problems: list[str] = Field(
        [], description="Everything still in the way, e.g. for a submission."
    )


class FieldError(Schema):
    field: str | None = Field(description="The input field at fault; null for the whole record.")
    message: str


class ValidationErrors(Schema):
    """422: the input was refused; each entry names the field at fault."""

    detail: list[FieldError]


# The error answers each kind of operation documents. Every operation reads input (a path, a
# query or a body) that may be refused (422); one that changes something may also be forbidden
# (403) or impossible now (409).
LIST_ERRORS = {401: Error, 422: ValidationErrors}
READ_ERRORS = {401: Error, 404: Error, 422: ValidationErrors}
WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 409: Conflict, 422: ValidationErrors}


# --- request bodies -------------------------------------------------------------------------------


def _scalars(annotation: Any) -> set[Any]:
    """The plain types a field's annotation admits, through `| None`, unions and `Annotated`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _scalars(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_scalars(a) for a in get_args(annotation)))
    if origin is Literal:
        return {type(a) for a in get_args(annotation)}
    return {annotation} if isinstance(annotation, type) else set()


class ObjectIn(Schema):
    """A request body, taken as its OpenAPI says. It must be a JSON object: Ninja's schemas read
    a list, a number or null as an object with no fields set, which for a body whose every field
    is optional is a request that silently does nothing. And JSON's types are kept apart where
    Pydantic would convert: true is not the number 1, and a number is not a date. (A record or a
    dict still passes, so an answer may use the schema too.)"""

    # Named as Ninja's own wrap validator, which it replaces: Ninja's would run first and hand
    # this one the list already wrapped as an object.
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, value: Any, handler, info: ValidationInfo) -> Any:
        if value is None or isinstance(value, list | tuple | str | bytes | int | float):
            message = _("Send an object: the fields and their values.")
            raise PydanticCustomError("not_an_object", message)
        return super()._run_root_validator(value, handler, info)

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None or not isinstance(value, int | float):
            return value
        kinds = _scalars(cls.model_fields[info.field_name].annotation)
        if isinstance(value, bool):
            wrong = bool(kinds) and bool not in kinds
        else:  # a number, where the field takes no number (a date, a yes/no, a code)
            numbers = (int, float, Decimal)
            wrong = bool(kinds) and not any(
                k is not bool and issubclass(k, numbers) for k in kinds if isinstance(k, type)
            )
        if wrong:
            raise PydanticCustomError("wrong_type", _("This field takes another kind of value."))
        return value


# --- pagination -----------------------------------------------------------------------------------


class Pagination(LimitOffsetPagination):
    """`limit`/`offset`, answering `{"items": [...], "count": <total>}`."""

    class Input(Schema):
        limit: int = Field(25, ge=1, le=MAX_LIMIT, description="Page size.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Records to skip.")


# --- references: readable in the output, resolved (and scoped) from the input ---------------------


class NamedRef(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Ref:
    """How an input value names a related record: by `key` (pk, iso2, code), looked up among the
    records the caller may see (`scoped`). Unknown values are reported against the field."""

    model: type[models.Model]
    key: str = "pk"
    scoped: bool = True
    normalise: Callable[[Any], Any] | None = None

    def queryset(self, user) -> models.QuerySet:
        manager = self.model._default_manager
        return manager.visible_to(user) if self.scoped else manager.all()

    def _norm(self, value):
        return self.normalise(value) if self.normalise and value is not None else value

    def resolve(self, user, value, many: bool):
        """The instance (or list) for `value`, or a message saying what was not found."""
        name = self.model._meta.verbose_name
        if many:
            wanted = [self._norm(v) for v in value or []]
            found = {
                getattr(o, self.key): o
                for o in self.queryset(user).filter(**{f"{self.key}__in": wanted})
            }
            missing = [str(v) for v in wanted if v not in found]
            if missing:
                return None, _("Unknown %(kind)s: %(values)s") % {
                    "kind": name,
                    "values": ", ".join(missing),
                }
            return [found[v] for v in dict.fromkeys(wanted)], None
        if value is None or value == "":
            return None, None
        obj = self.queryset(user).filter(**{self.key: self._norm(value)}).first()
        if obj is None:
            return None, _("Unknown %(kind)s: %(value)s") % {"kind": name, "value": value}
        return obj, None


# --- one declaration per kind ---------------------------------------------------------------------


@dataclass
class Resource:
    path: str  # URL segment and OpenAPI tag, e.g. "organisations"
    model: type[models.Model]
    out: type[Schema]
    input: type[Schema]
    filterset: type[df.FilterSet]
    ordering: dict[str, str]  # API name -> ORM expression
    default_ordering: tuple[str, ...]
    refs: dict[str, Ref] = field(default_factory=dict)  # input field -> how it names a record
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    about: str = ""  # who sees and who changes these records, for the API documentation

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def owned(self) -> bool:
        return any(f.name == "owner_unit" for f in self.model._meta.fields)

    def queryset(self, user) -> models.QuerySet:
        qs = self.model.objects.visible_to(user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs


# --- what every endpoint does, once ---------------------------------------------------------------


def _filter_type(filterset: type[df.FilterSet], flt: df.Filter) -> tuple[Any, str]:
    """The type a filter's value has in the OpenAPI, and what its description adds."""
    if isinstance(flt, df.BooleanFilter):
        # exactly the words the filter understands; anything else would be ignored silently
        return Literal["true", "false"], " (true or false)"
    if isinstance(flt, df.DateFilter):
        return datetime.date, " (YYYY-MM-DD)"
    if isinstance(flt, df.NumberFilter):
        model_field = filterset._meta.model._meta.get_field(flt.field_name)
        if isinstance(model_field, models.IntegerField):
            return Annotated[int, Field(ge=-MAX_ID - 1, le=MAX_ID)], ""
        return Decimal, ""
    if isinstance(flt, df.ModelChoiceFilter):
        return str, f" ({flt.extra.get('to_field_name') or 'id'})"
    choices = flt.extra.get("choices") if isinstance(flt, df.ChoiceFilter) else None
    if isinstance(choices, list):  # fixed choices: an enum
        return Literal[tuple(str(value) for value, _label in choices)], ""
    return str, ""


def filter_params(filterset: type[df.FilterSet]) -> type[Schema]:
    """The FilterSet's filters as documented query parameters: fixed choices as enums, yes/no,
    dates and numbers typed. The FilterSet itself parses them (see `filtered_queryset`), so the
    list pages, exports and API filter the same way."""
    fields: dict[str, Any] = {}
    with translation.override("en"):
        for name, flt in filterset.base_filters.items():
            kind, note = _filter_type(filterset, flt)
            fields[name] = (kind | None, Field(None, description=str(flt.label or name) + note))
    return create_model(f"{filterset.__name__}Params", __base__=Schema, **fields)


_PARTIAL: dict[type[Schema], type[Schema]] = {}


def partial(schema: type[Schema]) -> type[Schema]:
    """The PATCH body for `schema`: every field may be left out (it then stays as it is), none is
    required, and null is taken only where `schema` takes it. Read the body with
    `model_dump(exclude_unset=True)`: the fields sent, nothing else."""
    if schema not in _PARTIAL:
        fields: dict[str, Any] = {}
        for name, info in schema.model_fields.items():
            kind = (
                Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            )
            # a factory, not a default: the OpenAPI shows no default a client could mistake for
            # a value, and a field left out is unset (so not dumped)
            fields[name] = (kind, Field(default_factory=lambda: None, description=info.description))
        title = schema.__name__.removesuffix("In") + "Patch"  # OrganisationIn -> OrganisationPatch
        _PARTIAL[schema] = create_model(title, __base__=ObjectIn, **fields)
    return _PARTIAL[schema]


def _field_errors(errors: dict[str, list[str]]) -> ValidationError:
    return ValidationError({name: list(messages) for name, messages in errors.items()})


def filtered_queryset(request, res: Resource, q: str, ordering: str) -> models.QuerySet:
    user = request.auth_user
    qs = res.queryset(user)
    if q.strip():
        qs = qs.search(q)
    filterset = res.filterset(request.GET, queryset=qs, request=request)
    if not filterset.is_valid():
        raise _field_errors(
            {
                name: [e["message"] for e in errs]
                for name, errs in filterset.errors.get_json_data().items()
            }
        )
    qs = filterset.qs
    order: list = []
    for key in (k.strip() for k in ordering.split(",") if k.strip()):
        desc, name = key.startswith("-"), key.lstrip("-")
        if name not in res.ordering:
            raise _field_errors(
                {
                    "ordering": [
                        _("Cannot order by %(key)s; choose from %(keys)s.")
                        % {"key": name, "keys": ", ".join(res.ordering)}
                    ]
                }
            )
        # by a Chinese name means by its pinyin; by `name`, by the name as the reader reads it
        # (see `name_order`)
        key = ("-" if desc else "") + res.ordering[name]
        order += name_order(res.model, key, localised=name == "name")
    if not order:
        # the natural order in the reader's language; a search shows its best matches first
        ranking = search_order(res.model, q) if q.strip() else []
        order = [*ranking, *localised_ordering(res.model, res.default_ordering)]
    return qs.order_by(*order, "pk")


def get_visible(request, res: Resource, **lookup) -> models.Model:
    obj = res.queryset(request.auth_user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def _default_owner_unit(user) -> Unit | None:
    """The unit a record is kept by when the caller does not say: their only editing unit."""
    roles = OFFICE_ROLES | UNIT_KEEPER_ROLES
    unit_ids = set(
        Membership.objects.filter(user=user, role__in=roles).values_list("unit_id", flat=True)
    )
    return Unit.objects.get(pk=unit_ids.pop()) if len(unit_ids) == 1 else None


def _to_model(request, res: Resource, payload: dict, creating: bool):
    """Split the input into model fields and many-to-many sets, resolving every reference; all
    unknown references are reported together, before anything is written."""
    user = request.auth_user
    data, m2m, errors = {}, {}, {}
    for name, value in payload.items():
        ref = res.refs.get(name)
        if ref is None:
            data[name] = value
            continue
        many = res.model._meta.get_field(name).many_to_many
        resolved, error = ref.resolve(user, value, many)
        if error:
            errors[name] = [error]
        elif many:
            m2m[name] = resolved
        else:
            data[name] = resolved
    if creating and res.owned and data.get("owner_unit") is None and "owner_unit" not in errors:
        data["owner_unit"] = _default_owner_unit(user)
        if data["owner_unit"] is None:
            errors["owner_unit"] = [_("Say which unit keeps this record.")]
    if errors:
        raise _field_errors(errors)
    return data, m2m


def _create(request, res: Resource, payload: dict):
    user = request.auth_user
    if not services.may_create(user, res.model):
        raise PermissionDenied(_("You may not create this kind of record."))
    data, m2m = _to_model(request, res, payload, creating=True)
    obj = services.create_record(
        user, res.model, data, m2m, reason=pgettext_lazy("history", "created via API")
    )
    return Status(201, get_visible(request, res, pk=obj.pk))


def _body_is_an_object(request) -> bool:
    # A list or a number is not a set of fields to change, whatever a schema made of it.
    try:
        return isinstance(json.loads(request.body or b"{}"), dict)
    except ValueError:
        return False


def _update(request, res: Resource, obj: models.Model, patch: dict):
    user = request.auth_user
    if not services.can_change(user, obj):
        raise PermissionDenied(_("You may not change this record."))
    if not isinstance(patch, dict) or not _body_is_an_object(request):
        raise ValidationError(_("Send an object: the fields to change and their values."))
    if not patch:  # nothing to change: nothing written, no empty history entry
        return get_visible(request, res, pk=obj.pk)
    data, m2m = _to_model(request, res, patch, creating=False)
    services.update_record(user, obj, data, m2m, reason=pgettext_lazy("history", "updated via API"))
    return get_visible(request, res, pk=obj.pk)


def _delete(request, obj: models.Model):
    services.delete_record(
        request.auth_user, obj, reason=pgettext_lazy("history", "deleted via API")
    )
    return Status(204, None)


def mount(parent: Router, res: Resource) -> None:
    """List, detail, create, update (partial) and delete for one kind of record."""
    router = Router(tags=[res.path])
    Out, In, Params = res.out, res.input, filter_params(res.filterset)  # noqa: N806
    Patch = partial(In)  # noqa: N806
    name, plural = res.name, res.path
    a_name = ("an " if name[:1].lower() in "aeiou" else "a ") + name  # an organisation

    @router.get(
        "/",
        response={200: list[Out], **LIST_ERRORS},
        operation_id=f"list_{plural}",
        summary=f"List {plural}",
        description=res.about,
    )
    @paginate(Pagination, max_limit=MAX_LIMIT)
    def list_records(
        request,
        filters: Query[Params],  # documented here; the FilterSet parses them
        q: str = search_query("Search every name, Chinese or English (substring)."),
        ordering: str = ordering_query(res.ordering),
    ):
        return filtered_queryset(request, res, q, ordering)

    @router.get(
        "/{int:id}/",
        response={200: Out, **READ_ERRORS},
        operation_id=f"get_{name}",
        summary=f"Get {a_name}",
    )
    def get_record(request, id: RecordId):
        return get_visible(request, res, pk=id)

    @router.post(
        "/",
        response={201: Out, **WRITE_ERRORS},
        operation_id=f"create_{name}",
        summary=f"Create {a_name}",
    )
    def create_record(request, payload: In):
        return _create(request, res, payload.model_dump())

    @router.patch(
        "/{int:id}/",
        response={200: Out, **WRITE_ERRORS},
        operation_id=f"update_{name}",
        summary=f"Update {a_name}",
        description="Only the fields sent are changed.",
    )
    def update_record(request, id: RecordId, payload: Patch):  # type: ignore[valid-type]
        obj = get_visible(request, res, pk=id)
        return _update(request, res, obj, payload.model_dump(exclude_unset=True))

    @router.delete(
        "/{int:id}/",
        response={204: None, **WRITE_ERRORS},
        operation_id=f"delete_{name}",
        summary=f"Delete {a_name}",
        description="Refused (422) while other records still refer to it.",
    )
    def delete_record(request, id: RecordId):
        return _delete(request, get_visible(request, res, pk=id))

    parent.add_router(f"/{plural}", router)
