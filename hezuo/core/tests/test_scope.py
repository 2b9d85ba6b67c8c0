"""What core itself serves to every role: who am I, and one's own notifications (never anyone
else's). The apps' pages and endpoints have their own tables."""

import pytest

from hezuo.core.models import Notification
from hezuo.core.testing import (
    ROLES,
    assert_covers_api,
    assert_matrix,
    client_for,
    expect,
    query_budget,
)

pytestmark = pytest.mark.django_db

SIGNED = expect(200, anonymous=302)
ROWS = [
    ("get", "/notifications/", SIGNED),
    ("post", "/notifications/", expect(302, anonymous=302)),  # marks all read, back to the list
    ("get", "/api/v1/me", expect(200)),
    ("get", "/api/v1/notifications/", expect(200)),
    ("get", "/api/v1/notifications/?unread=true", expect(200)),
    ("post", "/api/v1/notifications/read/", expect(200)),
]


@pytest.mark.parametrize(("method", "url", "expected"), ROWS, ids=[f"{m} {u}" for m, u, _ in ROWS])
def test_permission_matrix(users, method, url, expected):
    assert_matrix(users, method, url, expected)


def test_the_table_covers_cores_endpoints():
    rows = [(m, u) for m, u, _e in ROWS]
    assert_covers_api("/api/v1/notifications/", rows)
    assert_covers_api("/api/v1/me", rows)


@pytest.fixture
def notes(users):
    """Two unread notifications for the recommender, one for the applicant."""
    for who, title in (("recommender", "R1"), ("recommender", "R2"), ("applicant", "A1")):
        Notification.objects.create(recipient=users[who], title=title)


OWN = {"recommender": ["R2", "R1"], "applicant": ["A1"]}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_notifications_are_ones_own(users, notes, role):
    client = client_for(users, role)
    body = client.get("/api/v1/notifications/").json()
    assert [n["title"] for n in body["items"]] == OWN.get(role, [])
    page = client.get("/notifications/")
    assert [n.title for n in page.context["notes"]] == OWN.get(role, [])
    marked = client.post("/api/v1/notifications/read/", content_type="application/json").json()
    assert marked == {"marked": len(OWN.get(role, []))}
    unread = client.get("/api/v1/notifications/?unread=true").json()
    assert unread["count"] == 0
    # the others' stay unread
    left = Notification.objects.filter(read_at__isnull=True).exclude(recipient=users[role])
    assert left.count() == 3 - len(OWN.get(role, []))


def test_the_lists_do_not_grow_per_row(users):
    client = client_for(users, "recommender")
    with query_budget(8) as few:
        assert client.get("/api/v1/notifications/").status_code == 200
    for i in range(20):
        Notification.objects.create(recipient=users["recommender"], title=f"N{i}")
    with query_budget(len(few)) as many:
        assert client.get("/api/v1/notifications/").json()["count"] == 20
    assert len(many) == len(few)
    with query_budget(12):
        assert client.get("/notifications/").status_code == 200
