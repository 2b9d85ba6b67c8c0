"""The applicant's side: drafts, partners, budget, answers, submission inside the window,
withdrawal before the deadline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hezuo.calls import services
from hezuo.calls.models import Application, ApplicationEvent, ApplicationState, EventAction
from hezuo.calls.services import TransitionError
from hezuo.calls.workflow import APPLICATION

from .factories import advance, complete_application, country, foreign_org, make_call

S = ApplicationState
pytestmark = pytest.mark.django_db


def test_a_draft_needs_only_a_call_and_an_institution(users, units, call):
    app = services.create_application(users["applicant"], call, {"title_zh": "草稿"})
    assert app.state == S.DRAFT
    assert app.applicant_unit == units["inst-a1"]
    assert app.recommending_unit == units["prov-a"]
    assert app.number == ""
    assert app.events.get().action == EventAction.CREATED
    assert app.history.count() == 1


@pytest.mark.parametrize("who", ["recommender", "office_staff", "reviewer", "viewer", "nobody"])
def test_only_applicants_create_applications(users, call, who):
    with pytest.raises((PermissionDenied, ValidationError)):
        services.create_application(users[who], call, {})


def test_an_applicant_cannot_apply_for_another_institution(users, units, call):
    with pytest.raises(PermissionDenied):
        services.create_application(users["applicant"], call, {}, unit=units["inst-a2"])


@pytest.mark.parametrize("phase", ["draft", "recommending", "selecting"])
def test_no_drafts_outside_an_announced_window(users, units, phase):
    call = make_call(units, phase)
    with pytest.raises(TransitionError):
        services.create_application(users["applicant"], call, {})


def test_drafts_may_be_prepared_before_the_call_opens_but_not_submitted(users, units):
    call = make_call(units, "upcoming")
    app = complete_application(users["applicant"], call, units["inst-a1"])
    assert APPLICATION.can(app, "edit", users["applicant"])
    assert not APPLICATION.can(app, "submit", users["applicant"])
    with pytest.raises(TransitionError, match="opens"):
        services.submit(users["applicant"], app)


def test_submission_gives_a_number_and_notifies_the_recommender(users, draft_app):
    app = services.submit(users["applicant"], draft_app)
    assert app.state == S.SUBMITTED
    assert app.number == f"{draft_app.call.code.upper()}-0001"
    assert app.submitted_at is not None
    assert users["recommender"].notifications.filter(url=app.get_absolute_url()).exists()
    assert not users["recommender_b"].notifications.exists()
    event = app.events.last()
    assert (event.from_state, event.to_state, event.action) == (S.DRAFT, S.SUBMITTED, "submitted")


def test_an_incomplete_draft_lists_every_problem(users, call):
    app = services.create_application(users["applicant"], call, {"title_zh": "只有标题"})
    with pytest.raises(TransitionError) as exc:
        services.submit(users["applicant"], app)
    text = " ".join(exc.value.messages)
    for expected in ["English", "abstract", "keyword", "field", "partner", "budget", "Missing"]:
        assert expected.lower() in text.lower()
    app.refresh_from_db()
    assert app.state == S.DRAFT


def test_submission_is_refused_after_the_window_closes(users, units, draft_app):
    call = draft_app.call
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    with pytest.raises(TransitionError, match="closed"):
        services.submit(users["applicant"], draft_app)


def test_budget_totals_must_match_the_central_funding_requested(users, draft_app):
    services.update_application(users["applicant"], draft_app, {"requested_amount": Decimal("301")})
    problems = services.submission_problems(Application.objects.get(pk=draft_app.pk))
    assert [p.field for p in problems] == ["budget"]
    assert "300" in problems[0].message and "301" in problems[0].message


def test_budget_lines_reject_negative_amounts_and_unknown_sources(users, draft_app):
    with pytest.raises(ValidationError):
        services.set_budget(users["applicant"], draft_app, [{"source": "central", "amount": -1}])
    with pytest.raises(ValidationError):
        services.set_budget(users["applicant"], draft_app, [{"source": "lottery", "amount": 1}])
    assert draft_app.budget_lines.count() == 4


def test_budget_totals_by_source(draft_app):
    totals = draft_app.budget_totals()
    assert totals["central"] == 300 and totals["foreign"] == 120 and totals["total"] == 570


def test_a_call_cap_on_the_amount_is_checked(users, units):
    call = make_call(units, "open", max_amount=Decimal("100"))
    app = complete_application(users["applicant"], call, units["inst-a1"])
    assert [p.field for p in services.submission_problems(app)] == ["budget"]


def test_the_duration_is_capped_by_the_call(users, units):
    call = make_call(units, "open", max_duration_months=24)
    app = complete_application(users["applicant"], call, units["inst-a1"])
    assert "duration_months" in [p.field for p in services.submission_problems(app)]


def test_a_partner_must_be_foreign_and_in_its_organisations_country(users, draft_app, countries):
    with pytest.raises(ValidationError):
        services.add_partner(
            users["applicant"], draft_app, {"name": "本国大学", "country": countries["CN"]}
        )
    with pytest.raises(ValidationError):
        services.add_partner(
            users["applicant"],
            draft_app,
            {"organisation": foreign_org(), "country": countries["FR"]},
        )
    with pytest.raises(ValidationError):
        services.add_partner(users["applicant"], draft_app, {"country": countries["FR"]})
    partner = services.add_partner(
        users["applicant"], draft_app, {"name": "Institut Pasteur", "country": countries["FR"]}
    )
    assert partner.display_name == "Institut Pasteur"
    # a registry organisation brings its country
    partner = services.add_partner(
        users["applicant"], draft_app, {"organisation": foreign_org("Max Planck")}
    )
    assert partner.country == country("DE")


def test_self_declared_conditions_must_be_declared(users, draft_app):
    criterion = draft_app.call.criteria.get(code="no-duplicate")
    services.save_answer(users["applicant"], draft_app, criterion, False)
    problems = services.submission_problems(draft_app)
    assert [p.field for p in problems] == ["criterion:no-duplicate"]


def test_automatic_conditions_cannot_be_declared(users, draft_app):
    criterion = draft_app.call.criteria.get(code="agreement")
    with pytest.raises(ValidationError):
        services.save_answer(users["applicant"], draft_app, criterion, True)


def test_evidence_must_belong_to_the_same_application(users, units, designation_call):
    app = complete_application(users["applicant"], designation_call, units["inst-a1"])
    other = complete_application(users["applicant"], designation_call, units["inst-a1"])
    evidence = other.attachments.first()
    criterion = designation_call.criteria.get(code="key-institution")
    with pytest.raises(ValidationError):
        services.save_answer(users["applicant"], app, criterion, True, "", evidence)


def test_declared_conditions_without_required_evidence_block_submission(
    users, units, designation_call
):
    app = complete_application(users["applicant"], designation_call, units["inst-a1"])
    criterion = designation_call.criteria.get(code="plan")
    services.save_answer(users["applicant"], app, criterion, True, "见实施方案", None)
    problems = services.submission_problems(app)
    assert [p.field for p in problems] == ["criterion:plan"]
    assert "evidence" in problems[0].message


def test_unknown_fields_are_refused(users, draft_app):
    with pytest.raises(ValidationError):
        services.update_application(users["applicant"], draft_app, {"state": "published"})


def test_withdraw_before_the_deadline(users, draft_app):
    app = advance(draft_app, S.SUBMITTED, users)
    app = services.withdraw(users["applicant"], app)
    assert app.state == S.WITHDRAWN and app.withdrawn_at
    with pytest.raises(TransitionError):
        services.withdraw(users["applicant"], app)


def test_no_withdrawal_after_the_deadline(users, draft_app):
    app = advance(draft_app, S.SUBMITTED, users)
    call = app.call
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    app.refresh_from_db()
    assert not APPLICATION.can(app, "withdraw", users["applicant"])
    with pytest.raises(TransitionError, match="closed"):
        services.withdraw(users["applicant"], app)


def test_a_submitted_application_is_frozen(users, draft_app):
    app = advance(draft_app, S.SUBMITTED, users)
    with pytest.raises(TransitionError):
        services.update_application(users["applicant"], app, {"title_zh": "改"})
    with pytest.raises(TransitionError):
        services.set_budget(users["applicant"], app, [])
    with pytest.raises(TransitionError):
        services.add_partner(users["applicant"], app, {"name": "X", "country": country("DE")})


def test_another_applicant_cannot_touch_it(users, draft_app):
    with pytest.raises(PermissionDenied):
        services.update_application(users["applicant_b1"], draft_app, {"title_zh": "改"})
    with pytest.raises(PermissionDenied):
        services.submit(users["applicant_a2"], draft_app)


def test_deleting_a_draft(users, draft_app):
    services.delete_draft(users["applicant"], draft_app)
    assert not Application.objects.filter(pk=draft_app.pk).exists()


def test_a_returned_application_is_revised_and_resubmitted_keeping_its_number(users, draft_app):
    app = advance(draft_app, S.RETURNED, users)
    number = app.number
    assert app.return_reason and APPLICATION.can(app, "edit", users["applicant"])
    services.update_application(users["applicant"], app, {"title_en": "Revised"})
    app = services.submit(users["applicant"], app)
    assert app.state == S.SUBMITTED and app.number == number and app.return_reason == ""
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["created", "submitted", "returned", "submitted"]


def test_events_and_history_record_who(users, draft_app):
    app = advance(draft_app, S.SUBMITTED, users)
    event = ApplicationEvent.objects.filter(application=app, action="submitted").get()
    assert event.actor == users["applicant"]
    assert app.history.first().history_user == users["applicant"]


def test_a_returned_application_may_be_withdrawn_until_the_recommending_deadline(users, draft_app):
    app = advance(draft_app, S.RETURNED, users)
    call = app.call
    call.opens_at = timezone.now() - timedelta(days=5)
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save()
    app.refresh_from_db()
    assert APPLICATION.can(app, "edit", users["applicant"]) and APPLICATION.can(
        app, "withdraw", users["applicant"]
    )
    services.withdraw(users["applicant"], app)
