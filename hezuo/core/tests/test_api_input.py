"""Bad input is a 422 naming the field, never a 409 "try again" that retrying cannot help
(issue 8, finding 12); a PATCH whose body is not an object writes nothing."""

import pytest

from hezuo.registry.models import Organisation
from hezuo.registry.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, users):
    client.force_login(users["office_staff"])
    return client


@pytest.fixture
def org(countries):
    return make_organisation("Max Planck Society", "马普学会", country=countries["DE"])


def _patch(client, org, body):
    return client.patch(
        f"/api/v1/registry/organisations/{org.pk}/", body, content_type="application/json"
    )


@pytest.mark.parametrize("field", ["name_zh", "aliases", "acronym"])
def test_null_for_a_field_that_cannot_be_empty_names_it(office, org, field):
    response = _patch(office, org, {field: None})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]


@pytest.mark.parametrize("body", [[1, 2], "text", 7])
def test_a_body_that_is_not_an_object_writes_nothing(office, org, body):
    before = Organisation.history.filter(id=org.pk).count()
    assert _patch(office, org, body).status_code in (400, 422)
    assert Organisation.history.filter(id=org.pk).count() == before


def test_an_empty_patch_writes_no_history(office, org):
    before = Organisation.history.filter(id=org.pk).count()
    assert _patch(office, org, {}).status_code == 200
    assert Organisation.history.filter(id=org.pk).count() == before


def test_a_huge_offset_is_a_422(office):
    response = office.get("/api/v1/registry/organisations/", {"offset": 10**30})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["offset"]
