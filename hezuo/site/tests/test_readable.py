"""Every page a person reads shows words, not codes: a crawler signs in as each role, follows the
site's own links in both languages, and fails on any code-like token in the visible text (a raw
choice key like `in_review`, a rule code like `partner_country`, a flag like `national_key_lab`).
"""

from __future__ import annotations

import os
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from hezuo.calls.demo import build_demo_calls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# snake_case words: what a stored key looks like and what no sentence contains.
CODE_LIKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea", "template", "select"}
# Links a crawler must not follow: leaving, files, the API, the admin, and forms' side effects.
NOT_FOLLOWED = re.compile(
    r"^/(api|admin|static|media|logout|i18n|security)/|[?&]export=|/files?/|\.(pdf|docx|xlsx|csv)$"
)
PAGES_PER_ROUND = 80


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skip += 1
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        # What a person reads in attributes: tooltips, placeholders, labels.
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.text.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def _pattern(path: str) -> str:
    """One page of each kind: /calls/applications/12/ and /13/ are the same kind of page."""
    return re.sub(r"/[^/]*[\dA-Z][^/]*(?=/)", "/#", path)


def crawl(client: Client, start: str = "/") -> dict[str, list[str]]:
    """Visible code-like tokens by page, over up to PAGES_PER_ROUND kinds of page."""
    found: dict[str, list[str]] = {}
    seen_kinds: set[str] = set()
    queue = deque([start])
    visited = 0
    while queue and visited < PAGES_PER_ROUND:
        url = queue.popleft()
        kind = _pattern(urlsplit(url).path) + ("?" if urlsplit(url).query else "")
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = client.get(url)
        visited += 1
        if os.environ.get("HEZUO_CRAWL_LOG"):
            print(response.status_code, url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        tokens = sorted(set(CODE_LIKE.findall(" ".join(parser.text))))
        if tokens:
            found[url] = tokens
        for href in parser.links:
            href = urldefrag(href)[0]
            if href.startswith("/") and not href.startswith("//") and not NOT_FOLLOWED.search(href):
                queue.append(href)
    return found


@pytest.fixture
def demo_calls(users, units, countries):
    build_demo_calls(seed=3)
    return users


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_page_shows_a_code(demo_calls, language):
    problems = {}
    for role in ("office_staff", "recommender", "applicant", "reviewer", None):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.cookies["django_language"] = language
        if role:
            client.force_login(demo_calls[role])
        usernames = {u.username for u in demo_calls.values()}  # test users are named like codes
        for url, tokens in crawl(client).items():
            if shown := [t for t in tokens if t not in usernames]:
                problems[f"{role or 'anonymous'} {url}"] = shown
    assert not problems, problems
