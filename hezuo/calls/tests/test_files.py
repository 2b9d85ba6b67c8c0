"""Attachments (size, type sniffed from content, path tricks, storage outside the web root, served
only through the scoped view), and the documents the platform writes: the printable application as
DOCX and PDF, and application lists as XLSX — each opened back and read."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hezuo.calls import printing, services
from hezuo.calls.models import ApplicationState

from .factories import MINIMAL_PDF, advance, docx_bytes, pdf_upload
from .test_views import login

S = ApplicationState
pytestmark = pytest.mark.django_db


def test_an_upload_is_stored_under_media_root_with_a_safe_name(users, draft_app):
    attachment = services.add_attachment(
        users["applicant"], draft_app, pdf_upload("../../etc/passwd.pdf"), "other"
    )
    path = Path(attachment.file.path).resolve()
    root = Path(settings.MEDIA_ROOT).resolve()
    assert root in path.parents
    assert path.parent == root / "calls" / str(draft_app.call_id) / str(draft_app.pk)
    assert ".." not in attachment.file.name and "/etc/" not in attachment.file.name
    assert attachment.original_name == "passwd.pdf"
    assert attachment.file_type == "pdf" and attachment.size == len(MINIMAL_PDF)


@pytest.mark.parametrize(
    "name",
    [
        "..\\..\\windows\\system32\\evil.pdf",
        "/absolute/path/evil.pdf",
        "evil.pdf\x00.exe",
        "....//....//evil.pdf",
        "合作协议（签字版）.pdf",
        ".hidden.pdf",
    ],
)
def test_path_tricks_in_names_go_nowhere(users, draft_app, name):
    attachment = services.add_attachment(users["applicant"], draft_app, pdf_upload(name), "other")
    stored = Path(attachment.file.path).resolve()
    assert stored.parent == (
        Path(settings.MEDIA_ROOT).resolve() / "calls" / str(draft_app.call_id) / str(draft_app.pk)
    )
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    assert "\x00" not in attachment.file.name


def test_oversized_uploads_are_refused(users, draft_app, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    before = draft_app.attachments.count()
    with pytest.raises(ValidationError, match="too large"):
        services.add_attachment(users["applicant"], draft_app, pdf_upload(size=2048), "other")
    assert draft_app.attachments.count() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows executable"),
        ("budget.xlsx", b"<html><script>alert(1)</script></html>"),
        ("plan.docx", b"PK\x03\x04 not really a zip"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("data.pdf", b"name,amount\nx,1\n"),  # text: CSV is not an accepted attachment type
    ],
)
def test_a_wrong_type_disguised_by_its_extension_is_refused(users, draft_app, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="not an accepted type"):
        services.add_attachment(users["applicant"], draft_app, upload, "other")


def test_the_real_type_is_sniffed_not_taken_from_the_name(users, draft_app):
    upload = SimpleUploadedFile("scan.pdf", docx_bytes(), content_type="application/pdf")
    attachment = services.add_attachment(users["applicant"], draft_app, upload, "plan")
    assert attachment.file_type == "docx"


def test_an_upload_rejected_by_the_view_shows_why_next_to_the_field(client, users, draft_app):
    login(client, users["applicant"])
    before = draft_app.attachments.count()
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        reverse("calls:attachment_upload", args=[draft_app.pk]),
        {"kind": "other", "file": bad},
    )
    # drawn again, not redirected: the refusal sits under the file field, inside the form
    assert response.status_code == 422
    html = response.content.decode()
    form = html[
        html.index('id="attachment-form"') : html.index(
            "</form>", html.index('id="attachment-form"')
        )
    ]
    assert 'name="file"' in form and "invalid-feedback" in form
    assert "not an accepted type" in form
    assert draft_app.attachments.count() == before


def test_a_refused_action_form_shows_its_errors_beside_its_fields(client, users, units):
    from hezuo.calls.models import ApplicationState as S
    from hezuo.calls.tests.factories import advance, complete_application, make_call

    call = make_call(units, "open", code="2026-errors")
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    login(client, users["recommender"])
    # returning needs a reason: an empty one is refused on the form, not at the top of the page
    response = client.post(reverse("calls:application_action", args=[app.pk, "return"]), {})
    assert response.status_code == 422
    html = response.content.decode()
    form = html[
        html.index('data-action="return"') : html.index(
            "</form>", html.index('data-action="return"')
        )
    ]
    assert "invalid-feedback" in form


def test_downloads_go_through_the_scoped_view(client, users, draft_app):
    attachment = draft_app.attachments.first()
    login(client, users["applicant"])
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # another application's file number under this application: not found
    other = services.create_application(users["applicant_b1"], draft_app.call, {})
    services.add_attachment(users["applicant_b1"], other, pdf_upload(), "other")
    foreign_file = other.attachments.get()
    url = reverse("calls:attachment_download", args=[draft_app.pk, foreign_file.pk])
    assert client.get(url).status_code == 404


def test_a_removed_attachment_leaves_no_file(users, draft_app, django_capture_on_commit_callbacks):
    attachment = services.add_attachment(users["applicant"], draft_app, pdf_upload(), "other")
    path = Path(attachment.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(users["applicant"], attachment)
    assert not path.exists()


def test_attachments_are_frozen_after_submission(users, draft_app):
    from hezuo.calls.services import TransitionError

    app = advance(draft_app, S.SUBMITTED, users)
    with pytest.raises(TransitionError):
        services.add_attachment(users["applicant"], app, pdf_upload(), "other")
    with pytest.raises(TransitionError):
        services.remove_attachment(users["applicant"], app.attachments.first())


# --- the printable application -------------------------------------------------------------------


def test_the_docx_reads_back_with_its_chinese_text(users, draft_app, client):
    import docx

    app = advance(draft_app, S.SUBMITTED, users)
    login(client, users["recommender"])
    response = client.get(reverse("calls:application_print", args=[app.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{app.number}.docx"')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "中德清洁能源联合研究" in text
    assert "面向氢能储运的联合研究。" in text
    assert "Fraunhofer-Gesellschaft" in cells
    assert app.number in cells
    assert "570" in cells  # the budget total
    assert document.core_properties.identifier == app.number
    east_asia = document.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == printing.DOCX_EAST_ASIA_FONT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_renders_chinese_text(users, draft_app, client, tmp_path):
    pytest.importorskip("weasyprint")
    app = advance(draft_app, S.SUBMITTED, users)
    login(client, users["applicant"])
    response = client.get(reverse("calls:application_print", args=[app.pk, "pdf"]))
    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "app.pdf"
    pdf.write_bytes(response.content)
    pdftotext, pdffonts = shutil.which("pdftotext"), shutil.which("pdffonts")
    text = subprocess.run(  # noqa: S603 - our own file, a fixed tool
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "中德清洁能源联合研究" in text
    assert "Fraunhofer" in text  # (a narrow cell may wrap it after the hyphen)
    assert app.number in text
    assert "面向氢能储运的联合研究" in text
    fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True).stdout  # noqa: S603
    assert "CJK" in fonts  # the glyphs come from a CJK font, not boxes


def test_pdf_printing_says_what_to_install_when_the_renderer_is_missing(
    users, draft_app, client, monkeypatch
):
    def missing(app):
        raise printing.RendererMissing("install libpango-1.0-0")

    monkeypatch.setattr(printing, "application_pdf", missing)
    login(client, users["applicant"])
    response = client.get(reverse("calls:application_print", args=[draft_app.pk, "pdf"]))
    assert response.status_code == 503 and b"libpango" in response.content


# --- exports -------------------------------------------------------------------------------------


def test_the_application_list_exports_to_xlsx_scoped_and_filtered(client, users, units, call):
    from openpyxl import load_workbook

    from .factories import complete_application

    mine = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    advance(complete_application(users["applicant_b1"], call, units["inst-b1"]), S.SUBMITTED, users)
    login(client, users["recommender"])
    response = client.get(
        reverse("calls:application_list") + f"?call={call.code}&export=xlsx",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    headers = rows[0]
    assert "申报编号 / Number" in headers and "合作国别 / Partner countries" in headers
    assert len(rows) == 2  # the header and prov-a's one application
    row = dict(zip(headers, rows[1], strict=True))
    assert row["申报编号 / Number"] == mine.number
    assert row["名称（中文） / Title (Chinese)"] == "中德清洁能源联合研究"
    assert row["状态 / State"] == "已提交"
    assert row["领域 / Field"] == "能源资源开发利用"
    assert row["总预算（万元） / Total budget (10k CNY)"] == 570
    assert "Fraunhofer" in row["外方合作单位 / Foreign partners"]
    # the office sees both
    login(client, users["office_staff"])
    response = client.get(reverse("calls:application_list") + "?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 3


def test_projects_export(client, users, draft_app):
    from openpyxl import load_workbook

    app = advance(draft_app, S.PUBLISHED, users)
    response = client.get(reverse("portfolio:project_list") + "?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][1] == app.project.code
