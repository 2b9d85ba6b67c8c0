"""Every role × every registry list and detail page: who sees which records.

A recommender never sees another unit's records; an anonymous visitor sees only public reference
data; out-of-scope detail pages answer 404, exactly like missing ones."""

import pytest
from django.urls import reverse

from hezuo.core.testing import (
    OFFICE,
    REACH_A1,
    REACH_B1,
    READ_ALL,
    ROLES,
    assert_covers_pages,
    assert_matrix,
    client_for,
    expect,
    fill,
    query_budget,
)
from hezuo.registry.tests.factories import (
    make_agreement,
    make_candidacy,
    make_igo,
    make_mechanism,
    make_organisation,
    make_person,
    make_post,
    make_scoped_world,
)

ALL = set(READ_ALL)
# For each unit-kept kind: which roles see the inst-a1 record and which the inst-b1 record.
SEES_A1 = set(REACH_A1)
SEES_B1 = set(REACH_B1)
# Who may change what a unit keeps: the office and the unit's own people (not the viewer).
EDIT_A1 = (*OFFICE, "recommender", "applicant")
EDIT_B1 = (*OFFICE, "recommender_b", "applicant_b1")
# Who keeps records for some unit, so may start one.
KEEPERS = (*OFFICE, "recommender", "recommender_b", "applicant", "applicant_a2", "applicant_b1")

UNIT_KEPT = {
    "person": "registry:person_{}",
    "agreement": "registry:agreement_{}",
    "post": "registry:post_{}",
    "candidacy": "registry:candidacy_{}",
}


@pytest.fixture
def world(units, countries):
    return make_scoped_world(units, countries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(UNIT_KEPT))
