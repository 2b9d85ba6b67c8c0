"""Every calls page × every role: announced calls are public; an application is its readers'
alone (a draft, its applicant's); out of reach answers 404, exactly like a missing record; signed
out, a page that needs a login redirects there (an application's page answers 404, giving no hint
that it exists)."""

import pytest

from hezuo.core.testing import (
    APPLICANTS,
    OFFICE,
    READ_ALL,
    RECOMMENDERS,
    assert_covers_pages,
    assert_matrix,
    client_for,
    expect,
    fill,
)

pytestmark = pytest.mark.django_db

SIGNED = expect(200, anonymous=302)
A1_SUBMITTED = (*READ_ALL, "recommender", "applicant")


def only(*groups, anonymous=302, **single):
    """404 for all but the named; signed out, to the login page."""
    return expect(404, *groups, anonymous=anonymous, **single)


PAGES = [
    ("get", "/calls/", None, expect(200, anonymous=200)),
    ("get", "/calls/new/", None, only((OFFICE, 200))),
    ("get", "/calls/{call}/", None, expect(200, anonymous=200)),
    ("get", "/calls/{draft_call}/", None, only((READ_ALL, 200), anonymous=404)),
    ("get", "/calls/{draft_call}/edit/", None, only((OFFICE, 200))),
    ("post", "/calls/{draft_call}/announce/", None, only((OFFICE, 302))),
    ("post", "/calls/{draft_call}/template/", {"template": "key_institution"}, only((OFFICE, 302))),
    (
        "post",
        "/calls/{draft_call}/criteria/",
        {"code": "talent", "text_zh": "人才", "mode": "self_declared"},
        only((OFFICE, 302)),
    ),
    ("post", "/calls/{draft_call}/criteria/{criterion}/delete/", None, only((OFFICE, 302))),
    ("get", "/calls/{draft_call}/rubric/", None, only((OFFICE, 200))),
    ("get", "/calls/{call}/quotas/", None, only((OFFICE, 200))),
    ("post", "/calls/{call}/apply/", None, only((APPLICANTS, 302))),
    ("get", "/calls/{call}/ranking/", None, only((RECOMMENDERS, 200))),
    ("get", "/calls/{call}/monitor/", None, SIGNED),
    ("post", "/calls/{call}/start-review/", None, only((OFFICE, 302))),
    ("post", "/calls/{call}/publish/", None, only((OFFICE, 302))),
    ("get", "/calls/applications/", None, SIGNED),
    ("get", "/calls/applications/{submitted}/", None, only((A1_SUBMITTED, 200), anonymous=404)),
    ("get", "/calls/applications/{draft}/", None, only(applicant=200, anonymous=404)),
    ("get", "/calls/applications/{draft}/edit/", None, only(applicant=200)),
    # submitted: not editable; its applicant is told why (a redirect), others in reach get 404
    ("get", "/calls/applications/{submitted}/edit/", None, only(applicant=302)),
    ("post", "/calls/applications/{draft}/delete/", None, only(applicant=302)),
    ("get", "/calls/applications/{draft}/budget/", None, only(applicant=200)),
    ("get", "/calls/applications/{draft}/eligibility/", None, only(applicant=200)),
    ("get", "/calls/applications/{draft}/partners/new/", None, only(applicant=200)),
    ("get", "/calls/applications/{draft}/partners/{partner}/", None, only(applicant=200)),
    ("post", "/calls/applications/{draft}/partners/{partner}/delete/", None, only(applicant=302)),
    # an empty upload: the applicant's form is drawn again with the error beside its field
    ("post", "/calls/applications/{draft}/files/", None, only(applicant=422)),
    (
        "get",
        "/calls/applications/{submitted}/files/{attachment}/",
        None,
        only((A1_SUBMITTED, 200)),
    ),
    (
        "post",
        "/calls/applications/{draft}/files/{draft_attachment}/delete/",
        None,
        only(applicant=302),
    ),
    ("get", "/calls/applications/{submitted}/print.docx", None, only((A1_SUBMITTED, 200))),
    ("post", "/calls/applications/{recommended}/check/", None, only((OFFICE, 302))),
    ("post", "/calls/applications/{submitted}/do/withdraw/", None, only(applicant=302)),
    (
        "post",
        "/calls/applications/{submitted}/do/return/",
        {"return-reason": "补充材料"},
        only(recommender=302),
    ),
    ("post", "/calls/applications/{recommended}/do/refresh-check/", None, only((OFFICE, 302))),
]


@pytest.mark.parametrize(
    ("method", "path", "data", "expected"), PAGES, ids=[f"{m} {p}" for m, p, _d, _e in PAGES]
)
def test_page_matrix(users, keys, method, path, data, expected):
    url = fill(path, keys)
    assert_matrix(users, method, url, expected, fill(data, keys))
    if expected["anonymous"] == 302:
        response = client_for(users, "anonymous").get(url)
        assert "/accounts/login/" in response["Location"]


def test_the_table_covers_every_calls_page():
    """A page added without a row in PAGES fails here."""
    assert_covers_pages("calls", [path for _m, path, _d, _e in PAGES])
