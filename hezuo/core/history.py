"""Reading the change history kept by django-simple-history: who changed what, before and after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext, pgettext, pgettext_lazy

# Reasons written outside the services (bulk paths keep a plain string): named here so the
# catalogue has them. Services pass their own `pgettext_lazy("history", ...)`.
IMPORTED = pgettext_lazy("history", "import")
DEMO_DATA = pgettext_lazy("history", "demo data")
REFERENCE_DATA = pgettext_lazy("history", "reference data")


# The generic reasons say no more than the kind of entry ("created", "changed", "deleted").
_SAID_BY_KIND = {"created", "updated", "deleted"}


def reason_label(reason: str) -> str:
    """A stored reason (the untranslated source text, see `workflow.stored_reason`) in the
    reader's language: a history word first, else any catalogue entry (choice labels)."""
    if not reason or reason in _SAID_BY_KIND:
        return ""
    translated = pgettext("history", reason)
    return translated if translated != reason else gettext(reason)


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    kind: str  # "+", "~", "-"
    reason: str
    changes: list[FieldChange]


def history_entries(instance, limit: int = 50) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that changed against the previous record."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        changes: list[FieldChange] = []
        prev = records[i + 1] if i + 1 < len(records) else None
        if prev is not None and record.history_type == "~":
            delta = record.diff_against(prev)
            for change in delta.changes:
                try:
                    field = instance._meta.get_field(change.field)
                except FieldDoesNotExist:  # a field removed since
                    changes.append(FieldChange(change.field, change.field, change.old, change.new))
                    continue
                old, new = change.old, change.new
                if field.many_to_many:
                    old, new = _m2m_names(field, old), _m2m_names(field, new)
                else:
                    old, new = _readable(field, old), _readable(field, new)
                changes.append(FieldChange(change.field, str(field.verbose_name), old, new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                reason=reason_label(record.history_change_reason or ""),
                changes=changes,
            )
        )
    return entries


def _readable(field, value):
    """What a person reads for a stored value: a choice's label, a related record's name."""
    if value is None or value == "":
        return value
    if field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return [str(labels.get(v, v)) for v in value]
        return str(labels.get(value, value))
    if field.many_to_one or field.one_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    return value


def _m2m_names(field, rows) -> list[str]:
    """simple-history keeps a many-to-many value as the through rows ({"agreement": 1,
    "country": 116}); people want the names of the related records."""
    target = field.m2m_reverse_field_name()
    ids = [row.get(target) for row in rows or [] if isinstance(row, dict)]
    names = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=ids)}
    return sorted(names.get(i, f"#{i}") for i in ids)
