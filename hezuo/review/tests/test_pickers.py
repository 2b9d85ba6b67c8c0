"""The office picks experts as it types (issue 8, finding 7): invitations offer the experts who
can sign in, a new profile offers people not yet in the pool, and nobody else sees the pool."""

import re

import pytest

from hezuo.core.testing import READ_ALL, SIGNED_IN, client_for
from hezuo.registry.tests.factories import make_person

from .factories import experts_unit, make_expert, org

pytestmark = pytest.mark.django_db


def picked(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-pick="(\d+)"', response.content.decode())}


@pytest.fixture
def experts(users):
    return {
        "li": make_expert("Li Qing", org("Tsinghua University"), user=users["reviewer"]),
        "anna": make_expert("Anna Becker", org("Technical University of Munich", "DE")),
        "ghost": make_expert("Gao Qing", user=None),  # no account: cannot answer an invitation
    }


@pytest.mark.parametrize("role", SIGNED_IN)
def test_experts_to_invite_are_the_offices_to_see(users, experts, role):
    got = picked(client_for(users, role).get("/pick/expert/", {"q": "qing"}))
    if role in READ_ALL:
        assert got == {experts["li"].pk}
    elif role == "reviewer":
        assert got == {experts["li"].pk}  # their own profile, no one else's
    else:
        assert got == set()


def test_a_new_profile_is_for_someone_outside_the_pool(users, experts):
    newcomer = make_person(experts_unit(), name_zh="秦晴", name_en="Qin Qing")
    client = client_for(users, "office_staff")
    assert picked(client.get("/pick/person-outside-pool/", {"q": "qing"})) == {newcomer.pk}
    page = client.get("/review/experts/new/").content.decode()
    assert 'hx-get="/pick/person-outside-pool/"' in page and '<select name="person"' not in page
    taken = client.post(
        "/review/experts/new/", {"person": experts["anna"].person_id, "max_load": 3}
    )
    assert taken.status_code == 200 and "person" in taken.context["form"].errors
    added = client.post(
        "/review/experts/new/", {"person": newcomer.pk, "max_load": 3, "available": "on"}
    )
    assert added.status_code == 302
