"""The country page: every count links to the whole filtered list behind it, the list shows
that count, and the public is told to sign in rather than shown "0 agreements"."""

import re

import pytest

from hezuo.registry.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _badge(html: str, title: str) -> tuple[str, int]:
    found = re.search(rf'{title} <a class="badge[^"]*" href="([^"]+)">(\d+)</a>', html)
    assert found, f"no linked count for {title}"
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def test_a_truncated_section_links_to_its_whole_list(client, users, countries):
    germany = countries["DE"]
    for i in range(35):  # more than the 30 the page shows
        make_organisation(name_en=f"Test Institute {i}", name_zh=f"测试研究所{i}", country=germany)
    client.force_login(users["office_staff"])
    html = client.get("/registry/countries/DE/").content.decode()
    assert "Showing 30 of 35." in html
    url, count = _badge(html, "Organisations")
    assert count == 35 and f'class="see-all" href="{url}"' in html.replace("&amp;", "&")
    listing = client.get(url)
    assert listing.context["paginator"].count == count


def test_the_public_is_asked_to_sign_in_not_shown_zero(client, countries):
    html = client.get("/registry/countries/DE/").content.decode()
    assert "Sign in</a> to see these." in html
    assert 'badge text-bg-light">0<' not in html
    assert "/accounts/login/?next=/registry/countries/DE/" in html
