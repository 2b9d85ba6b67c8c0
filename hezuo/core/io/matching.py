"""Finding the existing record a row names: exact on any of its names, then fuzzy; and saying why.

`NameIndex` is built once per import from every existing record's names: its Chinese and English
names, its aliases (`add_names`, labelled by kind so a match can say which name it was) and its
acronym. An exact match compares normalised keys (width-folded, lower-cased, punctuation and spaces
removed), so "Chinese Academy of Sciences", "chinese academy of sciences." and "Chinese  Academy of
Sciences" are one name; any of a row's names may meet any of a record's names, within one group
(the country). Acronyms are short and reused around the world, so one only matches within the
same group, exactly, never fuzzily: MPG in Germany is the Max Planck Society, MPG elsewhere is not.
The fuzzy match (rapidfuzz token-sort ratio, default ≥ 95) only compares full names within one
group and of similar length, so it stays fast on large registries.

Why a row matched is kept as facts (`Row.why`: the kind of name, the name, the country) and worded
when shown (`describe_why`), in the reader's language.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

# Which of a record's names matched (Row.why's "kind").
NAME, NAME_ZH, NAME_EN, ALIAS, ACRONYM = "name", "name_zh", "name_en", "alias", "acronym"

# token_sort_ratio >= 95 needs the two strings' lengths within about 10% of each other.
_LEN_LOW, _LEN_HIGH = 0.90, 1.11


def sort_tokens(name: str) -> str:
    return " ".join(sorted(default_process(name).split()))


@dataclass
class FuzzyMatch:
    pk: int
    name: str
    score: float


class _Bucket:
    """Names of one group, sorted by length, for the fuzzy search."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str, int, str]] = []  # (length, processed, pk, name)
        self.lengths: list[int] = []
        self.names: list[str] = []
        self.dirty = False

    def add(self, pk: int, name: str) -> None:
        processed = sort_tokens(name)
        if processed:
            self.items.append((len(processed), processed, pk, name))
            self.dirty = True

    def freeze(self) -> None:
        if self.dirty:
            self.items.sort(key=lambda item: item[0])
            self.lengths = [item[0] for item in self.items]
            self.names = [item[1] for item in self.items]
            self.dirty = False


@dataclass(frozen=True)
class NameHit:
    pk: int
    kind: str  # which of the record's names matched: NAME_ZH, NAME_EN, ALIAS, ACRONYM or NAME
    text: str  # that name, as the record has it
    via: str = ""  # the row's column whose value matched it


class NameIndex:
    def __init__(self, normalise: Callable[[str], str], threshold: float = 95.0):
        self.normalise = normalise
        self.threshold = threshold
        # key -> {pk: (group, kind, name)}; acronyms apart, by (group, key), never fuzzy.
        self._exact: dict[str, dict[int, tuple[Hashable, str, str]]] = defaultdict(dict)
        self._acronyms: dict[tuple[Hashable, str], dict[int, str]] = defaultdict(dict)
        self._buckets: dict[Hashable, _Bucket] = defaultdict(_Bucket)
        self.display: dict[int, str] = {}

    def add(self, pk: int, group: Hashable, names: Iterable[str], display: str = "") -> None:
        names = list(names)
        self.add_names(pk, group, [(NAME, n) for n in names], display)

    def add_names(
        self,
        pk: int,
        group: Hashable,
        names: Iterable[tuple[str, str]],
        display: str = "",
        acronym: str = "",
    ) -> None:
        """A record's names, each labelled with its kind (NAME_ZH, NAME_EN, ALIAS…)."""
        bucket = self._buckets[group]
        first = ""
        for kind, name in names:
            if not name:
                continue
            first = first or name
            key = self.normalise(name)
            if key:
                self._exact[key].setdefault(pk, (group, kind, name))
                bucket.add(pk, name)
        if acronym and group is not None:
            key = self.normalise(acronym)
            if key:
                self._acronyms[(group, key)][pk] = acronym
        self.display[pk] = display or first

    def exact(self, names: Iterable[str], group: Hashable = None) -> list[int]:
        """Records any of these names normalise to. With a group, only records in that group or
        in none; without one, any record."""
        return self.exact_keys([self.normalise(n) for n in names if n], group)

    def exact_keys(self, keys: Iterable[str], group: Hashable = None) -> list[int]:
        """Like `exact`, with the names already normalised."""
        return sorted({hit.pk for hit in self._full([("", k) for k in keys if k], group)})

    def find(
        self,
        keys: Iterable[tuple[str, str]],
        group: Hashable = None,
        acronym_key: str = "",
        alias_keys: Iterable[tuple[str, str]] = (),
    ) -> tuple[list[int], list[NameHit]]:
        """The records a row names, and how. `keys` are the row's (column, normalised name)
        pairs, `alias_keys` its aliases the same way, `acronym_key` its normalised acronym.

        In turn, until one finds a record: the row's names, then its aliases, meet a record's
        full names and aliases in the row's group (failing that, records with no group; any
        record when the row has none); then, in the row's group only, the row's acronym meets a
        record's names or acronym, and the row's names a record's acronym. Returns the records
        the first that found any found, and every hit on them."""
        keys = [(col, key) for col, key in keys if key]
        alias_keys = [(col, key) for col, key in alias_keys if key]
        for tier in (keys, alias_keys):
            hits = self._full(tier, group)
            if hits:
                return sorted({hit.pk for hit in hits}), hits
        if group is None:
            return [], []
        short: list[NameHit] = []
        if acronym_key:
            for pk, (g, kind, name) in (self._exact.get(acronym_key) or {}).items():
                if g == group:
                    short.append(NameHit(pk, kind, name, ACRONYM))
        names = [*keys, *alias_keys]
        if acronym_key:
            names.append((ACRONYM, acronym_key))
        for col, key in names:
            for pk, acronym in (self._acronyms.get((group, key)) or {}).items():
                short.append(NameHit(pk, ACRONYM, acronym, col))
        return sorted({hit.pk for hit in short}), short

    def _full(self, keys: list[tuple[str, str]], group: Hashable) -> list[NameHit]:
        found: list[tuple[Hashable, NameHit]] = []
        for col, key in keys:
            hits = self._exact.get(key)
            if hits:
                for pk, (g, kind, name) in hits.items():
                    found.append((g, NameHit(pk, kind, name, col)))
        if found and group is not None:
            same = [item for item in found if item[0] == group]
            found = same or [item for item in found if item[0] is None]
        return [hit for _g, hit in found]

    def fuzzy(self, names: Iterable[str], group: Hashable = None) -> FuzzyMatch | None:
        """The best record of the same group whose name is at least `threshold` similar."""
        bucket = self._buckets.get(group)
        if bucket is None or not bucket.items:
            return None
        bucket.freeze()
        best: FuzzyMatch | None = None
        for name in names:
            query = sort_tokens(name or "")
            if not query:
                continue
            lo = bisect.bisect_left(bucket.lengths, int(len(query) * _LEN_LOW))
            hi = bisect.bisect_right(bucket.lengths, int(len(query) * _LEN_HIGH) + 1)
            if lo >= hi:
                continue
            hit = process.extractOne(
                query,
                bucket.names[lo:hi],
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=self.threshold,
            )
            if hit is not None and (best is None or hit[1] > best.score):
                _length, _processed, pk, original = bucket.items[lo + hit[2]]
                best = FuzzyMatch(pk=pk, name=original, score=hit[1])
        return best


