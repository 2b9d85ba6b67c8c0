"""Every review page and endpoint × every role (404 outside one's reach, 403 within it but not
one's to do), list scoping, and blinding: applicants never learn who reviewed; experts never see
each other's identities, nor each other's scores before their own review is in."""

from functools import partial

import pytest

from hezuo.core import testing
from hezuo.core.testing import (
    OFFICE,
    READ_ALL,
    assert_covers_api,
    assert_covers_pages,
    client_for,
    fill,
)
from hezuo.registry.models import Person
from hezuo.review import services
from hezuo.review.models import Invitation

from .factories import experts_unit, review_and_submit

pytestmark = pytest.mark.django_db

# Every role of the shared fixture, and a second expert: Anna, invited to the same application.
ROLES = (*testing.ROLES, "other_expert")
expect = partial(testing.expect, roles=ROLES)
# Who reads the hydrogen application (inst-a1): leadership, its recommender and applicant, and
# Li, who accepted to review it (Anna is only invited so far).
H2_READERS = (*READ_ALL, "recommender", "applicant", "reviewer")
H2_NOT_OFFICE = ("viewer", "recommender", "applicant", "reviewer")
NAMES = ("Li Qing", "李青", "Anna Becker", "Tsinghua", "Munich", "Bob Miller", "Wang Hui")


@pytest.fixture
def people(users, pool):
    return {**users, "other_expert": pool["anna"].person.user}


@pytest.fixture
def records(users, apps, pool, plan, call):
    office = users["office_staff"]
    run = services.start_run(office, call)
    services.send_invitations(office, run)
    li = Invitation.objects.get(application=apps["h2"], expert=pool["li"])
    anna = Invitation.objects.get(application=apps["h2"], expert=pool["anna"])
    services.accept_invitation(users["reviewer"], li)
    services.save_review(users["reviewer"], li, {}, {"comments": "draft"})
    rule = services.set_pair_rule(office, apps["ai"], pool["bob"], "forbid", "")
    newcomer = Person.objects.create(name_en="Carla Neu", owner_unit=experts_unit())
    return {
        "rule": rule.pk,
        "ai": apps["ai"].pk,
        "newcomer": newcomer.pk,
        "call": call.code,
        "run": run.pk,
        "h2": apps["h2"].pk,
        "li": pool["li"].pk,
        "bob": pool["bob"].pk,
        "li_inv": li.pk,
        "anna_inv": anna.pk,
    }


API = "/api/v1/review"
API_MATRIX = [
    ("get", "/experts/", None, expect(200)),
    ("post", "/experts/", {"person": "{newcomer}"}, expect(403, (OFFICE, 201))),
    ("get", "/experts/{li}/", None, expect(404, (READ_ALL, 200), reviewer=200)),
    (
        "patch",
        "/experts/{li}/",
        {"keywords_en": ["hydrogen"]},
        expect(404, (OFFICE, 200), viewer=403, reviewer=200),
    ),
    (
        "patch",
        "/experts/{li}/",
        {"organisation": None},
        expect(404, (OFFICE, 200), viewer=403, reviewer=403),
    ),
    ("get", "/experts/me/", None, expect(404, reviewer=200, other_expert=200)),
    ("get", "/calls/{call}/plan/", None, expect(403, (OFFICE, 200))),
    ("put", "/calls/{call}/plan/", {"reviewers_per_application": 2}, expect(403, (OFFICE, 200))),
    ("post", "/calls/{call}/runs/", None, expect(403, (OFFICE, 202))),
    ("get", "/runs/{run}/", None, expect(404, (OFFICE, 200))),
    ("post", "/runs/{run}/send/", None, expect(404, (OFFICE, 409))),
    ("get", "/invitations/", None, expect(200)),
    ("get", "/invitations/{li_inv}/", None, expect(404, (OFFICE, 200), reviewer=200)),
    ("get", "/invitations/{anna_inv}/", None, expect(404, (OFFICE, 200), other_expert=200)),
    ("post", "/invitations/{anna_inv}/accept/", None, expect(404, (OFFICE, 403), other_expert=200)),
    ("post", "/invitations/{li_inv}/accept/", None, expect(404, (OFFICE, 403), reviewer=409)),
    (
        "post",
        "/invitations/{anna_inv}/decline/",
        {"reason": "On sabbatical"},
        expect(404, (OFFICE, 403), other_expert=200),
    ),
    (
        "post",
        "/invitations/{anna_inv}/conflict/",
        {"reason": "Co-author of the applicant"},
        expect(404, (OFFICE, 403), other_expert=200),
    ),
    # Li accepted: nothing to replace yet
    ("post", "/invitations/{li_inv}/replace/", None, expect(404, (OFFICE, 409), reviewer=403)),
    (
        "post",
        "/invitations/{li_inv}/cancel/",
        {"reason": "panel changed"},
        expect(404, (OFFICE, 200), reviewer=403),
    ),
    ("get", "/invitations/{li_inv}/review/", None, expect(404, (OFFICE, 200), reviewer=200)),
    (
        "put",
        "/invitations/{li_inv}/review/",
        {"comments": "better"},
        expect(404, (OFFICE, 403), reviewer=200),
    ),
    ("get", "/invitations/{li_inv}/peers/", None, expect(404, (OFFICE, 200), reviewer=200)),
    ("get", "/applications/{h2}/summary/", None, expect(404, (H2_READERS, 200))),
    ("get", "/calls/{call}/ranking/", None, expect(403, (OFFICE, 200))),
    ("post", "/calls/{call}/adopt/", None, expect(403, (OFFICE, 200))),
    (
        "put",
        "/applications/{h2}/rules/{bob}/",
        {"kind": "forbid"},
        expect(404, (H2_NOT_OFFICE, 403), (OFFICE, 200)),
    ),
    (
        "delete",
        "/applications/{ai}/rules/{bob}/",
        None,
        expect(404, (OFFICE, 204), (("viewer", "recommender", "applicant_a2"), 403)),
    ),
    (
        "post",
        "/applications/{h2}/invitations/",
        {"expert": "{bob}"},
        expect(404, (H2_NOT_OFFICE, 403), (OFFICE, 201)),
    ),
    (
        "post",
        "/applications/{h2}/conflicts/",
        {"expert": "{bob}", "reason": "co-author"},
        expect(404, (H2_NOT_OFFICE, 403), (OFFICE, 201)),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "payload", "expected"),
    API_MATRIX,
    ids=[f"{m} {p} {sorted(b or {})}" for m, p, b, _ in API_MATRIX],
)
def test_api_permission_matrix(people, records, method, path, payload, expected):
    testing.assert_matrix(
        people, method, API + fill(path, records), expected, fill(payload, records)
    )


