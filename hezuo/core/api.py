"""What every REST endpoint does, once: error bodies, pagination, references resolved (and
scoped) from input, and `mount(router, Resource)` giving a kind of record list, detail, create,
update and delete. Reads go through `visible_to`, writes through `hezuo.core.services`.

Apps declare a `Resource` per kind in their own `api.py` (see `hezuo/registry/api.py`).
"""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time,
# and the handlers made in `mount` annotate with schemas local to it.

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import django_filters as df
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, PatchDict, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import create_model

from hezuo.core import services
from hezuo.core.models import OFFICE_ROLES, UNIT_KEEPER_ROLES, Membership, Unit
from hezuo.core.search import MAX_SEARCH_LENGTH

MAX_LIMIT = 500
MAX_OFFSET = 2**62  # past every list; beyond 64 bits the database gives up


def search_query(description: str):
    """The `q` parameter of a list: a few words, at most `MAX_SEARCH_LENGTH` characters (a
    longer one is a 422 naming `q`)."""
    return Query("", max_length=MAX_SEARCH_LENGTH, description=description)


# --- errors, as every endpoint answers them (see hezuo/api.py) ------------------------------------


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str | None = Field(description="The input field at fault; null for the whole record.")
    message: str


class ValidationErrors(Schema):
    detail: list[FieldError]


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


def filter_params(filterset: type[df.FilterSet]) -> type[Schema]:
    """The FilterSet's filters as documented query parameters. The FilterSet itself parses them
    (see `filtered_queryset`), so the list pages, exports and API filter the same way."""
    fields: dict[str, Any] = {}
    with translation.override("en"):
        for name, flt in filterset.base_filters.items():
            desc = str(flt.label or name)
            if isinstance(flt, df.BooleanFilter):
                desc += " (true or false)"
            elif isinstance(flt, df.DateFilter):
                desc += " (YYYY-MM-DD)"
            elif isinstance(flt, df.ModelChoiceFilter):
                desc += f" ({flt.extra.get('to_field_name') or 'id'})"
            elif isinstance(flt, df.ChoiceFilter) and isinstance(flt.extra.get("choices"), list):
                desc += ": " + ", ".join(str(v) for v, _label in flt.extra["choices"])
            fields[name] = (str | None, Field(None, description=desc))
    return create_model(f"{filterset.__name__}Params", __base__=Schema, **fields)


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
    order: list[str] = []
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
        order.append(("-" if desc else "") + res.ordering[name])
    return qs.order_by(*(order or res.default_ordering), "pk")


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
    obj = services.create_record(user, res.model, data, m2m, reason=_("created via API"))
    return Status(201, get_visible(request, res, pk=obj.pk))


def _body_is_an_object(request) -> bool:
    # The patch schema reads a list or a number as "no fields"; the client meant something else.
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
    services.update_record(user, obj, data, m2m, reason=_("updated via API"))
    return get_visible(request, res, pk=obj.pk)


def _delete(request, obj: models.Model):
    services.delete_record(request.auth_user, obj, reason=_("deleted via API"))
    return Status(204, None)


LIST_ERRORS = {401: Error, 422: ValidationErrors}
READ_ERRORS = {401: Error, 404: Error}
WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrors}


def mount(parent: Router, res: Resource) -> None:
    """List, detail, create, update (partial) and delete for one kind of record."""
    router = Router(tags=[res.path])
    Out, In, Params = res.out, res.input, filter_params(res.filterset)  # noqa: N806
    name, plural = res.name, res.path
    a_name = ("an " if name[:1].lower() in "aeiou" else "a ") + name  # an organisation
    ordering_help = "Comma-separated, `-` for descending: " + ", ".join(res.ordering)

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
        ordering: str = Query("", description=ordering_help),
    ):
        return filtered_queryset(request, res, q, ordering)

    @router.get(
        "/{int:id}/",
        response={200: Out, **READ_ERRORS},
        operation_id=f"get_{name}",
        summary=f"Get {a_name}",
    )
    def get_record(request, id: int):
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
    def update_record(request, id: int, payload: PatchDict[In]):
        return _update(request, res, get_visible(request, res, pk=id), payload)

    @router.delete(
        "/{int:id}/",
        response={204: None, **WRITE_ERRORS},
        operation_id=f"delete_{name}",
        summary=f"Delete {a_name}",
        description="Refused (422) while other records still refer to it.",
    )
    def delete_record(request, id: int):
        return _delete(request, get_visible(request, res, pk=id))

    parent.add_router(f"/{plural}", router)
