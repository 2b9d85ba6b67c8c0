"""The registry REST API: every endpoint × every role, scoping of unit-kept records, writes through
the services (history, validation), filters, search, ordering, pagination and query budgets."""

from __future__ import annotations

import pytest

from hezuo.core.testing import (
    OFFICE,
    REACH_A1,
    REACH_B1,
    READ_ALL,
    assert_covers_api,
    assert_matrix,
    client_for,
    expect,
    query_budget,
)
from hezuo.registry import models as m

API = "/api/v1/registry"

EDIT_A1 = (*OFFICE, "recommender", "applicant")
# inst-a2 is under prov-a too: its recommender and its own applicant reach it.
REACH_A2 = (*READ_ALL, "recommender", "applicant_a2")
EDIT_A2 = (*OFFICE, "recommender", "applicant_a2")


@pytest.fixture
def records(users, units, countries):
    """One record of each kind for each side (inst-a1 and inst-b1), set up directly."""
    fr, cn = countries["FR"], countries["CN"]
    unesco = m.Organisation.objects.create(
        name_zh="联合国教科文组织", name_en="UNESCO", acronym="UNESCO", kind="igo", country=fr
    )
    cas = m.Organisation.objects.create(
        name_zh="中国科学院", name_en="Chinese Academy of Sciences", kind="institute", country=cn
    )

    def person(name, unit):
        return m.Person.objects.create(name_en=name, nationality=cn, owner_unit=units[unit])

    people = {"a1": person("Alice A1", "inst-a1"), "b1": person("Bob B1", "inst-b1")}
    posts = {
        key: m.Post.objects.create(
            person=p, organisation=unesco, level="member", owner_unit=p.owner_unit
        )
        for key, p in people.items()
    }
    candidacies = {
        key: m.Candidacy.objects.create(person=p, organisation=unesco, owner_unit=p.owner_unit)
        for key, p in people.items()
    }
    people["a2"] = person("Ann A2", "inst-a2")  # nothing refers to her: she can be deleted

    def agreement(code, kind, unit):
        a = m.Agreement.objects.create(code=code, title_en=code, kind=kind, owner_unit=units[unit])
        a.countries.set([cn, fr])
        return a

    agreements = {
        "a1": agreement("INST-A1", "institutional", "inst-a1"),
        "b1": agreement("INST-B1", "institutional", "inst-b1"),
        "gov": agreement("CN-FR-1978", "intergovernmental", "office"),
    }
    mechanism = m.Mechanism.objects.create(name_en="China-France joint committee", kind="forum")
    mechanism.countries.set([fr])
    return {
        "unesco": unesco,
        "cas": cas,
        "people": people,
        "posts": posts,
        "candidacies": candidacies,
        "agreements": agreements,
        "mechanism": mechanism,
    }


# --- the permission matrix ------------------------------------------------------------------------

