"""The shipped reference data: countries, regions, development groups, groupings, the resolver."""

from __future__ import annotations

import csv

import pycountry
import pytest

from hezuo.registry.models import Country, DevelopmentGroup, Grouping, Region
from hezuo.registry.reference import country_rows, formal_names, load_reference
from hezuo.registry.reference.groupings import GROUPINGS
from hezuo.registry.reference.regions import DEVELOPED, EMERGING, REGION_BY_ISO2, UNCLASSIFIED
from hezuo.registry.resolver import CountryResolver, country_key

ALL_CODES = {c.alpha_2 for c in pycountry.countries}


def test_every_iso_code_has_a_region_and_nothing_else_does():
    assert len(ALL_CODES) == 249
    assert set(REGION_BY_ISO2) == ALL_CODES
    assert set(REGION_BY_ISO2.values()) == set(Region.values)


def test_development_groups_are_known_codes_and_disjoint():
    assert len(DEVELOPED) == 41  # IMF WEO advanced economies
    assert DEVELOPED <= ALL_CODES
    assert EMERGING <= ALL_CODES
    assert not DEVELOPED & EMERGING
    assert {"US", "DE", "JP", "KR", "SG", "HR"} <= DEVELOPED
    assert {"CN", "BR", "IN", "RU", "ZA", "MX", "ID", "TR", "SA", "AR"} <= EMERGING


def test_groupings_are_well_formed():
    codes = [g["code"] for g in GROUPINGS]
    assert len(codes) == len(set(codes))
    for g in GROUPINGS:
        assert g["name_zh"] and g["name_en"] and g["source"] and g["as_of"], g["code"]
        assert g["source_url"].startswith("http"), g["code"]
        assert len(g["members"]) == len(set(g["members"])), g["code"]
        assert set(g["members"]) <= ALL_CODES, g["code"]


def test_names_are_unique_and_everyday():
    rows = country_rows()
    zh = [r["name_zh"] for r in rows]
    en = [r["name_en"] for r in rows]
    assert len(set(zh)) == len(zh)
    assert len(set(en)) == len(en)
    by_code = {r["iso2"]: r for r in rows}
    assert by_code["BO"]["name_zh"] == "玻利维亚"
    assert by_code["KH"]["name_zh"] == "柬埔寨"
    assert by_code["KR"]["name_zh"] == "韩国"
    # the formal names stay findable
    assert "玻利维亚共和国" in by_code["BO"]["aliases"]
    assert "德意志联邦共和国" in by_code["DE"]["aliases"]


def test_formal_names_for_treaty_titles():
    assert formal_names("DE") == ("德意志联邦共和国", "Federal Republic of Germany")
    assert formal_names("KR") == ("大韩民国", "Republic of Korea")
    assert formal_names("JP") == ("日本国", "Japan")
    assert formal_names("US")[1] == "United States of America"


def test_no_alias_names_two_countries():
    owner: dict[str, str] = {}
    clashes = []
    for r in country_rows():
        names = [r["iso2"], r["iso3"], r["numeric"], r["name_zh"], r["name_en"]]
        names += [r["official_name_en"], *r["aliases"]]
        for name in names:
            key = country_key(name)
            if key and owner.setdefault(key, r["iso2"]) != r["iso2"]:
                clashes.append((name, owner[key], r["iso2"]))
    assert clashes == []


@pytest.mark.django_db
def test_load_reference_fills_every_country():
    load_reference()
    assert Country.objects.count() == 249
    assert not Country.objects.filter(name_zh="").exists()
    assert not Country.objects.filter(name_en="").exists()
    assert not Country.objects.filter(region="").exists()
    # Places that are no economy of their own (Antarctica, Åland, ...) get no group.
    unclassified = set(Country.objects.filter(development_group="").values_list("iso2", flat=True))
    assert unclassified == UNCLASSIFIED
    assert {"AQ", "AX", "BV", "SJ", "VA"} <= unclassified
    assert Country.objects.get(iso2="LI").development_group == DevelopmentGroup.DEVELOPED
    assert Country.objects.get(iso2="MC").development_group == DevelopmentGroup.DEVELOPED
    assert Country.objects.get(iso2="AW").development_group == DevelopmentGroup.DEVELOPING
    assert Country.objects.get(iso2="US").development_group == DevelopmentGroup.DEVELOPED
    assert Country.objects.get(iso2="BR").development_group == DevelopmentGroup.EMERGING
    assert Country.objects.get(iso2="KE").development_group == DevelopmentGroup.DEVELOPING
    assert Country.objects.get(iso2="EG").region == Region.AFRICA
    assert Country.objects.get(iso2="CN").search_text  # search_text is built on save


