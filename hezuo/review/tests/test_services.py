"""Every review service: who may call it, from which state, with what data — the legal
transitions and the refused ones — and what each leaves behind (history, notifications, jobs)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hezuo.core.models import Job, JobStatus, Notification
from hezuo.review import services
from hezuo.review.models import (
    AssignmentRun,
    Conflict,
    Invitation,
    InvitationState,
    PairRuleKind,
    Review,
    RunState,
)

from .factories import make_expert, review_and_submit

pytestmark = pytest.mark.django_db
I = InvitationState  # noqa: E741


@pytest.fixture
def office(users):
    return users["office_staff"]


@pytest.fixture
def run(office, apps, pool, plan, call):
    return services.start_run(office, call)


@pytest.fixture
def sent(office, run):
    invitations = services.send_invitations(office, run)
    return {(i.application_id, i.expert_id): i for i in invitations}


def _inv(sent, app, expert) -> Invitation:
    return Invitation.objects.get(pk=sent[(app.pk, expert.pk)].pk)


# --- the plan and the pool ------------------------------------------------------------------------


def test_only_the_office_sets_the_plan(users, call):
    for role in ("viewer", "recommender", "applicant", "reviewer"):
        with pytest.raises(PermissionDenied):
            services.configure_review(users[role], call, {"reviewers_per_application": 2})
    with pytest.raises(ValidationError) as exc:
        services.configure_review(
            users["office_staff"], call, {"reviewers_per_application": 2, "min_foreign": 3}
        )
    assert "min_foreign" in exc.value.message_dict
    plan = services.configure_review(users["office_staff"], call, {"reviewers_per_application": 4})
    assert plan.pk and plan.history.count() == 1


def test_an_expert_keeps_their_profile_but_not_their_organisation(users, pool):
    li, reviewer = pool["li"], users["reviewer"]
    services.update_profile(reviewer, li, {"keywords_en": ["hydrogen", "electrolysis"]})
    li.refresh_from_db()
    assert li.keywords_en == ["hydrogen", "electrolysis"]
    assert li.history.first().history_user == reviewer
    with pytest.raises(PermissionDenied, match="organisation"):
        services.update_profile(reviewer, li, {"organisation": pool["anna"].organisation})
    with pytest.raises(PermissionDenied):
        services.update_profile(reviewer, pool["anna"], {"max_load": 9})
    with pytest.raises(PermissionDenied):
        services.update_profile(users["applicant"], li, {"max_load": 9})
    services.update_profile(users["office_staff"], li, {"organisation": None, "max_load": 4})


def test_adding_a_person_to_the_pool(users, pool):
    from hezuo.registry.models import Person

    person = Person.objects.create(name_en="New Expert", owner_unit=pool["li"].person.owner_unit)
    with pytest.raises(PermissionDenied):
        services.create_profile(users["reviewer"], person, {})
    profile = services.create_profile(users["office_staff"], person, {"max_load": 3})
    person.refresh_from_db()
    assert profile.max_load == 3 and person.is_expert
    with pytest.raises(ValidationError):
        services.create_profile(users["office_staff"], person, {})


# --- assignment runs ------------------------------------------------------------------------------


def test_a_run_proposes_an_optimal_diverse_assignment(run, apps, pool):
    assert run.state == RunState.PROPOSED
    assert run.applications == 3 and run.experts == 8
    assert run.objective > 0 and run.upper_bound >= run.objective - 1e-6
    assert run.gap is not None and run.gap < 1e-4 and run.seconds is not None
    assert run.job.status == JobStatus.SUCCEEDED and run.job.percent == 100
    chosen = {}
    for p in run.proposals.select_related("expert"):
        chosen.setdefault(p.application_id, set()).add(p.expert_id)
    assert chosen == {
        apps["h2"].pk: {pool["li"].pk, pool["anna"].pk},
        apps["ai"].pk: {pool["wang"].pk, pool["bob"].pk},
        apps["ocean"].pk: {pool["zhao"].pk, pool["claire"].pk},
    }
    assert run.history.filter(history_change_reason="proposed").exists()


def test_a_run_is_the_offices_and_needs_applications_in_review(users, call, apps, pool):
    with pytest.raises(PermissionDenied):
        services.start_run(users["reviewer"], call)
    run = services.create_run(users["office_staff"], call)
    with pytest.raises(services.TransitionError, match="under way"):
        services.create_run(users["office_staff"], call)
    assert run.state == RunState.QUEUED
    assert services.execute_run(run.pk).state == RunState.PROPOSED


def test_no_application_in_review_means_no_run(users, units):
    from hezuo.calls.tests.factories import make_call

    call = make_call(units, "open", code="2026-empty")
    with pytest.raises(services.TransitionError, match="No application"):
        services.start_run(users["office_staff"], call)


def test_pin_and_forbid_then_run_again(office, run, apps, pool, call, users):
    services.set_pair_rule(office, apps["h2"], pool["li"], PairRuleKind.FORBID, "on leave")
    services.set_pair_rule(office, apps["ocean"], pool["li"], PairRuleKind.PIN)
    with pytest.raises(PermissionDenied):
        services.set_pair_rule(users["reviewer"], apps["ocean"], pool["li"], PairRuleKind.PIN)
    again = services.start_run(office, call)
    pairs = set(again.proposals.values_list("application_id", "expert_id"))
    assert (apps["h2"].pk, pool["li"].pk) not in pairs
    assert (apps["ocean"].pk, pool["li"].pk) in pairs
    assert again.proposals.get(application=apps["ocean"], expert=pool["li"]).pinned
    run.refresh_from_db()
    assert run.state == RunState.SUPERSEDED
    with pytest.raises(services.TransitionError):
        services.send_invitations(office, run)  # superseded: no proposal to send


def test_an_infeasible_run_names_the_applications(office, apps, pool, call):
    services.configure_review(office, call, {"reviewers_per_application": 7})
    run = services.start_run(office, call)
    assert run.state == RunState.INFEASIBLE
    assert run.objective is None and run.diagnosis
    text = " ".join(run.diagnosis)
    # Seven reviewers are wanted but hydrogen has only six without conflict (not Sun, not Hans).
    assert apps["h2"].number in text
    assert apps["h2"].pk in run.short_applications
    # nothing was proposed: the job failed, and says why (issue 8, finding 4)
    assert run.job.status == JobStatus.FAILED
    assert apps["h2"].number in run.job.message
    with pytest.raises(services.TransitionError):
        services.send_invitations(office, run)


def test_too_few_foreign_experts_is_diagnosed(office, apps, pool, call):
    services.configure_review(office, call, {"reviewers_per_application": 3, "min_foreign": 3})
    run = services.start_run(office, call)
    assert run.state == RunState.INFEASIBLE
    assert any("foreign" in d for d in run.diagnosis)


def test_experts_without_an_account_or_away_are_left_out(office, apps, pool, plan, call):
    make_expert("No Account", None, user=None, keywords_en=["hydrogen storage"])
    services.update_profile(
        office, pool["anna"], {"unavailable_until": timezone.localdate() + timedelta(days=30)}
    )
    run = services.start_run(office, call)
    assert run.experts == 7 and len(run.notes) == 2
    assert not run.proposals.filter(expert=pool["anna"]).exists()


def test_sending_the_invitations(office, run, apps, pool, users):
    with pytest.raises(PermissionDenied):
        services.send_invitations(users["viewer"], run)
    invitations = services.send_invitations(office, run)
    assert len(invitations) == 6 and {i.state for i in invitations} == {I.INVITED}
    run.refresh_from_db()
    assert run.state == RunState.SENT and run.sent_at
    note = Notification.objects.get(recipient=users["reviewer"])
    assert "invited" in note.title and note.url.endswith("/review/me/")
    with pytest.raises(services.TransitionError):
        services.send_invitations(office, run)
    # A later run keeps the sent invitations as pins and adds nothing new.
    again = services.start_run(office, run.call)
    assert again.proposals.filter(existing=True).count() == 6


def test_email_goes_out_once_the_invitations_are_committed(
    office, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.send_invitations(office, run)
    assert mail.outbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 5  # six experts; the `reviewer` user has no address


# --- the expert's side ----------------------------------------------------------------------------


def test_accept_and_the_illegal_answers(sent, apps, pool, users):
    li = _inv(sent, apps["h2"], pool["li"])
    anna = _inv(sent, apps["h2"], pool["anna"])
    with pytest.raises(PermissionDenied):
        services.accept_invitation(users["reviewer"], anna)  # not Li's
    with pytest.raises(PermissionDenied):
        services.accept_invitation(users["office_staff"], li)  # the expert's to answer
    services.accept_invitation(users["reviewer"], li)
    with pytest.raises(services.TransitionError, match="accepted"):
        services.accept_invitation(users["reviewer"], li)
    with pytest.raises(ValidationError):
        services.decline_invitation(users["reviewer"], li, "  ")
    li.refresh_from_db()
    assert li.state == I.ACCEPTED and li.responded_at
    assert li.history.count() == 2


def test_a_decline_proposes_the_best_available_replacement(sent, apps, pool, users):
    office_note_count = Notification.objects.filter(recipient=users["office_staff"]).count()
    li = _inv(sent, apps["h2"], pool["li"])
    services.decline_invitation(users["reviewer"], li, "Travelling abroad")
    li.refresh_from_db()
    assert li.state == I.DECLINED and li.decline_reason == "Travelling abroad"
    # Not Anna (already invited), not Sun (same organisation), not Hans (the partner):
    # the best of the rest for hydrogen with load to spare.
    replacement = li.suggested_replacement
    assert replacement is not None
    assert replacement.pk not in {pool["anna"].pk, pool["same"].pk, pool["hans"].pk, pool["li"].pk}
    assert Notification.objects.filter(recipient=users["office_staff"]).count() > office_note_count
    with pytest.raises(PermissionDenied):
        services.invite_replacement(users["reviewer"], li)
    with pytest.raises(services.TransitionError, match="declined"):
        services.set_pair_rule(users["office_staff"], apps["h2"], pool["li"], PairRuleKind.PIN)
    new = services.invite_replacement(users["office_staff"], li)
    assert new.expert == replacement and new.replaces == li and new.state == I.INVITED
    with pytest.raises(services.TransitionError, match="already invited"):
        services.invite(users["office_staff"], apps["h2"], pool["li"])


def test_an_expert_declares_a_conflict(sent, apps, pool, users, call):
    li = _inv(sent, apps["h2"], pool["li"])
    conflict = services.declare_conflict(users["reviewer"], li, "My former student leads it")
    li.refresh_from_db()
    assert li.state == I.DECLINED and "former student" in li.decline_reason
    assert conflict.source == "reviewer" and conflict.declared_by == users["reviewer"]
    assert Conflict.objects.visible_to(users["reviewer"]).count() == 1
    assert Conflict.objects.visible_to(users["applicant"]).count() == 0
    with pytest.raises(ValidationError):
        services.invite(users["office_staff"], apps["h2"], pool["li"])


def test_inviting_by_hand_keeps_the_rules(office, apps, pool, plan, users):
    services.invite(office, apps["h2"], pool["li"])
    with pytest.raises(services.TransitionError, match="already"):
        services.invite(office, apps["h2"], pool["li"])
    other_tsinghua = make_expert("Gao Feng", pool["li"].organisation, keywords_zh=["氢能"])
    with pytest.raises(services.TransitionError, match="Tsinghua"):
        services.invite(office, apps["h2"], other_tsinghua)  # one per organisation
    services.invite(office, apps["ai"], pool["li"])
    with pytest.raises(services.TransitionError, match="open invitations"):
        services.invite(office, apps["ocean"], pool["li"])  # Li takes two at once
    no_account = make_expert("Offline Expert", None, user=None)
    with pytest.raises(services.TransitionError, match="account"):
        services.invite(office, apps["ocean"], no_account)
    with pytest.raises(PermissionDenied):
        services.invite(users["recommender"], apps["ocean"], pool["zhao"])


def test_the_office_cancels_and_the_expert_cannot(sent, apps, pool, users):
    li = _inv(sent, apps["h2"], pool["li"])
    with pytest.raises(PermissionDenied):
        services.cancel_invitation(users["reviewer"], li, "no")
    with pytest.raises(ValidationError):
        services.cancel_invitation(users["office_staff"], li, "")
    services.cancel_invitation(users["office_staff"], li, "Reorganised the panel")
    li.refresh_from_db()
    assert li.state == I.CANCELLED and li.suggested_replacement is not None
    with pytest.raises(services.TransitionError):
        services.accept_invitation(users["reviewer"], li)


# --- reviews --------------------------------------------------------------------------------------


def test_draft_then_submit(sent, apps, pool, users, call):
    reviewer = users["reviewer"]
    li = _inv(sent, apps["h2"], pool["li"])
    rubric = list(call.rubric.all())
    with pytest.raises(services.TransitionError, match="invited"):
        services.save_review(reviewer, li, {}, {})  # accept first
    services.accept_invitation(reviewer, li)
    draft = services.save_review(reviewer, li, {rubric[0].pk: 4}, {"comments": "Promising"})
    assert draft.submitted_at is None and draft.total is None
    with pytest.raises(ValidationError) as exc:
        services.save_review(reviewer, li, {rubric[0].pk: 4}, {}, submit=True)
    assert {"scores", "recommendation", "confidence"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.save_review(reviewer, li, {rubric[0].pk: 9}, {})  # beyond the scale
    with pytest.raises(ValidationError):
        services.save_review(reviewer, li, {999999: 3}, {})  # not this call's criterion
    scores = {c.pk: 4 for c in rubric}
    review = services.save_review(
        reviewer, li, scores, {"recommendation": "fund", "confidence": 3}, submit=True
    )
    li.refresh_from_db()
    assert li.state == I.SUBMITTED and review.total == 80 and review.comments == "Promising"
    with pytest.raises(services.TransitionError):
        services.save_review(reviewer, li, scores, {"comments": "changed my mind"})
    anna = _inv(sent, apps["h2"], pool["anna"])
    with pytest.raises(PermissionDenied):
        services.save_review(reviewer, anna, scores, {})
    assert Review.objects.visible_to(users["applicant"]).count() == 0
    assert Review.objects.visible_to(reviewer).count() == 1


def test_the_deadline(sent, apps, pool, users, call):
    reviewer, office = users["reviewer"], users["office_staff"]
    li = _inv(sent, apps["h2"], pool["li"])
    services.accept_invitation(reviewer, li)
    services.configure_review(office, call, {"due": timezone.now() - timedelta(hours=1)})
    li.refresh_from_db()
    scores = {c.pk: 3 for c in call.rubric.all()}
    with pytest.raises(services.TransitionError, match="was due") as exc:
        services.save_review(reviewer, li, scores, {})
    assert exc.value.code == "deadline"
    services.configure_review(office, call, {"due": timezone.now() + timedelta(days=7)})
    li.refresh_from_db()
    services.save_review(reviewer, li, scores, {"recommendation": "fund", "confidence": 2}, True)


def test_others_are_seen_only_after_ones_own_review_and_never_by_name(sent, apps, pool, users):
    li = _inv(sent, apps["h2"], pool["li"])
    anna = _inv(sent, apps["h2"], pool["anna"])
    review_and_submit(anna, [5, 5, 5, 5, 5])
    services.accept_invitation(users["reviewer"], li)
    assert services.peer_reviews(users["reviewer"], li) == []
    review_and_submit(li, [3, 3, 3, 3, 3])
    peers = services.peer_reviews(users["reviewer"], li)
    assert [(p["expert"], p["total"], p["mine"]) for p in peers] == [
        ("Expert A", 100.0, False),
        ("Expert B", 60.0, True),
    ]
    assert "Anna" not in str(peers)
    assert services.peer_reviews(users["office_staff"], li) == []


def test_a_conflict_found_after_a_review_takes_it_out(sent, apps, pool, users):
    from hezuo.review.aggregation import summary_of

    li = review_and_submit(_inv(sent, apps["h2"], pool["li"]), [4, 4, 4, 4, 4])
    review_and_submit(_inv(sent, apps["h2"], pool["anna"]), [2, 2, 2, 2, 2])
    assert summary_of(apps["h2"]).n == 2
    services.office_conflict(users["office_staff"], apps["h2"], pool["li"], "Undeclared co-PI")
    li.refresh_from_db()
    assert li.state == I.CANCELLED
    summary = summary_of(apps["h2"])
    assert summary.n == 1 and summary.mean == 40


def test_reviews_close_with_the_application(sent, apps, pool, users):
    li = _inv(sent, apps["h2"], pool["li"])
    anna = _inv(sent, apps["h2"], pool["anna"])
    review_and_submit(li, [4, 4, 4, 4, 4])
    review_and_submit(anna, [4, 4, 4, 4, 4])
    services.adopt_score(users["office_staff"], apps["h2"])
    apps["h2"].refresh_from_db()
    assert apps["h2"].state == "reviewed"
    with pytest.raises(services.TransitionError, match="closed"):
        services.cancel_invitation(users["office_staff"], li, "too late")


def test_a_failed_run_says_so(office, apps, pool, plan, call, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services.execution, "solve", boom)
    run = services.start_run(office, call)
    assert run.state == RunState.FAILED and "RuntimeError" in run.message
    assert Job.objects.get(pk=run.job_id).status == JobStatus.FAILED
    assert AssignmentRun.objects.filter(call=call).count() == 1