# (method, path template, record key or None, payload, expected statuses)
# A path's `{id}` is the record's pk, `{iso2}` a country code.
MATRIX = [
    # countries: public reference data; only office admins correct it
    ("get", "/countries/", None, None, expect(200, anonymous=200)),
    ("get", "/countries/{iso2}/", "FR", None, expect(200, anonymous=200)),
    ("patch", "/countries/{iso2}/", "FR", {"aliases": ["法兰西"]}, expect(403, office_admin=200)),
    # organisations and mechanisms: a shared directory kept by the office
    ("get", "/organisations/", None, None, expect(200)),
    ("get", "/organisations/{id}/", "unesco", None, expect(200)),
    (
        "post",
        "/organisations/",
        None,
        {"name_en": "CERN", "kind": "igo"},
        expect(403, (OFFICE, 201)),
    ),
    ("patch", "/organisations/{id}/", "unesco", {"city": "Paris"}, expect(403, (OFFICE, 200))),
    ("delete", "/organisations/{id}/", "cas", None, expect(403, (OFFICE, 204))),
    ("get", "/mechanisms/", None, None, expect(200)),
    ("get", "/mechanisms/{id}/", "mechanism", None, expect(200)),
    (
        "post",
        "/mechanisms/",
        None,
        {"name_en": "Innovation dialogue", "kind": "innovation_dialogue", "countries": ["DE"]},
        expect(403, (OFFICE, 201)),
    ),
    ("patch", "/mechanisms/{id}/", "mechanism", {"active": False}, expect(403, (OFFICE, 200))),
    ("delete", "/mechanisms/{id}/", "mechanism", None, expect(403, (OFFICE, 204))),
    # people, posts, candidacies, institutional agreements: kept by a unit
    ("get", "/people/", None, None, expect(200)),
    ("get", "/people/{id}/", "people.a1", None, expect(404, (REACH_A1, 200))),
    ("get", "/people/{id}/", "people.b1", None, expect(404, (REACH_B1, 200))),
    (
        "post",
        "/people/",
        None,
        {"name_zh": "张三", "owner_unit": "inst-a1"},
        expect(403, (EDIT_A1, 201)),
    ),
    (
        "patch",
        "/people/{id}/",
        "people.a1",
        {"email": "a1@example.org"},
        expect(404, (REACH_A1, 403), (EDIT_A1, 200)),
    ),
    # inst-a2 is under prov-a too: its recommender reaches it, inst-a1's applicant does not
    ("get", "/people/{id}/", "people.a2", None, expect(404, (REACH_A2, 200))),
    (
        "delete",
        "/people/{id}/",
        "people.a2",
        None,
        expect(404, (REACH_A2, 403), (EDIT_A2, 204)),
    ),
    ("get", "/posts/", None, None, expect(200)),
    ("get", "/posts/{id}/", "posts.a1", None, expect(404, (REACH_A1, 200))),
    ("get", "/posts/{id}/", "posts.b1", None, expect(404, (REACH_B1, 200))),
    (
        "post",
        "/posts/",
        None,
        {"person": "people.a1", "organisation": "unesco", "level": "executive"},
        expect(403, (EDIT_A1, 201), recommender_b=422, applicant_a2=422, applicant_b1=422),
    ),
    (
        "patch",
        "/posts/{id}/",
        "posts.a1",
        {"title": "Board member"},
        expect(404, (REACH_A1, 403), (EDIT_A1, 200)),
    ),
    ("delete", "/posts/{id}/", "posts.a1", None, expect(404, (REACH_A1, 403), (EDIT_A1, 204))),
    ("get", "/candidacies/", None, None, expect(200)),
    ("get", "/candidacies/{id}/", "candidacies.a1", None, expect(404, (REACH_A1, 200))),
    ("get", "/candidacies/{id}/", "candidacies.b1", None, expect(404, (REACH_B1, 200))),
    (
        "post",
        "/candidacies/",
        None,
        {"person": "people.b1", "status": "ready", "owner_unit": "inst-b1"},
        expect(
            403,
            (OFFICE, 201),
            (("recommender", "applicant", "applicant_a2"), 422),
            recommender_b=201,
            applicant_b1=201,
        ),
    ),
    (
        "patch",
        "/candidacies/{id}/",
        "candidacies.b1",
        {"status": "ready"},
        expect(404, (REACH_B1, 403), (OFFICE, 200), recommender_b=200, applicant_b1=200),
    ),
    (
        "delete",
        "/candidacies/{id}/",
        "candidacies.b1",
        None,
        expect(404, (REACH_B1, 403), (OFFICE, 204), recommender_b=204, applicant_b1=204),
    ),
    ("get", "/agreements/", None, None, expect(200)),
    ("get", "/agreements/{id}/", "agreements.a1", None, expect(404, (REACH_A1, 200))),
    ("get", "/agreements/{id}/", "agreements.b1", None, expect(404, (REACH_B1, 200))),
    # intergovernmental agreements are known to every signed-in user, kept by the office
    ("get", "/agreements/{id}/", "agreements.gov", None, expect(200)),
    (
        "post",
        "/agreements/",
        None,
        {
            "code": "NEW-A1",
            "title_zh": "合作协议",
            "kind": "institutional",
            "owner_unit": "inst-a1",
        },
        expect(403, (EDIT_A1, 201)),
    ),
    (
        "post",
        "/agreements/",
        None,
        {"code": "NEW-GOV", "title_en": "S&T agreement", "kind": "intergovernmental"},
        expect(403, (OFFICE, 201)),
    ),
    (
        "patch",
        "/agreements/{id}/",
        "agreements.a1",
        {"status": "expired"},
        expect(404, (REACH_A1, 403), (EDIT_A1, 200)),
    ),
    (
        "patch",
        "/agreements/{id}/",
        "agreements.gov",
        {"status": "expired"},
        expect(403, (OFFICE, 200)),
    ),
    (
        "delete",
        "/agreements/{id}/",
        "agreements.a1",
        None,
        expect(404, (REACH_A1, 403), (EDIT_A1, 204)),
    ),
    ("delete", "/agreements/{id}/", "agreements.gov", None, expect(403, (OFFICE, 204))),
]


