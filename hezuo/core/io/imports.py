"""The import engine: read a file, validate every row, then write all of it or nothing.

    result = run_import("organisation", path, "xlsx", user)

1. Read: XLSX with python-calamine (fast), CSV as UTF-8 (with or without BOM; `,` `;` or tab).
2. Headers: each must name a column of the resource (Chinese, English or both); required columns
   must be present.
3. Parse every cell with its column's parser; references to other records are resolved in one
   query per model.
   A formula is refused, whatever value it shows: in XLSX any cell the sheet stores as a
   formula (`formulas.formula_cells`, since the reader sees only cached values), in any file a
   text that a spreadsheet would run as one (`=…`, `+cmd|…`; not `-5`).
4. Match each row to the record it updates (its ID, a unique code, or the resource's own rule —
   e.g. an organisation's names, aliases and acronym), and find duplicates within the file. Each
   match keeps which record and why; the outcome lists them (`ImportResult.matches`).
5. Build each instance, check the model's cross-field rules and the user's permission.
6. If any row is wrong: nothing is written; the result lists every error (row, column, value,
   message). Otherwise one transaction writes everything, with history (user, reason "import").
"""

from __future__ import annotations

import csv
import io
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from hezuo.core.bilingual import refresh_sort_keys
from hezuo.core.uploads import safe_storage_name

from .context import ImportContext
from .formulas import formula_cells
from .history import create_with_history, update_with_history
from .matching import by_number, record_label
from .parsers import (
    FORMULA_FIRST,
    CellError,
    Lookup,
    Ref,
    as_text,
    fold,
    formula_message,
    looks_like_formula,
)
from .resources import Col, Resource, Row, RowIssue, get_resource, validation_issues

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
REASON = "import"
IMPORTS_DIR = "imports"
MATCHES_KEPT = 1000  # matched rows described in full; the rest are counted

Progress = Callable[[int, int, str], None]  # (done, total, message)


# --- results -------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int | None  # row in the sheet (header = 1); None: the file as a whole
    column: str  # "C · 国家 / Country", or "" for the row as a whole
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        prefix = (", ".join(where) + ": ") if where else ""
        return prefix[:1].upper() + prefix[1:] + self.message


@dataclass
class ImportResult:
    kind: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # fuzzy matches and other things to review
    # Rows that matched an existing record: {"row", "value", "id", "record", "url", "why"}.
    matches: list[dict] = field(default_factory=list)
    match_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, limit: int = 100) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "error_count": len(self.errors),
            "errors": [e.as_dict() for e in self.errors[:limit]],
            "notes": self.notes[:limit],
            "note_count": len(self.notes),
            # Those to check (similar names) first.
            "matches": sorted(self.matches, key=lambda m: not m.get("check"))[:limit],
            "match_count": self.match_count,
        }


class _Formula(str):
    """A formula cell's cached value, kept only to be shown in the error."""


class ImportFailure(Exception):
    """The file as a whole cannot be imported (unreadable, wrong headers…)."""


# --- reading -------------------------------------------------------------------------------------


def read_table(path: str | Path, fmt: str) -> tuple[list[Any], list[list[Any]]]:
    """The header row and the data rows of the first sheet."""
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises several error types for a damaged file
            raise ImportFailure(
                _("The file could not be read as an XLSX workbook (%(error)s).")
                % {"error": type(exc).__name__}
            ) from exc
    elif fmt == "csv":
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailure(
                _("A CSV file must be saved as UTF-8 (in Excel: “CSV UTF-8”).")
            ) from exc
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    else:
        raise ImportFailure(_("Unknown file format “%(fmt)s”.") % {"fmt": fmt})
    if not rows:
        raise ImportFailure(_("The file is empty."))
    return rows[0], rows[1:]


def count_rows(path: str | Path, fmt: str) -> int:
    """Data rows in the file, quickly (blank rows at the end of a sheet may be counted)."""
    try:
        if fmt == "xlsx":
            from python_calamine import CalamineWorkbook

            return max(0, CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).height - 1)
        _header, rows = read_table(path, fmt)
    except Exception:  # an unreadable file is reported by the import itself
        return 0
    return sum(1 for row in rows if any(cell not in ("", None) for cell in row))


