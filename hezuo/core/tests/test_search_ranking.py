"""Search puts the best match first, finds names however their punctuation is typed, and lists
sort by pinyin on Chinese pages and by the English name on English ones (issue 8, finding 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hezuo.core.bilingual import pinyin_key
from hezuo.core.search import search_order, search_text_of
from hezuo.core.testing import query_budget
from hezuo.registry import models as m
from hezuo.registry.tests.factories import make_organisation

API = "/api/v1/registry/organisations/"


def _client(users, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(users["office_staff"])
    return client


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("registry:organisation_list"), params)
    assert response.status_code == 200
    return [obj.name_en for obj, _cells in response.context["rows"]]


def _api(client, **params) -> list[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [item["name_en"] for item in response.json()["items"]]


@pytest.fixture
def max_planck(countries):
    mz = countries["MZ"]
    make_organisation("Instituto Superior Politécnico de Maputo", "马普托理工学院", mz)
    make_organisation("University of Maputo", "马普托大学", mz)
    return make_organisation(
        "Max Planck Society",
        "马克斯·普朗克学会",
        countries["DE"],
        acronym="MPG",
        aliases=["马普学会", "马普", "Max-Planck-Gesellschaft"],
        kind=m.OrganisationKind.INSTITUTE,
    )


@pytest.fixture
def academies(countries):
    cn = countries["CN"]
    made = {}
    for name_en, name_zh, country, acronym in (
        ("Austrian Academy of Sciences", "奥地利科学院", countries["AT"], "ÖAW"),
        ("Polish Academy of Sciences", "波兰科学院", countries["PL"], "PAN"),
        ("Beijing Academy of Sciences", "北京市科学院", cn, ""),
        ("Chinese Academy of Agricultural Sciences", "中国农业科学院", cn, "CAAS"),
        ("University of Chinese Academy of Sciences", "中国科学院大学", cn, "UCAS"),
        ("Chinese Academy of Sciences", "中国科学院", cn, "CAS"),
        ("Casablanca Institute", "卡萨布兰卡研究所", countries["MA"], ""),
    ):
        made[acronym or name_en] = make_organisation(
            name_en, name_zh, country, acronym=acronym, kind=m.OrganisationKind.INSTITUTE
        )
    return made


# --- finding ------------------------------------------------------------------------------------


def test_an_alias_finds_its_organisation_first(users, max_planck):
    for language in ("en", "zh-hans"):
        client = _client(users, language)
        assert _listed(client, q="马普")[0] == "Max Planck Society"
        assert _api(client, q="马普")[0] == "Max Planck Society"
        assert len(_listed(client, q="马普")) == 3


def test_punctuation_and_width_do_not_matter(users, max_planck):
    client = _client(users, "en")
    for typed in (
        "Max-Planck-Gesellschaft",
        "max planck gesellschaft",
        "Max Planck-Gesellschaft",
        "maxplanckgesellschaft",
        "Max-Planck Society",
        "马克斯普朗克学会",  # the middle dot left out, as it is usually typed
        "马克斯·普朗克",
        "ＭＰＧ",  # full-width
    ):
        assert list(m.Organisation.objects.search(typed)) == [max_planck], typed
        assert _api(client, q=typed) == ["Max Planck Society"], typed


def test_a_name_with_no_punctuation_is_found_by_a_hyphenated_search(db):
    org = make_organisation("Paul Scherrer Institute", "保罗·谢勒研究所")
    assert list(m.Organisation.objects.search("Paul-Scherrer")) == [org]
    assert list(m.Organisation.objects.search("保罗谢勒")) == [org]


# --- ranking ------------------------------------------------------------------------------------


def test_the_home_academy_is_first_for_kexueyuan(users, academies):
    for language in ("zh-hans", "en"):
        client = _client(users, language)
        listed = _listed(client, q="科学院")
        assert listed[0] == "Chinese Academy of Sciences"
        assert len(listed) == 6
        assert _api(client, q="科学院")[0] == "Chinese Academy of Sciences"
    # ranked in the database: no query more than the plain list
    url = reverse("registry:organisation_list")
    with query_budget(100) as plain:
        client.get(url)
    with query_budget(len(plain)):
        client.get(url, {"q": "科学院"})


def test_an_exact_acronym_comes_first(users, academies):
    client = _client(users, "en")
    # CAS is exact; Casablanca starts with it; the others only hold it (CAAS, UCAS do not)
    assert _listed(client, q="CAS")[:2] == ["Chinese Academy of Sciences", "Casablanca Institute"]
    assert _api(client, q="cas")[:2] == ["Chinese Academy of Sciences", "Casablanca Institute"]


def test_exact_then_prefix_then_word_then_substring(db):
    for name in ("Amax Works", "Big Max Institute", "Maxwell Laboratory", "Max"):
        make_organisation(name, "")
    with translation.override("en"):
        found = [o.name_en for o in m.Organisation.objects.search("max")]
    assert found == ["Max", "Maxwell Laboratory", "Big Max Institute", "Amax Works"]


def test_a_chosen_sort_wins_over_relevance(users, academies):
    client = _client(users, "en")
    listed = _listed(client, q="科学院", sort="name_zh")  # the name column, read in English
    assert listed == sorted(listed)
    assert _api(client, q="科学院", ordering="name_en")[0] == "Austrian Academy of Sciences"


def test_search_order_is_empty_without_words(db):
    assert search_order(m.Organisation, "   ") == []


# --- sorting ------------------------------------------------------------------------------------


def test_pinyin_keys():
    assert pinyin_key("中国科学院") == "zhong guo ke xue yuan"
    assert pinyin_key("重庆大学") == "chong qing da xue"  # the phrase decides the reading
    assert pinyin_key("约翰斯·霍普金斯大学") == "yue han si huo pu jin si da xue"
    assert pinyin_key("", "École Polytechnique") == "ecole polytechnique"
    assert pinyin_key("阿") < pinyin_key("北") < pinyin_key("中")
    assert pinyin_key("西安") < pinyin_key("先")  # syllable by syllable: xi an < xian


@pytest.fixture
def three(db):
    make_organisation("Chinese Academy of Sciences", "中国科学院")
    make_organisation("Peking University", "北京大学")
    make_organisation("Argonne National Laboratory", "阿贡国家实验室")
    # only an English name: a Chinese page shows it, and sorts it, as it is
    make_organisation("Zeta Institute", "")


def test_chinese_lists_sort_by_pinyin_english_lists_by_english_name(users, three):
    zh, en = _client(users, "zh-hans"), _client(users, "en")
    by_pinyin = [
        "Argonne National Laboratory",  # a gong
        "Peking University",  # bei jing
        "Zeta Institute",  # zeta
        "Chinese Academy of Sciences",  # zhong guo
    ]
    by_english = [
        "Argonne National Laboratory",
        "Chinese Academy of Sciences",
        "Peking University",
        "Zeta Institute",
    ]
    assert _listed(zh) == by_pinyin
    assert _api(zh) == by_pinyin
    assert _listed(en) == by_english
    assert _api(en) == by_english
    # the name column sorts the name as the page shows it; the Chinese name by pinyin
    assert _listed(zh, sort="name_zh") == by_pinyin
    assert _listed(zh, sort="-name_zh") == by_pinyin[::-1]
    assert _listed(en, sort="name_zh") == by_english
    assert _listed(en, sort="name_en") == by_english
    assert _listed(zh, sort="name_en") == by_english  # the other name, in English
    assert _api(en, ordering="name_zh") == by_pinyin
    assert _api(zh, ordering="name_en") == by_english


def test_the_sort_key_follows_every_write(users, three):
    org = m.Organisation.objects.get(name_en="Peking University")
    assert org.sort_zh == "bei jing da xue"
    org.name_zh = "燕京大学"
    org.save()
    org.refresh_from_db()
    assert org.sort_zh == "yan jing da xue"
    # bulk_create (the demo, the importer) calls the field's pre_save too
    (made,) = m.Organisation.objects.bulk_create(
        [m.Organisation(name_en="Sun Yat-sen University", name_zh="中山大学", kind="university")]
    )
    made.refresh_from_db()
    assert made.sort_zh == "zhong shan da xue"


def test_the_search_text_keeps_names_apart_from_other_words():
    text = search_text_of(["Max Planck Society", ["马普", "Max-Planck-Gesellschaft"]], ["physics"])
    assert "\nmax planck society\n" in text
    assert "\nmax-planck-gesellschaft\n" in text
    assert "\nmax planck gesellschaft\n" in text
    assert "\nmaxplanckgesellschaft\n" in text
    assert "\tphysics" in text and "\nphysics" not in text
