"""The calls REST API: every endpoint × every role (404 outside one's reach, 403 within it but not
one's to do, 409 when the state forbids it), list scoping, and the whole journey over the API."""

import io

import pytest
from django.test import Client

from hezuo.calls.models import Application, ApplicationState
from hezuo.core.models import ApiToken
from hezuo.core.testing import (
    APPLICANTS,
    OFFICE,
    REACH_B1,
    READ_ALL,
    assert_covers_api,
    assert_matrix,
    client_for,
    expect,
    fill,
    matrix,
)

from .factories import advance, pdf_upload

S = ApplicationState
API = "/api/v1/calls"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calls_api")]

A1_SUBMITTED = (*READ_ALL, "recommender", "applicant")
A1_DRAFT = ("applicant",)  # a draft is its applicant's alone
B1_RECOMMENDED = REACH_B1
CALL = {
    "programme": "{programme}",
    "code": "2027-new",
    "title_zh": "新指南",
    "kind": "joint_project",
    "year": 2027,
    "opens_at": "2030-03-01T09:00:00+08:00",
    "closes_at": "2030-04-01T17:00:00+08:00",
    "recommend_by": "2030-04-20T17:00:00+08:00",
    "approving_offices": ["office"],
}

MATRIX = [
    ("get", "/", None, expect(200, anonymous=200)),
    ("post", "/", CALL, expect(403, (OFFICE, 201))),
    ("get", "/{call}/", None, expect(200, anonymous=200)),
    ("patch", "/{call}/", {"title_en": "Renamed"}, expect(403, (OFFICE, 200))),
    ("get", "/{draft_call}/", None, expect(404, (READ_ALL, 200), anonymous=404)),
    ("get", "/{call}/monitor/", None, expect(200)),
    ("get", "/applications/", None, expect(200)),
    ("get", "/applications/{submitted}/", None, expect(404, (A1_SUBMITTED, 200))),
    ("get", "/applications/{draft}/", None, expect(404, (A1_DRAFT, 200))),
    (
        "get",
        "/applications/{submitted}/attachments/{attachment}/",
        None,
        expect(404, (A1_SUBMITTED, 200)),
    ),
    (
        "post",
        "/applications/{draft}/attachments/",
        lambda: {"kind": "plan", "file": pdf_upload("plan.pdf")},
        expect(404, applicant=201),
    ),
    (
        "delete",
        "/applications/{draft}/attachments/{draft_attachment}/",
        None,
        expect(404, applicant=204),
    ),
    (
        "delete",
        "/applications/{submitted}/attachments/{attachment}/",
        None,
        expect(404, (A1_SUBMITTED, 403), applicant=409),
    ),
    (
        "patch",
        "/applications/{draft}/",
        {"title_en": "New"},
        expect(404, applicant=200),
    ),
    ("delete", "/applications/{draft}/", None, expect(404, applicant=204)),
    (
        "put",
        "/applications/{draft}/budget/",
        [{"source": "central", "amount": "300"}],
        expect(404, applicant=200),
    ),
    (
        "post",
        "/applications/{draft}/partners/",
        {"name": "Institut Pasteur", "country": "DE"},
        expect(404, applicant=201),
    ),
    (
        "patch",
        "/applications/{draft}/partners/{partner}/",
        {"commits_people": "4 researchers"},
        expect(404, applicant=200),
    ),
    ("delete", "/applications/{draft}/partners/{partner}/", None, expect(404, applicant=204)),
    (
        "put",
        "/applications/{draft}/eligibility/no-duplicate/",
        {"declared": True, "statement": "无"},
        expect(404, applicant=200),
    ),
    ("post", "/applications/{draft}/submit/", None, expect(404, applicant=200)),
    (
        "post",
        "/applications/{submitted}/submit/",
        None,
        expect(404, (A1_SUBMITTED, 403), applicant=409),
    ),
    (
        "post",
        "/applications/{submitted}/withdraw/",
        None,
        expect(404, (A1_SUBMITTED, 403), applicant=200),
    ),
    (
        "post",
        "/applications/{submitted}/recommend/",
        {"note": "ok"},
        expect(404, (A1_SUBMITTED, 403), recommender=200),
    ),
    (
        "post",
        "/applications/{submitted}/return/",
        {"reason": "补充"},
        expect(404, (A1_SUBMITTED, 403), recommender=200),
    ),
    (
        "post",
        "/applications/{submitted}/accept/",
        None,
        expect(404, (A1_SUBMITTED, 403), office_admin=409, office_staff=409),
    ),
    # the office's steps, on inst-b1's recommended application
    (
        "put",
        "/applications/{recommended}/check/",
        {},
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 200)),
    ),
    (
        "post",
        "/applications/{recommended}/refresh-check/",
        None,
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 200)),
    ),
    (
        "post",
        "/applications/{recommended}/reject/",
        {"reason": "预算不符合要求"},
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 200)),
    ),
    (
        "post",
        "/applications/{recommended}/start-review/",
        None,
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 409)),
    ),
    (
        "post",
        "/applications/{recommended}/score/",
        {"score": "88"},
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 409)),
    ),
    (
        "post",
        "/applications/{recommended}/propose/",
        {"outcome": "approve", "amount": "90"},
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 409)),
    ),
    (
        "post",
        "/applications/{recommended}/sign/",
        None,
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 409)),
    ),
    (
        "post",
        "/applications/{recommended}/publish/",
        None,
        expect(404, (B1_RECOMMENDED, 403), (OFFICE, 409)),
    ),
    ("post", "/applications/{submitted}/nonsense/", None, expect(404, anonymous=404)),
    (
        "post",
        "/{call}/applications/",
        {"title_zh": "新"},
        expect(403, (APPLICANTS, 201)),
    ),
    ("put", "/{call}/quotas/prov-a/", {"limit": 3}, expect(403, (OFFICE, 200))),
    ("post", "/{call}/announce/", None, expect(403, (OFFICE, 409))),
    ("post", "/{draft_call}/announce/", None, expect(404, (OFFICE, 200), viewer=403)),
    (
        "put",
        "/{call}/ranking/",
        {"order": ["{submitted}"]},
        expect(404, (A1_SUBMITTED, 403), recommender=200),
    ),
    ("post", "/{call}/publish/", None, expect(403, (OFFICE, 200))),
    ("post", "/{call}/start-review/", None, expect(403, (OFFICE, 200))),
    (
        "post",
        "/{draft_call}/template/",
        {"template": "key_institution"},
        expect(404, (OFFICE, 200), viewer=403),
    ),
    (
        "post",
        "/{draft_call}/criteria/",
        {"code": "talent", "text_zh": "人才", "mode": "self_declared"},
        expect(404, (OFFICE, 201), viewer=403),
    ),
    ("delete", "/{draft_call}/criteria/ip/", None, expect(404, (OFFICE, 204), viewer=403)),
    (
        "put",
        "/{draft_call}/rubric/",
        [{"name_zh": "科学价值", "name_en": "Merit", "weight": 100}],
        expect(404, (OFFICE, 200), viewer=403),
    ),
    (
        "put",
        "/{call}/rubric/",
        [{"name_zh": "科学价值", "name_en": "Merit", "weight": 100}],
        expect(403, (OFFICE, 409)),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "payload", "expected"),
    MATRIX,
    ids=[f"{m} {p}" for m, p, _, _ in MATRIX],
)
def test_permission_matrix(users, keys, method, path, payload, expected):
    payload = payload if callable(payload) else fill(payload, keys)
    assert_matrix(users, method, API + fill(path, keys), expected, payload)


