import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hezuo.core.models import ApiToken, Membership, Role, User
from hezuo.core.scoping import forget_scope, scope_for
from hezuo.core.tests.factories import PASSWORD
from hezuo.core.uploads import check_upload, safe_storage_name, sniff_kind

# --- uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\system32\\evil.docx",
        "/abs/path/x.pdf",
        "a/../../b.xlsx",
        "\x00evil.pdf",
        "....//....//x",
        ".htaccess",
    ],
)
def test_storage_names_cannot_escape_their_folder(name):
    stored = safe_storage_name(name)
    assert "/" not in stored and "\\" not in stored and ".." not in stored
    assert not stored.startswith(".") and "\x00" not in stored


def test_storage_name_keeps_chinese_and_a_plain_extension():
    stored = safe_storage_name("申请书 2026.PDF")
    assert stored.endswith("_申请书_2026.pdf")
    assert safe_storage_name("x.ph p").endswith("_x")  # an odd extension is dropped


def _xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_type_is_sniffed_from_content_not_name():
    assert sniff_kind(b"%PDF-1.7 ...") == "pdf"
    xlsx = io.BytesIO(_xlsx_bytes())
    assert sniff_kind(xlsx.read(2048), xlsx) == "xlsx"
    assert sniff_kind("名称,国家\n".encode()) == "csv"
    assert sniff_kind(b"MZ\x90\x00\x03") is None  # an executable


def test_disguised_and_oversize_uploads_are_refused(settings):
    pdf_named_xlsx = SimpleUploadedFile("data.xlsx", b"%PDF-1.4 fake")
    with pytest.raises(ValidationError, match="not an accepted type"):
        check_upload(pdf_named_xlsx, {"xlsx", "csv"})
    big = SimpleUploadedFile("big.csv", b"a,b\n" * 1000)
    with pytest.raises(ValidationError, match="too large"):
        check_upload(big, {"csv"}, max_bytes=100)
    assert check_upload(SimpleUploadedFile("ok.bin", _xlsx_bytes()), {"xlsx"}) == "xlsx"


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_scope_of_each_role(users, units):
    assert scope_for(users["office_staff"]).reads_all and scope_for(users["office_staff"]).is_office
    assert scope_for(users["viewer"]).reads_all and not scope_for(users["viewer"]).is_office
    rec = scope_for(users["recommender"])
    assert rec.unit_ids == {units["prov-a"].pk, units["inst-a1"].pk, units["inst-a2"].pk}
    assert scope_for(users["applicant"]).unit_ids == {units["inst-a1"].pk}
    assert not scope_for(users["reviewer"]).unit_ids  # reviewers see by assignment, not by unit
    assert not scope_for(users["nobody"]).unit_ids and scope_for(users["nobody"]).authenticated


@pytest.mark.django_db
def test_scope_follows_new_memberships(users, units):
    user = users["nobody"]
    assert not scope_for(user).unit_ids
    Membership.objects.create(user=user, unit=units["prov-b"], role=Role.RECOMMENDER)
    forget_scope(user)
    assert scope_for(user).unit_ids == {units["prov-b"].pk, units["inst-b1"].pk}


# --- pages, sign-in, language -------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_login_logout_and_passwords_are_hashed(client, users):
    user = users["applicant"]
    assert user.password.count("$") >= 2 and PASSWORD not in user.password
    response = client.post(reverse("login"), {"username": "applicant", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("login"), {"username": "applicant", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("logout")).status_code == 405  # logging out takes a POST (CSRF)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_forms_require_csrf(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office_staff"])
    response = client.post(
        reverse("registry:organisation_create"), {"name_en": "X", "kind": "university"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_chinese_is_the_default_language(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # as in production; the test suite reads English
    page = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in page and "国家" in page and "登录" in page


@pytest.mark.django_db
def test_language_switch(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "国家" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Countries" in page and 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert 'lang="zh-Hans"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_output_is_escaped(client, users, countries):
    from hezuo.registry.tests.factories import make_organisation

    org = make_organisation("<script>alert(1)</script>", "<b>粗</b>", country=countries["DE"])
    client.force_login(users["office_staff"])
    for url in (org.get_absolute_url(), "/registry/organisations/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "<b>粗</b>" not in page
        assert "&lt;b&gt;粗&lt;/b&gt;" in page


# --- commands --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_createadmin_is_idempotent_and_prints_the_login(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("createadmin")
    first = capsys.readouterr().out
    call_command("createadmin")
    second = capsys.readouterr().out
    password = first.strip().rsplit(" ", 1)[-1]
    assert first == second and User.objects.get(username="admin").check_password(password)
    assert User.objects.get(username="admin").memberships.filter(role=Role.OFFICE_ADMIN).exists()


@pytest.mark.django_db
def test_token_create_prints_a_working_token_and_stores_only_its_hash(users, capsys):
    call_command("token", "create", "office_staff")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=users["office_staff"])
    assert raw.startswith("hz_") and token.digest == ApiToken.hash(raw) and raw not in token.digest


@pytest.mark.parametrize(
    "missing", ["HEZUO_SECRET_KEY", "HEZUO_ALLOWED_HOSTS", "HEZUO_DATABASE_URL"]
)
def test_production_refuses_to_start_without_required_settings(missing):
    import os
    import subprocess
    import sys

    env = {
        "PATH": os.environ.get("PATH", ""),
        "HEZUO_ENV": "production",
        "HEZUO_SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789abcdef",
        "HEZUO_ALLOWED_HOSTS": "hezuo.example.org",
        "HEZUO_DATABASE_URL": "sqlite:////tmp/hezuo-prod-check.sqlite3",
    }
    env.pop(missing)
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env={**env, "DJANGO_SETTINGS_MODULE": "hezuo.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and f"{missing} must be set" in result.stderr


def test_a_search_is_bounded(client, users, db):
    """A thousand words once gave a 500 (SQLite's expression depth), signed out too: every search
    keeps its first words within bounds; the API says which parameter is too long."""
    from hezuo.core.search import MAX_SEARCH_TERMS, search_terms

    words = " ".join(f"w{i}" for i in range(1000))
    assert search_terms(words) == [f"w{i}" for i in range(MAX_SEARCH_TERMS)]
    assert search_terms("科学院  科学院 ＭＰＧ") == ["科学院", "mpg"]
    assert client.get("/registry/countries/", {"q": words}).status_code == 200
    response = client.get("/api/v1/registry/countries/", {"q": words})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["q"]
    client.force_login(users["office_staff"])
    assert client.get("/registry/organisations/", {"q": words}).status_code == 200
    assert client.get("/api/v1/registry/organisations/", {"q": "科学院"}).status_code == 200
