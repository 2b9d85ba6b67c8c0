"""The whole demo, built once (by `hezuo demo`, at a small scale) for every test here: its review
stage is populated and consistent with each application's state, and its data would not make an
expert laugh (issue 8, findings 4 and 9)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Length
from django.test import override_settings
from django.utils import timezone

from hezuo.calls.models import Application, ApplicationState, Call, CallPhase, CallStatus
from hezuo.core.models import User
from hezuo.portfolio.models import Project
from hezuo.registry.demo.tables import COUNTERPARTS, DISCIPLINES, REAL_FOREIGN
from hezuo.registry.models import (
    Agreement,
    Country,
    Mechanism,
    Organisation,
    OrganisationKind,
    Person,
)
from hezuo.registry.reference.regions import UNCLASSIFIED
from hezuo.review import aggregation, services
from hezuo.review.models import ExpertProfile, Invitation, InvitationState, Review, ReviewPlan

# One worker runs the module, so the demo is built once (`make test` runs with --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("demo")]

S, I = ApplicationState, InvitationState  # noqa: E741
AFTER_REVIEW = (S.REVIEWED, S.DECIDED, S.PUBLISHED)
BEFORE_REVIEW = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN, S.RECOMMENDED, S.ACCEPTED)
VOCABULARY = {word for _d, _e, pairs in DISCIPLINES for pair in pairs for word in pair}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """One build for the module, rolled back after it (nothing leaks into other tests)."""
    quick = {
        "MEDIA_ROOT": tmp_path_factory.mktemp("files"),
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LANGUAGE_CODE": "en",
    }
    with django_db_blocker.unblock(), override_settings(**quick), transaction.atomic():
        call_command("demo", seed=1, scale=0.03, no_progress=True, verbosity=0)
        yield
        transaction.set_rollback(True)


def test_a_second_run_changes_nothing(demo):
    def snapshot():
        return (
            sorted(Invitation.objects.values_list("pk", "state", "invited_at", "responded_at")),
            sorted(Review.objects.values_list("pk", "total", "submitted_at")),
            ExpertProfile.objects.count(),
            sorted(Application.objects.values_list("pk", "state", "score", "submitted_at")),
        )

    before = snapshot()
    call_command("demo", seed=1, no_progress=True, verbosity=0)
    assert snapshot() == before


def _reviews(app) -> int:
    return Review.objects.submitted().filter(invitation__application=app).count()


# --- finding 4: the review stage ------------------------------------------------------------------


def test_demo_reviewer_has_real_work(demo):
    user = User.objects.get(username="demo-reviewer")
    expert = ExpertProfile.objects.get(person__user=user)
    states = Counter(services.my_invitations(user).values_list("state", flat=True))
    assert states[I.INVITED] >= 1  # to accept or decline
    assert states[I.ACCEPTED] >= 1  # a review to write
    assert states[I.SUBMITTED] >= 2  # reviews done
    accepted = Invitation.objects.filter(expert=expert, state=I.ACCEPTED)
    for invitation in accepted:
        assert invitation.application.state == S.IN_REVIEW
        assert not invitation.is_late()
        assert Application.objects.visible_to(user).filter(pk=invitation.application_id).exists()


def test_the_pool_is_domestic_and_foreign_with_accounts(demo):
    experts = list(ExpertProfile.objects.select_related("organisation__country", "person__user"))
    assert 150 <= len(experts) <= 300
    with_account = [e for e in experts if e.person.user_id and e.person.user.is_active]
    foreign = [e for e in with_account if e.is_foreign]
    domestic = [e for e in with_account if not e.is_foreign]
    assert len(foreign) >= 15 and len(domestic) >= 100
    assert len(with_account) >= 0.9 * len(experts)
    for expert in experts:
        assert expert.organisation_id  # where they work decides conflicts
        assert expert.disciplines and expert.keywords_zh and expert.keywords_en
        assert set(expert.keywords) <= VOCABULARY


def test_reviews_match_each_application_state(demo):
    reviewed = Application.objects.filter(state__in=AFTER_REVIEW)
    assert reviewed.count() >= 10
    for app in reviewed:
        plan = ReviewPlan.objects.get(call=app.call)
        assert _reviews(app) >= plan.reviewers_per_application, app.number
        assert not Invitation.objects.filter(application=app).open().exists()
        # the score the decision rests on is the experts'
        assert app.score is not None and app.score == aggregation.adopted_score(app)
        if hasattr(app, "decision"):
            assert app.decision.score == app.score
    for app in Application.objects.filter(state=S.IN_REVIEW):
        states = set(app.review_invitations.values_list("state", flat=True))
        assert I.INVITED in states or I.ACCEPTED in states  # still under way
        assert states & {I.ACCEPTED, I.SUBMITTED}  # but begun
    for app in Application.objects.filter(state__in=BEFORE_REVIEW):
        assert not app.review_invitations.exists(), app.number
    # a formal-check rejection never reached review
    for app in Application.objects.filter(state=S.REJECTED):
        assert not app.review_invitations.exists()
    # approvals rest on better reviews than rejections, call by call
    for call in Call.objects.all():
        decided = Application.objects.filter(call=call, outcome__in=("approve", "reject"))
        approved = [a.score for a in decided if a.outcome == "approve"]
        rejected = [a.score for a in decided if a.outcome == "reject"]
        if approved and rejected:
            assert min(approved) > max(rejected)


def test_review_dates_follow_the_calls(demo):
    now = timezone.now()
    for review in Review.objects.submitted().select_related("invitation__application__call"):
        invitation = review.invitation
        assert invitation.invited_at <= invitation.responded_at <= review.submitted_at <= now
        assert review.submitted_at > invitation.application.call.recommend_by


# --- finding 9: nothing an expert would laugh at --------------------------------------------------


def test_no_territory_is_a_developing_country(demo):
    assert Country.objects.get(iso2="AQ").development_group == ""
    assert Country.objects.get(iso2="AX").development_group == ""
    assert not Country.objects.filter(iso2__in=UNCLASSIFIED).exclude(development_group="").exists()
    assert not Country.objects.filter(region="antarctica").exclude(development_group="").exists()
    assert Country.objects.get(iso2="MC").development_group == "developed"
    # every partner is an economy the plans classify
    assert not Country.objects.partners().filter(development_group="").exists()


def test_no_made_up_government_body(demo):
    """A foreign ministry or agency is one the demo knows to exist, never a pattern."""
    real = {row[1] for row in COUNTERPARTS} | {row[1] for row in REAL_FOREIGN}
    bodies = Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT).exclude(
        country__iso2="CN"
    )
    assert bodies.exists()
    assert set(bodies.values_list("name_en", flat=True)) <= real


def test_no_draft_call_is_open(demo):
    now = timezone.now()
    drafts = Call.objects.filter(status=CallStatus.DRAFT)
    assert drafts.exists()
    assert not drafts.filter(opens_at__lte=now).exists()  # its window is to come
    for call in Call.objects.all():
        if call.phase() == CallPhase.OPEN:
            assert call.status == CallStatus.ANNOUNCED and call.announced_at < call.opens_at


def test_dates_do_not_collapse_to_one_day(demo):
    projects = list(Project.objects.select_related("application__call"))
    assert len(projects) >= 2
    assert len({p.start for p in projects}) > 1
    for project in projects:
        published = timezone.localtime(project.application.published_at).date()
        assert published < project.start < project.end
    for call in Call.objects.exclude(status=CallStatus.DRAFT):
        submitted = [a.submitted_at for a in call.applications.filter(submitted_at__isnull=False)]
        assert all(call.opens_at <= at <= call.closes_at for at in submitted)
        if len(submitted) > 3:
            assert len({timezone.localtime(at).date() for at in submitted}) > 1


def test_the_china_eu_dialogue_is_not_filed_under_a_member_state(demo):
    dialogue = Mechanism.objects.get(name_en="China–EU Innovation Cooperation Dialogue")
    assert not dialogue.countries.exists()  # with the EU, not with Germany or its 26 peers
    places = set(dialogue.meetings.values_list("place", flat=True))
    assert "布鲁塞尔" in places and "柏林" not in places
    germany = Mechanism.objects.filter(countries__iso2="DE")
    assert not germany.filter(name_en__contains="EU").exists()


def test_keywords_are_whole_words(demo):
    """Every keyword is a whole entry of the demo's bilingual vocabulary (disciplines.csv): none
    is a cut-off prefix of one."""
    for keywords in Application.objects.values_list("keywords", flat=True):
        assert keywords and set(keywords) <= VOCABULARY
    for keywords in Person.objects.values_list("keywords", flat=True):
        assert set(keywords) <= VOCABULARY


def test_no_name_is_cut_at_its_field_length(demo):
    """A name as long as its field is a name cut short."""
    for model, names in (
        (Organisation, ("name_zh", "name_en")),
        (Agreement, ("title_zh", "title_en")),
        (Application, ("title_zh", "title_en")),
        (Call, ("title_zh", "title_en")),
    ):
        for name in names:
            field = model._meta.get_field(name)
            assert isinstance(field, CharField)
            longest = model.objects.annotate(n=Length(name)).filter(n__gte=field.max_length)
            assert not longest.exists(), (model.__name__, name)
