"""The review pages doing their work: the office keeps the pool and the plan, runs, pins, invites
and adopts; an expert keeps their profile, answers and reviews. Plus query budgets, so a page does
not grow one query per row."""

import pytest

from hezuo.core.testing import client_for, query_budget
from hezuo.registry.models import Person
from hezuo.review import services
from hezuo.review.models import ExpertProfile, Invitation, PairRule, ReviewPlan, RunState

from .factories import experts_unit, make_expert, org, review_and_submit

pytestmark = pytest.mark.django_db


def test_the_office_adds_an_expert_and_the_expert_keeps_the_profile(users, countries):
    person = Person.objects.create(
        name_en="Ada Chen", owner_unit=experts_unit(), user=users["reviewer"]
    )
    tsinghua = org("Tsinghua University")
    office = client_for(users, "office_staff")
    response = office.post(
        "/review/experts/new/",
        {
            "person": person.pk,
            "organisation": tsinghua.pk,
            "disciplines": "能源科学",
            "keywords_zh": "氢能，燃料电池",
            "max_load": 4,
            "available": "on",
        },
    )
    profile = ExpertProfile.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == profile.get_absolute_url()
    assert profile.keywords_zh == ["氢能", "燃料电池"] and profile.organisation == tsinghua
    mine = client_for(users, "reviewer")
    page = mine.get("/review/me/profile/")
    assert page.status_code == 200 and 'name="organisation"' not in page.content.decode()
    mine.post(
        "/review/me/profile/",
        {"keywords_en": "hydrogen; electrolysis", "max_load": 2, "disciplines": "能源科学"},
    )
    profile.refresh_from_db()
    assert profile.keywords_en == ["hydrogen", "electrolysis"] and not profile.available
    assert profile.organisation == tsinghua
    detail = mine.get(profile.get_absolute_url()).content.decode()
    assert 'id="edit-own-profile"' in detail


def test_the_office_works_a_call_from_its_review_page(users, apps, pool, call):
    office = client_for(users, "office_staff")
    url = f"/review/calls/{call.code}/"
    office.post(
        url + "plan/",
        {
            "reviewers_per_application": 2,
            "min_foreign": 1,
            "one_per_organisation": "on",
            "score_method": "trimmed",
            "disagreement": 15,
            "time_limit": 10,
        },
    )
    plan = ReviewPlan.objects.get(call=call)
    assert plan.score_method == "trimmed" and plan.min_foreign == 1
    response = office.post(url + "run/")
    run = call.assignment_runs.get()
    assert response["Location"] == run.get_absolute_url() and run.state == RunState.PROPOSED
    page = office.get(run.get_absolute_url()).content.decode()
    assert 'id="send-invitations"' in page and "氢能" in page
    # Forbid Li for hydrogen, run again, send.
    office.post(
        f"/review/applications/{apps['h2'].pk}/experts/{pool['li'].pk}/rule/",
        {"kind": "forbid", "next": run.get_absolute_url()},
    )
    assert PairRule.objects.get().kind == "forbid"
    office.post(url + "run/")
    latest = call.assignment_runs.first()
    assert not latest.proposals.filter(application=apps["h2"], expert=pool["li"]).exists()
    old = office.get(run.get_absolute_url()).content.decode()
    assert 'id="send-invitations"' not in old  # superseded
    office.post(f"/review/runs/{latest.pk}/send/")
    assert Invitation.objects.count() == 6
    # By hand, and a refusal shown as a message.
    response = office.post(
        f"/review/applications/{apps['h2'].pk}/invite/", {"expert": pool["same"].pk}, follow=True
    )
    assert "may not review" in response.content.decode()
    page = office.get(url).content.decode()
    assert f'id="app-{apps["h2"].pk}"' in page and "Anna Becker" in page