def _record(records, key: str):
    value = records
    for part in key.split("."):
        value = value[part]
    return value


def _resolve_payload(records, payload):
    """Payload values naming a fixture record ("people.a1") become its id."""
    if payload is None:
        return None
    out = {}
    for name, value in payload.items():
        if name in ("person", "organisation") and isinstance(value, str):
            value = _record(records, value).pk
        out[name] = value
    return out


@pytest.mark.parametrize(
    ("method", "path", "key", "payload", "expected"),
    MATRIX,
    ids=[f"{method} {path} {key or ''}".strip() for method, path, key, _p, _e in MATRIX],
)
def test_permission_matrix(records, users, method, path, key, payload, expected):
    url = API + path
    if "{iso2}" in path:
        url = url.replace("{iso2}", key)
    elif "{id}" in path:
        url = url.replace("{id}", str(_record(records, key).pk))
    assert_matrix(users, method, url, expected, _resolve_payload(records, payload))


def test_the_matrix_covers_every_registry_endpoint():
    """A new endpoint without a row in MATRIX fails here."""
    assert_covers_api(API + "/", [(method, API + path) for method, path, *_rest in MATRIX])


# --- scoping of lists: a recommender never sees another unit's records ----------------------------


@pytest.mark.parametrize("kind", ["people", "posts", "candidacies", "agreements"])
def test_lists_show_each_role_only_its_units_records(records, users, kind):
    a1, b1 = {"inst-a1"}, {"inst-b1"}
    a2 = {"inst-a2"} if kind == "people" else set()  # only people have an inst-a2 record
    sides = {
        "office_admin": a1 | a2 | b1,
        "office_staff": a1 | a2 | b1,
        "viewer": a1 | a2 | b1,
        "recommender": a1 | a2,
        "applicant": a1,
        "applicant_a2": a2,
        "recommender_b": b1,
        "applicant_b1": b1,
        "reviewer": set(),
        "nobody": set(),
    }
    for role, expected in sides.items():
        body = client_for(users, role).get(f"{API}/{kind}/").json()
        seen = {item["owner_unit"] for item in body["items"]} - {"office"}
        assert seen == expected, role
        if kind == "agreements":  # the intergovernmental one is everybody's
            assert "CN-FR-1978" in {item["code"] for item in body["items"]}, role
        assert body["count"] == len(body["items"])


def test_recommender_gets_404_not_403_for_another_units_records(records, users):
    client = client_for(users, "recommender")
    person = records["people"]["b1"]
    missing = client.get(f"{API}/people/999999/")
    forbidden = client.get(f"{API}/people/{person.pk}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Not found."}
    assert client.patch(
        f"{API}/people/{person.pk}/", {"name_en": "X"}, content_type="application/json"
    ).json() == {"detail": "Not found."}
    person.refresh_from_db()
    assert person.name_en == "Bob B1"


