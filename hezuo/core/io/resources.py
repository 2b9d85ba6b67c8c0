"""Resources: a declarative description of how one kind of record goes in and out of a spreadsheet.

A `Resource` names its model and its columns (`Col`); each column has bilingual headers, a parser
and a required flag; the length limit comes from the model field. A resource knows how to find the
existing record a row stands for (so a re-import updates instead of duplicating), how to build an
instance from a row, and who may write it. Apps register their resources by kind name:

    register("organisation", OrganisationResource())
    get_resource("organisation")

The import engine (`imports.py`), the exports (`exports.py`), the templates and the CLI all work
from these declarations, so a new kind needs only its resource.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import parsers as p
from .matching import same_value
from .parsers import CellError, Parser, fold

# --- columns -------------------------------------------------------------------------------------


@dataclass
class Col:
    """One spreadsheet column, writing to one model field (or to `build`, for pseudo-fields).

    `max_length` defaults to the model field's; `parser` defaults to one chosen by the field type.
    """

    field: str
    header_zh: str
    header_en: str
    parser: Parser | None = None
    required: bool = False
    max_length: int | None = None
    help: str | Promise = ""
    export: Callable[[Any], Any] | None = None  # obj -> value, when not simply the attribute
    importable: bool = True
    exportable: bool = True
    width: int = 0  # column width in the XLSX template and exports; 0: from the header

    model_field: Any = field(default=None, init=False, repr=False)
    m2m: bool = field(default=False, init=False)

    @property
    def header(self) -> str:
        return f"{self.header_zh} / {self.header_en}"

    def header_keys(self) -> set[str]:
        keys = {fold(self.header), fold(self.header_zh), fold(self.header_en), fold(self.field)}
        keys.add(fold(self.header.replace(" / ", "/")))
        return keys

    def bind(self, model) -> None:
        try:
            self.model_field = model._meta.get_field(self.field)
        except FieldDoesNotExist:
            self.model_field = None
        mf = self.model_field
        self.m2m = isinstance(mf, models.ManyToManyField)
        if self.parser is None:
            self.parser = default_parser(mf)
        if isinstance(self.parser, p.Text) and self.max_length is not None:
            self.parser.max_length = self.max_length
        self.parser.bind(mf)
        if self.max_length is None:
            self.max_length = getattr(self.parser, "max_length", None)

    @property
    def hint(self) -> str:
        return str(self.help) if self.help else self.parser.hint

    def value(self, obj) -> Any:
        if self.export is not None:
            return self.export(obj)
        if self.m2m:
            return list(getattr(obj, self.field).all())
        return getattr(obj, self.field, None)

    def cell(self, obj) -> Any:
        return self.parser.to_cell(self.value(obj))


# Parsers for references to models of the apps above core, by model label; each app registers
# its own in `AppConfig.ready` (the registry: countries in any common form).
_reference_parsers: dict[str, Callable[[bool], Parser]] = {}


def register_parser(label: str, make: Callable[[bool], Parser]) -> None:
    """`make(multiple)` gives the parser of a column referring to the model `label`."""
    _reference_parsers[label] = make


def default_parser(model_field) -> Parser:
    if model_field is None:
        return p.Text()
    if getattr(model_field, "choices", None):
        return p.Choice()
    related = getattr(model_field, "related_model", None)
    label = related._meta.label if related is not None else ""
    if label in _reference_parsers:
        return _reference_parsers[label](isinstance(model_field, models.ManyToManyField))
    if label == "core.Unit":
        return p.unit_code()
    if related is not None:
        raise TypeError(f"column {model_field.name}: give a parser for references to {label}")
    if isinstance(model_field, models.BooleanField):
        return p.Bool()
    if isinstance(model_field, models.DecimalField):
        return p.Number()
    if isinstance(model_field, models.IntegerField):
        return p.Int()
    if isinstance(model_field, models.DateField):
        return p.Date()
    if isinstance(model_field, models.JSONField):
        return p.TextList()
    return p.Text()


# --- rows ----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One parsed spreadsheet row: `number` is the row in the sheet (the header is row 1)."""

    number: int
    values: dict[str, Any]
    existing: int | None = None  # pk of the record this row updates
    match_column: str = ""  # the column the existing record was found by
    note: dict | None = None  # e.g. a fuzzy name match, shown to the user
    # Why the row matched its existing record: facts (`matching.describe_match` words them in
    # the reader's language), e.g. {"kind": "acronym", "value": "MPG", "place": {...}}.
    why: list[dict] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # what a resource computes once per row


class RowIssue(Exception):
    """Something wrong with a row as a whole, reported against one column."""

    def __init__(self, column: str, message: str):
        super().__init__(str(message))
        self.column = column
        self.message = str(message)


# --- resources -----------------------------------------------------------------------------------