def test_an_infeasible_run_page_names_the_applications(users, apps, pool, call):
    office = client_for(users, "office_staff")
    services.configure_review(users["office_staff"], call, {"reviewers_per_application": 7})
    office.post(f"/review/calls/{call.code}/run/")
    run = call.assignment_runs.get()
    page = office.get(run.get_absolute_url()).content.decode()
    assert run.state == RunState.INFEASIBLE and 'id="diagnosis"' in page
    assert f'data-named="{apps["h2"].pk}"' in page


def test_the_expert_answers_and_reviews_through_the_pages(users, apps, pool, plan, call):
    office_user = users["office_staff"]
    services.send_invitations(office_user, services.start_run(office_user, call))
    li = Invitation.objects.get(application=apps["h2"], expert=pool["li"])
    mine = client_for(users, "reviewer")
    listing = mine.get("/review/me/").content.decode()
    assert f'data-invitation="{li.pk}"' in listing and "data-accept" in listing
    mine.post(f"/review/invitations/{li.pk}/do/accept/")
    li.refresh_from_db()
    assert li.state == "accepted"
    form = mine.get(li.get_absolute_url()).content.decode()
    assert 'id="review-form"' in form and form.count('name="score_') == 5
    rubric = list(call.rubric.all())
    data = {f"score_{c.pk}": 4 for c in rubric}
    data.update(recommendation="priority", confidence=3, comments="Good", submit="1")
    response = mine.post(f"/review/invitations/{li.pk}/review/", data, follow=True)
    assert "submitted" in response.content.decode()
    li.refresh_from_db()
    assert li.state == "submitted" and li.review.total == 80
    # Anna declines through her page; the office sees the suggested replacement.
    anna = Invitation.objects.get(application=apps["h2"], expert=pool["anna"])
    client_for({"anna": pool["anna"].person.user}, "anna").post(
        f"/review/invitations/{anna.pk}/do/decline/", {"reason": "On sabbatical"}
    )
    anna.refresh_from_db()
    assert anna.state == "declined" and anna.suggested_replacement
    page = client_for(users, "office_staff").get(anna.get_absolute_url()).content.decode()
    assert 'id="suggested"' in page and 'id="invite-replacement"' in page
    client_for(users, "office_staff").post(f"/review/invitations/{anna.pk}/do/replace/")
    assert Invitation.objects.filter(replaces=anna).exists()


def test_adopting_from_the_application_page(users, apps, pool, call):
    office_user = users["office_staff"]
    for who in ("zhao", "claire"):
        invitation = services.invite(office_user, apps["ocean"], pool[who])
        review_and_submit(invitation, [4, 4, 4, 4, 4])
    office = client_for(users, "office_staff")
    page = office.get(apps["ocean"].get_absolute_url()).content.decode()
    assert 'id="adopt-score"' in page and 'data-action="score"' in page
    assert 'name="score-score"' not in page  # the manual score gives way to the reviews'
    office.post(f"/review/applications/{apps['ocean'].pk}/adopt/")
    apps["ocean"].refresh_from_db()
    assert apps["ocean"].state == "reviewed" and apps["ocean"].score == 80


PAGE_QUERY_BUDGET = 40


def test_query_budgets(users, apps, pool, plan, call):
    office_user = users["office_staff"]
    office = client_for(users, "office_staff")
    services.send_invitations(office_user, services.start_run(office_user, call))
    pages = ["/review/experts/", f"/review/calls/{call.code}/"]
    run = call.assignment_runs.get()
    pages.append(run.get_absolute_url())
    before = {}
    for url in pages:
        with query_budget(PAGE_QUERY_BUDGET - 1) as before[url]:
            assert office.get(url).status_code == 200
    for i in range(6):
        make_expert(f"Extra Expert {i}", org(f"Extra University {i}"), keywords_en=["hydrogen"])
    for url in pages:
        with query_budget(len(before[url])) as after:
            assert office.get(url).status_code == 200
        assert len(after) == len(before[url]), url