def test_the_api_table_covers_every_review_endpoint():
    """A new endpoint without a row in API_MATRIX fails here."""
    assert_covers_api(API + "/", [(m, API + p) for m, p, _b, _e in API_MATRIX])


VIEW_MATRIX = [
    ("get", "/review/experts/", expect(200, anonymous=302)),
    ("get", "/review/experts/{li}/", expect(404, (READ_ALL, 200), reviewer=200, anonymous=302)),
    ("get", "/review/experts/new/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/experts/{li}/edit/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/experts/?export=xlsx", expect(200, anonymous=302)),
    ("get", "/review/me/", expect(200, anonymous=302)),
    ("get", "/review/me/profile/", expect(404, reviewer=200, other_expert=200, anonymous=302)),
    ("get", "/review/calls/{call}/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/calls/{call}/summary.xlsx", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/calls/{call}/summary.docx", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/runs/{run}/", expect(404, (OFFICE, 200), anonymous=302)),
    ("get", "/review/runs/{run}/progress/", expect(404, (OFFICE, 200), anonymous=302)),
    (
        "get",
        "/review/invitations/{li_inv}/",
        expect(404, (OFFICE, 200), reviewer=200, anonymous=302),
    ),
    ("post", "/review/calls/{call}/run/", expect(404, (OFFICE, 302), anonymous=302)),
    ("post", "/review/calls/{call}/plan/", expect(404, (OFFICE, 302), anonymous=302)),
    ("post", "/review/calls/{call}/adopt/", expect(404, (OFFICE, 302), anonymous=302)),
    ("post", "/review/runs/{run}/send/", expect(404, (OFFICE, 302), anonymous=302)),
    (
        "post",
        "/review/invitations/{anna_inv}/do/accept/",
        expect(404, other_expert=302, anonymous=302),
    ),
    (
        "post",
        "/review/invitations/{li_inv}/review/",
        expect(404, reviewer=302, anonymous=302),
    ),
    ("post", "/review/applications/{h2}/invite/", expect(404, (OFFICE, 302), anonymous=302)),
    ("post", "/review/applications/{h2}/adopt/", expect(404, (OFFICE, 302), anonymous=302)),
    (
        "post",
        "/review/applications/{h2}/conflict/",
        expect(404, (OFFICE, 302), anonymous=302),
        {"expert": "{bob}", "reason": "co-author"},
    ),
    (
        "post",
        "/review/applications/{h2}/experts/{bob}/rule/",
        expect(404, (OFFICE, 302), anonymous=302),
        {"kind": "forbid"},
    ),
    ("post", "/review/rules/{rule}/delete/", expect(404, (OFFICE, 302), anonymous=302)),
    # The calls pages: Li reads the application he accepted to review; Anna (invited) does not.
    ("get", "/calls/applications/{h2}/", expect(404, (H2_READERS, 200), anonymous=404)),
]


@pytest.mark.parametrize(
    ("method", "path", "expected", "data"),
    [(*row, None)[:4] for row in VIEW_MATRIX],
    ids=[f"{row[0]} {row[1]}" for row in VIEW_MATRIX],
)
def test_page_permission_matrix(people, records, method, path, expected, data):
    url = fill(path, records)
    testing.assert_matrix(people, method, url, expected, fill(data, records))
    if expected["anonymous"] == 302:
        response = client_for(people, "anonymous").get(url)
        assert "/accounts/login/" in response.get("Location", "/accounts/login/")


