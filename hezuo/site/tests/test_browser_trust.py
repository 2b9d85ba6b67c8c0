"""Issue 8 in a real browser, in Chinese and in English: the importer says which existing record a
row matched and why; a country's truncated list links to all of it, and the public is asked to
sign in instead of being shown zeros; the change history reads in the reader's language; an
upload refused shows its reason beside the file field. Screenshots go to test-artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hezuo.calls.tests.factories import complete_application, make_call
from hezuo.core.io.testing import headers, xlsx_bytes
from hezuo.core.tests.browser import login, switch_language
from hezuo.core.tests.factories import PASSWORD
from hezuo.registry.models import Organisation
from hezuo.registry.tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {"import": "导入", "sign_in": "登录", "see_all": "查看全部 {n} 条"},
    "en": {"import": "import", "sign_in": "Sign in", "see_all": "See all {n}"},
}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_what_a_new_user_trips_over_is_gone(page, users, units, countries, tmp_path, lang):
    words = WORDS[lang]
    germany = countries["DE"]
    mpg = make_organisation(
        "Max Planck Society", "马克斯·普朗克学会", country=germany, acronym="MPG"
    )
    for i in range(34):
        make_organisation(f"Test Institute {i}", f"测试研究所{i}", country=germany)
    app = complete_application(users["applicant"], make_call(units, "open"), units["inst-a1"])

    # Signed out, Germany's page asks to sign in rather than showing "0 agreements".
    page.goto(page.base_url + "/registry/countries/DE/")
    switch_language(page, lang)
    expect(page.locator(".signed-out").first).to_contain_text(words["sign_in"])
    page.shot("signed-out")

    # An applicant's refused upload: the reason sits beside the file field, in view.
    login(page, "applicant", PASSWORD)
    page.goto(page.base_url + app.get_absolute_url())
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a pdf")
    page.set_input_files("#attachment-form input[type=file]", str(bad))
    page.click("#attachment-form button")
    feedback = page.locator("#attachment-form .invalid-feedback")
    expect(feedback).to_be_visible()
    expect(feedback).to_be_in_viewport()
    expect(page.locator("#attachment-form input[type=file]")).to_have_class(
        "form-control is-invalid"
    )
    page.shot("upload-refused")

    # The office imports a row naming Max Planck by its German name and acronym: matched, with why.
    login(page, "office_staff", PASSWORD)
    content = xlsx_bytes(
        headers("organisation", ["name_zh", "name_en", "acronym", "country", "kind"]),
        [["马普学会", "Max-Planck-Gesellschaft", "MPG", "DE", "institute"]],
    )
    upload = tmp_path / "mpg.xlsx"
    upload.write_bytes(content)
    page.goto(page.base_url + reverse("io:import", args=["organisation"]))
    page.set_input_files("#import-form input[type=file]", str(upload))
    page.click("#import-form button[type=submit]")
    page.wait_for_url("**/registry/organisations/**")
    mpg.refresh_from_db()
    assert "Max-Planck-Gesellschaft" in mpg.aliases  # matched and enriched, not a new record
    page.goto(page.base_url + mpg.get_absolute_url())
    # the history names the import in the reader's language, whoever ran it
    expect(page.locator("body")).to_contain_text(words["import"])
    page.shot("history")

    # Germany's organisations: 30 shown, and a link to all of them in the filtered list.
    total = Organisation.objects.filter(country=germany).count()
    page.goto(page.base_url + "/registry/countries/DE/")
    page.get_by_role("link", name=words["see_all"].format(n=total)).click()
    expect(page.locator("#result-count")).to_contain_text(str(total))
    page.shot("see-all")