class Resource:
    model: type[models.Model]
    columns: list[Col] = []
    importable = True
    list_url_name: str | None = None
    owner_field: str | None = None  # a unit-owned kind: this FK to core.Unit is its owner
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    id_column = True  # first column: the record's number, to update a record exactly

    kind: str = ""

    def __init__(self) -> None:
        cols = [self._clone(c) for c in self.columns]
        if self.id_column:
            cols.insert(
                0,
                Col(
                    "id",
                    "系统编号",
                    "ID",
                    parser=p.Int(min_value=1),
                    help=_("Number of an existing record to update; empty for a new record"),
                ),
            )
        for col in cols:
            col.bind(self.model)
        self.columns = cols
        self.by_field = {c.field: c for c in cols}
        self.m2m_fields = [c.field for c in cols if c.m2m and c.importable]
        # Kinds with many-to-many columns are saved one by one, so their m2m history is kept.
        self.bulk = not self.m2m_fields
        self.unique_fields = [
            c.field
            for c in cols
            if c.model_field is not None
            and c.field != "id"
            and getattr(c.model_field, "unique", False)
            and c.importable
        ]

    @staticmethod
    def _clone(col: Col) -> Col:
        import copy

        return copy.deepcopy(col)

    # --- description ---

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def import_columns(self) -> list[Col]:
        return [c for c in self.columns if c.importable]

    @property
    def export_columns(self) -> list[Col]:
        return [c for c in self.columns if c.exportable]

    def header_map(self) -> dict[str, Col]:
        table: dict[str, Col] = {}
        for col in self.import_columns:
            for key in col.header_keys():
                table.setdefault(key, col)
        return table

    # --- permissions ---

    def may_import(self, user) -> bool:
        return bool(user is not None and user.is_superuser)

    def can_write(self, user, obj) -> bool:
        from hezuo.core.services import can_change

        return can_change(user, obj)

    # --- matching and building ---

    def prepare(self, ctx) -> None:
        """Build, once per import, whatever `match` needs (indexes of existing records)."""
        for name in self.unique_fields:
            ctx.cached(
                f"unique:{name}",
                lambda name=name: dict(
                    self.model._default_manager.values_list(name, "pk").iterator(chunk_size=5000)
                ),
            )

    def match(self, row: Row, ctx) -> int | None:
        """The pk of the existing record this row stands for, or None for a new record.
        Raises RowIssue when the row is ambiguous. The ID column is handled before this."""
        for name in self.unique_fields:
            value = row.values.get(name)
            if value not in (None, ""):
                pk = ctx.cached(f"unique:{name}", dict).get(value)
                if pk is not None:
                    row.match_column = name
                    row.why = [same_value(name, value)]
                    return pk
        return None

    def duplicate_keys(self, row: Row, ctx) -> Iterable[tuple[str, Hashable]]:
        """Keys two rows of one file must not share: (column field, key)."""
        for name in self.unique_fields:
            value = row.values.get(name)
            if value not in (None, ""):
                yield name, (name, value)

    def visible(self, user) -> models.QuerySet:
        return self.model.objects.visible_to(user)

    def build(self, row: Row, ctx, instance: models.Model | None) -> models.Model:
        """Set the row's values on the existing record, or on a new one. Empty cells leave an
        existing record's value as it is and give a new record the field's default."""
        obj = instance if instance is not None else self.new_instance()
        for name, value in row.values.items():
            col = self.by_field.get(name)
            if name == "id" or col is None or col.m2m or col.model_field is None:
                continue
            setattr(obj, name, value)
        if self.owner_field and getattr(obj, f"{self.owner_field}_id") is None:
            unit = ctx.default_unit
            if unit is None:
                raise RowIssue(
                    self.owner_field,
                    _("Give the code of the unit that keeps this record (you act for several)."),
                )
            setattr(obj, self.owner_field, unit)
        return obj

    def new_instance(self) -> models.Model:
        """A new unsaved instance with every field at its default: what `model()` gives, without
        its per-field work (it is most of the cost of building 100,000 rows). Falls back to
        `model()` when the model has its own `__init__` or init signal receivers."""
        model = self.model
        if model.__init__ is not models.Model.__init__ or (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        ):
            return model()
        proto = self.__dict__.get("_proto")
        if proto is None:
            fixed, factories = {}, []
            for f in model._meta.concrete_fields:
                if f.has_default() and callable(f.default):
                    factories.append((f.attname, f.default))
                else:
                    fixed[f.attname] = f.get_default()
            proto = self._proto = (fixed, factories)
        fixed, factories = proto
        obj = model.__new__(model)
        obj._state = ModelState()
        values = obj.__dict__
        values.update(fixed)
        for attname, factory in factories:
            values[attname] = factory()
        return obj

    def check(self, obj, row: Row, ctx) -> None:
        """Rules across fields: the model's own `clean()` (cheap: no queries)."""
        obj.clean()

    @property
    def derived_fields(self) -> list[str]:
        """Fields `before_bulk_write` computes, to include in bulk updates."""
        names = {f.name for f in self.model._meta.concrete_fields}
        return ["search_text"] if "search_text" in names else []

    def before_bulk_write(self, obj) -> None:
        """What `save()` would have computed, for the bulk path (which skips `save()`)."""
        if hasattr(obj, "build_search_text"):
            obj.search_text = obj.build_search_text()

    def export_queryset(self, qs: models.QuerySet) -> models.QuerySet:
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def export_row(self, obj) -> list[Any]:
        return [c.cell(obj) for c in self.export_columns]


def validation_issues(exc: ValidationError, default_column: str = "") -> list[tuple[str, str]]:
    """(field, message) pairs from a model's ValidationError."""
    if hasattr(exc, "error_dict"):
        return [
            (name if name != "__all__" else default_column, " ".join(errors_text(errs)))
            for name, errs in exc.error_dict.items()
        ]
    return [(default_column, " ".join(exc.messages))]


def errors_text(errors) -> list[str]:
    out = []
    for err in errors:
        out.extend(err.messages if isinstance(err, ValidationError) else [str(err)])
    return out


# --- registry ------------------------------------------------------------------------------------

_resources: dict[str, Resource] = {}


def register(kind: str, resource: Resource) -> Resource:
    resource.kind = kind
    _resources[kind] = resource
    return resource


def get_resource(kind: str) -> Resource | None:
    return _resources.get(kind)


def all_resources() -> dict[str, Resource]:
    return dict(_resources)


__all__ = [
    "CellError",
    "Col",
    "Resource",
    "Row",
    "RowIssue",
    "all_resources",
    "get_resource",
    "register",
]
