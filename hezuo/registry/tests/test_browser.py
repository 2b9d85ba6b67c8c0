"""A person at the office, in a real browser: logs in, switches language, searches 科学院, uploads
a bad spreadsheet and reads the error report, then uploads a good one."""

import openpyxl
import pytest
from playwright.sync_api import expect

from hezuo.core.tests.browser import login, switch_language
from hezuo.core.tests.factories import PASSWORD
from hezuo.registry.models import Organisation
from hezuo.registry.tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workbook(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def test_office_staff_search_and_import(page, users, countries, tmp_path):
    make_organisation(
        "Institute of Physics, Chinese Academy of Sciences",
        "中国科学院物理研究所",
        country=countries["CN"],
        province="11",
    )
    make_organisation("Peking University", "北京大学", country=countries["CN"], province="11")
    make_organisation("Technical University of Munich", "慕尼黑工业大学", country=countries["DE"])

    login(page, "office_staff", PASSWORD)
    # Chinese is the default for a Chinese browser; switch to English and back.
    assert page.get_attribute("html", "lang") == "zh-Hans"
    switch_language(page, "en")
    assert page.locator("#nav-registry").inner_text().strip() == "Registry"
    switch_language(page, "zh-hans")

    page.goto(page.base_url + "/registry/organisations/")
    page.fill("#q", "科学院")
    page.press("#q", "Enter")
    # a locator waits without evaluating a string: the pages' CSP forbids eval, rightly
    expect(page.locator("#record-table tbody tr")).to_have_count(1)
    assert "中国科学院物理研究所" in page.inner_text("#record-table")
    assert "北京大学" not in page.inner_text("#record-table")
    page.shot("search")
    # What you see is what you export: the export carries the search; a second search replaces
    # the first in the address instead of piling up another q=.
    exported = openpyxl.load_workbook(_download(page, "#export-xlsx", tmp_path))
    assert exported.active.max_row == 2  # the header and the one hit
    page.fill("#q", "大学")
    page.press("#q", "Enter")
    expect(page.locator("#record-table tbody tr")).to_have_count(2)
    assert page.url.count("q=") == 1
    assert "%E5%A4%A7%E5%AD%A6" in page.get_attribute("#export-xlsx", "href")

    # The template says which columns an import takes.
    page.goto(page.base_url + "/io/import/organisation/")
    headers = [
        c.strip() for c in page.locator("#import-columns tbody tr td:first-child").all_inner_texts()
    ]
    assert headers, "the import page lists the columns"
    template = openpyxl.load_workbook(_download(page, "#template-link", tmp_path))
    header = [c.value for c in next(template.active.iter_rows(max_row=1))]
    assert any("名称" in str(h) for h in header) and any("Name" in str(h) for h in header)

    before = Organisation.objects.count()
    row_len = len(header)

    def row(**values):
        cells = [None] * row_len
        for i, h in enumerate(header):
            for key, value in values.items():
                if key in str(h):
                    cells[i] = value
        return cells

    bad = _workbook(
        tmp_path / "bad.xlsx",
        header,
        [
            row(
                **{"Name (English)": "Good Row University", "Kind": "university", "Country": "美国"}
            ),
            row(
                **{
                    "Name (English)": "Nowhere Institute",
                    "Kind": "institute",
                    "Country": "Atlantis",
                }
            ),
            row(**{"Name (English)": "=cmd|' /C calc'!A0", "Kind": "university", "Country": "DE"}),
        ],
    )
    page.set_input_files("#import-form input[type=file]", bad)
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-errors")
    errors = page.inner_text("#import-errors")
    assert "Atlantis" in errors and "3" in errors
    page.shot("import-errors")
    report = openpyxl.load_workbook(_download(page, "#error-report-link", tmp_path))
    report_text = " ".join(str(c.value) for r in report.active.iter_rows() for c in r if c.value)
    assert "Atlantis" in report_text
    assert Organisation.objects.count() == before  # all or nothing

    good = _workbook(
        tmp_path / "good.xlsx",
        header,
        [
            row(
                **{"Name (English)": "Good Row University", "Kind": "university", "Country": "美国"}
            ),
            row(
                **{
                    "Name (English)": "Université de Testville",
                    "Kind": "university",
                    "Country": "France",
                }
            ),
        ],
    )
    page.goto(page.base_url + "/io/import/organisation/")
    page.set_input_files("#import-form input[type=file]", good)
    page.click("#import-form button[type=submit]")
    # Success leads back to the list, with the outcome in a message.
    page.wait_for_url("**/registry/organisations/**")
    assert "Good Row University" in page.inner_text("#record-table")
    assert "2" in page.inner_text(".alert-success")
    page.shot("import-done")
    assert Organisation.objects.count() == before + 2
    assert Organisation.objects.get(name_en="Good Row University").country.iso2 == "US"


def _download(page, selector, tmp_path):
    with page.expect_download() as info:
        page.click(selector)
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path
