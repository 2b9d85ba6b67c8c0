"""Headers every answer carries (issue 8, finding 15): a strict Content-Security-Policy (every
asset is vendored, so no inline script is needed — and none is written), a Permissions-Policy,
and no shared caching of a signed-in person's pages or API answers."""

import re
from pathlib import Path

import pytest

from hezuo.core.models import ApiToken

pytestmark = pytest.mark.django_db
HEZUO = Path(__file__).resolve().parents[2]


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def test_the_policy_forbids_inline_and_foreign_scripts(client):
    directives = _directives(client.get("/registry/countries/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "camera=()" in client.get("/").headers["Permissions-Policy"]


def test_no_template_holds_an_inline_script_or_handler():
    found = []
    for template in HEZUO.rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            found.append(f"{template.relative_to(HEZUO)}: inline <script>")
        for handler in re.findall(r"\son[a-z]+=\"", text):
            found.append(f"{template.relative_to(HEZUO)}: {handler.strip()}")
    assert not found


def test_signed_in_answers_are_private(client, users):
    public = client.get("/registry/countries/")
    assert "private" not in public.get("Cache-Control", "")
    client.force_login(users["viewer"])
    page = client.get("/registry/organisations/")
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    api = client.get("/api/v1/registry/organisations/")
    assert "private" in api["Cache-Control"]


def test_token_answers_are_private(client, users):
    _record, token = ApiToken.issue(users["viewer"])
    response = client.get("/api/v1/registry/organisations/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and "private" in response["Cache-Control"]
