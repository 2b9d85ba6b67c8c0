"""Sign-ins are throttled per account and per address (issue 8, finding 14: thirty wrong
passwords, then the right one, worked at once — on the site and on /admin/)."""

import pytest
from django.test import Client

from hezuo.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _sign_in(client, username, password, url="/accounts/login/", address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_wrong_passwords_pause_the_account(users, url):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(4):
        assert _sign_in(client, "office_staff", "wrong", url).status_code == 200
    response = _sign_in(client, "office_staff", "wrong", url)
    assert response.status_code == 429
    # the right password does not get through while paused, from anywhere
    response = _sign_in(
        Client(HTTP_ACCEPT_LANGUAGE="en"), "office_staff", PASSWORD, url, "10.9.9.9"
    )
    assert response.status_code == 429
    assert "wrong passwords in a row" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_paused(users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for name in ("viewer", "recommender", "applicant", "reviewer", "nobody"):
        _sign_in(client, name, "wrong")
    response = _sign_in(client, "office_admin", PASSWORD)
    assert response.status_code == 429
    # another address signs in as usual
    other = Client()
    assert _sign_in(other, "office_admin", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_right_password_resets_the_count(users):
    client = Client()
    for _ in range(4):
        _sign_in(client, "viewer", "wrong")
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302
    for _ in range(4):
        assert _sign_in(Client(), "viewer", "wrong", address="10.0.0.3").status_code == 200


def test_the_office_reads_the_sign_in_log(users):
    for _ in range(5):
        _sign_in(Client(), "recommender", "wrong")
    office = Client(HTTP_ACCEPT_LANGUAGE="en")
    office.force_login(users["office_staff"])
    page = office.get("/security/sign-ins/").content.decode()
    assert "recommender" in page and "10.0.0.1" in page
    for role in ("viewer", "recommender", "applicant"):
        other = Client()
        other.force_login(users[role])
        assert other.get("/security/sign-ins/").status_code == 404
    assert Client().get("/security/sign-ins/").status_code in (302, 404)
