"""Names kept in both scripts, shown in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language


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
