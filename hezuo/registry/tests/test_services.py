"""Registry rules through the services: permission, validation, history, search."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hezuo.core import services
from hezuo.core.testing import query_budget
from hezuo.registry import models as m
from hezuo.registry.tests.factories import make_igo, make_organisation, make_person

pytestmark = pytest.mark.django_db


def test_create_update_delete_write_history_with_user_and_reason(users, units, countries):
    staff = users["office_staff"]
    org = services.create_record(
        staff,
        m.Organisation,
        {
            "name_zh": "中国科学院物理研究所",
            "name_en": "Institute of Physics, CAS",
            "kind": m.OrganisationKind.INSTITUTE,
            "country": countries["CN"],
            "province": "11",
        },
    )
    services.update_record(staff, org, {"city": "北京"})
    records = list(org.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert all(r.history_user == staff for r in records)
    assert records[1].diff_against(records[0]).changed_fields == ["city"]
    org_id = org.pk
    services.delete_record(users["office_admin"], org)
    last = m.Organisation.history.filter(id=org_id).latest("history_date")
    assert last.history_type == "-" and last.history_user == users["office_admin"]


def test_history_is_shown_on_the_record_page(client, users, countries):
    staff = users["office_staff"]
    org = services.create_record(
        staff,
        m.Organisation,
        {"name_en": "Old Name", "kind": "university", "country": countries["DE"]},
    )
    services.update_record(staff, org, {"name_en": "New Name"})
    client.force_login(staff)
    page = client.get(org.get_absolute_url()).content.decode()
    assert (
        'id="history"' in page
        and "Old Name" in page
        and "New Name" in page
        and "office_staff" in page
    )


def test_failed_validation_writes_nothing(users, countries):
    with pytest.raises(ValidationError) as exc:
        services.create_record(
            users["office_staff"],
            m.Organisation,
            {"name_zh": "", "name_en": "", "kind": "university"},
        )
    assert "name_zh" in exc.value.error_dict
    assert not m.Organisation.objects.exists()
    assert not m.Organisation.history.exists()


@pytest.mark.parametrize("role", ["recommender", "applicant", "viewer", "reviewer", "nobody"])
def test_only_the_office_keeps_the_organisation_directory(users, countries, role):
    with pytest.raises(PermissionDenied):
        services.create_record(
            users[role], m.Organisation, {"name_en": "X Univ", "kind": "university"}
        )
    assert not m.Organisation.objects.exists()


def test_applicant_keeps_own_people_but_not_other_units(users, units):
    own = services.create_record(
        users["applicant"], m.Person, {"name_zh": "李娜", "owner_unit": units["inst-a1"]}
    )
    assert own.history.get().history_user == users["applicant"]
    with pytest.raises(PermissionDenied):
        services.create_record(
            users["applicant"], m.Person, {"name_zh": "王芳", "owner_unit": units["inst-b1"]}
        )
    # A recommender keeps the records of institutions under it, and not those elsewhere.
    services.update_record(users["recommender"], own, {"name_en": "Li Na"})
    with pytest.raises(PermissionDenied):
        services.update_record(users["recommender_b"], own, {"name_en": "Hijacked"})
    own.refresh_from_db()
    assert own.name_en == "Li Na"


def test_an_update_cannot_move_a_record_out_of_reach(users, units):
    person = make_person(units["inst-a1"])
    with pytest.raises(PermissionDenied):
        services.update_record(users["applicant"], person, {"owner_unit": units["inst-b1"]})
    person.refresh_from_db()
    assert person.owner_unit == units["inst-a1"]


def test_intergovernmental_agreements_are_kept_by_the_office(users, units, countries):
    data = {
        "code": "IG-9",
        "title_zh": "科技合作协定",
        "kind": m.AgreementKind.INTERGOVERNMENTAL,
        "owner_unit": units["inst-a1"],
    }
    with pytest.raises(PermissionDenied):
        services.create_record(users["applicant"], m.Agreement, data)
    agreement = services.create_record(
        users["office_staff"],
        m.Agreement,
        data,
        m2m={"countries": [countries["CN"], countries["FR"]]},
    )
    assert set(agreement.countries.values_list("iso2", flat=True)) == {"CN", "FR"}


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (m.Person, {"name_zh": "赵磊", "orcid": "0000-0002-1825-0098"}, "orcid"),  # bad checksum
        (m.Person, {"name_zh": "赵磊", "orcid": "1234"}, "orcid"),
        (m.Person, {"name_zh": "", "name_en": ""}, "name_zh"),
        (m.Person, {"name_zh": "赵磊", "email": "not-an-email"}, "email"),
        (
            m.Agreement,
            {
                "code": "A1",
                "title_en": "X",
                "kind": "mou",
                "valid_from": dt.date(2020, 1, 1),
                "valid_until": dt.date(2019, 1, 1),
            },
            "valid_until",
        ),
        (m.Agreement, {"code": "A2", "kind": "mou"}, "title_zh"),
        (
            m.Organisation,
            {"name_en": "Bad Code Co", "kind": "enterprise", "uscc": "91110000X"},
            "uscc",
        ),
        (
            m.Organisation,
            {"name_en": "Bad ROR", "kind": "university", "ror_id": "not-a-ror"},
            "ror_id",
        ),
    ],
)
def test_validation_names_the_field(users, units, model, data, field):
    if model in (m.Person, m.Agreement):
        data = {**data, "owner_unit": units["office"]}
    with pytest.raises(ValidationError) as exc:
        services.create_record(users["office_admin"], model, data)
    assert field in exc.value.error_dict
    assert not model.objects.exists()


def test_orcid_checksum_accepts_valid_ids(users, units):
    person = services.create_record(
        users["office_admin"],
        m.Person,
        {
            "name_en": "Josiah Carberry",
            "orcid": "0000-0002-1825-0097",
            "owner_unit": units["office"],
        },
    )
    assert person.orcid == "0000-0002-1825-0097"


def test_province_only_for_domestic_organisations(users, countries):
    with pytest.raises(ValidationError) as exc:
        services.create_record(
            users["office_staff"],
            m.Organisation,
            {
                "name_en": "TU Munich",
                "kind": "university",
                "country": countries["DE"],
                "province": "11",
            },
        )
    assert "province" in exc.value.error_dict


def test_post_must_be_in_an_international_organisation(users, units, countries):
    person = make_person(units["office"])
    university = make_organisation(country=countries["CN"])
    with pytest.raises(ValidationError) as exc:
        services.create_record(
            users["office_staff"],
            m.Post,
            {
                "person": person,
                "organisation": university,
                "level": "member",
                "owner_unit": units["office"],
            },
        )
    assert "organisation" in exc.value.error_dict
    post = services.create_record(
        users["office_staff"],
        m.Post,
        {
            "person": person,
            "organisation": make_igo(),
            "level": "president",
            "owner_unit": units["office"],
        },
    )
    assert post.is_key


def test_deleting_a_referenced_record_is_refused_with_a_clear_message(users, units, countries):
    igo = make_igo()
    person = make_person(units["office"])
    services.create_record(
        users["office_staff"],
        m.Post,
        {"person": person, "organisation": igo, "level": "member", "owner_unit": units["office"]},
    )
    with pytest.raises(ValidationError, match="referred to"):
        services.delete_record(users["office_staff"], igo)
    assert m.Organisation.objects.filter(pk=igo.pk).exists()


def test_search_finds_chinese_substrings_and_english_words(users, countries):
    make_organisation(
        "Institute of Physics, Chinese Academy of Sciences",
        "中国科学院物理研究所",
        country=countries["CN"],
        acronym="IOP",
    )
    make_organisation("Tsinghua University", "清华大学", country=countries["CN"])
    make_organisation("Max Planck Society", "马克斯·普朗克学会", country=countries["DE"])

    def names(q):
        return {o.name_en for o in m.Organisation.objects.search(q)}

    assert names("科学院") == {"Institute of Physics, Chinese Academy of Sciences"}
    assert names("大学") == {"Tsinghua University"}
    assert names("academy physics") == {"Institute of Physics, Chinese Academy of Sciences"}
    assert names("TSINGHUA") == {"Tsinghua University"}
    assert names("iop") == {"Institute of Physics, Chinese Academy of Sciences"}
    assert names("普朗克") == {"Max Planck Society"}
    assert names("nothing-like-this") == set()


def test_search_on_the_list_page(client, users, countries):
    make_organisation("Institute of Physics, CAS", "中国科学院物理研究所", country=countries["CN"])
    make_organisation("Peking University", "北京大学", country=countries["CN"])
    client.force_login(users["applicant"])
    response = client.get("/registry/organisations/", {"q": "科学院"})
    assert [o.name_en for o, _v in response.context["rows"]] == ["Institute of Physics, CAS"]


def test_country_search_and_partner_filter(countries, units):
    assert {c.iso2 for c in m.Country.objects.search("美国")} == {"US", "UM"}  # 美国本土外小岛屿
    assert "DE" in {c.iso2 for c in m.Country.objects.search("germany")}
    make_organisation("TU Berlin", "柏林工业大学", country=countries["DE"])
    make_organisation("Peking University", "北京大学", country=countries["CN"])
    assert set(m.Country.objects.partners().values_list("iso2", flat=True)) == {"DE"}


def test_list_sorting_and_filtering(client, users, countries):
    make_organisation("B Univ", "乙大学", country=countries["DE"])
    make_organisation("A Univ", "甲大学", country=countries["FR"])
    make_organisation(
        "C Corp", "丙公司", country=countries["DE"], kind=m.OrganisationKind.ENTERPRISE
    )
    client.force_login(users["office_staff"])

    def rows(**params):
        response = client.get("/registry/organisations/", params)
        return [o.name_en for o, _v in response.context["rows"]]

    assert rows(sort="name_en") == ["A Univ", "B Univ", "C Corp"]
    assert rows(sort="-name_en") == ["C Corp", "B Univ", "A Univ"]
    assert rows(country="DE", sort="name_en") == ["B Univ", "C Corp"]
    assert rows(kind="enterprise") == ["C Corp"]
    assert rows(sort="password") == rows()  # unknown sort keys are ignored, not passed to SQL


def test_list_page_query_count_does_not_grow_per_row(client, users, countries):
    for i in range(40):
        make_organisation(f"Univ {i}", f"大学{i}", country=countries["DE"])
    client.force_login(users["office_staff"])
    with query_budget(12):
        client.get("/registry/organisations/")


def test_history_shows_many_to_many_changes_by_name(client, users, units, countries):
    staff = users["office_staff"]
    agreement = services.create_record(
        staff,
        m.Agreement,
        {
            "code": "IG-7",
            "title_zh": "协定",
            "kind": "intergovernmental",
            "owner_unit": units["office"],
        },
        m2m={"countries": [countries["CN"]]},
    )
    services.update_record(
        staff,
        agreement,
        {"status": "expired"},
        m2m={"countries": [countries["CN"], countries["FR"]]},
    )
    from hezuo.core.history import history_entries

    changes = [(c.field, c.old, c.new) for e in history_entries(agreement) for c in e.changes]
    assert ("countries", ["China"], ["China", "France"]) in changes
    client.force_login(staff)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "{&#x27;agreement&#x27;" not in page and "{'agreement'" not in page
