"""Who the API lets in: bearer tokens, the browser session with CSRF, anonymous callers on public
data only; `/api/v1/me`; the shape of error answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from hezuo.core.models import ApiToken
from hezuo.registry.models import Organisation

ME = "/api/v1/me"
ORGS = "/api/v1/registry/organisations/"
COUNTRIES = "/api/v1/registry/countries/"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- bearer tokens --------------------------------------------------------------------------------


def test_bearer_token_authenticates(users):
    token, raw = ApiToken.issue(users["recommender"], "ci")
    response = Client().get(ME, **bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "recommender"
    token.refresh_from_db()
    assert token.last_used is not None
    assert token.digest == ApiToken.hash(raw) != raw  # only the hash is stored


def test_bearer_token_scopes_like_the_session(users, units):
    from hezuo.registry.models import Person

    Person.objects.create(name_en="Alice", owner_unit=units["inst-a1"])
    Person.objects.create(name_en="Bob", owner_unit=units["inst-b1"])
    _, raw = ApiToken.issue(users["recommender_b"])
    names = [
        p["name_en"]
        for p in Client().get("/api/v1/registry/people/", **bearer(raw)).json()["items"]
    ]
    assert names == ["Bob"]


def test_bearer_writes_need_no_csrf_and_record_the_user(users, countries):
    _, raw = ApiToken.issue(users["office_staff"])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        ORGS, {"name_en": "CERN", "kind": "igo"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201, response.content
    org = Organisation.objects.get(pk=response.json()["id"])
    assert org.history.get().history_user == users["office_staff"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer hz_not-a-real-token",
        "Bearer ",
        "Bearer",
        "bearer hz_wrong",
    ],
)
def test_bad_token_is_401(users, header):
    response = Client().get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_401(users):
    token, raw = ApiToken.issue(users["office_admin"])
    token.expires = timezone.now() - timedelta(seconds=1)
    token.save()
    response = Client().get(ME, **bearer(raw))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    token.expires = timezone.now() + timedelta(days=1)
    token.save()
    assert Client().get(ME, **bearer(raw)).status_code == 200


def test_token_of_a_disabled_user_is_401(users):
    _, raw = ApiToken.issue(users["viewer"])
    users["viewer"].is_active = False
    users["viewer"].save()
    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_a_bad_token_is_refused_even_on_public_data(countries):
    assert Client().get(COUNTRIES).status_code == 200
    assert Client().get(COUNTRIES, **bearer("hz_nope")).status_code == 401


def test_another_scheme_is_not_a_token(users):
    response = Client().get(ME, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401


def test_last_used_is_written_at_most_once_a_minute(users):
    token, raw = ApiToken.issue(users["office_admin"])
    client = Client()
    client.get(ME, **bearer(raw))
    token.refresh_from_db()
    first = token.last_used
    client.get(ME, **bearer(raw))
    token.refresh_from_db()
    assert token.last_used == first


# --- the browser session and CSRF -----------------------------------------------------------------


def test_session_post_without_csrf_token_is_refused(users, countries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office_staff"])
    response = client.post(
        ORGS, {"name_en": "CERN", "kind": "igo"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Organisation.objects.exists()
    # reads need no token
    assert client.get(ORGS).status_code == 200


def test_session_post_with_csrf_token_is_accepted(users, countries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office_staff"])
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    response = client.post(
        ORGS,
        {"name_en": "CERN", "kind": "igo"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201, response.content
    # the cookie alone is not enough: every unsafe method must repeat the token
    for method in ("patch", "delete"):
        url = f"{ORGS}{response.json()['id']}/"
        refused = getattr(client, method)(url, {}, content_type="application/json")
        assert refused.status_code == 403, method


def test_anonymous_unsafe_request_is_401_not_a_csrf_error(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        ORGS, {"name_en": "CERN", "kind": "igo"}, content_type="application/json"
    )
    assert response.status_code == 401


# --- anonymous callers ----------------------------------------------------------------------------


def test_anonymous_reads_public_data_only(countries):
    client = Client()
    assert client.get(COUNTRIES).status_code == 200
    assert client.get(f"{COUNTRIES}CN/").json()["iso3"] == "CHN"
    for url in (ME, ORGS, "/api/v1/registry/people/", "/api/v1/registry/agreements/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert set(response.json()) == {"detail"}


# --- /me ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "roles", "unit_codes"),
    [
        ("office_admin", ["office_admin"], ["office"]),
        ("recommender", ["recommender"], ["prov-a"]),
        ("applicant_b1", ["applicant"], ["inst-b1"]),
        ("reviewer", ["reviewer"], ["experts"]),
        ("nobody", [], []),
    ],
)
def test_me(users, role, roles, unit_codes):
    client = Client()
    client.force_login(users[role])
    body = client.get(ME).json()
    assert body["username"] == role
    assert body["roles"] == roles
    assert [u["code"] for u in body["units"]] == unit_codes
    assert all(u["roles"] == roles for u in body["units"])


def test_me_lists_every_membership(users, units):
    from hezuo.core.models import Membership

    user = users["recommender"]
    Membership.objects.create(user=user, unit=units["experts"], role="reviewer")
    Membership.objects.create(user=user, unit=units["prov-a"], role="viewer")
    client = Client()
    client.force_login(user)
    body = client.get(ME).json()
    assert body["roles"] == ["recommender", "reviewer", "viewer"]
    assert {u["code"]: u["roles"] for u in body["units"]} == {
        "experts": ["reviewer"],
        "prov-a": ["recommender", "viewer"],
    }


# --- error shapes ---------------------------------------------------------------------------------


def test_unknown_api_paths_answer_json_404(users):
    client = Client()
    client.force_login(users["viewer"])
    for url in ("/api/v1/nothing/", f"{ORGS}not-a-number/", f"{ORGS}999999/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert set(response.json()) == {"detail"}


def test_a_missing_trailing_slash_keeps_the_method(users):
    client = Client()
    client.force_login(users["viewer"])
    response = client.post(ORGS.rstrip("/") + "?x=1", {}, content_type="application/json")
    assert response.status_code == 308
    assert response["Location"] == ORGS + "?x=1"


@pytest.mark.django_db
def test_numbers_beyond_64_bits_are_a_422_not_a_500(client, users):
    """Issue 8, finding 11: an id or a value the database cannot hold is bad input."""
    client.force_login(users["office_staff"])
    huge = 2**70
    for url in (
        f"/api/v1/registry/organisations/{huge}/",
        f"/api/v1/calls/applications/{huge}/",
        f"/api/v1/review/invitations/{huge}/",
    ):
        response = client.get(url)
        assert response.status_code in (404, 422), (url, response.status_code)
        if response.status_code == 422:
            assert "too large" in response.json()["detail"][0]["message"]

    huge_page = client.get(f"/registry/organisations/{huge}/")
    assert huge_page.status_code == 404
