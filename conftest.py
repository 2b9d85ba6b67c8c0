"""Test fixtures shared by every app: a small unit tree and one user per role.

office ─┬─ (office admin, office staff, viewer)
prov-a (recommender) ─┬─ inst-a1 (applicant)
                      └─ inst-a2 (applicant)
prov-b (recommender) ─── inst-b1 (applicant)
experts (reviewer)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get("HEZUO_SHARED_DATA", Path(__file__).resolve().parent.parent / "shared" / "data")
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests read messages in English (the source language); the Chinese default has its own test.
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # PBKDF2's deliberate slowness is for attackers, not for test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sign-in throttling has its own tests (hezuo/core/tests/test_throttling.py), which turn it
    # on; elsewhere tests sign in many times, and `Client.login` passes no request to axes.
    settings.AXES_ENABLED = False


@pytest.fixture
def countries(db):
    from hezuo.registry.reference import load_reference

    load_reference()
    from hezuo.registry.models import Country

    return {c.iso2: c for c in Country.objects.all()}


@pytest.fixture
def units(db):
    from hezuo.core.tests.factories import make_unit_tree

    return make_unit_tree()


@pytest.fixture
def users(units):
    from hezuo.core.tests.factories import make_role_users

    return make_role_users(units)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared datasets are not at {SHARED_DATA} (CI always has them)")
    return SHARED_DATA


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.fixture
def page(live_server, request):
    """A headless Chromium page (Debian's chromium, driven by Playwright) on the live server.
    Screenshots a test takes go to test-artifacts/ for people to look at."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        context.set_default_timeout(15000)
        pg = context.new_page()
        pg.base_url = live_server.url
        pg.shot = lambda name: pg.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}-{name}.png")
        )
        try:
            yield pg
        finally:
            report = getattr(request.node, "rep_call", None)
            if report is not None and report.failed:
                pg.shot("failure")
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
