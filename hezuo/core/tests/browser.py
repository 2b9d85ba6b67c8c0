"""Steps browser tests share (the `page` fixture lives in the root conftest.py)."""

from __future__ import annotations


def login(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_selector("#current-user")


def switch_language(page, code: str) -> None:
    page.click(f"#language-form button[data-lang='{code}']")
    page.wait_for_selector(f"html[lang='{'zh-Hans' if code == 'zh-hans' else code}']")


def pick(page, field_id: str, typed: str, pk: int) -> None:
    """Type into a record picker (`hezuo.core.widgets`) and click the suggestion of record `pk`."""
    page.fill(f"#{field_id}", typed)
    page.locator(f"#{field_id}-options [data-pick='{pk}']").click()