# --- why a row matched ---------------------------------------------------------------------------


def by_number() -> dict:
    return {"kind": "id"}


def same_value(field: str, value) -> dict:
    """The row has the record's unique code (ROR id, ORCID iD, e-mail…) in column `field`."""
    return {"kind": "field", "field": field, "value": str(value)}


def same_values(fields: Iterable[str]) -> dict:
    """The row has the same values in these columns (a post: person, organisation, level…)."""
    return {"kind": "fields", "fields": list(fields)}


def similar_name(name: str, score: float) -> dict:
    return {"kind": "similar", "value": name, "score": int(score)}


def name_facts(hits: Iterable[NameHit], pk: int, place: dict | None = None) -> list[dict]:
    """What matched on record `pk`, one fact per name of the record, strongest first. `place`
    is the group's name in both languages ({"zh": "德国", "en": "Germany"})."""
    order = {NAME_ZH: 0, NAME_EN: 0, NAME: 0, ALIAS: 1, ACRONYM: 2}
    facts: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for hit in sorted((h for h in hits if h.pk == pk), key=lambda h: order.get(h.kind, 3)):
        if (hit.kind, hit.text) in seen:
            continue
        seen.add((hit.kind, hit.text))
        fact: dict = {"kind": hit.kind, "value": hit.text}
        if hit.kind == ACRONYM and place:
            fact["place"] = place
        facts.append(fact)
    return facts[:3]


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def _local(pair: dict | str | None) -> str:
    """{"zh": …, "en": …} in the reader's language, falling back to the other."""
    if not isinstance(pair, dict):
        return str(pair or "")
    first, second = ("zh", "en") if _zh() else ("en", "zh")
    return str(pair.get(first) or pair.get(second) or "")


def _column(resource, field: str) -> str:
    col = getattr(resource, "by_field", {}).get(field) if resource is not None else None
    if col is None:
        return _("value")
    return col.header_zh if _zh() else col.header_en


def describe_match(fact: dict, resource=None) -> str:
    """One fact of `Row.why` in words, in the active language."""
    kind = fact.get("kind")
    value = fact.get("value", "")
    if kind == "id":
        return _("its number in the ID column")
    if kind == "field":
        return _("same %(column)s %(value)s") % {
            "column": _column(resource, fact.get("field", "")),
            "value": value,
        }
    if kind == "fields":
        columns = [_column(resource, f) for f in fact.get("fields", [])]
        return _("same %(columns)s") % {"columns": ("、" if _zh() else ", ").join(columns)}
    if kind == NAME_ZH:
        return _("same Chinese name “%(name)s”") % {"name": value}
    if kind == NAME_EN:
        return _("same English name “%(name)s”") % {"name": value}
    if kind == ALIAS:
        return _("alias “%(name)s”") % {"name": value}
    if kind == ACRONYM:
        place = _local(fact.get("place"))
        if place:
            return _("same acronym %(acronym)s in %(place)s") % {"acronym": value, "place": place}
        return _("same acronym %(acronym)s") % {"acronym": value}
    if kind == "similar":
        return _("similar name “%(name)s” (%(score)d%% alike)") % {
            "name": value,
            "score": fact.get("score", 0),
        }
    return _("same name “%(name)s”") % {"name": value}


def describe_why(facts: Iterable[dict], resource=None) -> str:
    return ("；" if _zh() else "; ").join(describe_match(f, resource) for f in facts or [])


def record_label(obj) -> dict | str:
    """A matched record's name for the outcome, in both languages when it has them."""
    for prefix in ("name", "title"):
        zh, en = getattr(obj, f"{prefix}_zh", None), getattr(obj, f"{prefix}_en", None)
        if isinstance(zh, str) and isinstance(en, str) and (zh or en):
            return {"zh": zh, "en": en}
    return str(obj)


def local_label(label: dict | str) -> str:
    return _local(label)
