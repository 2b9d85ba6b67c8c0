"""Recommending units rank, recommend within a hard quota, or return for revision, before their
own deadline."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from hezuo.calls import services
from hezuo.calls.models import Application, ApplicationState, Quota
from hezuo.calls.services import TransitionError
from hezuo.calls.workflow import APPLICATION

from .factories import advance, complete_application, make_call

S = ApplicationState
pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(users, units, call):
    apps = [
        advance(
            complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
        )
        for _ in range(2)
    ]
    apps.append(
        advance(
            complete_application(users["applicant_a2"], call, units["inst-a2"]), S.SUBMITTED, users
        )
    )
    return apps


def test_recommend_within_quota(users, submitted):
    first = services.recommend(users["recommender"], submitted[0], "优先支持")
    assert first.state == S.RECOMMENDED and first.recommended_at
    assert first.recommendation_note == "优先支持"
    services.recommend(users["recommender"], submitted[1])
    with pytest.raises(TransitionError, match="quota") as exc:
        services.recommend(users["recommender"], submitted[2])
    assert "2 of 2" in exc.value.messages[0]
    assert Application.objects.get(pk=submitted[2].pk).state == S.SUBMITTED


def test_without_a_quota_nothing_is_recommended(users, units):
    call = make_call(units, "open", quotas={"prov-b": 3})
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    with pytest.raises(TransitionError, match="No quota"):
        services.recommend(users["recommender"], app)


def test_a_zero_quota_is_a_hard_stop(users, units):
    call = make_call(units, "open", quotas={"prov-a": 0})
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    with pytest.raises(TransitionError, match="0 of 0"):
        services.recommend(users["recommender"], app)


@pytest.mark.parametrize(
    "who", ["recommender_b", "applicant", "office_staff", "reviewer", "viewer"]
)
def test_only_the_recommending_unit_recommends(users, submitted, who):
    with pytest.raises(PermissionDenied):
        services.recommend(users[who], submitted[0])
    with pytest.raises(PermissionDenied):
        services.return_for_revision(users[who], submitted[0], "x")


def test_a_draft_cannot_be_recommended(users, draft_app):
    # the recommender cannot see a draft; the service refuses it as well
    with pytest.raises(TransitionError, match="draft"):
        services.recommend(users["recommender"], draft_app)


def test_recommending_twice_is_refused(users, submitted):
    services.recommend(users["recommender"], submitted[0])
    with pytest.raises(TransitionError, match="recommended"):
        services.recommend(users["recommender"], submitted[0])


def test_the_recommending_deadline_is_enforced(users, submitted):
    call = submitted[0].call
    call.closes_at = timezone.now() - timedelta(days=2)
    call.opens_at = timezone.now() - timedelta(days=3)
    call.recommend_by = timezone.now() - timedelta(days=1)
    call.save()
    app = Application.objects.get(pk=submitted[0].pk)
    assert not APPLICATION.can(app, "recommend", users["recommender"])
    with pytest.raises(TransitionError, match="deadline"):
        services.recommend(users["recommender"], app)
    with pytest.raises(TransitionError, match="deadline"):
        services.return_for_revision(users["recommender"], app, "x")


def test_recommending_after_the_call_closes_but_before_the_deadline(users, submitted):
    call = submitted[0].call
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = timezone.now() - timedelta(days=3)
    call.save()
    app = services.recommend(users["recommender"], Application.objects.get(pk=submitted[0].pk))
    assert app.state == S.RECOMMENDED


def test_return_needs_a_reason_and_notifies_by_mail(
    users, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    users["applicant"].email = "applicant@example.org"
    users["applicant"].save()
    with pytest.raises(ValidationError):
        services.return_for_revision(users["recommender"], submitted[0], "  ")
    with django_capture_on_commit_callbacks(execute=True):
        app = services.return_for_revision(users["recommender"], submitted[0], "请补充预算说明")
    assert app.state == S.RETURNED and app.return_reason == "请补充预算说明"
    assert users["applicant"].notifications.filter(url=app.get_absolute_url()).count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["applicant@example.org"]
    assert "请补充预算说明" in mailoutbox[0].body


def test_no_mail_when_the_transaction_rolls_back(
    users, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    users["applicant"].email = "applicant@example.org"
    users["applicant"].save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.return_for_revision(users["recommender"], submitted[0], "理由")
    assert len(callbacks) == 1 and mailoutbox == []


def test_ranking(users, submitted):
    a, b, c = submitted
    services.rank(users["recommender"], a.call, [c, a, b])
    ranks = dict(Application.objects.values_list("pk", "unit_rank"))
    assert (ranks[c.pk], ranks[a.pk], ranks[b.pk]) == (1, 2, 3)
    services.rank(users["recommender"], a.call, [b])
    ranks = dict(Application.objects.values_list("pk", "unit_rank"))
    assert (ranks[b.pk], ranks[a.pk], ranks[c.pk]) == (1, None, None)


def test_ranking_refuses_other_units_and_duplicates(users, units, submitted):
    other = advance(
        complete_application(users["applicant_b1"], submitted[0].call, units["inst-b1"]),
        S.SUBMITTED,
        users,
    )
    with pytest.raises(PermissionDenied):
        services.rank(users["recommender"], other.call, [other])
    with pytest.raises(ValidationError):
        services.rank(users["recommender"], other.call, [submitted[0], other])
    with pytest.raises(ValidationError):
        services.rank(users["recommender"], other.call, [submitted[0], submitted[0]])


def test_quota_can_shrink_only_to_what_is_used(users, units, submitted):
    services.recommend(users["recommender"], submitted[0])
    with pytest.raises(ValidationError):
        services.set_quota(users["office_staff"], submitted[0].call, units["prov-a"], 0)
    quota = services.set_quota(users["office_staff"], submitted[0].call, units["prov-a"], 1)
    assert quota.limit == 1
    with pytest.raises(PermissionDenied):
        services.set_quota(users["recommender"], submitted[0].call, units["prov-a"], 5)
    with pytest.raises(ValidationError):
        services.set_quota(users["office_staff"], submitted[0].call, units["inst-a1"], 5)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "HEZUO_TEST_DATABASE_URL" not in __import__("os").environ,
    reason="row locks are tested on PostgreSQL (SQLite serialises every write anyway)",
)
def test_two_concurrent_recommendations_never_exceed_the_quota(users, units):
    call = make_call(units, "open", quotas={"prov-a": 1})
    apps = [
        advance(
            complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(app):
        from hezuo.core.models import User

        user = User.objects.get(username="recommender")
        barrier.wait()
        try:
            services.recommend(user, Application.objects.get(pk=app.pk))
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Application.objects.filter(call=call, state=S.RECOMMENDED).count() == 1
    assert Quota.objects.get(call=call).limit == 1