def test_the_matrix_covers_every_calls_endpoint():
    """A new endpoint without a row in MATRIX fails here."""
    assert_covers_api(API + "/", [(m, API + p) for m, p, _, _ in MATRIX])


def test_portfolio_is_public(users, records):
    for path in ("/api/v1/portfolio/projects/", "/api/v1/portfolio/bases/"):
        assert set(matrix(users, "get", path).values()) == {200}


LIST_REACH = {
    "office_admin": {"submitted", "recommended"},  # drafts are the applicant's alone
    "office_staff": {"submitted", "recommended"},
    "viewer": {"submitted", "recommended"},
    "recommender": {"submitted"},
    "recommender_b": {"recommended"},
    "applicant": {"draft", "submitted"},
    "applicant_a2": set(),
    "applicant_b1": {"recommended"},
    "reviewer": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("role", sorted(LIST_REACH))
def test_the_list_is_scoped(users, records, role):
    body = client_for(users, role).get(API + "/applications/").json()
    ids = {item["id"] for item in body["items"]}
    assert ids == {records[k].pk for k in LIST_REACH[role]}
    assert body["count"] == len(ids)


def test_a_recommender_sees_only_its_quota(users, records):
    body = client_for(users, "recommender").get(API + f"/{records['call'].code}/").json()
    assert [q["unit"]["code"] for q in body["quotas"]] == ["prov-a"]
    body = client_for(users, "office_staff").get(API + f"/{records['call'].code}/").json()
    assert {q["unit"]["code"] for q in body["quotas"]} == {"prov-a", "prov-b"}
    body = client_for(users, "anonymous").get(API + f"/{records['call'].code}/").json()
    assert body["quotas"] == [] and len(body["criteria"]) == 5


def test_the_check_is_shown_to_the_office_only(users, records):
    app = advance(records["submitted"], S.RECOMMENDED, users)
    office = client_for(users, "office_staff").get(API + f"/applications/{app.pk}/").json()
    assert office["check"] and office["actions"] == ["refresh-check", "accept", "reject"]
    mine = client_for(users, "applicant").get(API + f"/applications/{app.pk}/").json()
    assert mine["check"] == [] and mine["actions"] == []


def test_filters_and_errors(users, records):
    client = client_for(users, "office_staff")
    body = client.get(API + "/applications/?state=submitted").json()
    assert [i["id"] for i in body["items"]] == [records["submitted"].pk]
    response = client.get(API + "/applications/?state=nonsense")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "state"
    response = client.get(API + "/applications/?ordering=password")
    assert response.status_code == 422


def test_an_illegal_transition_says_why(users, records):
    response = client_for(users, "applicant").post(
        API + f"/applications/{records['submitted'].pk}/submit/", content_type="application/json"
    )
    assert response.status_code == 409
    assert "cannot be submitted" in response.json()["detail"]


def test_an_incomplete_submission_lists_the_problems(users, records, call):
    client = client_for(users, "applicant")
    created = client.post(
        API + f"/{call.code}/applications/",
        {"title_zh": "只有标题"},
        content_type="application/json",
    )
    assert created.status_code == 201
    response = client.post(API + f"/applications/{created.json()['id']}/submit/", content_type="")
    assert response.status_code == 409, response.content
    assert len(response.json()["problems"]) >= 5


def test_uploads_over_the_api_sniff_the_type(users, records):
    client = client_for(users, "applicant")
    url = API + f"/applications/{records['draft'].pk}/attachments/"
    response = client.post(url, {"kind": "plan", "file": pdf_upload("计划.pdf")})
    assert response.status_code == 201, response.content
    assert response.json()["file_type"] == "pdf" and response.json()["file_name"] == "计划.pdf"
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "plan.pdf"
    response = client.post(url, {"kind": "plan", "file": fake})
    assert response.status_code == 422
    assert "not an accepted type" in response.json()["detail"][0]["message"]


def test_the_whole_journey_over_the_api(users, units, call, countries):
    from .factories import applicant_org, foreign_org

    applicant_org(units["inst-a1"])
    partner = foreign_org()
    token_user = {}
    for role in ("applicant", "recommender", "office_staff", "office_admin"):
        token_user[role] = ApiToken.issue(users[role])[1]

    def api(role, method, path, payload=None, **extra):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token_user[role]}", HTTP_ACCEPT_LANGUAGE="en")
        if method == "get":
            return client.get(API + path)
        if "data" in extra:
            return client.post(API + path, extra["data"])
        return getattr(client, method)(API + path, payload or {}, content_type="application/json")

    r = api(
        "applicant",
        "post",
        f"/{call.code}/applications/",
        {
            "title_zh": "中德氢能",
            "title_en": "Hydrogen",
            "abstract_zh": "摘要",
            "abstract_en": "Abstract",
            "keywords": ["氢"],
            "field": "energy",
            "duration_months": 24,
            "requested_amount": "100",
        },
    )
    assert r.status_code == 201, r.content.decode()
    app_id = r.json()["id"]
    r = api(
        "applicant",
        "post",
        f"/applications/{app_id}/partners/",
        {
            "organisation": partner.pk,
            "role": "lead",
            "agreement_signed_on": "2025-01-01",
            "ip_arrangement": "共有",
            "commits_money": "20",
        },
    )
    assert r.status_code == 201 and r.json()["country"] == "DE", r.content.decode()
    r = api(
        "applicant",
        "put",
        f"/applications/{app_id}/budget/",
        [{"source": "central", "amount": "100"}, {"source": "foreign", "amount": "20"}],
    )
    assert r.status_code == 200, r.content.decode()
    r = api(
        "applicant",
        "post",
        f"/applications/{app_id}/attachments/",
        data={"kind": "agreement", "file": pdf_upload()},
    )
    assert r.status_code == 201, r.content.decode()
    r = api(
        "applicant",
        "put",
        f"/applications/{app_id}/eligibility/no-duplicate/",
        {"declared": True, "statement": "无"},
    )
    assert r.status_code == 200, r.content.decode()
    r = api("applicant", "post", f"/applications/{app_id}/submit/")
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.content
    r = api("recommender", "put", f"/{call.code}/ranking/", {"order": [app_id]})
    assert r.status_code == 200 and r.json()[0]["unit_rank"] == 1
    r = api("recommender", "post", f"/applications/{app_id}/recommend/", {"note": "推荐"})
    assert r.json()["state"] == "recommended"
    check = api("office_staff", "get", f"/applications/{app_id}/").json()["check"]
    r = api(
        "office_staff",
        "put",
        f"/applications/{app_id}/check/",
        {c["code"]: {"passes": True} for c in check},
    )
    assert r.status_code == 200
    for action, payload in [
        ("accept", {}),
        ("start-review", {}),
        ("score", {"score": "88.5"}),
        ("propose", {"outcome": "approve", "amount": "90"}),
    ]:
        r = api("office_staff", "post", f"/applications/{app_id}/{action}/", payload)
        assert r.status_code == 200, (action, r.content.decode())
    r = api("office_admin", "post", f"/applications/{app_id}/sign/")
    assert r.json()["state"] == "decided" and r.json()["decision"]["final"]
    r = api("office_staff", "post", f"/{call.code}/publish/")
    assert r.status_code == 200 and [a["id"] for a in r.json()] == [app_id]
    project = Application.objects.get(pk=app_id).project
    r = Client().get(f"/api/v1/portfolio/projects/{project.code}/")
    assert r.status_code == 200 and r.json()["countries"] == ["DE"]
    r = api("office_staff", "get", f"/{call.code}/monitor/")
    assert r.json()["by_state"] == [{"key": "published", "label": "Published", "count": 1}]
    r = Client(HTTP_AUTHORIZATION=f"Bearer {token_user['applicant']}").get("/api/v1/notifications/")
    assert any("Decision" in n["title"] for n in r.json()["items"])


def test_unknown_references_name_their_field(users, records):
    client = client_for(users, "applicant")
    response = client.post(
        API + f"/applications/{records['draft'].pk}/partners/",
        {"organisation": 999999, "country": "ZZ"},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["detail"]}
    assert fields == {"organisation", "country"}
