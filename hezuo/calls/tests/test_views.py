"""Pages: who sees what (missing and forbidden both 404), the journey's forms and buttons, the
monitor and its drill-down, notifications, and the public directory of projects and bases."""

import pytest
from django.urls import reverse

from hezuo.calls.models import Application, ApplicationState, Call, CallStatus
from hezuo.core.tests.factories import PASSWORD

from .factories import advance, complete_application, make_call

S = ApplicationState
pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def submitted(users, draft_app):
    return advance(draft_app, S.SUBMITTED, users)


# --- who sees an application page -----------------------------------------------------------------

DETAIL_STATUS = {
    "office_admin": 200,
    "office_staff": 200,
    "viewer": 200,
    "recommender": 200,
    "recommender_b": 404,
    "applicant": 200,
    "applicant_a2": 404,
    "applicant_b1": 404,
    "reviewer": 404,
    "nobody": 404,
}


@pytest.mark.parametrize("who", sorted(DETAIL_STATUS))
def test_application_pages_by_role(client, users, submitted, who):
    login(client, users[who])
    url = submitted.get_absolute_url()
    assert client.get(url).status_code == DETAIL_STATUS[who]
    attachment = submitted.attachments.first()
    assert client.get(attachment.get_absolute_url()).status_code == DETAIL_STATUS[who]
    for fmt in ("docx",):
        response = client.get(reverse("calls:application_print", args=[submitted.pk, fmt]))
        assert response.status_code == DETAIL_STATUS[who]


def test_anonymous_users_are_sent_to_log_in(client, submitted):
    response = client.get(submitted.get_absolute_url())
    assert response.status_code == 404  # no hint that it exists
    response = client.get(reverse("calls:application_list"))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.get(submitted.attachments.first().get_absolute_url())
    assert response.status_code == 302


def test_recommenders_never_see_drafts(client, users, draft_app):
    login(client, users["recommender"])
    assert client.get(draft_app.get_absolute_url()).status_code == 404
    listing = client.get(reverse("calls:application_list"))
    assert draft_app.title_zh not in listing.content.decode()


def test_the_list_is_scoped(client, users, units, call, submitted):
    other = advance(
        complete_application(users["applicant_b1"], call, units["inst-b1"], title_zh="乙省项目"),
        S.SUBMITTED,
        users,
    )
    login(client, users["recommender"])
    page = client.get(reverse("calls:application_list")).content.decode()
    assert submitted.number in page and other.number not in page
    login(client, users["recommender_b"])
    page = client.get(reverse("calls:application_list")).content.decode()
    assert submitted.number not in page and other.number in page


# --- buttons follow can_<action> ------------------------------------------------------------------


def _actions(client, app):
    html = client.get(app.get_absolute_url()).content.decode()
    return {
        a
        for a in ("submit", "withdraw", "recommend", "return", "accept", "publish")
        if f'data-action="{a}"' in html
    }


def test_buttons_follow_the_rules(client, users, draft_app):
    assert _actions(login(client, users["applicant"]), draft_app) == {"submit"}
    app = advance(draft_app, S.SUBMITTED, users)
    assert _actions(login(client, users["applicant"]), app) == {"withdraw"}
    assert _actions(login(client, users["recommender"]), app) == {"recommend", "return"}
    assert _actions(login(client, users["office_staff"]), app) == set()
    assert _actions(login(client, users["viewer"]), app) == set()
    app = advance(app, S.RECOMMENDED, users)
    assert _actions(login(client, users["office_staff"]), app) == {"accept"}
    assert _actions(login(client, users["recommender"]), app) == set()


# --- the journey through the pages ----------------------------------------------------------------


