"""Text as a reader sees it, on every write path (issue 8, finding 16): control characters, the
invisible ones (zero-width spaces and joiners) and the direction overrides that can make one
name look like another are removed, and text is NFC-composed. Search and matching go further
and fold compatibility forms (NFKC: full-width ＭＰＧ is MPG), so they see what a reader sees;
stored names keep their Chinese full-width punctuation （…）, which NFKC would turn ASCII.
A model's `pre_save` applies it to every text field (`clean_instance_text`), the importer to
every cell, exports to every value they write."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import models

# C0 and C1 controls except tab and newline, DEL; zero-width and joiner characters; the
# bidirectional embeddings, overrides and isolates; the byte-order mark; the word joiner.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r]+")


def clean_text(value: str, *, multiline: bool = False, nfkc: bool = False) -> str:
    """`value` without invisible or spoofing characters; on one line unless `multiline`."""
    value = unicodedata.normalize("NFKC" if nfkc else "NFC", value)
    value = _INVISIBLE.sub("", value)
    if multiline:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return _LINE_BREAKS.sub(" ", value)


def clean_instance_text(instance: Any) -> None:
    """Clean every text field of a model instance in place (lists of text too)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(field, models.TextField) and isinstance(value, str):
            setattr(instance, field.attname, clean_text(value, multiline=True))
        elif isinstance(field, models.CharField) and isinstance(value, str):
            setattr(instance, field.attname, clean_text(value))
        elif isinstance(field, models.JSONField) and isinstance(value, list):
            setattr(
                instance,
                field.attname,
                [clean_text(v) if isinstance(v, str) else v for v in value],
            )


def clean_before_saving(sender, instance, raw=False, **kwargs) -> None:
    """`pre_save`: every save of a Hezuo record, whichever path it came by (forms, API, import,
    services, admin); not fixtures loaded raw."""
    if not raw and sender.__module__.startswith("hezuo."):
        clean_instance_text(instance)


def source_text(text) -> str:
    """A (lazy) translatable text as its untranslated source, for storing: whoever reads it
    later translates it into their own language."""
    from django.utils import translation

    with translation.override(None):
        return str(text)
