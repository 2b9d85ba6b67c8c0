"""An applicant names the foreign partner by typing part of its name and picking it from the
suggestions, in Chinese and in English (issue 8, finding 7). The open picker is photographed to
/tmp/shots/picker-<lang>.png for a person to look at."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hezuo.calls.models import PartnerRole
from hezuo.core.tests.browser import login, switch_language
from hezuo.core.tests.factories import PASSWORD
from hezuo.registry.tests.factories import make_organisation

from .factories import country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")

TYPED = {"zh-hans": "普朗克", "en": "planck"}
NAME = {"zh-hans": "马克斯·普朗克学会", "en": "Max Planck Society"}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_partner_is_picked_by_typing_part_of_its_name(page, users, draft_app, lang):
    de = country("DE")
    mpg = make_organisation("Max Planck Society", "马克斯·普朗克学会", country=de, acronym="MPG")
    make_organisation(
        "Max Planck Institute for Physics", "马克斯·普朗克物理研究所", country=de, parent=mpg
    )
    make_organisation("Planck Institute of China", "中国普朗克研究所", country=country("CN"))

    login(page, "applicant", PASSWORD)
    switch_language(page, lang)
    page.goto(page.base_url + reverse("calls:partner_create", args=[draft_app.pk]))
    box = page.locator("#id_organisation")
    expect(page.locator("label[for=id_organisation]")).to_be_visible()
    box.press_sequentially(TYPED[lang], delay=40)
    suggestions = page.locator("#id_organisation-options [data-pick]")
    # Two foreign organisations match; the domestic one is no foreign partner.
    expect(suggestions).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#id_organisation-options")).not_to_contain_text("中国")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"picker-{lang}.png"))

    choice = page.locator(f"#id_organisation-options [data-pick='{mpg.pk}']")
    if lang == "en":
        # By keyboard: down into the suggestions, to the society, Enter.
        box.press("ArrowDown")
        while not choice.evaluate("e => e === document.activeElement"):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        choice.click()
    expect(box).to_have_value(NAME[lang])
    expect(page.locator("input[type=hidden][name=organisation]")).to_have_value(str(mpg.pk))
    expect(suggestions).to_have_count(0)

    page.select_option("#id_role", PartnerRole.LEAD)
    page.fill("#id_commits_people", "2")
    page.click("main form button.btn-primary")
    page.wait_for_url(f"**{draft_app.get_absolute_url()}#partners")
    expect(page.locator("#partners ~ table").first).to_contain_text(NAME[lang])
    assert draft_app.partners.filter(organisation=mpg, country=de).exists()
