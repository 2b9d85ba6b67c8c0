"""Invisible and spoofing characters are not stored (issue 8, finding 16): zero-width joiners,
the right-to-left override, NUL and other controls are removed on every write path — forms,
API, imports, services — search folds compatibility forms, and an export never fails on a value
stored before (one control character in one name broke every XLSX export of the list)."""

import pytest
from django.urls import reverse

from hezuo.core.io.imports import run_import
from hezuo.core.io.testing import csv_bytes, headers, read_xlsx, response_bytes, write_file
from hezuo.core.text import clean_text
from hezuo.registry.models import Organisation
from hezuo.registry.tests.factories import make_organisation

pytestmark = pytest.mark.django_db
SPOOFED = "Max\u200b Planck\u202e Society\x00\x07"


def test_clean_text():
    assert clean_text(SPOOFED) == "Max Planck Society"
    assert clean_text("ＭＰＧ\u200d", nfkc=True) == "MPG"
    assert clean_text("line one\r\nline two\x0b", multiline=True) == "line one\nline two"
    assert clean_text("a\nb") == "a b"


def test_the_model_path_cleans(countries):
    org = make_organisation(SPOOFED, "马普\u200b学会", country=countries["DE"])
    org.refresh_from_db()
    assert (org.name_en, org.name_zh) == ("Max Planck Society", "马普学会")
    assert "max planck society" in org.search_text
    # full-width forms stay as written; search folds them
    org.name_zh = "马普学会（ＭＰＧ）"
    org.save()
    org.refresh_from_db()
    assert org.name_zh == "马普学会（ＭＰＧ）"
    assert Organisation.objects.search("mpg").get() == org


def test_the_api_cleans(client, users, countries):
    client.force_login(users["office_staff"])
    response = client.post(
        "/api/v1/registry/organisations/",
        {"name_en": SPOOFED, "kind": "institute", "country": "DE", "aliases": ["MPG\u200b"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    org = Organisation.objects.get(pk=response.json()["id"])
    assert org.name_en == "Max Planck Society" and org.aliases == ["MPG"]


def test_the_importer_cleans(users, countries, tmp_path):
    fields = ["name_en", "kind", "country"]
    # a CSV carries what a worksheet cannot (openpyxl refuses controls in cells)
    content = csv_bytes(headers("organisation", fields), [[SPOOFED, "institute", "DE"]])
    path = write_file(tmp_path, "orgs.csv", content)
    result = run_import("organisation", path, "csv", users["office_staff"])
    assert result.ok, result.errors
    assert Organisation.objects.get().name_en == "Max Planck Society"


def test_an_export_never_fails_on_a_stored_value(client, users, countries):
    org = make_organisation("Clean", country=countries["DE"])
    # a value stored before cleaning existed, written around every path
    Organisation.objects.filter(pk=org.pk).update(name_en="Broken\x01 name\x1f")
    client.force_login(users["office_staff"])
    response = client.get(reverse("registry:organisation_list") + "?export=xlsx")
    assert response.status_code == 200
    rows = read_xlsx(response_bytes(response))
    assert any("Broken name" in [str(c) for c in row] for row in rows[1:])