def test_recommender_cannot_move_a_record_to_another_unit(records, users):
    person = records["people"]["a1"]
    response = client_for(users, "recommender").patch(
        f"{API}/people/{person.pk}/", {"owner_unit": "inst-b1"}, content_type="application/json"
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.owner_unit.code == "inst-a1"


def test_owner_unit_defaults_to_the_callers_only_unit(users, countries):
    response = client_for(users, "applicant").post(
        f"{API}/people/", {"name_en": "Carol"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["owner_unit"] == "inst-a1"


# --- representation -------------------------------------------------------------------------------


def test_references_are_readable(records, users):
    client = client_for(users, "office_staff")
    agreement = records["agreements"]["a1"]
    agreement.organisations.set([records["cas"]])
    body = client.get(f"{API}/agreements/{agreement.pk}/").json()
    assert body["countries"] == ["CN", "FR"]
    assert body["organisations"] == [
        {
            "id": records["cas"].pk,
            "name": "Chinese Academy of Sciences",
            "name_zh": "中国科学院",
            "name_en": "Chinese Academy of Sciences",
        }
    ]
    assert body["owner_unit"] == "inst-a1"
    org = client.get(f"{API}/organisations/{records['unesco'].pk}/").json()
    assert org["country"]["iso2"] == "FR"
    assert org["country"]["name_en"] == "France"
    post = client.get(f"{API}/posts/{records['posts']['a1'].pk}/").json()
    assert post["person"]["name_en"] == "Alice A1"
    assert post["organisation"]["id"] == records["unesco"].pk
    country = client.get(f"{API}/countries/fr/").json()
    assert country["iso2"] == "FR" and country["iso3"] == "FRA"
    assert "eu" in country["groupings"]
    assert country["name"] == "France"


def test_create_update_with_many_to_many_and_references(records, users):
    client = client_for(users, "office_staff")
    response = client.post(
        f"{API}/agreements/",
        {
            "code": "CN-DE-1978",
            "title_zh": "中德科技合作协定",
            "kind": "intergovernmental",
            "countries": ["cn", "DE"],
            "organisations": [records["cas"].pk],
            "signed_on": "1978-10-09",
            "commits_money": "12.50",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["countries"] == ["CN", "DE"]
    assert body["owner_unit"] == "office"
    assert body["commits_money"] == "12.50"
    response = client.patch(
        f"{API}/agreements/{body['id']}/", {"countries": ["FR"]}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["countries"] == ["FR"]
    assert response.json()["signed_on"] == "1978-10-09"  # a partial update keeps the rest


# --- writes go through the services: history ------------------------------------------------------


def test_create_update_delete_write_history(users, countries):
    staff = users["office_staff"]
    client = client_for(users, "office_staff")
    created = client.post(
        f"{API}/organisations/",
        {"name_zh": "国际原子能机构", "name_en": "IAEA", "kind": "igo", "country": "AT"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["country"]["iso2"] == "AT"
    updated = client.patch(
        f"{API}/organisations/{pk}/", {"city": "Vienna"}, content_type="application/json"
    )
    assert updated.status_code == 200
    assert updated.json()["city"] == "Vienna"
    assert updated.json()["name_en"] == "IAEA"
    assert client.delete(f"{API}/organisations/{pk}/").status_code == 204
    assert not m.Organisation.objects.filter(pk=pk).exists()
    history = list(m.Organisation.history.filter(id=pk).order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert all(h.history_user_id == staff.pk for h in history)
    assert history[1].city == "Vienna"


def test_m2m_history_is_kept(users, countries):
    client = client_for(users, "office_staff")
    pk = client.post(
        f"{API}/mechanisms/",
        {"name_en": "Joint committee", "kind": "joint_committee", "countries": ["DE"]},
        content_type="application/json",
    ).json()["id"]
    record = m.Mechanism.history.filter(id=pk).latest("history_date")
    assert record.history_user == users["office_staff"]
    assert {c.country_id for c in record.countries.all()} == {countries["DE"].pk}


def test_deleting_a_referenced_record_is_refused_with_a_reason(records, users):
    response = client_for(users, "office_staff").delete(
        f"{API}/organisations/{records['unesco'].pk}/"
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] is None and "cannot be deleted" in error["message"]
    assert m.Organisation.objects.filter(pk=records["unesco"].pk).exists()


# --- validation: 422 naming the field, nothing written --------------------------------------------


def _field_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_bad_orcid_checksum(users, countries):
    response = client_for(users, "applicant").post(
        f"{API}/people/",
        {"name_en": "Josiah Carberry", "orcid": "0000-0002-1825-0098"},
        content_type="application/json",
    )
    assert "checksum" in _field_errors(response)["orcid"]
    assert not m.Person.objects.exists()


def test_end_before_start(records, users):
    client = client_for(users, "applicant")
    response = client.post(
        f"{API}/agreements/",
        {
            "code": "BAD-DATES",
            "title_en": "Bad dates",
            "kind": "institutional",
            "valid_from": "2024-01-01",
            "valid_until": "2023-12-31",
        },
        content_type="application/json",
    )
    assert "valid_until" in _field_errors(response)
    assert not m.Agreement.objects.filter(code="BAD-DATES").exists()
    post = records["posts"]["a1"]
    response = client.patch(
        f"{API}/posts/{post.pk}/",
        {"term_start": "2024-01-01", "term_end": "2020-01-01"},
        content_type="application/json",
    )
    assert "term_end" in _field_errors(response)
    post.refresh_from_db()
    assert post.term_start is None
    assert post.history.count() == 1


def test_unknown_country(users, countries):
    client = client_for(users, "office_staff")
    response = client.post(
        f"{API}/organisations/",
        {"name_en": "Nowhere Institute", "kind": "institute", "country": "ZZ"},
        content_type="application/json",
    )
    assert "ZZ" in _field_errors(response)["country"]
    response = client.post(
        f"{API}/agreements/",
        {"code": "ZZ-1", "title_en": "T", "kind": "mou", "countries": ["FR", "ZZ", "QQ"]},
        content_type="application/json",
    )
    message = _field_errors(response)["countries"]
    assert "ZZ" in message and "QQ" in message and "FR" not in message
    assert not m.Organisation.objects.exists()
    assert not m.Agreement.objects.exists()


def test_every_unknown_reference_is_reported_at_once(records, users):
    response = client_for(users, "office_staff").post(
        f"{API}/posts/",
        {"person": 999999, "organisation": 999998, "level": "member", "owner_unit": "no-such"},
        content_type="application/json",
    )
    assert set(_field_errors(response)) == {"person", "organisation", "owner_unit"}


def test_schema_errors_have_the_same_shape(users, countries):
    client = client_for(users, "office_staff")
    response = client.post(
        f"{API}/organisations/",
        {"name_en": "No kind", "kind": "castle"},
        content_type="application/json",
    )
    assert "kind" in _field_errors(response)
    response = client.post(
        f"{API}/agreements/",
        {"code": "X", "kind": "mou", "signed_on": "yesterday"},
        content_type="application/json",
    )
    assert "signed_on" in _field_errors(response)
    assert not m.Agreement.objects.exists()


def test_a_rule_across_records(records, users):
    """A post is held in an international organisation (a model rule, not a schema one)."""
    response = client_for(users, "applicant").post(
        f"{API}/posts/",
        {
            "person": records["people"]["a1"].pk,
            "organisation": records["cas"].pk,
            "level": "member",
        },
        content_type="application/json",
    )
    assert "organisation" in _field_errors(response)


def test_duplicate_code(records, users):
    response = client_for(users, "office_staff").post(
        f"{API}/agreements/",
        {"code": "CN-FR-1978", "title_en": "again", "kind": "intergovernmental"},
        content_type="application/json",
    )
    assert "code" in _field_errors(response)


# --- filters, search, ordering, pagination --------------------------------------------------------


def test_search_finds_chinese_substrings(users, countries):
    client = client_for(users, "office_staff")
    created = client.post(
        f"{API}/organisations/",
        {
            "name_zh": "中国科学院物理研究所",
            "name_en": "Institute of Physics, Chinese Academy of Sciences",
            "kind": "institute",
            "country": "CN",
            "province": "11",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    client.post(
        f"{API}/organisations/",
        {"name_zh": "清华大学", "name_en": "Tsinghua University", "kind": "university"},
        content_type="application/json",
    )
    for q in ("科学院", "物理", "PHYSICS", "chinese academy"):
        names = [
            o["name_zh"] for o in client.get(f"{API}/organisations/", {"q": q}).json()["items"]
        ]
        assert names == ["中国科学院物理研究所"], q
    assert client.get(f"{API}/organisations/", {"q": "大学"}).json()["count"] == 1
    assert client.get(f"{API}/countries/", {"q": "法国"}).json()["items"][0]["iso2"] == "FR"


def test_filters_are_the_filtersets(records, users):
    client = client_for(users, "viewer")

    def listing(path, **params):
        return client.get(f"{API}/{path}/", params).json()

    orgs = listing("organisations", kind="igo")
    assert [o["name_en"] for o in orgs["items"]] == ["UNESCO"]
    assert listing("organisations", country="CN")["items"][0]["name_en"] == (
        "Chinese Academy of Sciences"
    )
    assert [o["name_en"] for o in listing("organisations", domestic="false")["items"]] == ["UNESCO"]
    assert listing("agreements", kind="intergovernmental")["count"] == 1
    assert listing("agreements", country="FR")["count"] == 3
    assert listing("agreements", country="DE")["count"] == 0
    assert listing("mechanisms", country="FR")["count"] == 1
    assert listing("posts", level="member")["count"] == 2
    assert listing("posts", key="true")["count"] == 0
    asia = listing("countries", region="asia", limit=500)
    assert "CN" in {c["iso2"] for c in asia["items"]}
    assert "FR" not in {c["iso2"] for c in asia["items"]}
    assert listing("countries", grouping="eu")["count"] == 27


def test_bad_filter_values_are_422_naming_the_filter(records, users):
    client = client_for(users, "viewer")
    assert "kind" in _field_errors(client.get(f"{API}/organisations/", {"kind": "castle"}))
    assert "country" in _field_errors(client.get(f"{API}/agreements/", {"country": "ZZ"}))
    assert "signed_after" in _field_errors(
        client.get(f"{API}/agreements/", {"signed_after": "soon"})
    )


def test_ordering(records, users):
    client = client_for(users, "viewer")
    names = [
        o["name_en"]
        for o in client.get(f"{API}/organisations/", {"ordering": "-name_en"}).json()["items"]
    ]
    assert names == ["UNESCO", "Chinese Academy of Sciences"]
    codes = [
        a["code"]
        for a in client.get(f"{API}/agreements/", {"ordering": "kind,-code"}).json()["items"]
    ]
    assert codes == ["INST-B1", "INST-A1", "CN-FR-1978"]
    error = _field_errors(client.get(f"{API}/organisations/", {"ordering": "search_text"}))
    assert "name_en" in error["ordering"]


def test_pagination(users, countries):
    for i in range(7):
        m.Organisation.objects.create(name_en=f"Org {i}", kind="university")
    client = client_for(users, "viewer")
    body = client.get(f"{API}/organisations/", {"limit": 3, "offset": 3}).json()
    assert body["count"] == 7
    assert [o["name_en"] for o in body["items"]] == ["Org 3", "Org 4", "Org 5"]
    body = client.get(f"{API}/organisations/", {"q": "org 1"}).json()
    assert body["count"] == 1
    assert "limit" in _field_errors(client.get(f"{API}/organisations/", {"limit": 0}))
    assert "limit" in _field_errors(client.get(f"{API}/organisations/", {"limit": 100000}))
    everything = client.get(f"{API}/countries/", {"limit": 500}).json()
    assert everything["count"] == len(everything["items"]) == len(countries)


# --- query budgets --------------------------------------------------------------------------------


def _organisations(start: int, n: int, units, countries):
    parent = m.Organisation.objects.create(name_en=f"Parent {start}", kind="igo")
    for i in range(start, start + n):
        m.Organisation.objects.create(
            name_en=f"Child {i}", kind="institute", country=countries["FR"], parent=parent
        )


def _agreements(start: int, n: int, units, countries):
    partner = m.Organisation.objects.create(name_en=f"Partner {start}", kind="university")
    for i in range(start, start + n):
        a = m.Agreement.objects.create(
            code=f"A-{i}",
            title_en=f"A {i}",
            kind="institutional",
            owner_unit=units["inst-a1" if i % 2 else "inst-a2"],
        )
        a.countries.set([countries["CN"], countries["FR"]])
        a.organisations.set([partner])


def _more_of_everything(start: int, n: int, units, countries):
    """More rows of the kinds without a maker of their own, each with all its references."""
    igo = m.Organisation.objects.create(name_en=f"IGO {start}", kind="igo", country=countries["CH"])
    for i in range(start, start + n):
        unit = units["inst-a1" if i % 2 else "inst-a2"]
        p = m.Person.objects.create(name_en=f"P {i}", nationality=countries["DE"], owner_unit=unit)
        m.Post.objects.create(person=p, organisation=igo, level="member", owner_unit=unit)
        m.Candidacy.objects.create(person=p, organisation=igo, owner_unit=unit)
        mech = m.Mechanism.objects.create(name_en=f"M {i}", kind="forum")
        mech.countries.set([countries["DE"], countries["FR"]])


MAKERS = {
    "organisations": _organisations,
    "agreements": _agreements,
    "people": _more_of_everything,
    "posts": _more_of_everything,
    "candidacies": _more_of_everything,
    "mechanisms": _more_of_everything,
}
# Session, user, the caller's scope (memberships, unit tree, person), count, page, prefetches:
# a little room over today's worst case (10), none per row.
LIST_QUERY_BUDGET = 12


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("role", ["recommender", "office_staff"])
def test_list_queries_do_not_grow_per_row(users, units, countries, kind, role):
    make = MAKERS[kind]
    client = client_for(users, role)
    url = f"{API}/{kind}/?limit=100"
    make(0, 2, units, countries)
    with query_budget(LIST_QUERY_BUDGET) as few:
        assert client.get(url).status_code == 200
    make(2, 30, units, countries)
    with query_budget(len(few)) as many:
        assert client.get(url).json()["count"] >= 30
    assert len(many) == len(few)


# --- the API's own documents ----------------------------------------------------------------------


def test_openapi_and_docs(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Hezuo API"
    for path in (
        "/api/v1/me",
        f"{API}/countries/",
        f"{API}/countries/{{iso2}}/",
        f"{API}/organisations/",
        f"{API}/organisations/{{id}}/",
        f"{API}/people/",
        f"{API}/agreements/",
        f"{API}/mechanisms/",
        f"{API}/posts/",
        f"{API}/candidacies/{{id}}/",
    ):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"][f"{API}/agreements/"]["get"]["parameters"]}
    assert {"kind", "status", "country", "signed_after", "q", "ordering", "limit", "offset"} <= (
        params
    )
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert client.get("/api/v1/docs").status_code == 200