@pytest.mark.django_db
def test_grouping_sizes():
    load_reference()
    sizes = {g.code: g.countries.count() for g in Grouping.objects.all()}
    assert sizes == {
        "eu": 27,
        "asean": 11,  # Timor-Leste joined on 26 October 2025
        "asean_plus_3": 14,
        "g20": 19,
        "oecd": 38,
        "african_union": 55,
        "celac": 33,
        "arab_league": 22,
        "central_asia": 5,
        "sco": 10,
        "brics": 10,
        "belt_and_road": sizes["belt_and_road"],
    }
    assert 140 <= sizes["belt_and_road"] <= 160
    bri = set(Grouping.objects.get(code="belt_and_road").countries.values_list("iso2", flat=True))
    assert {"PK", "KZ", "RU", "EG", "ID", "NZ", "CL"} <= bri
    assert not {"CN", "US", "JP", "IN", "IT", "DE"} & bri
    assert "EH" in set(
        Grouping.objects.get(code="african_union").countries.values_list("iso2", flat=True)
    )
    assert set(
        Grouping.objects.get(code="asean_plus_3").countries.values_list("iso2", flat=True)
    ) >= {"CN", "JP", "KR", "VN"}


@pytest.mark.django_db
def test_reload_is_idempotent():
    first = load_reference()
    assert first["countries_created"] == 249
    history = Country.history.count()
    memberships = Grouping.countries.through.objects.count()
    second = load_reference()
    assert second["countries_created"] == 0
    assert second["countries_updated"] == 0
    assert Country.objects.count() == 249
    assert Country.history.count() == history
    assert Grouping.countries.through.objects.count() == memberships


@pytest.mark.django_db
def test_reload_repairs_edited_names():
    load_reference()
    Country.objects.filter(iso2="FR").update(name_zh="x", region="")
    assert load_reference()["countries_updated"] == 1
    fr = Country.objects.get(iso2="FR")
    assert (fr.name_zh, fr.region) == ("法国", Region.EUROPE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "iso2"),
    [
        ("美国", "US"),
        ("USA", "US"),
        ("US", "US"),
        ("us", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("840", "US"),
        ("Korea, Republic of", "KR"),
        ("韩国", "KR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Swaziland", "SZ"),
        ("Burma", "MM"),
        ("Holland", "NL"),
        ("Britain", "GB"),
        ("UK", "GB"),
        ("德意志联邦共和国", "DE"),
        ("DEU", "DE"),
        ("276", "DE"),
        ("玻利维亚", "BO"),
        ("玻利维亚共和国", "BO"),
        ("刚果（金）", "CD"),
        ("DR Congo", "CD"),
        ("Congo", "CG"),
        ("Vietnam", "VN"),
        ("Russia", "RU"),
        ("the Netherlands", "NL"),
        ("  germany ", "DE"),
        ("１０", "AQ"),  # full-width digits, zero-padded: 010 is Antarctica
    ],
)
def test_resolver_finds_countries(value, iso2):
    load_reference()
    country = CountryResolver().resolve(value)
    assert country is not None, value
    assert country.iso2 == iso2


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "   ", "Atlantis", "火星", "999", "XX", "United"])
def test_resolver_returns_none_for_nonsense(value):
    load_reference()
    assert CountryResolver().resolve(value) is None


@pytest.mark.django_db
def test_resolver_has_no_ambiguous_names():
    load_reference()
    assert CountryResolver()._ambiguous == set()


# UN M49 differs from the mledoze registry here, on purpose (see regions.py): M49 puts Cyprus in
# Western Asia and the US Minor Outlying Islands in Micronesia, and assigns the sub-Antarctic
# islands to continents where mledoze groups them as "Antarctic".
M49_DIFFERS_FROM_MLEDOZE = {"CY", "UM", "BV", "GS", "HM", "TF"}


def test_regions_agree_with_the_mledoze_registry(shared_data):
    path = shared_data / "country-registry-mledoze" / "countries.csv"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    with path.open(encoding="utf-8") as fh:
        theirs = {row["cca2"]: row["region"].lower() for row in csv.DictReader(fh)}
    theirs = {code: {"antarctic": "antarctica"}.get(r, r) for code, r in theirs.items()}
    compared = [code for code in REGION_BY_ISO2 if code in theirs]
    assert len(compared) == 249
    differ = sorted(code for code in compared if REGION_BY_ISO2[code] != theirs[code])
    assert set(differ) <= M49_DIFFERS_FROM_MLEDOZE, differ
