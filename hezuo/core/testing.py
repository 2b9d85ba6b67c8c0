"""Test scaffolding every app's tests share (this is not a test module).

Scope is the platform's main promise, so each app tests it the same way: a table of
(method, URL, expected status per role), checked role by role; a check that the table names every
page and API operation the app registers, so a page added without a scope row fails; and query
budgets that show the SQL when exceeded. The role keys are those of the `users` fixture."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve

ROLES: tuple[str, ...] = (
    "anonymous",
    "nobody",
    "office_admin",
    "office_staff",
    "viewer",
    "recommender",
    "recommender_b",
    "applicant",
    "applicant_a2",
    "applicant_b1",
    "reviewer",
)
OFFICE = ("office_admin", "office_staff")  # operate: configure, accept, decide
READ_ALL = (*OFFICE, "viewer")  # read everything, change nothing (viewer)
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
APPLICANTS = ("applicant", "applicant_a2", "applicant_b1")
RECOMMENDERS = ("recommender", "recommender_b")
# Who reaches records of inst-a1 (under prov-a) and of inst-b1 (under prov-b).
REACH_A1 = (*READ_ALL, "recommender", "applicant")
REACH_B1 = (*READ_ALL, "recommender_b", "applicant_b1")

Expected = dict[str, int]


def expect(
    default: int,
    *groups: tuple[Iterable[str], int],
    anonymous: int = 401,
    roles: Sequence[str] = ROLES,
    **single: int,
) -> Expected:
    """A role -> status map: `default` for every role, then `(roles, status)` groups in order,
    then single roles by keyword. Anonymous is 401 (the API's answer) unless said otherwise.
    A role not in `roles` is a typo, and raises, rather than silently testing nothing."""
    result = dict.fromkeys(roles, default)
    result["anonymous"] = anonymous
    for names, status in groups:
        for name in names:
            _known(name, roles)
            result[name] = status
    for name, status in single.items():
        _known(name, roles)
        result[name] = status
    return result


def _known(role: str, roles: Sequence[str]) -> None:
    if role not in roles:
        raise ValueError(f"unknown role {role!r}; the roles are {', '.join(roles)}")


def client_for(users: Mapping[str, Any], role: str) -> Client:
    """A client reading English, signed in as the role's user (or nobody, for anonymous)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(users[role])
    return client


def request(client: Client, method: str, url: str, payload: Any = None) -> HttpResponse:
    """One request: JSON bodies for the API (`/api/`), form posts for pages, multipart when the
    payload holds a file. A callable payload is called first (a fresh file for each role)."""
    if callable(payload):
        payload = payload()
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    has_file = isinstance(payload, dict) and any(hasattr(v, "read") for v in payload.values())
    if urlsplit(url).path.startswith("/api/") and not has_file:
        return getattr(client, method)(url, payload or {}, content_type="application/json")
    return getattr(client, method)(url, payload or {})


def matrix(
    users: Mapping[str, Any],
    method: str,
    url: str,
    payload: Any = None,
    roles: Sequence[str] = ROLES,
) -> Expected:
    """The status each role gets. Each request runs in a rolled-back atomic block, so one
    role's write never changes what the next role finds."""
    result = {}
    for role in roles:
        with transaction.atomic():
            result[role] = request(client_for(users, role), method, url, payload).status_code
            transaction.set_rollback(True)
    return result


def assert_matrix(
    users: Mapping[str, Any], method: str, url: str, expected: Expected, payload: Any = None
) -> Expected:
    """Every role in `expected` gets its status; the failure names only the roles that differ."""
    missing = set(ROLES) - set(expected)
    if missing:
        raise AssertionError(f"the expectation leaves out {sorted(missing)}")
    got = matrix(users, method, url, payload, roles=tuple(expected))
    wrong = [
        f"  {r}: expected {expected[r]}, got {got[r]}" for r in expected if got[r] != expected[r]
    ]
    if wrong:
        raise AssertionError(f"{method.upper()} {url}\n" + "\n".join(wrong))
    return got


def fill(value: Any, keys: Mapping[str, Any]) -> Any:
    """Put records' keys into a URL or payload template: `"{draft}"` alone becomes the value
    itself (an id stays an int), `"/applications/{draft}/"` is formatted; lists and dicts are
    filled item by item."""
    if isinstance(value, str):
        name = value[1:-1]
        if value.startswith("{") and value.endswith("}") and name in keys:
            return keys[name]
        return value.format(**keys)
    if isinstance(value, list):
        return [fill(v, keys) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, keys) for k, v in value.items()}
    return value