def save_upload(uploaded) -> str:
    """Store an uploaded file under MEDIA_ROOT/imports/; returns its path relative to MEDIA_ROOT."""
    directory = Path(settings.MEDIA_ROOT) / IMPORTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    name = safe_storage_name(uploaded.name)
    target = directory / name
    if target.resolve().parent != directory.resolve():  # belt and braces: no path tricks
        raise ValidationError(_("Invalid file name."))
    uploaded.seek(0)
    with target.open("xb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return f"{IMPORTS_DIR}/{name}"


def media_path(relative_or_absolute: str) -> Path:
    path = Path(relative_or_absolute)
    return path if path.is_absolute() else Path(settings.MEDIA_ROOT) / path


# --- the engine ----------------------------------------------------------------------------------


def run_import(
    kind: str,
    path: str | Path,
    fmt: str,
    user,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    resource = get_resource(kind)
    if resource is None or not resource.importable:
        raise ImportFailure(_("“%(kind)s” cannot be imported.") % {"kind": kind})
    if not resource.may_import(user):
        raise PermissionDenied(_("You may not import these records."))
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        header, rows = read_table(path, fmt)
    except ImportFailure as exc:
        result.errors.append(RowError(None, "", "", str(exc)))
        return result
    formulas = formula_cells(path) if fmt == "xlsx" else []
    return Importer(resource, user, progress).run(header, rows, result, formulas)


class Importer:
    def __init__(self, resource: Resource, user, progress: Progress | None = None):
        self.resource = resource
        self.user = user
        self.ctx = ImportContext(user, resource)
        self.progress = progress or (lambda done, total, message: None)
        self.errors: list[RowError] = []
        self.bad_rows: set[int] = set()
        self.letters: dict[str, str] = {}
        self.index: dict[str, int] = {}  # field -> column index in the file
        self.rows: list[list[Any]] = []
        self.matches: list[dict] = []
        self.match_count = 0

    # --- errors ---

    def column_label(self, name: str) -> str:
        col = self.resource.by_field.get(name)
        if col is None:
            return name
        letter = self.letters.get(name)
        return f"{letter} · {col.header}" if letter else col.header

    def raw_value(self, number: int, name: str) -> str:
        idx = self.index.get(name)
        if idx is None or number < 2:
            return ""
        cells = self.rows[number - 2]
        return as_text(cells[idx]) if idx < len(cells) else ""

    def error(self, number: int | None, name: str, message: str, value: str | None = None) -> None:
        if value is None:
            value = self.raw_value(number, name) if number else ""
        self.errors.append(
            RowError(number, self.column_label(name) if name else "", value, message)
        )
        if number is not None:
            self.bad_rows.add(number)

    # --- steps ---

    def run(
        self,
        header: list[Any],
        rows: list[list[Any]],
        result: ImportResult,
        formulas: Iterable[tuple[int, int]] = (),
    ) -> ImportResult:
        self.rows = rows
        plan = self.map_headers(header)
        headers_wrong = bool(self.errors)
        self.refuse_formulas(header, formulas)
        if headers_wrong:
            self.errors.sort(key=lambda e: e.row or 0)
            result.errors = self.errors
            return result
        total = len(rows)
        self.progress(0, total, _("Checking rows…"))
        parsed = self.parse(plan, rows, total)
        result.total = len(parsed)
        if not parsed and not self.errors:
            self.error(None, "", _("The file has no data rows under its header."))
        self.resolve_refs(parsed)
        self.resource.prepare(self.ctx)
        self.match(parsed)
        creates, updates, unchanged, notes = self.build(parsed)
        result.notes = notes
        result.matches, result.match_count = self.matches, self.match_count
        self.errors.sort(key=lambda e: e.row or 0)
        if self.errors:
            result.errors = self.errors
            return result
        self.progress(total, total, _("Writing %(count)d records…") % {"count": len(parsed)})
        try:
            self.write(creates, updates, dry_run=result.dry_run)
        except DatabaseError as exc:
            logger.exception("import of %s failed while writing", self.resource.kind)
            result.errors = [
                RowError(
                    None,
                    "",
                    "",
                    _("The database refused the import (%(error)s); nothing was written.")
                    % {"error": exc},
                )
            ]
            return result
        result.created = len(creates)
        result.updated = len(updates)
        result.unchanged = unchanged
        self.progress(total, total, _("Done."))
        return result

    def map_headers(self, header: list[Any]) -> list[tuple[int, Col]]:
        table = self.resource.header_map()
        plan: list[tuple[int, Col]] = []
        seen: dict[str, int] = {}
        for idx, cell in enumerate(header):
            text = as_text(cell) if cell not in (None, "") else ""
            letter = get_column_letter(idx + 1)
            if not text:
                if any(idx < len(r) and r[idx] not in ("", None) for r in self.rows):
                    self.error(
                        1, "", _("Column %(letter)s has values but no header.") % {"letter": letter}
                    )
                continue
            col = table.get(fold(text))
            if col is None:
                self.error(
                    1,
                    "",
                    _(
                        "Unknown column “%(header)s” (column %(letter)s). Use the headers of the "
                        "template, or remove the column."
                    )
                    % {"header": text, "letter": letter},
                    value=text,
                )
                continue
            if col.field in seen:
                self.error(
                    1,
                    "",
                    _("The column “%(header)s” appears twice (columns %(a)s and %(b)s).")
                    % {
                        "header": col.header,
                        "a": get_column_letter(seen[col.field] + 1),
                        "b": letter,
                    },
                    value=text,
                )
                continue
            seen[col.field] = idx
            self.letters[col.field] = letter
            self.index[col.field] = idx
            plan.append((idx, col))
        for col in self.resource.import_columns:
            if col.required and col.field not in seen:
                self.error(
                    1,
                    "",
                    _("The required column “%(header)s” is missing.") % {"header": col.header},
                    value="",
                )
        return plan

    def refuse_formulas(self, header: list[Any], formulas: Iterable[tuple[int, int]]) -> None:
        """Report every formula cell (sheet row, column from 1) and take it out of the rows, so
        its cached value is neither parsed nor reported twice."""
        fields = {idx: name for name, idx in self.index.items()}
        message = _("A formula is not accepted, whatever value it shows; paste the value instead.")
        for number, column in formulas:
            idx = column - 1
            if number == 1:
                cells = header
            elif 0 <= number - 2 < len(self.rows):
                cells = self.rows[number - 2]
            else:
                cells = []  # the reader dropped a row of formulas showing nothing
            cached = cells[idx] if idx < len(cells) else None
            name = fields.get(idx) or get_column_letter(column)
            value = "" if cached in (None, "") else as_text(cached)
            self.error(number, name, message, value=value)
            if number >= 2 and idx < len(cells):
                cells[idx] = _Formula(value)

    def parse(self, plan: list[tuple[int, Col]], rows: list[list[Any]], total: int) -> list[Row]:
        ctx = self.ctx
        steps = [(idx, col.field, col.parser.parse, col.required) for idx, col in plan]
        width = max((idx for idx, _col in plan), default=-1) + 1
        report_every = max(500, total // 50)
        parsed: list[Row] = []
        for offset, cells in enumerate(rows):
            number = offset + 2
            if len(cells) < width:
                cells = list(cells) + [""] * (width - len(cells))
            values: dict[str, Any] = {}
            missing: list[str] = []
            filled = False
            failed = False
            for idx, name, parse, required in steps:
                raw = cells[idx]
                if type(raw) is str:
                    raw = raw.strip()
                    if not raw:
                        if required:
                            missing.append(name)
                        continue
                    if raw[0] in FORMULA_FIRST and looks_like_formula(raw):
                        # Whatever the column, a text a spreadsheet would run is refused.
                        filled = failed = True
                        self.error(number, name, formula_message(raw), value=as_text(raw))
                        continue
                elif raw is None:
                    if required:
                        missing.append(name)
                    continue
                elif type(raw) is _Formula:  # reported by refuse_formulas
                    filled = failed = True
                    continue
                filled = True
                try:
                    values[name] = parse(raw, ctx)
                except CellError as exc:
                    failed = True
                    self.error(number, name, exc.message, value=as_text(raw))
            if not filled:
                continue  # a blank row
            for name in missing:
                failed = True
                self.error(number, name, _("This cell is required."), value="")
            if not failed:
                parsed.append(Row(number, values))
            if offset % report_every == 0 and offset:
                self.progress(offset, total, _("Checking rows…"))
        return parsed

    def resolve_refs(self, parsed: list[Row]) -> None:
        """Replace references to other records by the records, one query per model."""
        fields = [
            c.field
            for c in self.resource.import_columns
            if isinstance(c.parser, Lookup) and c.field in self.index
        ]
        if not fields:
            return
        wanted: dict[type, set[int]] = defaultdict(set)
        for row in parsed:
            for name in fields:
                value = row.values.get(name)
                if isinstance(value, Ref):
                    wanted[value.model].add(value.pk)
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, Ref):
                            wanted[item.model].add(item.pk)
        if not wanted:
            return
        found = {model: model._default_manager.in_bulk(pks) for model, pks in wanted.items()}

        def get(ref: Ref, row: Row, name: str):
            obj = found[ref.model].get(ref.pk)
            if obj is None:
                raise CellError(_("The record this cell names no longer exists."))
            return obj

        for row in parsed:
            for name in fields:
                value = row.values.get(name)
                try:
                    if isinstance(value, Ref):
                        row.values[name] = get(value, row, name)
                    elif isinstance(value, list) and value and isinstance(value[0], Ref):
                        row.values[name] = [get(v, row, name) for v in value]
                except CellError as exc:
                    self.error(row.number, name, exc.message)

    def match(self, parsed: list[Row]) -> None:
        resource = self.resource
        ids = {row.values["id"] for row in parsed if "id" in row.values}
        visible_ids = self._visible(ids)
        seen_keys: dict[Any, int] = {}
        seen_existing: dict[int, int] = {}
        for row in parsed:
            if row.number in self.bad_rows:
                continue
            try:
                if "id" in row.values:
                    if row.values["id"] not in visible_ids:
                        raise RowIssue(
                            "id",
                            _("There is no record number %(id)d that you can see.")
                            % {"id": row.values["id"]},
                        )
                    row.existing = row.values["id"]
                    row.match_column = "id"
                    row.why = [by_number()]
                else:
                    row.existing = resource.match(row, self.ctx)
            except RowIssue as issue:
                self.error(row.number, issue.column, issue.message)
                continue
            for name, key in resource.duplicate_keys(row, self.ctx):
                first = seen_keys.setdefault(key, row.number)
                if first != row.number:
                    self.error(
                        row.number,
                        name,
                        _("Duplicate: row %(first)d has the same value.") % {"first": first},
                    )
                    break
            if row.existing is not None:
                first = seen_existing.setdefault(row.existing, row.number)
                if first != row.number:
                    self.error(
                        row.number,
                        row.match_column,
                        _("Duplicate: rows %(first)d and %(row)d are the same existing record.")
                        % {"first": first, "row": row.number},
                    )
        # A record matched by a code or name must be one the user can see.
        matched = {r.existing for r in parsed if r.existing is not None and r.match_column != "id"}
        hidden = matched - self._visible(matched)
        for row in parsed:
            if row.existing in hidden and row.number not in self.bad_rows:
                self.error(
                    row.number,
                    row.match_column,
                    _("A record with this value already exists and is not yours to change."),
                )

    def _visible(self, pks: set[int]) -> set[int]:
        if not pks:
            return set()
        visible: set[int] = set()
        ordered = sorted(pks)
        qs = self.resource.visible(self.user)
        for start in range(0, len(ordered), 900):
            chunk = ordered[start : start + 900]
            visible.update(qs.filter(pk__in=chunk).values_list("pk", flat=True))
        return visible

    def build(self, parsed: list[Row]):
        resource = self.resource
        model = resource.model
        pks = {
            r.existing for r in parsed if r.existing is not None and r.number not in self.bad_rows
        }
        manager = model._default_manager
        if resource.select_related:
            manager = manager.select_related(*resource.select_related)
        existing = manager.in_bulk(pks) if pks else {}
        tracked = [
            c.model_field.attname
            for c in resource.import_columns
            if c.model_field is not None and not c.m2m and c.field != "id"
        ]
        if resource.owner_field and resource.owner_field not in resource.by_field:
            tracked.append(f"{resource.owner_field}_id")
        creates: list[tuple[Any, dict]] = []
        updates: list[tuple[Any, list[str], dict]] = []
        unchanged = 0
        notes: list[dict] = []
        user = self.user
        owner_col = resource.owner_field or ""
        for row in parsed:
            if row.number in self.bad_rows:
                continue
            instance = existing.get(row.existing) if row.existing is not None else None
            if row.existing is not None and instance is None:
                self.error(row.number, row.match_column, _("This record no longer exists."))
                continue
            before = None
            if instance is not None:
                if not resource.can_write(user, instance):
                    self.error(row.number, row.match_column, _("You may not change this record."))
                    continue
                before = [getattr(instance, name) for name in tracked]
            try:
                obj = resource.build(row, self.ctx, instance)
                resource.check(obj, row, self.ctx)
            except RowIssue as issue:
                self.error(row.number, issue.column, issue.message)
                continue
            except ValidationError as exc:
                for name, message in validation_issues(exc):
                    self.error(row.number, name, message)
                continue
            if not resource.can_write(user, obj):
                self.error(
                    row.number,
                    owner_col,
                    _("You may not create this record (or file it under this unit).")
                    if instance is None
                    else _("You may not move this record to this unit."),
                )
                continue
            m2m = {name: row.values[name] for name in resource.m2m_fields if name in row.values}
            if row.note:
                notes.append({"row": row.number, **row.note})
            if instance is not None:
                self.note_match(row, instance)
            if instance is None:
                creates.append((obj, m2m))
                continue
            changed = [
                name for name, old in zip(tracked, before, strict=True) if getattr(obj, name) != old
            ]
            for name, values in list(m2m.items()):
                current = set(getattr(obj, name).values_list("pk", flat=True))
                if current == {v.pk for v in values}:
                    del m2m[name]
            if changed or m2m:
                updates.append((obj, changed, m2m))
            else:
                unchanged += 1
        return creates, updates, unchanged, notes

    def note_match(self, row: Row, instance) -> None:
        """Which existing record the row matched, and why, for the outcome."""
        self.match_count += 1
        if len(self.matches) >= MATCHES_KEPT:
            return
        value = row.values.get(row.match_column)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        shown = next((row.values[n] for n in ("name_en", "name_zh") if row.values.get(n)), None)
        try:
            url = instance.get_absolute_url() if hasattr(instance, "get_absolute_url") else ""
        except NoReverseMatch:
            url = ""
        self.matches.append(
            {
                "row": row.number,
                "value": str(shown or value or ""),
                "id": instance.pk,
                "record": record_label(instance),
                "url": url,
                "why": row.why,
                "check": any(f.get("kind") == "similar" for f in row.why),
            }
        )

    def write(self, creates, updates, dry_run: bool = False) -> None:
        resource = self.resource
        model = resource.model
        with transaction.atomic():
            if resource.bulk:
                new = [obj for obj, _m2m in creates]
                for obj in new:
                    resource.before_bulk_write(obj)
                if new:
                    create_with_history(new, model, self.user, REASON, BATCH_SIZE)
                if updates:
                    fields: set[str] = set(resource.derived_fields)
                    objs = []
                    for obj, changed, _m2m in updates:
                        resource.before_bulk_write(obj)
                        fields.update(refresh_sort_keys(obj))  # bulk_update skips `pre_save`
                        fields.update(self._field_name(model, name) for name in changed)
                        objs.append(obj)
                    update_with_history(objs, model, sorted(fields), self.user, REASON, BATCH_SIZE)
            else:
                for obj, m2m in creates:
                    self._save(obj, m2m)
                for obj, _changed, m2m in updates:
                    self._save(obj, m2m)
            if dry_run:
                transaction.set_rollback(True)

    @staticmethod
    def _field_name(model, attname: str) -> str:
        for f in model._meta.concrete_fields:
            if f.attname == attname:
                return f.name
        return attname

    def _save(self, obj, m2m: dict) -> None:
        obj._history_user = self.user
        obj._change_reason = REASON
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