def test_the_applicants_journey(client, users, units, call, countries):
    from hezuo.calls.tests.factories import applicant_org, foreign_org, pdf_upload

    applicant_org(units["inst-a1"])
    partner_org = foreign_org()
    login(client, users["applicant"])
    response = client.post(reverse("calls:call_apply", args=[call.code]))
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{app.pk}/edit/")
    response = client.post(
        reverse("calls:application_edit", args=[app.pk]),
        {
            "title_zh": "中德氢能合作",
            "title_en": "Sino-German hydrogen",
            "abstract_zh": "摘要",
            "abstract_en": "Abstract",
            "keywords": "氢能, hydrogen",
            "disciplines": "能源",
            "field": "energy",
            "duration_months": "24",
            "requested_amount": "100",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("calls:partner_create", args=[app.pk]),
        {
            "organisation": partner_org.pk,
            "role": "lead",
            "agreement_signed_on": "2025-05-01",
            "ip_arrangement": "共有",
            "commits_people": "2",
        },
    )
    assert response.status_code == 302
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
    data.update({"form-0-source": "central", "form-0-amount": "100", "form-0-item": "equipment"})
    data.update({"form-1-source": "foreign", "form-1-amount": "50"})
    assert client.post(reverse("calls:budget_edit", args=[app.pk]), data).status_code == 302
    response = client.post(
        reverse("calls:attachment_upload", args=[app.pk]),
        {"kind": "agreement", "title": "合作协议", "file": pdf_upload("协议.pdf")},
    )
    assert response.status_code == 302
    criterion = call.criteria.get(code="no-duplicate")
    response = client.post(
        reverse("calls:eligibility_edit", args=[app.pk]),
        {f"declared_{criterion.pk}": "on", f"statement_{criterion.pk}": "无重复"},
    )
    assert response.status_code == 302
    page = client.get(app.get_absolute_url()).content.decode()
    assert 'id="problems"' not in page, page[page.find("problems") : page.find("problems") + 800]
    response = client.post(
        reverse("calls:application_action", args=[app.pk, "submit"]), follow=True
    )
    app.refresh_from_db()
    assert app.state == S.SUBMITTED
    assert "已提交" in response.content.decode() or "Submitted" in response.content.decode()


def test_an_illegal_action_shows_the_reason(client, users, submitted):
    login(client, users["applicant"])
    response = client.post(
        reverse("calls:application_action", args=[submitted.pk, "submit"]), follow=True
    )
    assert response.status_code == 200
    assert "cannot be submitted" in response.content.decode()


def test_a_forbidden_action_is_a_404(client, users, submitted):
    login(client, users["applicant"])
    url = reverse("calls:application_action", args=[submitted.pk, "recommend"])
    assert client.post(url).status_code == 404
    login(client, users["recommender_b"])
    assert client.post(url).status_code == 404
    login(client, users["recommender"])
    assert client.get(url).status_code == 405
    assert (
        client.post(
            reverse("calls:application_action", args=[submitted.pk, "nonsense"])
        ).status_code
        == 404
    )


def test_return_needs_a_reason_in_the_form(client, users, submitted):
    login(client, users["recommender"])
    url = reverse("calls:application_action", args=[submitted.pk, "return"])
    client.post(url, {"return-reason": ""})
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED
    client.post(url, {"return-reason": "补充材料"})
    assert Application.objects.get(pk=submitted.pk).state == S.RETURNED


def test_the_formal_check_page_and_acceptance(client, users, draft_app):
    app = advance(draft_app, S.RECOMMENDED, users)
    login(client, users["office_staff"])
    page = client.get(app.get_absolute_url()).content.decode()
    assert 'id="formal-check"' in page
    data = {f"c_{i.pk}": "pass" for i in app.check_items.all()}
    client.post(reverse("calls:application_check", args=[app.pk]), data)
    client.post(reverse("calls:application_action", args=[app.pk, "accept"]), {"accept-note": ""})
    assert Application.objects.get(pk=app.pk).state == S.ACCEPTED


def test_scoring_deciding_signing_publishing_through_pages(client, users, draft_app):
    app = advance(draft_app, S.IN_REVIEW, users)
    login(client, users["office_staff"])
    post = lambda action, data=None: client.post(  # noqa: E731
        reverse("calls:application_action", args=[app.pk, action]), data or {}
    )
    post("score", {"score-score": "91", "score-note": ""})
    post("propose", {"propose-outcome": "approve", "propose-amount": "100"})
    post("sign")
    app.refresh_from_db()
    assert app.state == S.DECIDED
    post("publish")
    app.refresh_from_db()
    assert app.state == S.PUBLISHED
    page = client.get(app.get_absolute_url()).content.decode()
    assert app.project.code in page


def test_ranking_page(client, users, units, call):
    apps = [
        advance(
            complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
        )
        for _ in range(2)
    ]
    login(client, users["recommender"])
    url = reverse("calls:call_ranking", args=[call.code])
    page = client.get(url).content.decode()
    assert "0 of 2" in page
    client.post(url, {"order": [apps[1].pk, apps[0].pk]})
    assert Application.objects.get(pk=apps[1].pk).unit_rank == 1
    login(client, users["applicant"])
    assert client.get(url).status_code == 404


def test_monitor_counts_and_drills_down(client, users, units, call, submitted):
    advance(
        complete_application(users["applicant_b1"], call, units["inst-b1"]), S.RECOMMENDED, users
    )
    login(client, users["office_staff"])
    response = client.get(reverse("calls:call_monitor", args=[call.code]))
    assert response.context["total"] == 2
    states = {code: n for code, _label, n in response.context["by_state"]}
    assert states == {"submitted": 1, "recommended": 1}
    units_seen = {
        r["recommending_unit__code"]: (r["n"], r["recommended"], r["quota"])
        for r in response.context["by_unit"]
    }
    assert units_seen == {"prov-a": (1, 0, 2), "prov-b": (1, 1, 2)}
    assert [r["country__iso2"] for r in response.context["by_country"]] == ["DE"]
    drill = client.get(reverse("calls:application_list") + f"?call={call.code}&state=recommended")
    assert drill.context["paginator"].count == 1
    drill = client.get(reverse("calls:application_list") + f"?call={call.code}&country=DE")
    assert drill.context["paginator"].count == 2
    # a recommender's monitor counts only their own unit
    login(client, users["recommender"])
    assert client.get(reverse("calls:call_monitor", args=[call.code])).context["total"] == 1


def test_office_creates_and_announces_a_call(client, users, units):
    from .factories import make_programme

    programme = make_programme(units["office"])
    login(client, users["office_staff"])
    response = client.post(
        reverse("calls:call_create"),
        {
            "programme": programme.pk,
            "code": "2027-jrc",
            "title_zh": "2027年度国际联合研究中心认定",
            "title_en": "Joint research centres 2027",
            "kind": "designation",
            "base_kind": "joint_research_centre",
            "year": "2027",
            "opens_at": "2030-03-01T09:00",
            "closes_at": "2030-04-01T17:00",
            "recommend_by": "2030-04-20T17:00",
            "priority_fields": ["energy"],
            "required_attachments": ["agreement"],
            "designation_years": "5",
            "rubric_scale": "5",
            "approving_offices": [units["office"].pk],
            "template": "base_designation",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(code="2027-jrc")
    assert call.criteria.count() == 5
    assert call.opens_at.hour == 1  # 09:00 in Beijing is 01:00 UTC
    client.post(reverse("calls:call_announce", args=[call.code]))
    call.refresh_from_db()
    assert call.status == CallStatus.ANNOUNCED
    login(client, users["applicant"])
    assert client.get(reverse("calls:call_create")).status_code == 404
    assert client.get(reverse("calls:call_edit", args=[call.code])).status_code == 404


def test_draft_calls_are_hidden_from_outsiders(client, users, units):
    call = make_call(units, "draft")
    assert client.get(call.get_absolute_url()).status_code == 404
    login(client, users["applicant"])
    assert client.get(call.get_absolute_url()).status_code == 404
    login(client, users["office_staff"])
    assert client.get(call.get_absolute_url()).status_code == 200


def test_open_calls_are_public(client, call):
    assert client.get(call.get_absolute_url()).status_code == 200
    assert client.get(reverse("calls:call_list")).status_code == 200


def test_quotas_page(client, users, units, call):
    login(client, users["office_staff"])
    url = reverse("calls:call_quotas", args=[call.code])
    assert client.get(url).status_code == 200
    client.post(url, {f"unit_{units['prov-a'].pk}": "5", f"unit_{units['prov-b'].pk}": ""})
    assert call.quotas.get(unit=units["prov-a"]).limit == 5
    login(client, users["recommender"])
    assert client.get(url).status_code == 404


def test_notifications_page(client, users, submitted):
    login(client, users["recommender"])
    response = client.get(reverse("notifications"))
    assert response.context["unread"] == 1
    # The unread count shows in the navigation on every page, until read.
    assert 'id="nav-notifications-badge">1<' in client.get("/").content.decode()
    client.post(reverse("notifications"))
    assert client.get(reverse("notifications")).context["unread"] == 0
    assert "nav-notifications-badge" not in client.get("/").content.decode()


def test_the_public_directory_of_projects(client, users, draft_app):
    app = advance(draft_app, S.PUBLISHED, users)
    project = app.project
    assert client.get(reverse("portfolio:project_list")).status_code == 200
    page = client.get(project.get_absolute_url()).content.decode()
    assert project.code in page
    assert client.get(reverse("portfolio:base_list")).status_code == 200
