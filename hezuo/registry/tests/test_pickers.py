"""Search-as-you-type pickers (issue 8, finding 7): the endpoint suggests only what the user may
pick, a few at a time; the registry's forms pick records with it instead of a dropdown of
thousands or a numeric id, and accept exactly what it offers."""

import re

import pytest

from hezuo.core.testing import (
    REACH_A1,
    REACH_B1,
    SIGNED_IN,
    assert_matrix,
    client_for,
    expect,
    query_budget,
)
from hezuo.registry import models as m
from hezuo.registry.tests.factories import make_organisation, make_scoped_world

pytestmark = pytest.mark.django_db


def picked(response) -> list[int]:
    """The records a picker's answer suggests, in order."""
    return [int(pk) for pk in re.findall(r'data-pick="(\d+)"', response.content.decode())]


@pytest.fixture
def world(units, countries):
    return make_scoped_world(units, countries)


def test_who_may_ask(users, world):
    assert_matrix(users, "get", "/pick/person/?q=expert", expect(200, anonymous=302))
    # A kind nobody registered is missing, the same answer for everyone signed in.
    assert_matrix(users, "get", "/pick/salaries/?q=expert", expect(404, anonymous=302))


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(("kind", "q"), [("person", "expert"), ("agreement", "inst")])
def test_suggestions_are_scoped(users, world, role, kind, q):
    """A user never sees a record they could not open: people and agreements kept by a unit."""
    expected = set()
    if role in REACH_A1:
        expected.add(world[f"{kind}:inst-a1"].pk)
    if role in REACH_B1:
        expected.add(world[f"{kind}:inst-b1"].pk)
    got = picked(client_for(users, role).get(f"/pick/{kind}/", {"q": q}))
    assert set(got) == expected


def test_suggestions_are_few_and_say_there_are_more(users, countries):
    for i in range(25):
        make_organisation(f"Bounded University {i:02}", f"有界大学{i:02}", country=countries["DE"])
    client = client_for(users, "office_staff")
    response = client.get("/pick/organisation/", {"q": "bounded"})
    assert len(picked(response)) == 20
    assert "type more to narrow the list" in response.content.decode()
    assert len(picked(client.get("/pick/organisation/", {"q": "有界 24"}))) == 1
    # A thousand words are cut to a few (no query grows past what the database parses).
    assert client.get("/pick/organisation/", {"q": " ".join(["bounded"] * 1000)}).status_code == 200
    # Nothing typed: an empty answer, and the list closes.
    assert client.get("/pick/organisation/", {"q": "  "}).content == b""


def test_suggestions_do_not_cost_a_query_per_row(users, countries):
    for i in range(20):
        make_organisation(f"Costly Institute {i:02}", f"昂贵研究所{i:02}", country=countries["FR"])
    client = client_for(users, "office_staff")
    client.get("/pick/organisation/", {"q": "costly"})  # the session and scope, once
    with query_budget(6):
        response = client.get("/pick/organisation/", {"q": "costly"})
    assert len(picked(response)) == 20
    assert "France" in response.content.decode()  # the line that tells two alike apart


def test_foreign_organisations_are_foreign(users, countries):
    home = make_organisation("Home University", "本国大学", country=countries["CN"], province="11")
    abroad = make_organisation("Abroad University", "外国大学", country=countries["DE"])
    nowhere = make_organisation("Stateless University", "无国籍大学")
    client = client_for(users, "applicant")
    assert picked(client.get("/pick/foreign-organisation/", {"q": "university"})) == [abroad.pk]
    everything = set(picked(client.get("/pick/organisation/", {"q": "university"})))
    assert everything == {home.pk, abroad.pk, nowhere.pk}


def test_names_in_either_script_find_a_record(users, countries):
    mpg = make_organisation(
        "Max Planck Society", "马克斯·普朗克学会", country=countries["DE"], acronym="MPG"
    )
    client = client_for(users, "applicant")
    for q in ("max planck", "普朗克", "mpg"):
        assert picked(client.get("/pick/foreign-organisation/", {"q": q})) == [mpg.pk], q


