"""`hezuo serve` is a production server (issue 8, finding 17): gunicorn, DEBUG off unless
HEZUO_DEBUG=1, and Hezuo's own error pages in both languages — a 404 no longer lists every URL
pattern, a 500 shows no traceback."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Page not found"), ("zh-hans", "页面不存在")]
)
def test_a_missing_page_is_ours_in_the_readers_language(client, language, words):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    assert words in body and 'data-status="404"' in body
    assert "URLconf" not in body


def test_a_server_error_shows_no_traceback():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and 'data-status="500"' in body
    assert "Traceback" not in body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_serve_runs_gunicorn_without_debug(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "HEZUO_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "HEZUO_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("HEZUO_DEBUG", None)
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "hezuo.cli", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, _body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:  # not listening yet, or still booting its workers
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        assert "Python" not in headers.get("Server", "")
        status, _headers, body = _get(f"http://127.0.0.1:{port}/no-such-page/")
        assert status == 404 and 'data-status="404"' in body and "URLconf" not in body
    finally:
        server.terminate()
        server.wait(timeout=20)