# --- query budgets --------------------------------------------------------------------------------


@contextmanager
def query_budget(limit: int, using: str = DEFAULT_DB_ALIAS) -> Iterator[CaptureQueriesContext]:
    """At most `limit` queries inside the block; over it, the failure lists every query. Yields
    the capture, so `len(ctx)` can be the budget of the same request with more rows."""
    with CaptureQueriesContext(connections[using]) as ctx:
        yield ctx
    if len(ctx) > limit:
        sql = "\n".join(f"{i:3}. {q['sql']}" for i, q in enumerate(ctx.captured_queries, 1))
        raise AssertionError(f"{len(ctx)} queries, over the budget of {limit}:\n{sql}")


# --- coverage: every page and API operation an app registers is in its table ---------------------


def page_names(namespace: str) -> set[str]:
    """The names of every URL pattern in a namespace (`"calls"`), nested includes too."""

    def walk(patterns, inside: bool) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, inside or p.namespace == namespace)
            elif isinstance(p, URLPattern) and inside and p.name:
                yield p.name

    return set(walk(get_resolver().url_patterns, False))


def pages_of(urls: Iterable[str], namespace: str) -> set[str]:
    """The pattern names the URLs resolve to, those in `namespace` only. A URL may still hold
    `{placeholders}`: each stands for `1`, which every int or slug converter takes."""
    names = set()
    for url in urls:
        match = resolve(re.sub(r"\{[^}]+\}", "1", urlsplit(url).path))
        if namespace in match.namespaces:
            names.add(match.url_name)
    return names


def assert_covers_pages(namespace: str, urls: Iterable[str]) -> None:
    """Fails naming each page of `namespace` that no URL in the table reaches."""
    missing = page_names(namespace) - pages_of(urls, namespace)
    if missing:
        raise AssertionError(f"pages of {namespace!r} without a scope row: {sorted(missing)}")


@cache
def _schema() -> dict:
    # Read as any client reads it: core cannot import the composition layer that mounts the API.
    return Client().get("/api/v1/openapi.json").json()


def api_operations(prefix: str) -> dict[tuple[str, str], str]:
    """`(method, path template) -> operationId` of every documented operation under `prefix`
    (e.g. `/api/v1/calls/`)."""
    return {
        (method, path): op.get("operationId", "")
        for path, ops in _schema()["paths"].items()
        if path.startswith(prefix)
        for method, op in ops.items()
    }


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def operation_of(method: str, url: str) -> tuple[str, str] | None:
    """The documented operation a request reaches: the most specific template (most literal
    segments) with this method that matches, or None."""
    path = urlsplit(url).path
    found = [
        (m, t) for m, t in api_operations("/") if m == method.lower() and _pattern(t).match(path)
    ]
    return max(found, key=lambda op: len(re.sub(r"\{[^}]+\}", "", op[1])), default=None)


def assert_covers_api(prefix: str, rows: Iterable[tuple[str, str]]) -> None:
    """Fails naming each operation under `prefix` that no `(method, url)` row reaches."""
    covered = {operation_of(method, url) for method, url in rows}
    missing = set(api_operations(prefix)) - covered
    if missing:
        listed = "\n".join(
            f"  {m.upper()} {t} ({api_operations(prefix)[(m, t)]})" for m, t in sorted(missing)
        )
        raise AssertionError(f"API operations without a scope row:\n{listed}")
