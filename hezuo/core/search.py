"""Search shared by every app: one lower-cased text of every name a record goes by, and a
queryset method that finds each whitespace-separated term in it (Chinese substrings included)."""

from __future__ import annotations

import unicodedata

from django.db import models
from django.db.models import Q

from .scoping import ScopedQuerySet
from .text import clean_text


class SearchableMixin(models.Model):
    """A lower-cased text of every name a record goes by, so one substring search finds Chinese
    (科学院) and English alike. Indexed with pg_trgm on PostgreSQL."""

    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def build_search_text(self) -> str:
        parts: list[str] = []
        for name in self.search_fields:
            value = getattr(self, name, "")
            if isinstance(value, list | tuple):
                parts.extend(str(v) for v in value)
            elif value:
                parts.append(str(value))
        return clean_text(" ".join(parts), nfkc=True).lower()

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)


# A search is a few words typed by a person: bounded, so no query grows past what the database
# parses (a thousand words once made SQLite give up: "Expression tree is too large").
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 8


def search_terms(q: str) -> list[str]:
    """The distinct words of a search, width-folded and lower-cased, within the bounds."""
    text = unicodedata.normalize("NFKC", q or "")[:MAX_SEARCH_LENGTH].lower()
    return list(dict.fromkeys(text.split()))[:MAX_SEARCH_TERMS]


def search_filter(q: str) -> Q:
    """Every whitespace-separated term must occur somewhere in the record's names."""
    cond = Q()
    for term in search_terms(q):
        cond &= Q(search_text__contains=term)
    return cond


class SearchQuerySet(ScopedQuerySet):
    def search(self, q: str):
        return self.filter(search_filter(q)) if q and q.strip() else self
