"""Scoping by role, the database's guard on states, call phases and the shipped templates."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from hezuo.calls import services
from hezuo.calls.criteria_templates import TEMPLATES
from hezuo.calls.models import (
    Application,
    ApplicationState,
    AutoRule,
    Call,
    CallPhase,
    CriterionMode,
    EligibilityCriterion,
)
from hezuo.core.models import Notification
from hezuo.portfolio.models import CodeSequence, next_code

from .factories import advance, complete_application, make_call

S = ApplicationState
pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(users, units, call):
    """inst-a1: a draft and a submitted one; inst-a2: submitted; inst-b1: a draft and submitted."""
    a1_draft = complete_application(users["applicant"], call, units["inst-a1"])
    a1_sub = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    a2_sub = advance(
        complete_application(users["applicant_a2"], call, units["inst-a2"]), S.SUBMITTED, users
    )
    b1_draft = complete_application(users["applicant_b1"], call, units["inst-b1"])
    b1_sub = advance(
        complete_application(users["applicant_b1"], call, units["inst-b1"]), S.SUBMITTED, users
    )
    return {
        "a1_draft": a1_draft,
        "a1_sub": a1_sub,
        "a2_sub": a2_sub,
        "b1_draft": b1_draft,
        "b1_sub": b1_sub,
    }


EXPECTED = {
    "office_admin": {"a1_sub", "a2_sub", "b1_sub"},  # drafts are the applicant's alone
    "office_staff": {"a1_sub", "a2_sub", "b1_sub"},  # drafts are the applicant's alone
    "viewer": {"a1_sub", "a2_sub", "b1_sub"},  # drafts are the applicant's alone
    "recommender": {"a1_sub", "a2_sub"},
    "recommender_b": {"b1_sub"},
    "applicant": {"a1_draft", "a1_sub"},
    "applicant_a2": {"a2_sub"},
    "applicant_b1": {"b1_draft", "b1_sub"},
    "reviewer": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_applications_visible_to(users, spread, who):
    ids = set(Application.objects.visible_to(users[who]).values_list("pk", flat=True))
    assert ids == {spread[k].pk for k in EXPECTED[who]}


def test_anonymous_sees_no_applications(spread):
    assert not Application.objects.visible_to(AnonymousUser()).exists()


def test_draft_calls_are_the_offices(users, units):
    draft = make_call(units, "draft")
    announced = make_call(units, "open")
    for who in ("office_staff", "viewer"):
        assert set(Call.objects.visible_to(users[who])) == {draft, announced}
    for who in ("applicant", "recommender", "reviewer", "nobody"):
        assert list(Call.objects.visible_to(users[who])) == [announced]
    assert list(Call.objects.visible_to(AnonymousUser())) == [announced]


def test_notifications_are_private(users, spread):
    assert Notification.objects.filter(recipient=users["recommender"]).exists()
    assert (
        not Notification.objects.visible_to(users["recommender_b"])
        .filter(recipient=users["recommender"])
        .exists()
    )
    assert not Notification.objects.visible_to(AnonymousUser()).exists()


def _violates(app, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(**fields)


def test_the_database_ties_states_to_their_fields(users, draft_app):
    _violates(draft_app, state=S.SUBMITTED)  # no number, no date
    _violates(draft_app, state=S.RETURNED, number="X-1", submitted_at=timezone.now())
    _violates(draft_app, state=S.WITHDRAWN, number="X-1", submitted_at=timezone.now())
    app = advance(draft_app, S.SUBMITTED, users)
    _violates(app, state=S.RECOMMENDED)
    _violates(app, state=S.REJECTED, recommended_at=timezone.now())
    _violates(app, state=S.ACCEPTED, recommended_at=timezone.now())
    _violates(app, state=S.REVIEWED, recommended_at=timezone.now(), checked_at=timezone.now())
    _violates(app, outcome="approve")
    now = timezone.now()
    base = {"recommended_at": now, "checked_at": now, "score": 80}
    _violates(app, state=S.DECIDED, **base)
    _violates(app, state=S.DECIDED, outcome="approve", decided_at=now, **base)  # no amount
    _violates(app, state=S.DECIDED, outcome="reject", awarded_amount=5, decided_at=now, **base)
    _violates(app, state=S.PUBLISHED, outcome="reject", decided_at=now, **base)


def test_application_numbers_are_unique(users, units, call):
    a = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    b = complete_application(users["applicant"], call, units["inst-a1"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=b.pk).update(number=a.number)
    # empty numbers (drafts) do not collide
    complete_application(users["applicant"], call, units["inst-a1"])


def test_criteria_rules_match_their_mode(call):
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityCriterion.objects.create(
            call=call, code="x", text_zh="x", mode=CriterionMode.AUTOMATIC
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityCriterion.objects.create(
            call=call,
            code="y",
            text_zh="y",
            mode=CriterionMode.SELF_DECLARED,
            rule=AutoRule.BUDGET_BALANCED,
        )


def test_call_dates_are_ordered(units, call):
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(closes_at=call.opens_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(recommend_by=call.opens_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(base_kind="innovation_park")


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("draft", CallPhase.DRAFT),
        ("upcoming", CallPhase.UPCOMING),
        ("open", CallPhase.OPEN),
        ("recommending", CallPhase.RECOMMENDING),
        ("selecting", CallPhase.SELECTING),
    ],
)
def test_phases(units, phase, expected):
    assert make_call(units, phase).phase() == expected


def test_the_window_is_half_open(units, call):
    assert call.is_open(call.opens_at)
    assert not call.is_open(call.closes_at)
    assert not call.is_open(call.opens_at - timedelta(microseconds=1))


def test_the_six_conditions_of_the_key_institution_notice_ship():
    template = TEMPLATES["key_institution"]
    assert len(template.criteria) == 6
    modes = [c.mode for c in template.criteria]
    assert modes.count(CriterionMode.AUTOMATIC) == 3
    assert sum(r.weight for r in template.rubric) == 100
    condition5 = template.criteria[4]
    assert condition5.rule == AutoRule.PARTNER_AGREEMENT_COMPLETE
    assert "知识产权" in condition5.text_zh
    for t in TEMPLATES.values():
        assert sum(r.weight for r in t.rubric) == 100
        assert len({c.code for c in t.criteria}) == len(t.criteria)


def test_code_sequences_count_per_series(db):
    assert next_code("GJHZ2026") == "GJHZ2026-0001"
    assert next_code("GJHZ2026") == "GJHZ2026-0002"
    assert next_code("GJHZ2027") == "GJHZ2027-0001"
    assert CodeSequence.objects.count() == 2


def test_template_application_replaces_criteria(users, units):
    call = make_call(units, "draft")
    services.apply_template(users["office_staff"], call, "key_institution")
    assert call.criteria.count() == 6
    assert call.rubric.count() == 5  # the joint-project rubric was kept: it was not empty
