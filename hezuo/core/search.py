"""Search shared by every app: one lower-cased text of every name a record goes by, a queryset
method that finds each whitespace-separated term in it (Chinese substrings included), and the
relevance order every list, API list and picker shows a search in.

The text keeps each name on its own line ("\\nmax planck society\\nmpg\\n马普学会\\n"), then the
other words (keywords, notes) after a tab, so the database can tell an exact name
(`"\\nmpg\\n"`) and a name's start (`"\\nmax"`) from a word's start (`" planck"`) and from any
other substring. A name written with punctuation is kept in its variants too
(`max-planck-gesellschaft`, `max planck gesellschaft`, `maxplanckgesellschaft`), so whichever
way it is typed it is found."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length

from .bilingual import localised_ordering
from .scoping import ScopedQuerySet
from .text import clean_text

NAME_BREAK = "\n"  # around every name
OTHER_BREAK = "\t"  # before every other word
FAR = 10**6  # a closeness for records whose match is not in a plain name field


def normalise(value: object) -> str:
    """A part of a record's search text, or a search: width-folded, lower-cased, on one line,
    single-spaced."""
    return " ".join(clean_text(str(value), nfkc=True).lower().split())


def _fold(value: str, joiner: str) -> str:
    return " ".join(
        "".join(joiner if unicodedata.category(ch)[0] == "P" else ch for ch in value).split()
    )


def variants(value: str) -> list[str]:
    """`value` as typed, with its punctuation as spaces, and with its punctuation dropped
    (马克斯·普朗克 is typed 马克斯普朗克)."""
    return [v for v in dict.fromkeys((value, _fold(value, " "), _fold(value, ""))) if v]


def _parts(values: Iterable[object]) -> list[str]:
    out: dict[str, None] = {}
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if item is None or item == "":
                continue
            for v in variants(normalise(item)):
                out[v] = None
    return list(out)


def search_text_of(names: Iterable[object], others: Iterable[object] = ()) -> str:
    """The search text of a record known by `names` (each a string or a list of strings: the
    names, acronyms, aliases and identifiers an exact search should put first) that also
    mentions `others` (keywords, notes: found, never ranked as a name)."""
    text = NAME_BREAK + "".join(p + NAME_BREAK for p in _parts(names))
    return text + "".join(OTHER_BREAK + p for p in _parts(others))


class SearchableMixin(models.Model):
    """A lower-cased text of every name a record goes by, so one substring search finds Chinese
    (科学院) and English alike. Indexed with pg_trgm on PostgreSQL."""

    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields: tuple[str, ...] = ()
    # Which of `search_fields` are names (an exact or prefix match ranks first); all, unless said.
    name_fields: tuple[str, ...] | None = None

    class Meta:
        abstract = True

    @classmethod
    def search_name_fields(cls) -> tuple[str, ...]:
        return cls.search_fields if cls.name_fields is None else cls.name_fields

    @classmethod
    def search_preferred(cls) -> Q | None:
        """Records this kind puts first among equally good matches (e.g. domestic
        organisations); none unless a model says."""
        return None

    def build_search_text(self) -> str:
        names = self.search_name_fields()
        return search_text_of(
            (getattr(self, n, "") for n in names),
            (getattr(self, n, "") for n in self.search_fields if n not in names),
        )

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
    """Every whitespace-separated term must occur somewhere in the record's names, as typed or
    with its punctuation read as spaces or dropped (Max-Planck finds Max Planck)."""
    cond = Q()
    for term in search_terms(q):
        either = Q()
        for v in variants(term):
            either |= Q(search_text__contains=v)
        cond &= either
    return cond


def _phrase(q: str) -> str:
    """The search as one string, words single-spaced (repeats kept: "university of … of")."""
    return " ".join(unicodedata.normalize("NFKC", q or "")[:MAX_SEARCH_LENGTH].lower().split())


def _any(patterns: Iterable[str]) -> Q:
    cond = Q()
    for p in patterns:
        cond |= Q(search_text__contains=p)
    return cond


def search_order(model, q: str) -> list:
    """Order expressions for a search's relevance, best first: a name that is the search (a
    whole name, acronym or alias), then names starting with it, then names with a word starting
    with it, then any other match; among equals, the records the model prefers
    (`search_preferred`), then the closer match (the shorter name holding the search: 中国科学院
    before 中国科学院大学). The list's own order breaks the remaining ties."""
    phrase = _phrase(q)
    if not phrase:
        return []
    forms = variants(phrase)
    tier = Case(
        When(_any(f"{NAME_BREAK}{v}{NAME_BREAK}" for v in forms), then=Value(0)),
        When(_any(f"{NAME_BREAK}{v}" for v in forms), then=Value(1)),
        When(_any(f" {v}" for v in forms), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    order = [tier.asc()]
    preferred = model.search_preferred() if hasattr(model, "search_preferred") else None
    if preferred is not None:
        order.append(
            Case(When(preferred, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
    scalar = [
        n
        for n in getattr(model, "search_name_fields", tuple)()
        if isinstance(_field(model, n), models.CharField | models.TextField)
    ]
    if scalar:
        order.append(
            Case(
                *(When(**{f"{n}__icontains": phrase, "then": Length(n)}) for n in scalar),
                default=Value(FAR),
                output_field=IntegerField(),
            )
        )
    return order


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a name that is a property, not a field
        return None


class SearchQuerySet(ScopedQuerySet):
    def search(self, q: str):
        """The records matching every word of `q`, best first (`search_order`), then in the
        model's natural order in the reader's language. A list with its own order re-orders
        with `order_by(*search_order(model, q), *its order)`."""
        if not (q and q.strip()):
            return self
        natural = localised_ordering(self.model, self.model._meta.ordering or ["pk"])
        return self.filter(search_filter(q)).order_by(*search_order(self.model, q), *natural, "pk")
