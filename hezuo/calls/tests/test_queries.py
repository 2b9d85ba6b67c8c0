"""Query budgets: list pages and API lists do not grow one query per row."""

import pytest
from django.urls import reverse

from hezuo.calls.models import ApplicationState
from hezuo.core.testing import client_for, query_budget

from .factories import advance, complete_application, make_call

pytestmark = pytest.mark.django_db

# Session, user, scope, count, page, filter choices, the menu: a little room over today's worst
# case (12, a recommender's application list), none per row.
LIST_QUERY_BUDGET = 14
DETAIL_QUERY_BUDGET = 45


@pytest.mark.parametrize(
    "url",
    [
        reverse("calls:application_list"),
        "/api/v1/calls/applications/",
        reverse("calls:call_list"),
        "/api/v1/calls/",
    ],
)
@pytest.mark.parametrize("role", ["recommender", "office_staff"])
def test_lists_do_not_grow_per_row(users, units, call, url, role, request):
    if url.startswith("/api/"):
        request.getfixturevalue("calls_api")
    client = client_for(users, role)
    advance(complete_application(users["applicant"], call, units["inst-a1"]), "submitted", users)
    with query_budget(LIST_QUERY_BUDGET) as few:
        assert client.get(url).status_code == 200
    for i in range(4):
        make_call(units, "open", code=f"2026-more-{i}")
        advance(
            complete_application(users["applicant"], call, units["inst-a1"]), "submitted", users
        )
    with query_budget(len(few)) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_detail_page_has_a_budget(users, draft_app):
    app = advance(draft_app, ApplicationState.RECOMMENDED, users)
    with query_budget(DETAIL_QUERY_BUDGET):
        assert client_for(users, "office_staff").get(app.get_absolute_url()).status_code == 200
