"""The review stage of the demo: an expert pool drawn from the registry demo's people, and each
call's applications reviewed as far as the calls demo takes them — through the review services
(the call's plan, an assignment run by the solver, its invitations, the experts' answers and
reviews, the adopted scores), so every record passes the services' own rules.

    stage = ReviewDemo(seed)
    stage.build_pool()
    build_demo_calls(seed, review=stage.review)  # the calls demo calls it once per call
    stage.settle_dates()                         # once the calls' dates are where they stand

The pool: about 220 experts, seven in ten domestic (at the registry's domestic organisations),
three in ten foreign, drawn mostly from the disciplines of the calls' topics, each with the
disciplines and keywords of their registry record; nearly all have an account to answer with
(a few were added lately and have none yet). `demo-reviewer` is one of them, with real work:
an invitation to answer, an accepted one to review, and reviews already submitted.

Deterministic per seed. Nothing happens twice: the pool is built once, and the calls demo asks
for a call's review only while it builds that call.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hezuo.calls.demo import TOPICS
from hezuo.calls.models import Application, ApplicationEvent, Call, CallKind, EventAction
from hezuo.core.history import DEMO_DATA
from hezuo.core.models import Job, Membership, Role, Unit, UnitKind, User
from hezuo.core.workflow import stored_reason
from hezuo.registry.demo.draws import weighted_sample
from hezuo.registry.demo.tables import DISCIPLINES, REAL_DOMESTIC_NAMES, REAL_FOREIGN_NAMES
from hezuo.registry.models import Affiliation, Person

from . import services
from .conflicts import pair_conflicts
from .models import (
    AssignmentRun,
    ExpertProfile,
    Invitation,
    InvitationState,
    PairRule,
    PairRuleKind,
    Recommendation,
    Review,
    ReviewPlan,
    RunState,
)
from .services.execution import execute_run

I = InvitationState  # noqa: E741
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
POOL_DOMESTIC, POOL_FOREIGN = 154, 66
WITHOUT_ACCOUNT = 0.04  # added lately: the office has not yet set up their account
AWAY = 0.05  # on leave for a while
REVIEWER = "demo-reviewer"

DISCIPLINE_ZH = {en: zh for zh, en, _pairs in DISCIPLINES} | {zh: zh for zh, _en, _p in DISCIPLINES}
KEYWORD_PAIR = {
    word: (zh, en) for _d, _e, pairs in DISCIPLINES for zh, en in pairs for word in (zh, en)
}
# The calls' topics are in these disciplines: the pool leans towards them.
TOPIC_DISCIPLINES = frozenset(t[3] for t in TOPICS) | {"水利工程", "基础医学", "生态学", "药学"}
# The registry demo's real organisations (the rest of its bulk is made from name patterns): the
# pool leans towards experts who work at them, since their names are what a reader checks.
REAL_ORGANISATIONS = REAL_DOMESTIC_NAMES | REAL_FOREIGN_NAMES

# What reviewers write (data in both languages: a domestic expert writes Chinese, a foreign
# one English), by how good they found the application.
COMMENTS = {
    "zh": {
        "high": [
            "研究目标明确，外方合作伙伴实力强，实施方案可行。",
            "合作基础扎实，预期成果具有示范意义，建议支持。",
            "技术路线清晰，团队结构合理，经费预算基本合理。",
        ],
        "mid": [
            "合作内容总体可行，但外方投入的落实方式需进一步明确。",
            "研究基础较好，建议细化年度目标和考核指标。",
        ],
        "low": [
            "外方承诺不够具体，合作的实质内容不足。",
            "实施方案与预算的对应关系不清楚，创新性一般。",
        ],
    },
    "en": {
        "high": [
            "Clear objectives and a strong foreign partner; the work plan is feasible.",
            "A well-established collaboration with credible outcomes; I support funding.",
            "Sound methods and a balanced team; the budget is reasonable.",
        ],
        "mid": [
            "Broadly feasible, but the partner's contribution should be specified.",
            "Good groundwork; the yearly milestones need to be more concrete.",
        ],
        "low": [
            "The partner's commitments are vague and the collaboration lacks substance.",
            "The link between the work plan and the budget is unclear; limited novelty.",
        ],
    },
}
CONFIDENTIAL = {
    "zh": ["申请单位与外方已有多年合作，可信度高。", "预算中国际差旅费偏高，建议核减。"],
    "en": ["I know the partner group: the collaboration is genuine.", "Travel costs look high."],
}
DECLINE_REASONS = {
    "zh": ["评审期间出国访问，无法按期完成评审。", "近期工作任务重，无法保证评审质量。"],
    "en": ["I am travelling during the review period and cannot finish in time."],
}


def _join_en(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class ReviewDemo:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(f"review-{seed}")  # its own stream: the calls keep theirs
        self.home = settings.HOME_COUNTRY
        self.reviewer: ExpertProfile | None = None
        self.reviewed: list[int] = []  # the calls reviewed here, whose dates are to settle

    # --- the pool ---------------------------------------------------------------------------------

    @transaction.atomic
    def build_pool(self) -> None:
        if ExpertProfile.objects.exists():
            return
        office = self._office_user()
        if office is None:
            return
        work = self._workplaces()
        reviewer = Person.objects.filter(user__username=REVIEWER).first()
        candidates = [  # (filtered here: an IN list of every person outgrows SQLite's limit)
            p
            for p in Person.objects.filter(is_expert=True).order_by("pk")
            if p.pk in work and p.pk != getattr(reviewer, "pk", None)
        ]
        domestic = [p for p in candidates if work[p.pk].country.iso2 == self.home]
        foreign = [p for p in candidates if work[p.pk].country.iso2 != self.home]
        chosen = [reviewer] if reviewer is not None and reviewer.pk in work else []
        for people, size in ((domestic, POOL_DOMESTIC - len(chosen)), (foreign, POOL_FOREIGN)):
            weights = [
                (4.0 if self._in_topics(p) else 1.0) * (20.0 if self._at_real(work[p.pk]) else 1.0)
                for p in people
            ]
            chosen += weighted_sample(self.rng, people, weights, size)
        self._accounts([p for p in chosen if p.user_id is None])
        today = timezone.localdate()
        for person in chosen:
            data = self._profile(person, work[person.pk])
            if person.pk != getattr(reviewer, "pk", None) and self.rng.random() < AWAY:
                data["unavailable_until"] = today + self.rng.randint(20, 90) * DAY
            services.create_profile(office, person, data)

    def _workplaces(self) -> dict:
        """Each person's current organisation (the latest affiliation without an end)."""
        work = {}
        for aff in (
            Affiliation.objects.filter(end__isnull=True, organisation__country__isnull=False)
            .select_related("organisation__country")
            .order_by("person_id", "-start", "-pk")
        ):
            work.setdefault(aff.person_id, aff.organisation)
        return work

    @staticmethod
    def _at_real(organisation) -> bool:
        return bool({organisation.name_zh, organisation.name_en} & REAL_ORGANISATIONS)

    @staticmethod
    def _in_topics(person: Person) -> bool:
        return any(DISCIPLINE_ZH.get(d) in TOPIC_DISCIPLINES for d in person.disciplines or [])

    def _accounts(self, people: list[Person]) -> None:
        """Accounts to answer with (no password yet: each expert sets their own), reviewers of
        the expert group; a few experts have none yet."""
        people = [p for p in people if self.rng.random() >= WITHOUT_ACCOUNT]
        group = Unit.objects.filter(kind=UnitKind.EXPERT_GROUP).order_by("pk").first()
        if group is None:
            group = Unit.objects.create(
                code="expert-group", name_zh="评审专家组", name_en="Review panel",
                kind=UnitKind.EXPERT_GROUP,
            )  # fmt: skip
        users = []
        for person in people:
            user = User(
                username=f"expert-{person.pk}", display_name=person.name_zh or person.name_en
            )
            user.set_unusable_password()
            users.append(user)
        users = User.objects.bulk_create(users)
        reason = stored_reason(DEMO_DATA)
        bulk_create_with_history(
            [Membership(user=u, unit=group, role=Role.REVIEWER) for u in users],
            Membership,
            default_change_reason=reason,
        )
        for person, user in zip(people, users, strict=True):
            person.user = user
        bulk_update_with_history(people, Person, ["user"], default_change_reason=reason)

    def _profile(self, person: Person, organisation) -> dict:
        pairs = []
        for word in person.keywords or []:
            pair = KEYWORD_PAIR.get(word)
            if pair and pair not in pairs:
                pairs.append(pair)
        disciplines = []
        for name in person.disciplines or []:
            zh = DISCIPLINE_ZH.get(name)
            if zh and zh not in disciplines:
                disciplines.append(zh)
        foreign = organisation.country.iso2 != self.home
        zh_words, en_words = [zh for zh, _en in pairs], [en for _zh, en in pairs]
        if not pairs:
            expertise = ""
        elif foreign:
            expertise = f"Works on {_join_en(en_words)}."
        else:
            expertise = f"主要研究方向：{'、'.join(zh_words)}。"
        return {
            "organisation": organisation,
            "disciplines": disciplines,
            "keywords_zh": zh_words,
            "keywords_en": en_words,
            "expertise": expertise,
            "max_load": self.rng.choice([3, 4, 5, 5, 6, 8]),
        }

    # --- a call's review --------------------------------------------------------------------------

    def _office_user(self, call: Call | None = None) -> User | None:
        memberships = Membership.objects.filter(
            role=Role.OFFICE_STAFF, unit__kind=UnitKind.OFFICE, user__is_active=True
        )
        if call is not None:
            memberships = memberships.filter(unit=call.programme.office)
        found = memberships.select_related("user").order_by("pk").first()
        return found.user if found else None

    def review(self, call: Call, items: list[tuple[Application, str, str]]) -> None:
        """Review `items` (application, "in_review" or "reviewed", outcome to come) of `call`."""
        staff = self._office_user(call) or self._office_user()
        if staff is None or not ExpertProfile.objects.exists():
            return  # no office or no pool: the calls demo scores by hand
        designation = call.kind == CallKind.DESIGNATION
        services.configure_review(
            staff,
            call,
            {
                "reviewers_per_application": 5 if designation else 3,
                "min_foreign": 1,
                "due": timezone.now() + 21 * DAY,
                "time_limit": 20,
            },
        )
        self.reviewer = (
            ExpertProfile.objects.filter(person__user__username=REVIEWER)
            .select_related("person__user")
            .first()
        )
        mine = self._pin_reviewer(staff, items)
        run = services.create_run(staff, call)
        run = execute_run(run.pk)
        if run.state != RunState.PROPOSED:  # pragma: no cover - the pool is large enough
            raise RuntimeError(f"demo assignment run {run.state}: {run.diagnosis}")
        services.send_invitations(staff, run)
        self.reviewed.append(call.pk)
        for n, (app, goal, outcome) in enumerate(items):
            quality = self._quality(outcome)
            invitations = list(
                Invitation.objects.filter(application=app)
                .select_related("expert__person__user", "expert__organisation__country")
                .order_by("pk")
            )
            if goal == "reviewed":
                self._finish_reviews(staff, invitations, quality, decline=n == 1)
                services.adopt_score(staff, app)
            else:
                self._part_reviews(staff, invitations, quality, mine.get(app.pk))

    def _pin_reviewer(self, staff, items) -> dict[int, str]:
        """Pin `demo-reviewer` to some applications, so signing in shows real work: one
        invitation left to answer, one accepted with the review to write, the others reviewed."""
        if self.reviewer is None:
            return {}
        free = [(app, goal) for app, goal, _o in items if not pair_conflicts(app, self.reviewer)]
        own = set(self.reviewer.disciplines)
        free.sort(key=lambda pair: not own & set(pair[0].disciplines or []))  # own field first
        waiting = [app for app, goal in free if goal == "in_review"][:2]
        done = [app for app, goal in free if goal == "reviewed"][:2]
        plan = dict(zip([a.pk for a in waiting], [I.INVITED, I.ACCEPTED], strict=False))
        plan |= {app.pk: I.SUBMITTED for app in done}
        for app in [*waiting, *done]:
            services.set_pair_rule(staff, app, self.reviewer, PairRuleKind.PIN)
        return plan

    def _quality(self, outcome: str) -> float:
        low, high = {"approve": (0.8, 0.93), "waitlist": (0.7, 0.8), "reject": (0.5, 0.66)}.get(
            outcome, (0.62, 0.9)
        )
        return self.rng.uniform(low, high)

    def _finish_reviews(self, staff, invitations, quality: float, decline: bool) -> None:
        """Every expert answers and reviews; where `decline`, one declines first and the
        replacement the platform suggests reviews instead."""
        for k, invitation in enumerate(invitations):
            user = invitation.expert.person.user
            if decline and k == 0 and not self._is_reviewer(invitation):
                services.decline_invitation(user, invitation, self._decline_reason(invitation))
                invitation.refresh_from_db()
                if invitation.suggested_replacement_id is None:
                    continue
                invitation = services.invite_replacement(staff, invitation)
                user = invitation.expert.person.user
            services.accept_invitation(user, invitation)
            self._submit(user, invitation, quality)

    def _part_reviews(self, staff, invitations, quality: float, reviewer_state) -> None:
        """Part-way: some reviews in, some accepted and being written, some not yet answered,
        one declined and its replacement invited."""
        cycle = [I.SUBMITTED, I.ACCEPTED, I.SUBMITTED, I.INVITED, I.DECLINED]
        others = 0
        for invitation in invitations:
            if self._is_reviewer(invitation):
                state = reviewer_state or I.INVITED
            else:
                state = cycle[others % len(cycle)]
                others += 1
            user = invitation.expert.person.user
            if state == I.DECLINED:
                services.decline_invitation(user, invitation, self._decline_reason(invitation))
                invitation.refresh_from_db()
                if invitation.suggested_replacement_id is not None:
                    services.invite_replacement(staff, invitation)
                continue
            if state in (I.ACCEPTED, I.SUBMITTED):
                services.accept_invitation(user, invitation)
            if state == I.SUBMITTED:
                self._submit(user, invitation, quality)

    def _is_reviewer(self, invitation: Invitation) -> bool:
        return self.reviewer is not None and invitation.expert_id == self.reviewer.pk

    def _language(self, invitation: Invitation) -> str:
        return "en" if invitation.expert.is_foreign else "zh"

    def _decline_reason(self, invitation: Invitation) -> str:
        return self.rng.choice(DECLINE_REASONS[self._language(invitation)])

    def _submit(self, user, invitation: Invitation, quality: float) -> None:
        rng = self.rng
        call = invitation.application.call
        bias = rng.gauss(0, 0.05)  # some experts mark harder than others
        scale = call.rubric_scale
        scores = {}
        for criterion in call.rubric.all():
            mark = round((quality + bias + rng.gauss(0, 0.07)) * scale)
            scores[criterion.pk] = min(scale, max(1, mark))
        weights = {c.pk: c.weight for c in call.rubric.all()}
        total = (
            100 * sum(weights[c] * s for c, s in scores.items()) / (scale * sum(weights.values()))
        )
        if total >= 86:
            recommendation, level = Recommendation.PRIORITY, "high"
        elif total >= 76:
            recommendation, level = Recommendation.FUND, "high"
        elif total >= 64:
            recommendation, level = Recommendation.POSSIBLY, "mid"
        else:
            recommendation, level = Recommendation.DECLINE, "low"
        language = self._language(invitation)
        affinity = invitation.affinity or 0
        services.save_review(
            user,
            invitation,
            scores,
            {
                "recommendation": recommendation,
                "confidence": 3 if affinity >= 0.35 else rng.choice([2, 2, 3]),
                "comments": rng.choice(COMMENTS[language][level]),
                "confidential": rng.choice(CONFIDENTIAL[language]) if rng.random() < 0.3 else "",
            },
            submit=True,
        )

    # --- dates ------------------------------------------------------------------------------------

    @transaction.atomic
    def settle_dates(self) -> None:
        """Lay the review records out between each application's start of review and its score
        (or today), as the calls demo laid out the applications (a demo-only shortcut, written
        straight to the database)."""
        now = timezone.now()
        plans = ReviewPlan.objects.filter(call__in=self.reviewed).select_related("call")
        for plan in plans.order_by("pk"):
            self._settle_call(plan, now)

    def _settle_call(self, plan: ReviewPlan, now: datetime) -> None:
        rng = self.rng
        events = {
            (e.application_id, e.action): e.at
            for e in ApplicationEvent.objects.filter(
                application__call=plan.call,
                action__in=(EventAction.REVIEW_STARTED, EventAction.SCORED),
            )
        }
        starts = [at for (_a, action), at in events.items() if action == EventAction.REVIEW_STARTED]
        if not starts:
            return
        started = min(starts) + 3 * HOUR
        sent = started + HOUR
        for run in AssignmentRun.objects.filter(call=plan.call):
            AssignmentRun.objects.filter(pk=run.pk).update(
                created=started, finished=started + timedelta(minutes=2), sent_at=sent
            )
            Job.objects.filter(pk=run.job_id).update(
                created=started, finished=started + timedelta(minutes=2)
            )
        PairRule.objects.filter(application__call=plan.call).update(created=started - HOUR)
        latest = sent
        by_pk: dict[int, Invitation] = {}
        for invitation in Invitation.objects.filter(application__call=plan.call).order_by("pk"):
            scored = events.get((invitation.application_id, EventAction.SCORED))
            until = (scored or now) - HOUR
            if invitation.replaces_id and invitation.replaces_id in by_pk:
                invited = by_pk[invitation.replaces_id].responded_at + rng.uniform(4, 20) * HOUR
            else:
                invited = sent
            invitation.invited_at = invited
            if invitation.responded_at is not None:
                invitation.responded_at = min(invited + rng.uniform(0.3, 3) * DAY, until)
            Invitation.objects.filter(pk=invitation.pk).update(
                invited_at=invitation.invited_at, responded_at=invitation.responded_at
            )
            by_pk[invitation.pk] = invitation
            review = Review.objects.filter(invitation=invitation, submitted_at__isnull=False)
            if review.exists():
                start = invitation.responded_at + 2 * DAY
                at = start + (until - start) * rng.uniform(0.2, 0.9) if until > start else until
                review.update(submitted_at=at, updated=at)
                latest = max(latest, at)
        open_ = Invitation.objects.filter(
            application__call=plan.call, state__in=(I.INVITED, I.ACCEPTED)
        )
        due = now + 10 * DAY if open_.exists() else latest + 2 * DAY
        due = timezone.localtime(due).replace(hour=23, minute=59, second=0, microsecond=0)
        ReviewPlan.objects.filter(pk=plan.pk).update(due=due)
        Invitation.objects.filter(application__call=plan.call).update(due=due)


def counts() -> dict[str, int]:
    experts = list(
        ExpertProfile.objects.select_related(
            "organisation__country", "country", "person__nationality"
        )
    )
    foreign = sum(1 for e in experts if e.is_foreign)
    result = {
        "experts": len(experts),
        "experts:domestic": len(experts) - foreign,
        "experts:foreign": foreign,
        "experts:with account": sum(1 for e in experts if e.person.user_id is not None),
    }
    for state, n in Invitation.objects.values_list("state").annotate(n=Count("pk")).order_by():
        result[f"invitations:{state}"] = n
    result["reviews:submitted"] = Review.objects.submitted().count()
    result["assignment runs"] = AssignmentRun.objects.count()
    return dict(sorted(result.items(), key=lambda kv: kv[0]))


__all__ = ["ReviewDemo", "counts"]
