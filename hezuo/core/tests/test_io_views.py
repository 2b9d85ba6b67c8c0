"""The import pages: upload checks, inline and background jobs, progress, error reports, the CLI."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hezuo.core.io.testing import headers, read_xlsx, response_bytes, xlsx_bytes
from hezuo.core.models import Job, JobStatus
from hezuo.registry.models import Organisation


@pytest.fixture(autouse=True)
def english(client):
    """Pages and messages in English (the source language) for the assertions."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


FIELDS = ["name_zh", "name_en", "kind", "country"]
GOOD = [["清华大学", "Tsinghua University", "高校", "中国"], ["", "MIT", "university", "US"]]
BAD = [
    ["清华大学", "Tsinghua University", "高校", "中国"],
    ["", "Nowhere U", "university", "Atlantis"],
]


def upload(rows, name="orgs.xlsx"):
    content = xlsx_bytes(headers("organisation", FIELDS), rows)
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def post_import(client, rows, name="orgs.xlsx", **extra):
    return client.post(
        reverse("io:import", args=["organisation"]), {"file": upload(rows, name), **extra}
    )


@pytest.mark.django_db
def test_import_page_explains_columns(client, users):
    client.force_login(users["office_staff"])
    response = client.get(reverse("io:import", args=["organisation"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "名称（中文） / Name (Chinese)" in html
    assert reverse("io:template", args=["organisation"]) in html
    assert 'type="file"' in html


@pytest.mark.django_db
def test_import_page_for_who_may_not_import(client, users):
    url = reverse("io:import", args=["organisation"])
    assert client.get(url).status_code == 302  # login first
    client.force_login(users["applicant"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": upload(GOOD)}).status_code == 404
    assert client.get(reverse("io:import", args=["person"])).status_code == 200
    assert client.get(reverse("io:import", args=["country"])).status_code == 404
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_inline_import_succeeds_and_redirects_to_the_list(client, users, countries):
    client.force_login(users["office_staff"])
    response = post_import(client, GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:organisation_list")
    assert Organisation.objects.count() == 2
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2)
    assert job.result["created"] == 2
    assert job.user == users["office_staff"]
    assert job.params["path"].startswith("imports/")


@pytest.mark.django_db
def test_inline_import_with_errors_shows_them_and_writes_nothing(client, users, countries):
    client.force_login(users["office_staff"])
    response = post_import(client, BAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Atlantis" in html
    assert 'id="import-errors"' in html
    assert reverse("io:error_report", args=[Job.objects.get().pk]) in html
    assert Organisation.objects.count() == 0
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.result["errors"][0]["row"] == 3
    assert "国家 / Country" in job.result["errors"][0]["column"]


@pytest.mark.django_db
def test_error_report_download_and_404_for_another_user(client, users, countries):
    client.force_login(users["office_staff"])
    post_import(client, BAD)
    job = Job.objects.get()
    url = reverse("io:error_report", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 200
    rows = read_xlsx(response_bytes(response))
    assert rows[0] == ["行 / Row", "列 / Column", "值 / Value", "问题 / Problem"]
    assert rows[1][0] == 3
    assert "国家 / Country" in rows[1][1]
    assert rows[1][2] == "Atlantis"
    assert "Unknown country" in rows[1][3]
    for other in ("applicant", "recommender", "nobody"):
        client.force_login(users[other])
        assert client.get(url).status_code == 404
        assert client.get(reverse("io:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("io:job_progress", args=[job.pk])).status_code == 404
    client.force_login(users["office_admin"])  # the office sees every job
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_job_list_shows_own_jobs_only(client, users, units, countries):
    from hezuo.core.io.testing import headers as hdrs

    client.force_login(users["office_staff"])
    post_import(client, GOOD)
    client.force_login(users["applicant"])
    content = xlsx_bytes(hdrs("person", ["name_en"]), [["Jane Roe"]])
    client.post(
        reverse("io:import", args=["person"]), {"file": SimpleUploadedFile("p.xlsx", content)}
    )
    response = client.get(reverse("io:job_list"))
    assert response.status_code == 200
    titles = [j.title_text for j in response.context["jobs"]]
    assert len(titles) == 1 and "p.xlsx" in titles[0]
    client.force_login(users["office_admin"])
    assert len(client.get(reverse("io:job_list")).context["jobs"]) == 2


@pytest.mark.django_db
def test_path_tricks_in_the_file_name_are_stored_safely(client, users, countries, settings):
    from pathlib import Path

    client.force_login(users["office_staff"])
    post_import(client, GOOD, name="../../etc/passwd.xlsx")
    job = Job.objects.get()
    stored = job.params["path"]
    assert stored.startswith("imports/") and ".." not in stored and stored.count("/") == 1
    assert stored.endswith("_passwd.xlsx")
    path = (Path(settings.MEDIA_ROOT) / stored).resolve()
    assert path.parent == (Path(settings.MEDIA_ROOT) / "imports").resolve()
    assert path.is_file()
    assert job.status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_oversize_upload_is_rejected(client, users, countries, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(users["office_staff"])
    response = post_import(client, GOOD * 50)
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert Job.objects.count() == 0 and Organisation.objects.count() == 0


@pytest.mark.django_db
def test_pdf_renamed_xlsx_is_rejected(client, users, countries):
    client.force_login(users["office_staff"])
    fake = SimpleUploadedFile("orgs.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    response = client.post(reverse("io:import", args=["organisation"]), {"file": fake})
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_csv_upload(client, users, countries):
    from hezuo.core.io.testing import csv_bytes

    client.force_login(users["office_staff"])
    content = csv_bytes(headers("organisation", FIELDS), GOOD)
    response = client.post(
        reverse("io:import", args=["organisation"]),
        {"file": SimpleUploadedFile("orgs.csv", content)},
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_from_the_page(client, users, countries):
    client.force_login(users["office_staff"])
    response = post_import(client, GOOD, dry_run="on")
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert Job.objects.get().status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_background_import_job(client, users, countries, settings):
    settings.IMPORT_BACKGROUND_THRESHOLD = 1
    client.force_login(users["office_staff"])
    rows = [["", f"University {i}", "university", "DE"] for i in range(30)]
    response = post_import(client, rows)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("io:job_detail", args=[job.pk])
    # The immediate task backend of the tests has run it by now.
    assert job.status == JobStatus.SUCCEEDED
    assert job.done == job.total == 30
    assert job.result["created"] == 30
    assert Organisation.objects.count() == 30
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="progress' in html
    assert "every 1s" not in html  # finished: no more polling
    assert 'id="count-created">30<' in html


@pytest.mark.django_db
def test_progress_partial_polls_while_running(client, users):
    job = Job.objects.create(
        kind="import",
        title="Import",
        user=users["office_staff"],
        status=JobStatus.RUNNING,
        total=200,
        done=50,
        params={"kind": "organisation"},
    )
    client.force_login(users["office_staff"])
    response = client.get(reverse("io:job_progress", args=[job.pk]))
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert reverse("io:job_progress", args=[job.pk]) in html
    assert "width: 25%" in html
    assert "<html" not in html  # a partial


@pytest.mark.django_db
def test_background_job_reports_errors(client, users, countries, settings):
    settings.IMPORT_BACKGROUND_THRESHOLD = 1
    client.force_login(users["office_staff"])
    post_import(client, BAD)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.result["error_count"] == 1
    assert Organisation.objects.count() == 0
    html = client.get(reverse("io:job_progress", args=[job.pk])).content.decode()
    assert "Atlantis" in html and reverse("io:error_report", args=[job.pk]) in html


# --- command line -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cli_import_and_export(tmp_path, users, countries, capsys):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(headers("organisation", FIELDS), GOOD))
    call_command("hezuo_import", "organisation", str(path), "--user", "office_staff", "--dry-run")
    assert Organisation.objects.count() == 0
    call_command("hezuo_import", "organisation", str(path), "--user", "office_staff")
    assert Organisation.objects.count() == 2
    assert "2 created" in capsys.readouterr().out

    out = tmp_path / "out.csv"
    call_command("hezuo_export", "organisation", str(out), "--user", "office_staff", "--q", "MIT")
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "MIT" in lines[1]
    xlsx = tmp_path / "out.xlsx"
    call_command("hezuo_export", "organisation", str(xlsx), "--user", "office_staff")
    assert len(read_xlsx(xlsx.read_bytes())) == 3


@pytest.mark.django_db
def test_cli_import_errors_exit_1(tmp_path, users, countries, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes(headers("organisation", FIELDS), BAD))
    with pytest.raises(SystemExit) as exit_info:
        call_command("hezuo_import", "organisation", str(path), "--user", "office_staff")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Row 3, column D · 国家 / Country: Unknown country" in err
    assert "Error report:" in err
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_bench_import_runs_and_leaves_nothing_behind(countries, capsys):
    import json

    call_command("bench", "import", "--rows", "300", "--json")
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["rows"] == 300 and figures["history_rows"] == 300
    assert figures["ratio"] > 0
    assert set(figures["phases_s"]) == {"read", "validate", "write"}
    assert Organisation.objects.count() == 0
    assert Organisation.history.count() == 0
