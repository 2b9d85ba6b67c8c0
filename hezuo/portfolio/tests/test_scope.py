"""Every portfolio page and endpoint × every role. Funded projects and designated bases are a
public directory: everyone reads them, the anonymous public included; a missing record answers
404 to all alike. What the directory links to is still scoped: a project's application shows only
to those who may read the application."""

import pytest

from hezuo.core.testing import (
    READ_ALL,
    ROLES,
    assert_covers_api,
    assert_covers_pages,
    assert_matrix,
    client_for,
    expect,
    fill,
)

from .factories import published_project

pytestmark = pytest.mark.django_db

API = "/api/v1/portfolio"
EVERYONE = expect(200, anonymous=200)
NOBODY = expect(404, anonymous=404)  # missing: the same answer for every caller

PAGES = [
    ("get", "/portfolio/projects/", EVERYONE),
    ("get", "/portfolio/projects/{project}/", EVERYONE),
    ("get", "/portfolio/projects/NO-SUCH-1/", NOBODY),
    ("get", "/portfolio/projects/?export=xlsx", EVERYONE),
    ("get", "/portfolio/bases/", EVERYONE),
    ("get", "/portfolio/bases/{base}/", EVERYONE),
    ("get", "/portfolio/bases/NO-SUCH-1/", NOBODY),
    ("get", "/portfolio/bases/?export=xlsx", EVERYONE),
]
ENDPOINTS = [
    ("get", API + "/projects/", EVERYONE),
    ("get", API + "/projects/{project}/", EVERYONE),
    ("get", API + "/projects/NO-SUCH-1/", NOBODY),
    ("get", API + "/bases/", EVERYONE),
    ("get", API + "/bases/{base}/", EVERYONE),
    ("get", API + "/bases/NO-SUCH-1/", NOBODY),
]


@pytest.fixture
def keys(directory) -> dict[str, str]:
    return {"project": directory["hydrogen"].code, "base": directory["centre"].code}


@pytest.mark.parametrize(
    ("method", "path", "expected"), PAGES + ENDPOINTS, ids=[r[1] for r in PAGES + ENDPOINTS]
)
def test_permission_matrix(users, keys, method, path, expected):
    assert_matrix(users, method, fill(path, keys), expected)


def test_the_tables_cover_every_page_and_endpoint():
    """A portfolio page or endpoint added without a row here fails."""
    assert_covers_pages("portfolio", [path for _m, path, _e in PAGES])
    assert_covers_api(API + "/", [(method, path) for method, path, _e in ENDPOINTS])


@pytest.mark.parametrize("kind", ["projects", "bases"])
def test_missing_is_404_with_the_api_shape(users, kind):
    for role in ("anonymous", "office_staff"):
        response = client_for(users, role).get(f"{API}/{kind}/NO-SUCH-1/")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_nothing_but_reading(users, keys):
    """No write operations: the directory changes only by publication (or the admin)."""
    for method in ("post", "put", "patch", "delete"):
        for path in (API + "/projects/", API + "/projects/{project}/"):
            status = client_for(users, "office_admin").generic(
                method.upper(), fill(path, keys), "{}", content_type="application/json"
            )
            assert status.status_code in (404, 405), (method, path)


# Who may read inst-a1's published application, so sees it on the project's page.
READS_THE_APPLICATION = {*READ_ALL, "recommender", "applicant"}


def test_the_projects_application_is_shown_only_to_its_readers(users, units):
    project = published_project(users, units)
    for role in ROLES:
        response = client_for(users, role).get(project.get_absolute_url())
        assert response.status_code == 200, role
        [section] = [s for s in response.context["sections"] if str(s.title) == "Application"]
        shown = [item.pk for item, _values in section.rows]
        expected = [project.application_id] if role in READS_THE_APPLICATION else []
        assert shown == expected and section.count == len(expected), role
        if not expected:
            assert project.application.number not in response.content.decode(), role