def test_unit_kept_records_are_scoped(users, world, role, kind):
    client = client_for(users, role)
    a1, b1 = world[f"{kind}:inst-a1"], world[f"{kind}:inst-b1"]
    list_url = reverse(UNIT_KEPT[kind].format("list"))
    response = client.get(list_url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert (
            client.get(reverse(UNIT_KEPT[kind].format("detail"), args=[a1.pk])).status_code == 302
        )
        return
    assert response.status_code == 200
    listed = {obj.pk for obj, _values in response.context["rows"]}
    assert (a1.pk in listed) == (role in SEES_A1)
    assert (b1.pk in listed) == (role in SEES_B1)
    for record, sees in ((a1, SEES_A1), (b1, SEES_B1)):
        detail = client.get(reverse(UNIT_KEPT[kind].format("detail"), args=[record.pk]))
        assert detail.status_code == (200 if role in sees else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_shared_directory_needs_sign_in(users, world, role):
    client = client_for(users, role)
    for name, obj in (("organisation", world["org"]), ("mechanism", world["mechanism"])):
        listing = client.get(reverse(f"registry:{name}_list"))
        detail = client.get(reverse(f"registry:{name}_detail", args=[obj.pk]))
        if role == "anonymous":
            assert listing.status_code == 302 and detail.status_code == 302
        else:
            assert listing.status_code == 200 and detail.status_code == 200
            assert obj.pk in {o.pk for o, _v in listing.context["rows"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_intergovernmental_agreements_are_shared_with_signed_in_users(users, world, role):
    client = client_for(users, role)
    response = client.get(reverse("registry:agreement_detail", args=[world["intergov"].pk]))
    assert response.status_code == (302 if role == "anonymous" else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_countries_are_public(users, world, role):
    client = client_for(users, role)
    assert client.get(reverse("registry:country_list")).status_code == 200
    page = client.get(reverse("registry:country_detail", args=["de"]))
    assert page.status_code == 200
    # The country page lists related records, but only those the user may see.
    agreements = {
        a.pk
        for section in page.context["sections"]
        for a, _v in section.rows
        if a.__class__.__name__ == "Agreement"
    }
    assert (world["agreement:inst-a1"].pk in agreements) == (role in SEES_A1)
    assert (world["agreement:inst-b1"].pk in agreements) == (role in SEES_B1)
    if role == "anonymous":
        assert not agreements


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_edit_pages_follow_the_change_policy(users, world, role):
    client = client_for(users, role)
    person_a1 = world["person:inst-a1"]
    org = world["org"]
    person_edit = client.get(reverse("registry:person_edit", args=[person_a1.pk]))
    org_edit = client.get(reverse("registry:organisation_edit", args=[org.pk]))
    if role == "anonymous":
        assert person_edit.status_code == 302 and org_edit.status_code == 302
        return
    may_edit_person = role in {"office_admin", "office_staff", "recommender", "applicant"}
    assert person_edit.status_code == (200 if may_edit_person else 404)
    assert org_edit.status_code == (200 if role in {"office_admin", "office_staff"} else 404)


@pytest.mark.django_db
def test_viewer_reads_but_cannot_delete(client, users, world):
    client.force_login(users["viewer"])
    person = world["person:inst-a1"]
    response = client.post(reverse("registry:person_delete", args=[person.pk]))
    assert response.status_code == 404
    assert type(person).objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_recommender_cannot_move_a_record_to_another_units_scope(client, users, units, world):
    client.force_login(users["recommender"])
    person = world["person:inst-a1"]
    response = client.post(
        reverse("registry:person_edit", args=[person.pk]),
        {"name_zh": "改名", "name_en": "Renamed", "owner_unit": units["inst-b1"].pk},
    )
    # inst-b1 is not among the units the form offers this recommender: a form error, nothing saved.
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.owner_unit == units["inst-a1"] and person.name_en == "Expert inst-a1"


# --- every page × every role ----------------------------------------------------------------------

PAGE = expect(200, anonymous=302)  # the shared directory: signed in, then everyone
OWN_A1 = expect(404, (REACH_A1, 200), anonymous=302)
OWN_B1 = expect(404, (REACH_B1, 200), anonymous=302)
# A delete answers with a redirect (done, or refused with a message); 404 for whoever may not.
PAGES = [
    ("get", "/registry/countries/", expect(200, anonymous=200)),
    ("get", "/registry/countries/de/", expect(200, anonymous=200)),
    ("get", "/registry/countries/DE/edit/", expect(404, office_admin=200, anonymous=302)),
    ("get", "/registry/countries/de/edit/", expect(404, office_admin=200, anonymous=302)),
    ("get", "/registry/organisations/", PAGE),
    ("get", "/registry/organisations/new/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/registry/organisations/{org}/", PAGE),
    ("get", "/registry/organisations/{org}/edit/", expect(404, (OFFICE, 200), anonymous=302)),
    ("post", "/registry/organisations/{org}/delete/", expect(404, (OFFICE, 302), anonymous=302)),
    ("get", "/registry/mechanisms/", PAGE),
    ("get", "/registry/mechanisms/new/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/registry/mechanisms/{mechanism}/", PAGE),
    ("get", "/registry/mechanisms/{mechanism}/edit/", expect(404, (OFFICE, 200), anonymous=302)),
    (
        "post",
        "/registry/mechanisms/{mechanism}/delete/",
        expect(404, (OFFICE, 302), anonymous=302),
    ),
    ("get", "/registry/people/", PAGE),
    ("get", "/registry/people/new/", expect(404, (KEEPERS, 200), anonymous=302)),
    ("get", "/registry/people/{person_a1}/", OWN_A1),
    ("get", "/registry/people/{person_a1}/edit/", expect(404, (EDIT_A1, 200), anonymous=302)),
    ("post", "/registry/people/{loner}/delete/", expect(404, (EDIT_A1, 302), anonymous=302)),
    ("get", "/registry/agreements/", PAGE),
    ("get", "/registry/agreements/new/", expect(404, (KEEPERS, 200), anonymous=302)),
    ("get", "/registry/agreements/{agreement_b1}/", OWN_B1),
    ("get", "/registry/agreements/{intergov}/", PAGE),
    (
        "get",
        "/registry/agreements/{agreement_b1}/edit/",
        expect(404, (EDIT_B1, 200), anonymous=302),
    ),
    ("get", "/registry/agreements/{intergov}/edit/", expect(404, (OFFICE, 200), anonymous=302)),
    (
        "post",
        "/registry/agreements/{agreement_b1}/delete/",
        expect(404, (EDIT_B1, 302), anonymous=302),
    ),
    ("post", "/registry/agreements/{intergov}/delete/", expect(404, (OFFICE, 302), anonymous=302)),
    ("get", "/registry/posts/", PAGE),
    ("get", "/registry/posts/new/", expect(404, (KEEPERS, 200), anonymous=302)),
    ("get", "/registry/posts/{post_a1}/", OWN_A1),
    ("get", "/registry/posts/{post_a1}/edit/", expect(404, (EDIT_A1, 200), anonymous=302)),
    ("post", "/registry/posts/{post_a1}/delete/", expect(404, (EDIT_A1, 302), anonymous=302)),
    ("get", "/registry/reserve-pool/", PAGE),
    ("get", "/registry/reserve-pool/new/", expect(404, (KEEPERS, 200), anonymous=302)),
    ("get", "/registry/reserve-pool/{candidacy_b1}/", OWN_B1),
    (
        "get",
        "/registry/reserve-pool/{candidacy_b1}/edit/",
        expect(404, (EDIT_B1, 200), anonymous=302),
    ),
    (
        "post",
        "/registry/reserve-pool/{candidacy_b1}/delete/",
        expect(404, (EDIT_B1, 302), anonymous=302),
    ),
]


@pytest.fixture
def keys(units, world) -> dict[str, int]:
    """What the table's `{placeholders}` stand for."""
    return {
        "org": world["org"].pk,
        "mechanism": world["mechanism"].pk,
        "intergov": world["intergov"].pk,
        "person_a1": world["person:inst-a1"].pk,
        "agreement_b1": world["agreement:inst-b1"].pk,
        "post_a1": world["post:inst-a1"].pk,
        "candidacy_b1": world["candidacy:inst-b1"].pk,
        # nothing refers to this one, so deleting it succeeds
        "loner": make_person(units["inst-a1"], name_en="Nobody refers to me").pk,
    }


def _params(rows):
    return [
        pytest.param(*row, id=f"{method} {path}")
        for row in rows
        for method, path, _expected in [row]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "expected"), _params(PAGES))
def test_page_matrix(users, keys, method, path, expected):
    url = fill(path, keys)
    assert_matrix(users, method, url, expected)
    if expected["anonymous"] == 302:
        response = client_for(users, "anonymous").get(url)
        assert "/accounts/login/" in response["Location"]


def test_the_table_covers_every_registry_page():
    """A page added without a row in PAGES fails here."""
    assert_covers_pages("registry", [path for _m, path, _e in PAGES])


# --- query budgets of the list pages ----------------------------------------------------------

LIST_PAGES = [
    "/registry/countries/",
    "/registry/organisations/",
    "/registry/mechanisms/",
    "/registry/people/",
    "/registry/agreements/",
    "/registry/posts/",
    "/registry/reserve-pool/",
]
# Session, user, scope, count, page, the filter form's choices, the menu: a little room over
# today's worst case (11), none per row.
PAGE_QUERY_BUDGET = 12


def _more_rows(units, countries, n: int) -> None:
    de = countries["DE"]
    igo = make_igo(name_en="Another IGO", name_zh="另一组织")
    for i in range(n):
        unit = units["inst-a1" if i % 2 else "inst-a2"]
        make_organisation(f"University {i}", f"大学{i}", country=de)
        make_mechanism(f"Committee {i}", countries=[de], name_zh=f"委员会{i}")
        person = make_person(unit, name_zh=f"专家{i}", name_en=f"Expert {i}", nationality=de)
        make_agreement(unit, f"MORE-{i}", countries=[de])
        make_post(unit, person, igo)
        make_candidacy(unit, person, igo)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES)
@pytest.mark.parametrize("role", ["recommender", "office_staff"])
def test_list_pages_have_a_query_budget(users, units, countries, world, url, role):
    client = client_for(users, role)
    with query_budget(PAGE_QUERY_BUDGET) as few:
        assert client.get(url).status_code == 200
    _more_rows(units, countries, 12)
    with query_budget(len(few)) as many:
        assert len(client.get(url).context["rows"]) > 6
    assert len(many) == len(few)