# --- the forms --------------------------------------------------------------------------------


def test_the_parent_organisation_is_picked_by_name_not_typed_as_a_number(users, countries):
    parent = make_organisation("Chinese Academy of Sciences", "中国科学院", country=countries["CN"])
    client = client_for(users, "office_staff")
    page = client.get("/registry/organisations/new/").content.decode()
    assert 'type="number"' not in page
    assert 'hx-get="/pick/organisation/"' in page and 'role="combobox"' in page
    assert '<select name="country"' not in page  # 250 countries: typed, not scrolled
    data = {"name_en": "Institute of Physics", "kind": "institute", "country": countries["CN"].pk}
    response = client.post("/registry/organisations/new/", {**data, "parent": parent.pk})
    assert response.status_code == 302
    child = m.Organisation.objects.get(name_en="Institute of Physics")
    assert child.parent == parent
    # Shown again by name, on the edit page and when the form comes back with an error.
    edit = client.get(f"/registry/organisations/{child.pk}/edit/").content.decode()
    assert f'value="{parent.pk}"' in edit and 'value="Chinese Academy of Sciences"' in edit
    data["parent"] = parent.pk
    bad = client.post(f"/registry/organisations/{child.pk}/edit/", {**data, "kind": "nonsense"})
    assert bad.status_code == 200 and 'value="Chinese Academy of Sciences"' in bad.content.decode()


def test_a_post_is_held_in_an_international_organisation_only(users, units, world):
    client = client_for(users, "office_staff")
    data = {
        "person": world["person:inst-a1"].pk,
        "level": m.PostLevel.MEMBER,
        "title": "Member",
        "owner_unit": units["inst-a1"].pk,
    }
    refused = client.post("/registry/posts/new/", {**data, "organisation": world["org"].pk})
    assert refused.status_code == 200
    assert "organisation" in refused.context["form"].errors
    accepted = client.post("/registry/posts/new/", {**data, "organisation": world["igo"].pk})
    assert accepted.status_code == 302


def test_a_person_out_of_reach_cannot_be_posted_by_key(users, units, world):
    """The applicant of inst-a1 cannot pick inst-b1's person, even by sending its key."""
    client = client_for(users, "applicant")
    data = {
        "organisation": world["igo"].pk,
        "level": m.PostLevel.MEMBER,
        "title": "Member",
        "owner_unit": units["inst-a1"].pk,
        "person": world["person:inst-b1"].pk,
    }
    refused = client.post("/registry/posts/new/", data)
    assert refused.status_code == 200 and "person" in refused.context["form"].errors


def test_agreement_parties_are_picked_many_at_once(users, units, countries, world):
    mpg = make_organisation("Max Planck Society", "马普学会", country=countries["DE"])
    tum = make_organisation("Technical University of Munich", "慕尼黑工大", country=countries["DE"])
    client = client_for(users, "applicant")
    data = {
        "code": "INST-NEW",
        "title_en": "Joint lab",
        "kind": m.AgreementKind.INSTITUTIONAL,
        "status": m.AgreementStatus.IN_FORCE,
        "owner_unit": units["inst-a1"].pk,
        "countries": [countries["DE"].pk],
        "organisations": [mpg.pk, tum.pk],
    }
    assert client.post("/registry/agreements/new/", data).status_code == 302
    agreement = m.Agreement.objects.get(code="INST-NEW")
    assert set(agreement.organisations.all()) == {mpg, tum}
    edit = client.get(f"/registry/agreements/{agreement.pk}/edit/").content.decode()
    assert "Max Planck Society" in edit and "Technical University of Munich" in edit
    assert 'data-picker="multiple"' in edit
    # A key no record can have is a field error, not a crash (an IN query overflowed on it).
    huge = client.post(
        f"/registry/agreements/{agreement.pk}/edit/", {**data, "organisations": [str(2**70)]}
    )
    assert huge.status_code == 200 and "organisations" in huge.context["form"].errors
