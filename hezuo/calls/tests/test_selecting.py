"""The office's side: formal check, manual score, decision with joint signatures, publication into
projects and bases — and every illegal transition refused with a clear error."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from hezuo.calls import services
from hezuo.calls.models import (
    Application,
    ApplicationState,
    CallStatus,
    Decision,
    DecisionOutcome,
)
from hezuo.calls.services import TransitionError
from hezuo.core.models import Notification
from hezuo.portfolio.models import Base, BaseStatus, Project

from .factories import (
    advance,
    applicant_org,
    complete_application,
    make_call,
    make_second_office,
)

S = ApplicationState
pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(users, draft_app):
    return advance(draft_app, S.RECOMMENDED, users)


def test_recommendation_runs_the_formal_check(recommended):
    items = {i.code: i for i in recommended.check_items.all()}
    assert list(items)[:5] == [
        "partner_country",
        "agreement",
        "budget",
        "attachments",
        "applicant_type",
    ]
    assert all(i.auto_passed for i in items.values()), {c: i.detail for c, i in items.items()}
    assert "criterion:no-duplicate" in items
    assert all(i.confirmed is None for i in items.values())


def test_failing_rules_are_shown(users, units, call):
    org = applicant_org(units["inst-a1"])
    org.kind = "government"
    org.save()
    call.eligible_org_kinds = ["university", "institute"]
    call.save()
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.RECOMMENDED, users
    )
    item = app.check_items.get(code="applicant_type")
    assert not item.auto_passed and "admits" in item.detail


def test_accepting_needs_every_line_confirmed(users, recommended):
    office = users["office_staff"]
    with pytest.raises(TransitionError, match="confirmed"):
        services.accept(office, recommended)
    codes = list(recommended.check_items.values_list("code", flat=True))
    services.confirm_check(office, recommended, dict.fromkeys(codes[:-1], (True, "")))
    with pytest.raises(TransitionError):
        services.accept(office, recommended)
    services.confirm_check(office, recommended, {codes[-1]: (False, "未见附件")})
    with pytest.raises(TransitionError):
        services.accept(office, recommended)
    services.confirm_check(office, recommended, {codes[-1]: (True, "补正")})
    app = services.accept(office, recommended)
    assert app.state == S.ACCEPTED and app.checked_at
    assert app.events.filter(action="check_confirmed").count() == 3


def test_confirming_an_unknown_line_is_refused(users, recommended):
    with pytest.raises(ValidationError):
        services.confirm_check(users["office_staff"], recommended, {"nonsense": (True, "")})


def test_reject_needs_a_reason(users, recommended, mailoutbox, django_capture_on_commit_callbacks):
    users["applicant"].email = "a@example.org"
    users["applicant"].save()
    with pytest.raises(ValidationError):
        services.reject(users["office_staff"], recommended, "")
    with django_capture_on_commit_callbacks(execute=True):
        app = services.reject(users["office_staff"], recommended, "缺少外方承诺函")
    assert app.state == S.REJECTED and app.rejection_reason == "缺少外方承诺函"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("who", ["recommender", "applicant", "viewer", "reviewer"])
def test_only_the_office_checks_and_decides(users, recommended, who):
    for action in (
        lambda: services.accept(users[who], recommended),
        lambda: services.reject(users[who], recommended, "x"),
        lambda: services.confirm_check(users[who], recommended, {}),
    ):
        with pytest.raises(PermissionDenied):
            action()


def test_refreshing_the_check_resets_lines_whose_finding_flips(users, recommended):
    office = users["office_staff"]
    codes = list(recommended.check_items.values_list("code", flat=True))
    services.confirm_check(office, recommended, dict.fromkeys(codes, (True, "")))
    org = recommended.organisation
    org.flags = []
    org.save()
    # the joint-project template has no intergovernmental rule: nothing flips
    services.refresh_formal_check(office, recommended)
    assert all(i.confirmed for i in recommended.check_items.all())
    call = recommended.call
    call.eligible_org_kinds = ["enterprise"]
    call.save()
    services.refresh_formal_check(office, recommended)
    item = recommended.check_items.get(code="applicant_type")
    assert item.confirmed is None and not item.auto_passed


def test_score_then_decision(users, recommended):
    office = users["office_staff"]
    app = advance(recommended, S.IN_REVIEW, users)
    with pytest.raises(ValidationError):
        services.record_score(office, app, "101")
    with pytest.raises(ValidationError):
        services.record_score(office, app, "abc")
    app = services.record_score(office, app, "88")
    assert app.state == S.REVIEWED and app.score == 88
    app = services.record_score(office, app, "90")  # re-scoring before a decision is fine
    decision = services.propose_decision(office, app, DecisionOutcome.APPROVE, "200", "按评审意见")
    assert decision.score == 90 and decision.amount == 200 and not decision.is_final
    with pytest.raises(TransitionError):
        services.record_score(office, app, "50")


def test_decision_amount_rules(users, recommended):
    office = users["office_staff"]
    app = advance(recommended, S.REVIEWED, users)
    with pytest.raises(ValidationError):
        services.propose_decision(office, app, DecisionOutcome.APPROVE, None)
    with pytest.raises(ValidationError):
        services.propose_decision(office, app, DecisionOutcome.APPROVE, "301")  # 300 requested
    with pytest.raises(ValidationError):
        services.propose_decision(office, app, DecisionOutcome.REJECT, "10")
    with pytest.raises(ValidationError):
        services.propose_decision(office, app, "maybe")


def test_a_single_office_signature_makes_it_final(users, recommended):
    app = advance(recommended, S.REVIEWED, users)
    services.propose_decision(users["office_staff"], app, DecisionOutcome.APPROVE, "250")
    decision = services.sign_decision(users["office_admin"], app)
    app.refresh_from_db()
    assert decision.is_final
    assert (app.state, app.outcome, app.awarded_amount) == (S.DECIDED, "approve", 250)


def test_joint_decisions_need_both_offices(users, units):
    safea = make_second_office(users)
    call = make_call(units, "open", offices=[units["office"], safea])
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.REVIEWED, users
    )
    services.propose_decision(users["office_staff"], app, DecisionOutcome.APPROVE, "250")
    services.sign_decision(users["office_admin"], app)
    app.refresh_from_db()
    assert app.state == S.REVIEWED and not app.decision.is_final
    # the same office cannot sign twice, even through another member
    with pytest.raises(TransitionError, match="already signed"):
        services.sign_decision(users["office_staff"], app)
    with pytest.raises(PermissionDenied):  # not publishable before it is final
        services.publish(users["recommender"], app)
    with pytest.raises(TransitionError):
        services.publish(users["office_staff"], app)
    services.sign_decision(users["safea_admin"], app)
    app.refresh_from_db()
    assert app.state == S.DECIDED and app.decision.signatures.count() == 2


def test_one_person_signs_once_even_if_a_member_of_both_offices(users, units):
    from hezuo.core.models import Membership, Role

    safea = make_second_office(users)
    Membership.objects.create(user=users["office_admin"], unit=safea, role=Role.OFFICE_ADMIN)
    call = make_call(units, "open", offices=[units["office"], safea])
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.REVIEWED, users
    )
    services.propose_decision(users["office_staff"], app, DecisionOutcome.REJECT)
    services.sign_decision(users["office_admin"], app)
    with pytest.raises(TransitionError, match="already signed"):
        services.sign_decision(users["office_admin"], app)


def test_signers_must_belong_to_an_approving_office(users, units, recommended):
    from hezuo.core.models import Membership, Role
    from hezuo.core.tests.factories import make_unit, make_user

    other = make_unit("other-office", "office")
    outsider = make_user("outsider", other, Role.OFFICE_ADMIN)
    app = advance(recommended, S.REVIEWED, users)
    with pytest.raises(TransitionError, match="No decision"):
        services.sign_decision(users["office_admin"], app)
    services.propose_decision(users["office_staff"], app, DecisionOutcome.WAITLIST)
    with pytest.raises(PermissionDenied):
        services.sign_decision(outsider, app)
    with pytest.raises(PermissionDenied):
        services.sign_decision(users["office_admin"], app, office=other)
    assert Membership.objects.filter(user=outsider).count() == 1


def test_revising_a_decision_clears_signatures(users, units):
    safea = make_second_office(users)
    call = make_call(units, "open", offices=[units["office"], safea])
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.REVIEWED, users
    )
    services.propose_decision(users["office_staff"], app, DecisionOutcome.APPROVE, "250")
    services.sign_decision(users["office_admin"], app)
    decision = services.propose_decision(users["office_staff"], app, DecisionOutcome.APPROVE, "200")
    assert decision.signatures.count() == 0 and decision.amount == 200
    assert Decision.objects.count() == 1


def test_publication_creates_a_project_with_a_readable_code(
    users, units, recommended, mailoutbox, django_capture_on_commit_callbacks
):
    users["applicant"].email = "a@example.org"
    users["applicant"].save()
    app = advance(recommended, S.DECIDED, users)
    with django_capture_on_commit_callbacks(execute=True):
        app = services.publish(users["office_staff"], app)
    project = Project.objects.get(application=app)
    assert project.code == "GJHZ2026-0001"
    assert project.amount == 250 and project.unit == units["inst-a1"]
    assert [c.iso2 for c in project.countries.all()] == ["DE"]
    assert project.end > project.start
    assert app.state == S.PUBLISHED and app.published_at
    assert Notification.objects.filter(
        recipient=users["applicant"], url=app.get_absolute_url()
    ).exists()
    assert any("GJHZ2026-0001" in m.body for m in mailoutbox)


def test_codes_count_up(users, units, call):
    apps = [
        advance(complete_application(users["applicant"], call, units["inst-a1"]), S.DECIDED, users)
        for _ in range(2)
    ]
    for app in apps:
        services.publish(users["office_staff"], app)
    assert sorted(Project.objects.values_list("code", flat=True)) == [
        "GJHZ2026-0001",
        "GJHZ2026-0002",
    ]


def test_publishing_twice_is_refused(users, recommended):
    app = advance(recommended, S.DECIDED, users)
    services.publish(users["office_staff"], app)
    with pytest.raises(TransitionError, match="published"):
        services.publish(users["office_staff"], Application.objects.get(pk=app.pk))
    assert Project.objects.count() == 1


def test_rejections_and_wait_lists_publish_without_a_project(users, units, call):
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]),
        S.PUBLISHED,
        users,
        outcome=DecisionOutcome.WAITLIST,
    )
    assert app.outcome == "waitlist" and app.awarded_amount is None
    assert not Project.objects.exists()


def test_a_designation_creates_a_base(users, units, designation_call):
    app = advance(
        complete_application(users["applicant"], designation_call, units["inst-a1"]),
        S.PUBLISHED,
        users,
    )
    base = Base.objects.get(application=app)
    assert base.kind == "joint_research_centre" and base.status == BaseStatus.ACTIVE
    assert base.code.startswith("GJHZ2026-")
    assert (base.valid_to - base.valid_from).days in (365 * 3, 365 * 3 + 1)


def test_publish_results_closes_the_call_when_nothing_is_left(users, units):
    call = make_call(units, "open")
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.DECIDED, users
    )
    other = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    from datetime import timedelta

    from django.utils import timezone

    call.closes_at = timezone.now() - timedelta(days=1)
    call.opens_at = call.closes_at - timedelta(days=10)
    call.save()
    published = services.publish_results(users["office_staff"], call)
    assert [a.pk for a in published] == [app.pk]
    call.refresh_from_db()
    assert call.status == CallStatus.ANNOUNCED  # `other` is still waiting
    services.reject  # noqa: B018
    other.refresh_from_db()
    advance(other, S.REJECTED, users)
    services.publish_results(users["office_staff"], call)
    call.refresh_from_db()
    assert call.status == CallStatus.FINISHED and call.finished_at


ILLEGAL = [
    # (state reached, action, actor)
    (S.DRAFT, lambda u, a: services.withdraw(u["applicant"], a)),
    (S.DRAFT, lambda u, a: services.accept(u["office_staff"], a)),
    (S.DRAFT, lambda u, a: services.publish(u["office_staff"], a)),
    (S.SUBMITTED, lambda u, a: services.submit(u["applicant"], a)),
    (S.SUBMITTED, lambda u, a: services.accept(u["office_staff"], a)),
    (S.SUBMITTED, lambda u, a: services.record_score(u["office_staff"], a, 50)),
    (S.RETURNED, lambda u, a: services.recommend(u["recommender"], a)),
    (S.WITHDRAWN, lambda u, a: services.submit(u["applicant"], a)),
    (S.WITHDRAWN, lambda u, a: services.recommend(u["recommender"], a)),
    (S.RECOMMENDED, lambda u, a: services.withdraw(u["applicant"], a)),
    (S.RECOMMENDED, lambda u, a: services.return_for_revision(u["recommender"], a, "x")),
    (S.RECOMMENDED, lambda u, a: services.start_review(u["office_staff"], a)),
    (S.REJECTED, lambda u, a: services.accept(u["office_staff"], a)),
    (S.REJECTED, lambda u, a: services.start_review(u["office_staff"], a)),
    (S.ACCEPTED, lambda u, a: services.record_score(u["office_staff"], a, 50)),
    (S.ACCEPTED, lambda u, a: services.reject(u["office_staff"], a, "x")),
    (S.IN_REVIEW, lambda u, a: services.propose_decision(u["office_staff"], a, "reject")),
    (S.REVIEWED, lambda u, a: services.publish(u["office_staff"], a)),
    (S.DECIDED, lambda u, a: services.propose_decision(u["office_staff"], a, "reject")),
    (S.DECIDED, lambda u, a: services.sign_decision(u["office_admin"], a)),
    (S.PUBLISHED, lambda u, a: services.publish(u["office_staff"], a)),
    (S.PUBLISHED, lambda u, a: services.reject(u["office_staff"], a, "x")),
    (S.PUBLISHED, lambda u, a: services.update_application(u["applicant"], a, {"title_zh": "x"})),
]


@pytest.mark.parametrize(
    ("state", "action"), ILLEGAL, ids=[f"{s}-{i}" for i, (s, _) in enumerate(ILLEGAL)]
)
def test_illegal_transitions_are_refused_clearly(users, draft_app, state, action):
    app = advance(draft_app, state, users) if state != S.DRAFT else draft_app
    before = (app.state, app.events.count())
    with pytest.raises(TransitionError) as exc:
        action(users, app)
    assert exc.value.messages[0]  # a sentence, naming the state
    app.refresh_from_db()
    assert (app.state, app.events.count()) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "HEZUO_TEST_DATABASE_URL" not in __import__("os").environ,
    reason="row locks are tested on PostgreSQL (SQLite serialises every write anyway)",
)
def test_two_concurrent_publications_create_one_project(users, units):
    call = make_call(units, "open")
    app = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.DECIDED, users
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker():
        from hezuo.core.models import User

        user = User.objects.get(username="office_staff")
        barrier.wait()
        try:
            services.publish(user, Application.objects.get(pk=app.pk))
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Project.objects.filter(application=app).count() == 1
