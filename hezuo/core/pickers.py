"""Search-as-you-type pickers: the kinds of record a form may pick, and the endpoint that suggests
them. A form of 3,850 organisations cannot be a dropdown; the widget (`hezuo.core.widgets`) asks
`/pick/<kind>/?q=…` for the few that match what was typed.

Apps register their kinds in `AppConfig.ready` (core knows no app): a kind says which records a
user may pick — the same scoped queryset the form accepts — and how a suggestion is described."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from .search import search_terms

# A handful to choose from: more means the words typed do not say which one yet.
LIMIT = 20


def _nothing(obj: Any) -> str:
    return ""


@dataclass(frozen=True)
class PickKind:
    name: str
    # user -> what that user may pick: scoped by `visible_to`, and limited like the form
    records: Callable[[Any], models.QuerySet]
    # the line under a suggestion that tells two alike apart (country, acronym, other script)
    describe: Callable[[Any], str] = _nothing
    label: Callable[[Any], str] = str


_KINDS: dict[str, PickKind] = {}


def register_kind(
    name: str,
    records: Callable[[Any], models.QuerySet],
    *,
    describe: Callable[[Any], str] = _nothing,
    label: Callable[[Any], str] = str,
) -> PickKind:
    kind = PickKind(name, records, describe, label)
    _KINDS[name] = kind
    return kind


def get_kind(name: str) -> PickKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no picker kind {name!r} is registered") from None


def describe(*parts: object) -> str:
    """The non-empty parts, joined as a reader scans them."""
    return " · ".join(str(p) for p in parts if p)


def suggestions(kind: PickKind, user, q: str) -> tuple[list[Any], bool]:
    """At most LIMIT records the user may pick whose names hold every word of `q` (best first,
    as the shared search orders them), and whether there are more."""
    terms = search_terms(q)
    if not terms:
        return [], False
    found = list(kind.records(user).search(" ".join(terms))[: LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


@login_required
def pick(request, kind: str):
    spec = _KINDS.get(kind)
    if spec is None:
        raise Http404
    q = request.GET.get("q", "")
    if not search_terms(q):
        # nothing typed: an empty answer, so the list closes (`:empty` hides it)
        return HttpResponse("")
    rows, more = suggestions(spec, request.user, q)
    options = [(obj.pk, spec.label(obj), spec.describe(obj)) for obj in rows]
    return render(request, "core/widgets/picker_options.html", {"options": options, "more": more})


urlpatterns = [path("pick/<slug:kind>/", pick, name="pick")]