def test_the_page_table_covers_every_review_page():
    """A page added without a row in VIEW_MATRIX fails here."""
    assert_covers_pages("review", [row[1] for row in VIEW_MATRIX])


LIST_REACH = {
    "office_staff": 6,
    "viewer": 0,
    "recommender": 0,
    "applicant": 0,
    "reviewer": 1,
    "other_expert": 1,
    "nobody": 0,
}


@pytest.mark.parametrize("role", sorted(LIST_REACH))
def test_invitation_lists_are_scoped(people, records, role):
    body = client_for(people, role).get(API + "/invitations/").json()
    assert body["count"] == LIST_REACH[role]
    if role == "reviewer":
        assert [i["id"] for i in body["items"]] == [records["li_inv"]]


def test_the_expert_pool_is_the_offices(people, records):
    assert client_for(people, "office_staff").get(API + "/experts/").json()["count"] == 8
    mine = client_for(people, "reviewer").get(API + "/experts/").json()
    assert [e["id"] for e in mine["items"]] == [records["li"]]
    assert client_for(people, "applicant").get(API + "/experts/").json()["count"] == 0


# --- blinding -------------------------------------------------------------------------------------


def _finish_h2(people, apps, pool):
    li = Invitation.objects.get(application=apps["h2"], expert=pool["li"])
    anna = Invitation.objects.get(application=apps["h2"], expert=pool["anna"])
    review_and_submit(anna, [5, 5, 5, 5, 5], comments="Excellent partner.")
    review_and_submit(li, [3, 3, 3, 3, 3], comments="The budget is thin.")
    return services.adopt_score(people["office_staff"], apps["h2"])


def test_the_applicant_sees_the_score_and_no_name(people, records, apps, pool):
    app = _finish_h2(people, apps, pool)
    page = client_for(people, "applicant").get(f"/calls/applications/{app.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and str(app.score) == "80.00" and "80.00" in html
    assert 'id="public-score"' in html and "Expert A" in html and "The budget is thin." in html
    for name in NAMES:
        assert name not in html, name
    body = client_for(people, "applicant").get(API + f"/applications/{app.pk}/summary/").json()
    assert body["score"] == "80.00" and body["reviews"] == 2
    assert not any(name in str(body) for name in NAMES)
    calls_body = client_for(people, "applicant").get(f"/api/v1/calls/applications/{app.pk}/")
    assert not any(name in calls_body.content.decode() for name in NAMES)
    from hezuo.core.models import Notification

    notes = " ".join(
        f"{n.title} {n.body}" for n in Notification.objects.filter(recipient=people["applicant"])
    )
    assert not any(name in notes for name in NAMES)


def test_an_expert_never_sees_another_experts_identity(people, records, apps, pool):
    reviewer = client_for(people, "reviewer")
    anna = Invitation.objects.get(application=apps["h2"], expert=pool["anna"])
    review_and_submit(anna, [5, 5, 5, 5, 4])  # 98
    # Before Li's own review: neither Anna's name nor her score.
    for url in (
        f"/calls/applications/{records['h2']}/",
        f"/review/invitations/{records['li_inv']}/",
        "/review/me/",
    ):
        html = reviewer.get(url).content.decode()
        assert "Anna Becker" not in html and "Munich" not in html, url
        assert "98.00" not in html, url
    assert reviewer.get(API + f"/invitations/{records['li_inv']}/peers/").json() == []
    api = reviewer.get(f"/api/v1/calls/applications/{records['h2']}/").content.decode()
    assert "Anna" not in api
    # After: the other review, under a pseudonym.
    li = Invitation.objects.get(pk=records["li_inv"])
    review_and_submit(li, [3, 3, 3, 3, 3])
    html = reviewer.get(f"/review/invitations/{records['li_inv']}/").content.decode()
    assert 'id="peer-reviews"' in html and "Expert A" in html and "Anna" not in html
    peers = reviewer.get(API + f"/invitations/{records['li_inv']}/peers/").json()
    assert sorted(p["total"] for p in peers) == [60.0, 98.0]
    assert not any("Anna" in str(p) for p in peers)
    summary = reviewer.get(API + f"/applications/{records['h2']}/summary/").json()
    assert summary["reviews"] == 0  # not scored yet: nothing


def test_the_office_sees_who_reviews(people, records, apps, pool):
    _finish_h2(people, apps, pool)
    html = client_for(people, "office_staff").get(f"/calls/applications/{records['h2']}/")
    html = html.content.decode()
    assert 'data-role="office"' in html and "Anna Becker" in html and "Li Qing" in html
    body = client_for(people, "office_staff").get(API + f"/calls/{records['call']}/ranking/")
    rows = body.json()[0]["rows"]
    assert {r["expert"] for r in rows} == {"Li Qing", "Anna Becker"}
