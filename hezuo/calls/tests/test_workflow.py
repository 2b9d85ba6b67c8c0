"""The application workflow is ONE table (`hezuo.calls.workflow.APPLICATION`), read by the
services, the page and the API: every offered action is its own typed API operation with its own
body schema, who may act is checked before the body is read, and the page's buttons are the
table's answer for this user now."""

import pytest
from django.test import Client

from hezuo.calls.models import ApplicationState
from hezuo.calls.workflow import APPLICATION
from hezuo.core.testing import client_for

from .factories import advance, complete_application

S = ApplicationState
pytestmark = pytest.mark.django_db
OFFERED = [a for a in APPLICATION if a.offered]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def test_every_offered_action_is_an_operation_with_its_own_body(schema):
    names = {a.name for a in OFFERED}
    assert {"recommend", "return", "accept", "reject", "sign", "publish", "propose"} <= names
    bodies = set()
    for action in OFFERED:
        operation = schema["paths"][f"/api/v1/calls/applications/{{id}}/{action.name}/"]["post"]
        assert operation["operationId"] == f"{action.name.replace('-', '_')}_application"
        assert operation["summary"]
        if not action.inputs:
            assert "requestBody" not in operation
            continue
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(body["properties"]) == {i.name for i in action.inputs}
        assert set(body.get("required", [])) == {i.name for i in action.inputs if i.required}
        bodies.add(ref)
    # each action with inputs has a schema of its own
    assert len(bodies) == len([a for a in OFFERED if a.inputs])
    # the free-string action path is gone
    assert "/api/v1/calls/applications/{id}/{action}/" not in schema["paths"]


def test_the_decision_body_names_its_choices(schema):
    ref = schema["paths"]["/api/v1/calls/applications/{id}/propose/"]["post"]["requestBody"]
    name = ref["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    outcome = schema["components"]["schemas"][name]["properties"]["outcome"]
    target = schema["components"]["schemas"][outcome["$ref"].rsplit("/", 1)[1]]
    assert set(target["enum"]) == {"approve", "reject", "waitlist"}


def test_who_may_act_is_checked_before_the_body(users, units, call):
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    url = f"/api/v1/calls/applications/{app.pk}/return/"
    bad_body = {"reason": ["not", "a", "string"]}
    # a viewer may read the application but not return it: 403, not a 422 about the body
    assert client_for(users, "viewer").post(url, bad_body, "application/json").status_code == 403
    # outside one's reach: 404, as if missing
    assert (
        client_for(users, "recommender_b").post(url, bad_body, "application/json").status_code
        == 404
    )
    # the one who may act is told what is wrong with the body
    response = client_for(users, "recommender").post(url, bad_body, "application/json")
    assert response.status_code == 422
    response = client_for(users, "recommender").post(url, {}, "application/json")
    assert response.status_code == 422 and "reason" in response.content.decode()
    app.refresh_from_db()
    assert app.state == S.SUBMITTED


def test_a_typed_step_moves_the_application(users, units, call):
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    url = f"/api/v1/calls/applications/{app.pk}/return/"
    response = client_for(users, "recommender").post(
        url, {"reason": "Add the agreement."}, "application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "returned"
    assert (
        "submit"
        in client_for(users, "applicant")
        .get(f"/api/v1/calls/applications/{app.pk}/")
        .json()["actions"]
    )


def test_the_page_shows_the_tables_buttons(users, units, call):
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    html = client_for(users, "recommender").get(app.get_absolute_url()).content.decode()
    for name in ("recommend", "return"):
        assert f'data-action="{name}"' in html
    assert 'data-action="accept"' not in html
    html = client_for(users, "viewer").get(app.get_absolute_url()).content.decode()
    assert "data-action=" not in html


def test_a_guard_from_above_refuses_through_the_table(users, units, call):
    """A higher layer adds a rule without the calls importing it (here: a test's own guard)."""
    from hezuo.core.workflow import Refusal

    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )

    def not_today(obj, name, user):
        return Refusal("state", "Not today.") if name == "recommend" else None

    APPLICATION.guards.append(not_today)
    try:
        assert APPLICATION.refusal(app, "recommend", users["recommender"]).message == "Not today."
        assert APPLICATION.can(app, "return", users["recommender"])
    finally:
        APPLICATION.guards.remove(not_today)


def test_operation_summaries_read_as_english(schema):
    """Issue 8, finding 6: "Create a organisation" in the OpenAPI."""
    summaries = [op["summary"] for ops in schema["paths"].values() for op in ops.values()]
    assert "Create an organisation" in summaries and "Create an agreement" in summaries
    assert not [s for s in summaries if " a a" in s or " a o" in s or " a e" in s]
