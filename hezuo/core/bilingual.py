"""Names kept in both scripts, shown in the reader's language."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin


def join_list(items: Iterable[object]) -> str:
    """Items as a reader of this language lists them: 甲、乙 in Chinese, "a, b" in English."""
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(str(item) for item in items)


class BilingualNameMixin:
    """`name` in the active language, falling back to the other script."""

    def localised(self, zh_field: str = "name_zh", en_field: str = "name_en") -> str:
        zh, en = getattr(self, zh_field, ""), getattr(self, en_field, "")
        if (get_language() or "").startswith("en"):
            return en or zh
        return zh or en

    @property
    def name(self) -> str:
        return self.localised()

    @property
    def other_name(self) -> str:
        """The name in the other script, when it differs (shown beside `name` in lists)."""
        zh, en = getattr(self, "name_zh", ""), getattr(self, "name_en", "")
        other = zh if (get_language() or "").startswith("en") else en
        return "" if other == self.name else other


# --- sorting: Chinese by pinyin, English by the English name ------------------------------------


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _sort_words(text: str) -> list[str]:
    # Accents folded (École sorts with Ecole), punctuation is a word break.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    text = "".join(
        " " if _is_punctuation(ch) else ch for ch in text if not unicodedata.combining(ch)
    )
    return text.split()


def pinyin_key(zh: str, en: str = "") -> str:
    """How a Chinese reader's list orders a name: its Chinese form in tone-less pinyin, one word a
    syllable ("zhong guo ke xue yuan"), so 阿 < 北 < 中; without a Chinese form, the English one
    (as the Chinese page shows it)."""
    if zh and zh.strip():
        words = [w for token in lazy_pinyin(zh, style=Style.NORMAL) for w in _sort_words(token)]
    else:
        words = _sort_words(en or "")
    return " ".join(words)[:SORT_KEY_LENGTH]


SORT_KEY_LENGTH = 300


class PinyinSortField(models.CharField):
    """The stored `pinyin_key` of a bilingual name (`source`: its Chinese and English fields),
    indexed so Chinese lists sort in the database. `pre_save` keeps it, and `bulk_create` calls
    `pre_save` too, so every write path fills it but `bulk_update`, which must name it (see
    `refresh_sort_keys`)."""

    def __init__(self, *args, source: tuple[str, str] = ("name_zh", "name_en"), **kwargs):
        self.source = tuple(source)
        kwargs.setdefault("verbose_name", _("pinyin sort key"))
        kwargs.setdefault("max_length", SORT_KEY_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        # Byte order, whatever the database's locale: a locale collation skips the spaces between
        # syllables ("xi an" 西安 would sort as "xian" 先).
        if connection.vendor == "postgresql" and not params.get("collation"):
            params["collation"] = "C"
        return params

    def key_for(self, instance) -> str:
        zh, en = (getattr(instance, name, "") or "" for name in self.source)
        return pinyin_key(zh, en)

    def pre_save(self, model_instance, add):
        value = self.key_for(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def sort_key_fields(model) -> list[PinyinSortField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, PinyinSortField)]


def refresh_sort_keys(obj) -> list[str]:
    """Recompute the pinyin keys of `obj`; their names, for a `bulk_update`'s field list."""
    names = []
    for f in sort_key_fields(type(obj)):
        setattr(obj, f.attname, f.key_for(obj))
        names.append(f.name)
    return names


def is_chinese() -> bool:
    return not (get_language() or "").startswith("en")


def _target(model, key: str):
    """(model, field name) a `__` path ends on, or (None, "") when it is not a plain path."""
    *path, name = key.split("__")
    for part in path:
        try:
            model = model._meta.get_field(part).related_model
        except Exception:  # noqa: BLE001 - a lookup or an expression, not a path
            return None, ""
        if model is None:
            return None, ""
    return model, name


def _name_field(model, name: str) -> PinyinSortField | None:
    """The sort key of the bilingual name `name` belongs to (name_zh → sort_zh), if kept."""
    if model is None:
        return None
    for f in sort_key_fields(model):
        if name in f.source:
            return f
    return None


def name_order(model, key, *, localised: bool = False) -> list:
    """Order keys for one requested key (`-` for descending, `__` paths allowed). A key on a
    bilingual name that keeps a pinyin key orders as a reader expects: the Chinese field by its
    pinyin, the English one by itself; `localised` (the name as the page shows it) by pinyin on
    a Chinese page and by the English name on an English one. Any other key is kept."""
    if not isinstance(key, str):  # an expression: kept as it is
        return [key]
    desc = key.startswith("-")
    bare = key.lstrip("-")
    target, name = _target(model, bare)
    sort = _name_field(target, name)
    if sort is None:
        return [key]
    prefix = bare[: len(bare) - len(name)]
    zh_field, en_field = sort.source
    chinese = is_chinese() if localised else name == zh_field
    keys = [sort.name, zh_field] if chinese else [en_field, sort.name]
    return [("-" if desc else "") + prefix + k for k in keys]


def localised_ordering(model, keys) -> list[str]:
    """A list's natural order in the reader's language: by name means by pinyin on a Chinese
    page and by the English name on an English one; other keys are kept."""
    result: list = []
    seen: set[str] = set()
    for key in keys:
        for k in name_order(model, key, localised=True):
            bare = k.lstrip("-") if isinstance(k, str) else None
            if bare is None or bare not in seen:
                result.append(k)
                if bare is not None:
                    seen.add(bare)
    return result
