"""What the OpenAPI says, checked against the API's rules (issue 8, finding 13): one error shape
on every operation, PATCH bodies that are truly partial, fixed choices documented as enums, and
public operations that say they need no credentials. The full run of every operation by every
role is `test_api_contract.py`."""

import pytest
from django.test import Client

from hezuo.calls.models import CallStatus
from hezuo.calls.tests.factories import make_call
from hezuo.registry.models import OrganisationKind

SCHEMA = "/api/v1/openapi.json"


@pytest.fixture(scope="module")
def document(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return Client().get(SCHEMA).json()


def _operations(document):
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


def _ref(response: dict) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_error_answer_has_its_one_documented_shape(document):
    shapes = {"401": "Error", "403": "Error", "404": "Error", "409": "Conflict"}
    wrong = []
    for name, op in _operations(document):
        responses = {str(code): answer for code, answer in op["responses"].items()}
        for code, answer in responses.items():
            expected = "ValidationErrors" if code == "422" else shapes.get(code)
            if expected and _ref(answer) != expected:
                wrong.append(f"{name} {code}: {_ref(answer)}")
        takes_input = op.get("parameters") or op.get("requestBody")
        if takes_input and "422" not in responses:
            wrong.append(f"{name}: takes input but documents no 422")
    assert not wrong, "\n".join(wrong)
    errors = document["components"]["schemas"]["ValidationErrors"]["properties"]["detail"]
    assert errors["items"]["$ref"].endswith("/FieldError")


def test_patch_bodies_require_nothing_and_take_null_only_where_the_record_does(document):
    schemas = document["components"]["schemas"]
    for name, op in _operations(document):
        if not name.startswith("PATCH"):
            continue
        body = _ref(op["requestBody"])
        assert not schemas[body].get("required"), name
    organisation = schemas["OrganisationPatch"]["properties"]
    assert organisation["name_zh"]["type"] == "string"  # no null: a name cannot be unset
    assert {"type": "null"} in organisation["country"]["anyOf"]  # null: no country


def test_fixed_choices_are_enums(document):
    params = {
        p["name"]: p["schema"]
        for p in document["paths"]["/api/v1/registry/organisations/"]["get"]["parameters"]
    }
    assert params["kind"]["anyOf"][0]["enum"] == list(OrganisationKind.values)
    assert params["domestic"]["anyOf"][0]["enum"] == ["true", "false"]
    assert "name_en" in params["ordering"]["pattern"]
    calls = {
        p["name"]: p["schema"] for p in document["paths"]["/api/v1/calls/"]["get"]["parameters"]
    }
    assert calls["status"]["anyOf"][0]["enum"] == list(CallStatus.values)


def test_public_operations_say_they_need_no_credentials(document):
    public = document["paths"]["/api/v1/registry/countries/"]["get"]["security"]
    assert {} in public
    private = document["paths"]["/api/v1/registry/organisations/"]["get"]["security"]
    assert {} not in private
    assert set(document["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


@pytest.mark.django_db
def test_a_call_patch_changes_only_the_fields_sent(client, users, units):
    call = make_call(units, "draft", code="2026-patch", title_en="Joint projects 2026")
    client.force_login(users["office_staff"])
    url = f"/api/v1/calls/{call.code}/"

    response = client.patch(url, {"title_en": "Renamed"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    call.refresh_from_db()
    assert (call.title_en, call.title_zh) == ("Renamed", "2026年度国际合作项目指南")

    response = client.patch(url, {"title_zh": None}, content_type="application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["title_zh"]


@pytest.mark.django_db
def test_a_filter_value_outside_its_choices_is_refused_naming_it(client, users):
    client.force_login(users["viewer"])
    response = client.get("/api/v1/registry/organisations/", {"kind": "castle"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["kind"]
    response = client.get("/api/v1/registry/organisations/", {"ordering": "-name_en,kind"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", "7", "null", "not json"])
def test_a_body_that_is_not_an_object_is_refused_as_a_whole(client, users, units, body):
    call = make_call(units, "open", code="2026-plan")
    client.force_login(users["office_staff"])
    response = client.put(
        f"/api/v1/review/calls/{call.code}/plan/", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [None]


@pytest.mark.django_db
def test_json_types_are_not_converted(client, users, units):
    call = make_call(units, "open", code="2026-types")
    client.force_login(users["office_staff"])
    response = client.put(
        f"/api/v1/review/calls/{call.code}/plan/",
        {"disagreement": False, "due": 0},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"disagreement", "due"}
