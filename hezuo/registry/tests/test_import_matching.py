"""Import matching (issue 8, finding 2): a row finds the existing record by any of its names —
Chinese, English, aliases, and the acronym within the same country — and the outcome says which
record it matched and why, in the reader's language."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hezuo.core.io.imports import run_import
from hezuo.core.io.matching import describe_why
from hezuo.core.io.resources import get_resource
from hezuo.core.io.testing import headers, write_file, xlsx_bytes
from hezuo.registry.models import Mechanism, Organisation, Person

from .factories import make_organisation, make_person

FIELDS = ["name_zh", "name_en", "acronym", "country", "kind"]
MPG_ROW = ["马普学会", "Max-Planck-Gesellschaft", "MPG", "DE", "institute"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def mpg(countries):
    return make_organisation(
        name_en="Max Planck Society",
        name_zh="马克斯·普朗克学会",
        acronym="MPG",
        country=countries["DE"],
        kind="institute",
    )


def do_import(tmp_path, rows, user, fields=FIELDS, kind="organisation", **kwargs):
    path = write_file(tmp_path, f"{kind}.xlsx", xlsx_bytes(headers(kind, fields), rows))
    return run_import(kind, path, "xlsx", user, **kwargs)


def reason(result, row=2, kind="organisation", language="en"):
    match = next(m for m in result.matches if m["row"] == row)
    with translation.override(language):
        return describe_why(match["why"], get_resource(kind))


@pytest.mark.django_db
def test_mpg_row_matches_max_planck_society_by_acronym_in_germany(tmp_path, users, mpg):
    result = do_import(tmp_path, [MPG_ROW], users["office_staff"])
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert Organisation.objects.count() == 1
    [match] = result.matches
    assert match["id"] == mpg.pk
    assert match["record"] == {"zh": "马克斯·普朗克学会", "en": "Max Planck Society"}
    assert match["url"] == mpg.get_absolute_url()
    assert reason(result) == "same acronym MPG in Germany"
    zh = reason(result, language="zh-hans")
    assert "MPG" in zh and "德国" in zh and "Germany" not in zh
    mpg.refresh_from_db()
    # The record keeps its names; the row's other spellings become aliases.
    assert (mpg.name_en, mpg.name_zh) == ("Max Planck Society", "马克斯·普朗克学会")
    assert {"马普学会", "Max-Planck-Gesellschaft"} <= set(mpg.aliases)
    # Imported again, the row now meets the record by an alias.
    again = do_import(tmp_path, [MPG_ROW], users["office_staff"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert "alias “Max-Planck-Gesellschaft”" in reason(again)


@pytest.mark.django_db
def test_mpg_row_shown_with_its_record_and_reason_in_the_preview(client, users, mpg):
    client.force_login(users["office_staff"])
    content = xlsx_bytes(headers("organisation", FIELDS), [MPG_ROW])
    for language, words in (("en", "same acronym MPG in Germany"), ("zh-hans", "德国")):
        client.cookies["django_language"] = language
        response = client.post(
            reverse("io:import", args=["organisation"]),
            {"file": SimpleUploadedFile("mpg.xlsx", content), "dry_run": "on"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        page = response.content.decode()
        assert 'id="import-matches"' in page
        assert f'href="{mpg.get_absolute_url()}"' in page
        assert words in page
        assert "name_zh" not in page and "'kind'" not in page  # no code-like tokens
    assert "马克斯·普朗克学会" in page  # the Chinese page names the record in Chinese
    assert Organisation.objects.get().aliases == []  # a dry run writes nothing


@pytest.mark.django_db
def test_chinese_only_name_matches_an_alias(tmp_path, users, countries):
    cas = make_organisation(
        name_en="Chinese Academy of Sciences",
        name_zh="中国科学院",
        aliases=["中科院"],
        acronym="CAS",
        country=countries["CN"],
        kind="institute",
    )
    result = do_import(tmp_path, [["中科院", "", "", "中国", "institute"]], users["office_staff"])
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert result.matches[0]["id"] == cas.pk
    assert reason(result) == "alias “中科院”"


@pytest.mark.django_db
def test_row_alias_matches_an_existing_chinese_name(tmp_path, users, mpg):
    fields = ["name_en", "aliases", "country", "kind"]
    rows = [["Max-Planck-Gesellschaft zur Förderung", "马克斯·普朗克学会", "Germany", "institute"]]
    result = do_import(tmp_path, rows, users["office_staff"], fields=fields)
    assert (result.created, result.updated) == (0, 1)
    assert reason(result) == "same Chinese name “马克斯·普朗克学会”"


@pytest.mark.django_db
def test_acronym_in_another_country_does_not_match(tmp_path, users, mpg):
    rows = [["", "Museu Paraense Goeldi", "MPG", "BR", "institute"]]
    result = do_import(tmp_path, rows, users["office_staff"])
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 0)
    assert result.matches == []
    # Nor without a country: an acronym names an organisation only within one.
    result = do_import(
        tmp_path, [["", "MPG Holdings", "MPG", "", "enterprise"]], users["office_staff"]
    )
    assert result.created == 1
    assert Organisation.objects.count() == 3


@pytest.mark.django_db
def test_name_equal_to_an_acronym_matches_in_the_same_country_only(tmp_path, users, countries):
    cern = make_organisation(
        name_en="European Organization for Nuclear Research",
        name_zh="欧洲核子研究中心",
        acronym="CERN",
        country=countries["CH"],
        kind="igo",
    )
    result = do_import(tmp_path, [["", "CERN", "", "CH", "igo"]], users["office_staff"])
    assert result.matches[0]["id"] == cern.pk
    assert reason(result) == "same acronym CERN in Switzerland"
    result = do_import(tmp_path, [["", "CERN", "", "FR", "igo"]], users["office_staff"])
    assert result.created == 1


@pytest.mark.django_db
def test_two_organisations_with_one_acronym_in_a_country_is_ambiguous(tmp_path, users, mpg):
    make_organisation(
        name_en="Max Planck Graduate Centre", name_zh="", acronym="MPG", country=mpg.country
    )
    result = do_import(
        tmp_path, [["", "Something New", "MPG", "DE", "institute"]], users["office_staff"]
    )
    assert not result.ok
    assert "acronym matches several organisations" in result.errors[0].message
    assert "Acronym" in result.errors[0].column
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_one_acronym_twice_in_a_file_and_country_is_a_duplicate(tmp_path, users, countries):
    rows = [
        ["马普学会", "", "MPG", "DE", "institute"],
        ["", "Max Planck Society", "MPG", "Germany", "institute"],
        ["", "Museu Paraense Goeldi", "MPG", "BR", "institute"],
    ]
    result = do_import(tmp_path, rows, users["office_staff"])
    assert [e.row for e in result.errors] == [3]
    assert "row 2" in result.errors[0].message
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_every_kind_of_match_says_why(tmp_path, users, units, countries, mpg):
    user = users["office_staff"]
    result = do_import(
        tmp_path, [[mpg.pk, "", "", "institute"]], user, ["id", "name_en", "city", "kind"]
    )
    assert reason(result) == "its number in the ID column"
    mpg.ror_id = "01hhn8329"
    mpg.save()
    result = do_import(tmp_path, [["01hhn8329", "institute"]], user, ["ror_id", "kind"])
    assert reason(result) == "same ROR id 01hhn8329"
    fuzzy = do_import(tmp_path, [["", "Max Plank Society", "", "DE", "institute"]], user)
    assert reason(fuzzy).startswith("similar name “Max Planck Society” (9")
    assert fuzzy.summary()["matches"][0]["check"] is True


@pytest.mark.django_db
def test_people_match_by_orcid_then_email_then_name_and_say_why(tmp_path, users, units, countries):
    user = users["office_staff"]
    unit = units["office"]
    zhang = make_person(
        unit,
        name_zh="张伟",
        name_en="Zhang Wei",
        nationality=countries["CN"],
        email="zhang@example.org",
        orcid="0000-0002-1825-0097",
    )
    fields = ["name_zh", "name_en", "nationality", "email", "orcid", "owner_unit"]
    code = zhang.owner_unit.code
    cases = [
        (
            ["", "Wei Zhang", "CN", "", "0000-0002-1825-0097", code],
            "same ORCID iD 0000-0002-1825-0097",
        ),
        (["", "Wei Zhang", "CN", "ZHANG@example.org", "", code], "same E-mail ZHANG@example.org"),
        (["张伟", "", "中国", "", "", code], "same Chinese name “张伟”"),
    ]
    for row, why in cases:
        result = do_import(tmp_path, [row], user, fields, kind="person")
        assert result.ok, result.errors
        assert result.matches[0]["id"] == zhang.pk
        assert reason(result, kind="person") == why
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_mechanism_match_says_which_name(tmp_path, users, countries):
    user = users["office_staff"]
    fields = ["name_zh", "name_en", "kind"]
    do_import(
        tmp_path,
        [["中德创新对话", "Sino-German Innovation Dialogue", "forum"]],
        user,
        fields,
        kind="mechanism",
    )
    result = do_import(tmp_path, [["中德创新对话", "", "forum"]], user, fields, kind="mechanism")
    assert (result.created, result.unchanged) == (0, 1)
    assert reason(result, kind="mechanism") == "same Chinese name “中德创新对话”"
    assert Mechanism.objects.count() == 1


@pytest.mark.django_db
def test_the_rows_own_name_wins_over_its_aliases(tmp_path, users, countries, mpg):
    other = make_organisation(
        name_en="Fraunhofer Society", name_zh="", aliases=["MPG Partner"], country=mpg.country
    )
    fields = ["name_en", "aliases", "country", "kind"]
    rows = [["Max Planck Society", "MPG Partner; Shanghai Junshi Co., Ltd.", "DE", "institute"]]
    result = do_import(tmp_path, rows, users["office_staff"], fields=fields)
    assert result.ok, result.errors
    assert result.matches[0]["id"] == mpg.pk != other.pk
    assert reason(result) == "same English name “Max Planck Society”"
    mpg.refresh_from_db()
    # A name with a comma is one alias, not two.
    assert "Shanghai Junshi Co., Ltd." in mpg.aliases
