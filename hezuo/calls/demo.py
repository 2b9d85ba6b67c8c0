"""Demo calls on top of the registry demo: one call in every phase, and applications in every
state, all made through the real services (so each has its history, events and notifications).

    build_demo_calls(seed)

Deterministic per seed. Idempotent: with the demo programmes present it changes nothing. It uses
the units and organisations the registry demo made (the office, recommending units and their
institutions, foreign organisations); where they are missing it makes a minimal set. A second
office (the foreign-experts authority, unit `office-safea`) co-signs the key-institution call,
as the notice's joint decision asks.

To move a call through its year, each is built while its window is open, then its dates are set to
where it stands today, and every application's milestones are laid out along that year (a
demo-only shortcut, written straight to the database: see `demo_dates`).

Expert review belongs to the app above the calls: `build_demo_calls(seed, review=...)` takes its
demo's `ReviewStage`, which invites experts, collects their reviews and adopts the scores of the
applications the demo takes beyond review. Without it, the office records a score by hand."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hezuo.core.models import Membership, Role, Unit, UnitKind, User
from hezuo.portfolio.models import BaseKind
from hezuo.registry.demo.names import treaty_party
from hezuo.registry.demo.tables import DISCIPLINES, REAL_DOMESTIC_NAMES, REAL_FOREIGN_NAMES
from hezuo.registry.models import Country, Organisation, OrganisationKind

from . import services
from .demo_dates import settle_dates
from .models import (
    Application,
    ApplicationState,
    Call,
    CallKind,
    CriterionMode,
    DecisionOutcome,
    Programme,
)

S = ApplicationState
DAY = timedelta(days=1)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# field | topic (Chinese) | topic (English) | discipline | keywords (Chinese; each a whole entry of
# the registry demo's vocabulary, which gives its English)
TOPICS = [
    ("energy", "氢能储运关键技术", "hydrogen storage and transport", "能源动力",
     ("氢能", "燃料电池")),
    ("energy", "智能电网与储能", "smart grids and energy storage", "电气工程",
     ("智能电网", "储能")),
    ("materials", "高性能复合材料", "high-performance composites", "材料科学与工程",
     ("复合材料", "纳米材料")),
    ("materials", "增材制造工艺", "additive manufacturing", "机械工程", ("增材制造", "智能制造")),
    ("information", "下一代移动通信", "next-generation mobile networks", "信息与通信工程",
     ("5G通信", "信号处理")),
    ("agriculture", "节水农业与土壤改良", "water-saving agriculture and soil improvement", "农学",
     ("智慧农业", "灌溉")),
    ("agriculture", "作物分子育种", "molecular crop breeding", "农学", ("作物遗传", "水稻育种")),
    ("health", "传染病快速诊断", "rapid diagnosis of infectious diseases", "公共卫生与预防医学",
     ("传染病防控", "病毒学")),
    ("health", "中医药现代化", "modernisation of traditional Chinese medicine", "中医学",
     ("中药", "中医药国际化")),
    ("environment", "流域水污染治理", "river-basin water pollution control", "环境科学与工程",
     ("水处理", "水环境")),
    ("space_ocean", "深海观测装备", "deep-sea observation equipment", "海洋科学",
     ("深海", "海洋观测")),
    ("climate", "气候变化影响评估", "climate change impact assessment", "大气科学",
     ("气候变化", "气候模式")),
]  # fmt: skip
VOCABULARY = {kw_zh: kw_en for _zh, _en, pairs in DISCIPLINES for kw_zh, kw_en in pairs}

# The review of a call's applications, by the app above the calls (`hezuo.review.demo`): each
# application with where the demo takes it ("in_review": left part-way through its reviews;
# "reviewed": every review in and the score adopted, so the application is reviewed) and the
# outcome the demo will decide ("" while undecided).
ReviewStage = Callable[["Call", list[tuple["Application", str, str]]], None]


BASE_NAMES = {
    BaseKind.INNOVATION_PARK: ("国际创新园", "International innovation park"),
    BaseKind.JOINT_RESEARCH_CENTRE: ("国际联合研究中心", "International joint research centre"),
    BaseKind.TECHNOLOGY_TRANSFER_CENTRE: (
        "国际技术转移中心",
        "International technology transfer centre",
    ),
    BaseKind.DEMONSTRATION_BASE: ("示范型国际科技合作基地", "Demonstration base"),
    BaseKind.KEY_INSTITUTION: ("国际科技合作重点科研机构", "Key research institution"),
}


@dataclass
class Cast:
    """Who acts in the demo: one applicant and one recommender account act for many units."""

    office: Unit
    safea: Unit
    staff: User
    admin: User
    safea_admin: User
    applicant: User
    recommender: User
    institutions: list[Unit] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)


def _user(username: str, display: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _member(user: User, unit: Unit, role: str) -> None:
    Membership.objects.get_or_create(user=user, unit=unit, role=role)


def _office_user(office: Unit, role: str, fallback: str, display: str) -> User:
    membership = (
        Membership.objects.filter(unit=office, role=role).select_related("user").order_by("pk")
    ).first()
    if membership is not None:
        return membership.user
    user = _user(fallback, display)
    _member(user, office, role)
    return user


def _cast(rng: random.Random) -> Cast:
    office = Unit.objects.filter(kind=UnitKind.OFFICE).order_by("pk").first()
    if office is None:
        office = Unit.objects.create(
            code="office",
            name_zh="科技部国际合作司",
            name_en="International Cooperation",
            kind="office",
        )
    safea, _ = Unit.objects.get_or_create(
        code="office-safea",
        defaults={
            "name_zh": "国家外国专家局",
            "name_en": "State Administration of Foreign Experts Affairs",
            "kind": UnitKind.OFFICE,
        },
    )
    institutions = list(
        Unit.objects.filter(kind=UnitKind.INSTITUTION, parent__kind=UnitKind.RECOMMENDER)
        .select_related("parent", "organisation")
        .order_by("code")
    )
    if not institutions:
        institutions = _minimal_tree()
    # The demo's own applicant and recommender see applications first.
    demo_units = set(
        Membership.objects.filter(
            user__username__in=["demo-applicant", "demo-recommender"]
        ).values_list("unit_id", flat=True)
    )
    preferred = [u for u in institutions if u.pk in demo_units or u.parent_id in demo_units]
    others = [u for u in institutions if u not in preferred]
    rng.shuffle(others)
    # Real institutions first: the registry's bulk is made from name patterns.
    others.sort(
        key=lambda u: u.organisation is None or u.organisation.name_zh not in REAL_DOMESTIC_NAMES
    )
    chosen = (preferred[:6] + others)[:24]
    applicant = _user("demo-calls-applicant", "演示申报账号")
    recommender = _user("demo-calls-recommender", "演示推荐账号")
    for unit in chosen:
        _member(applicant, unit, Role.APPLICANT)
        _member(recommender, unit.parent, Role.RECOMMENDER)
        if unit.organisation_id is None:
            unit.organisation = Organisation.objects.create(
                name_zh=unit.name_zh,
                name_en=unit.name_en,
                kind=OrganisationKind.UNIVERSITY,
                country=_home(),
            )
            unit.save(update_fields=["organisation"])
    partners = list(
        Organisation.objects.exclude(country__iso2=settings.HOME_COUNTRY)
        .filter(
            country__isnull=False,
            kind__in=[
                OrganisationKind.UNIVERSITY,
                OrganisationKind.INSTITUTE,
                OrganisationKind.ENTERPRISE,
            ],
        )
        .select_related("country")
        .order_by("pk")[:400]
    )
    # Real partners where the registry has them (its bulk is made from name patterns).
    partners = [p for p in partners if p.name_en in REAL_FOREIGN_NAMES] or partners
    if not partners:
        partners = _minimal_partners()
    return Cast(
        office=office,
        safea=safea,
        staff=_office_user(office, Role.OFFICE_STAFF, "demo-calls-staff", "演示工作人员"),
        admin=_office_user(office, Role.OFFICE_ADMIN, "demo-calls-admin", "演示管理员"),
        safea_admin=_office_user(safea, Role.OFFICE_ADMIN, "demo-safea", "外专局演示账号"),
        applicant=applicant,
        recommender=recommender,
        institutions=chosen,
        partners=partners,
    )


def _home() -> Country:
    home = Country.objects.filter(iso2=settings.HOME_COUNTRY).first()
    if home is None:
        from hezuo.registry.reference import load_reference

        load_reference()
        home = Country.objects.get(iso2=settings.HOME_COUNTRY)
    return home


def _minimal_tree() -> list[Unit]:
    units = []
    for p, (zh, en) in enumerate(
        [("北京市科学技术委员会", "Beijing"), ("上海市科学技术委员会", "Shanghai")]
    ):
        province = Unit.objects.create(
            code=f"demo-prov-{p}", name_zh=zh, name_en=en, kind=UnitKind.RECOMMENDER
        )
        for i in range(3):
            units.append(
                Unit.objects.create(
                    code=f"demo-inst-{p}-{i}",
                    name_zh=f"{zh[:2]}第{i + 1}研究院",
                    name_en=f"{en} institute {i + 1}",
                    kind=UnitKind.INSTITUTION,
                    parent=province,
                )
            )
    return units


def _minimal_partners() -> list[Organisation]:
    _home()
    rows = [("DE", "Fraunhofer-Gesellschaft"), ("FR", "CNRS"), ("JP", "RIKEN"), ("GB", "UCL")]
    return [
        Organisation.objects.create(
            name_en=name, kind=OrganisationKind.INSTITUTE, country=Country.objects.get(iso2=iso2)
        )
        for iso2, name in rows
    ]


def _programmes(office: Unit) -> dict[str, Programme]:
    specs = [
        (
            "gjhz",
            "国家国际科技合作专项",
            "National international S&T cooperation programme",
            "GJHZ",
        ),
        ("gjjd", "国际科技合作基地", "International S&T cooperation bases", "GJJD"),
        ("zdjg", "国际科技合作重点科研机构", "Key research institutions for cooperation", "ZDJG"),
    ]
    return {
        code: Programme.objects.create(
            code=code, name_zh=zh, name_en=en, code_prefix=prefix, office=office
        )
        for code, zh, en, prefix in specs
    }


def _call(cast: Cast, programme: Programme, code: str, year: int, **spec) -> Call:
    now = timezone.now()
    offices = spec.pop("offices", [cast.office])
    template = spec.pop("template")
    data = {
        "programme": programme,
        "code": code,
        "year": year,
        "opens_at": now - DAY,
        "closes_at": now + 30 * DAY,
        "recommend_by": now + 45 * DAY,
        "required_attachments": ["agreement", "plan"],
        **spec,
    }
    call = services.create_call(cast.staff, data, offices, template)
    return call


def _announce(cast: Cast, call: Call) -> Call:
    return services.announce_call(cast.admin, call)


def _quotas(cast: Cast, call: Call, needed: Counter) -> None:
    """Every recommending unit gets a quota: room for what the demo recommends, and one more."""
    for province in sorted({u.parent for u in cast.institutions}, key=lambda u: u.code):
        services.set_quota(cast.staff, call, province, needed.get(province.pk, 0) + 1)


def _application(rng: random.Random, cast: Cast, call: Call, unit: Unit) -> Application:
    field_code, topic_zh, topic_en, discipline, keywords = rng.choice(
        [t for t in TOPICS if not call.priority_fields or t[0] in call.priority_fields] or TOPICS
    )
    partner = rng.choice(cast.partners)
    country = partner.country
    requested = Decimal(rng.randrange(100, 600, 20))
    if call.base_kind:
        kind_zh, kind_en = BASE_NAMES[call.base_kind]
        title_zh = f"{unit.name_zh}{topic_zh}{kind_zh}"
        title_en = f"{kind_en} for {topic_en}, {unit.name_en or unit.code}"
    else:
        title_zh = f"{topic_zh}国际联合研究（{country.name_zh}）"
        title_en = f"Joint research with {treaty_party(country.name_en)} on {topic_en}"
    app = services.create_application(
        cast.applicant,
        call,
        {
            "title_zh": title_zh,
            "title_en": title_en,
            "abstract_zh": f"与{partner.name_zh or partner.name_en}合作，围绕{topic_zh}"
            "开展联合研究、人员交流和联合培养。",
            "abstract_en": f"With {partner.name_en or partner.name_zh}: joint research, staff "
            f"exchange and joint training on {topic_en}.",
            # whole keywords, in both languages, from the vocabulary the experts' come from
            "keywords": [*keywords, *(VOCABULARY[k] for k in keywords)],
            "disciplines": [discipline],
            "field": field_code,
            "duration_months": rng.choice([24, 36, 36, 48]),
            "requested_amount": requested,
        },
        unit=unit,
    )
    services.add_partner(
        cast.applicant,
        app,
        {
            "organisation": partner,
            "role": "lead",
            "agreement_signed_on": timezone.localdate() - rng.randint(60, 900) * DAY,
            "ip_arrangement": "双方共有，按贡献分享 / jointly owned, shared by contribution",
            "commits_people": f"{rng.randint(2, 8)} researchers",
            "commits_equipment": rng.choice(["", "test bench", "sequencer time"]),
            "commits_money": Decimal(rng.randrange(20, 200, 10)),
        },
    )
    central_a = (requested * Decimal("0.6")).quantize(Decimal("1"))
    services.set_budget(
        cast.applicant,
        app,
        [
            {"source": "central", "item": "equipment", "amount": central_a},
            {"source": "central", "item": "meetings_travel", "amount": requested - central_a},
            {"source": "local", "item": "", "amount": Decimal(rng.randrange(0, 200, 10))},
            {
                "source": "self_raised",
                "item": "",
                "amount": Decimal(rng.randrange(50, 300, 10)),
            },
            {
                "source": "foreign",
                "item": "",
                "amount": Decimal(rng.randrange(20, 200, 10)),
            },
        ],
    )
    for kind_code in call.required_attachments:
        _attach(cast, app, kind_code)
    evidence = None
    for criterion in call.criteria.filter(mode=CriterionMode.SELF_DECLARED):
        if criterion.evidence_required and evidence is None:
            evidence = _attach(cast, app, "evidence")
        services.save_answer(cast.applicant, app, criterion, True, "符合该条件。", evidence)
    return app


def _attach(cast: Cast, app: Application, kind: str):
    upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
    return services.add_attachment(cast.applicant, app, upload, kind)


ORDER = [S.SUBMITTED, S.RECOMMENDED, S.ACCEPTED, S.IN_REVIEW, S.REVIEWED, S.DECIDED]
PROPOSED = "proposed"  # reviewed, with a decision one of two offices has signed
BRANCH = {S.RETURNED: S.SUBMITTED, S.WITHDRAWN: S.SUBMITTED, S.REJECTED: S.RECOMMENDED}
RECOMMENDED = {S.RECOMMENDED, S.ACCEPTED, S.REJECTED, S.IN_REVIEW, S.REVIEWED, S.DECIDED, PROPOSED}


REVIEWED_STATES = {S.IN_REVIEW, S.REVIEWED, S.DECIDED, PROPOSED}  # they go through expert review


def _drive(rng: random.Random, cast: Cast, app: Application, state: str, outcome: str) -> None:
    """Move an application along the services to `state`, from wherever it is now."""
    if state == S.DRAFT:
        return
    target = S.REVIEWED if state == PROPOSED else BRANCH.get(state, state)
    for step in ORDER[: ORDER.index(target) + 1]:
        app.refresh_from_db()
        if app.state in ORDER and ORDER.index(app.state) >= ORDER.index(step):
            continue  # done already (by the review stage)
        if step == S.SUBMITTED:
            services.submit(cast.applicant, app)
        elif step == S.RECOMMENDED:
            services.recommend(cast.recommender, app, "同意推荐。")
        elif step == S.ACCEPTED:
            codes = list(app.check_items.values_list("code", flat=True))
            services.confirm_check(cast.staff, app, dict.fromkeys(codes, (True, "")))
            services.accept(cast.staff, app)
        elif step == S.IN_REVIEW:
            services.start_review(cast.staff, app)
        elif step == S.REVIEWED:
            services.record_score(cast.staff, app, Decimal(rng.randint(620, 950)) / 10)
        elif step == S.DECIDED:
            _decide(cast, app, outcome or DecisionOutcome.APPROVE, sign_all=True)
    app.refresh_from_db()
    if state == PROPOSED:
        _decide(cast, app, outcome or DecisionOutcome.APPROVE, sign_all=False)
    elif state == S.RETURNED:
        services.return_for_revision(cast.recommender, app, "请补充外方承诺函和预算说明。")
    elif state == S.WITHDRAWN:
        services.withdraw(cast.applicant, app, "合作方调整，撤回申请。")
    elif state == S.REJECTED:
        services.reject(cast.staff, app, "外方合作协议未签署，不符合申报条件。")


def _decide(cast: Cast, app: Application, outcome: str, sign_all: bool) -> None:
    amount = None
    if outcome == DecisionOutcome.APPROVE:
        amount = (app.requested_amount * Decimal("0.8")).quantize(Decimal("1"))
    services.propose_decision(cast.staff, app, outcome, amount, "依据评审意见。")
    signers = {cast.office.pk: cast.admin, cast.safea.pk: cast.safea_admin}
    offices = list(app.call.approving_offices.order_by("pk"))
    for office in offices if sign_all else offices[:1]:
        services.sign_decision(signers[office.pk], app, office)


def _set_phase(call: Call, phase: str, rng: random.Random) -> None:
    """Set the call's dates to where it stands today, and its applications' milestones along
    them (a finished call's results are published first: see `_finish`)."""
    now = timezone.now()
    opens, closes, recommend = {
        "upcoming": (10, 40, 55),
        "open": (-5, 25, 40),
        "recommending": (-40, -3, 12),
        "selecting": (-90, -45, -30),
        "finished": (-400, -360, -340),
        "draft": (100, 145, 175),  # `settle_dates` puts it next spring
    }[phase]
    Call.objects.filter(pk=call.pk).update(
        opens_at=now + opens * DAY, closes_at=now + closes * DAY, recommend_by=now + recommend * DAY
    )
    if phase != "finished":
        settle_dates(rng, Call.objects.get(pk=call.pk), phase)


def _finish(cast: Cast, call: Call, rng: random.Random) -> None:
    _set_phase(call, "finished", rng)
    services.publish_results(cast.staff, Call.objects.get(pk=call.pk))
    settle_dates(rng, Call.objects.get(pk=call.pk), "finished")


@transaction.atomic
def build_demo_calls(seed: int = 1, review: ReviewStage | None = None) -> dict[str, int]:
    if Programme.objects.filter(code="gjhz").exists():
        return counts()
    rng = random.Random(seed)
    cast = _cast(rng)
    programmes = _programmes(cast.office)
    this_year = timezone.localdate().year
    institutions = cast.institutions
    fields = ["energy", "materials", "information", "agriculture", "health", "environment"]

    offset = 0

    def plan(call: Call, states: list[tuple[str, str]]) -> None:
        nonlocal offset
        units = [institutions[(offset + i) % len(institutions)] for i in range(len(states))]
        offset += len(states)
        needed = Counter(
            u.parent_id
            for u, (state, _o) in zip(units, states, strict=True)
            if state in RECOMMENDED
        )
        _quotas(cast, call, needed)
        staged = []
        for unit, (state, outcome) in zip(units, states, strict=True):
            app = _application(rng, cast, call, unit)
            if review is not None and state in REVIEWED_STATES:
                _drive(rng, cast, app, S.IN_REVIEW, "")  # the experts take it from there
                staged.append((app, state, outcome))
            else:
                _drive(rng, cast, app, state, outcome)
        if staged and review is not None:
            review(
                call,
                [
                    (app, "in_review" if state == S.IN_REVIEW else "reviewed", outcome)
                    for app, state, outcome in staged
                ],
            )
            for app, state, outcome in staged:
                _drive(rng, cast, app, state, outcome)

    # 1. Last year's joint projects: results published, projects awarded.
    finished = _call(
        cast,
        programmes["gjhz"],
        f"{this_year - 1}-gjhz",
        this_year - 1,
        title_zh=f"{this_year - 1}年度国家国际科技合作专项项目申报指南",
        title_en=f"International S&T cooperation projects {this_year - 1}",
        kind=CallKind.JOINT_PROJECT,
        priority_fields=fields,
        max_amount=Decimal("600"),
        template="joint_project",
    )
    _announce(cast, finished)
    A, R, W = DecisionOutcome.APPROVE, DecisionOutcome.REJECT, DecisionOutcome.WAITLIST
    plan(finished, [(S.DECIDED, A)] * 6 + [(S.DECIDED, R)] * 2 + [(S.DECIDED, W), (S.REJECTED, "")])
    _finish(cast, finished, rng)

    # 2. Last year's joint research centres: designated bases.
    bases = _call(
        cast,
        programmes["gjjd"],
        f"{this_year - 1}-jrc",
        this_year - 1,
        title_zh=f"{this_year - 1}年度国际联合研究中心认定",
        title_en=f"International joint research centres {this_year - 1}",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.JOINT_RESEARCH_CENTRE,
        designation_years=5,
        template="base_designation",
    )
    _announce(cast, bases)
    plan(bases, [(S.DECIDED, A)] * 4 + [(S.DECIDED, R)])
    _finish(cast, bases, rng)

    # 3. Key research institutions, decided jointly by two offices: in selection now.
    key = _call(
        cast,
        programmes["zdjg"],
        f"{this_year}-zdjg",
        this_year,
        title_zh=f"{this_year}年度国际科技合作重点科研机构遴选",
        title_en=f"Key research institutions for international cooperation {this_year}",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.KEY_INSTITUTION,
        offices=[cast.office, cast.safea],
        template="key_institution",
        priority_fields=fields,
    )
    _announce(cast, key)
    plan(
        key,
        [
            (S.RECOMMENDED, ""),
            (S.RECOMMENDED, ""),
            (S.ACCEPTED, ""),
            (S.REJECTED, ""),
            (S.IN_REVIEW, ""),
            (S.IN_REVIEW, ""),
            (S.REVIEWED, ""),
            (PROPOSED, A),  # one office has signed, the other has not
            (S.DECIDED, A),
            (S.DECIDED, W),
        ],
    )
    _set_phase(key, "selecting", rng)

    # 4. Technology transfer centres: closed, the recommending units are at work.
    ttc = _call(
        cast,
        programmes["gjjd"],
        f"{this_year}-ttc",
        this_year,
        title_zh=f"{this_year}年度国际技术转移中心认定",
        title_en=f"International technology transfer centres {this_year}",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.TECHNOLOGY_TRANSFER_CENTRE,
        template="base_designation",
    )
    _announce(cast, ttc)
    plan(ttc, [(S.SUBMITTED, "")] * 4 + [(S.RECOMMENDED, "")] * 2 + [(S.RETURNED, "")])
    _set_phase(ttc, "recommending", rng)

    # 5. This year's joint projects: open for applications.
    open_call = _call(
        cast,
        programmes["gjhz"],
        f"{this_year}-gjhz",
        this_year,
        title_zh=f"{this_year}年度国家国际科技合作专项项目申报指南",
        title_en=f"International S&T cooperation projects {this_year}",
        kind=CallKind.JOINT_PROJECT,
        priority_fields=fields,
        max_amount=Decimal("600"),
        max_duration_months=48,
        template="joint_project",
    )
    _announce(cast, open_call)
    plan(
        open_call,
        [(S.DRAFT, "")] * 3
        + [(S.SUBMITTED, "")] * 4
        + [(S.RETURNED, ""), (S.WITHDRAWN, ""), (S.RECOMMENDED, "")],
    )
    _set_phase(open_call, "open", rng)

    # 6. Innovation parks: announced, opening soon.
    upcoming = _call(
        cast,
        programmes["gjjd"],
        f"{this_year}-park",
        this_year,
        title_zh=f"{this_year}年度国际创新园认定",
        title_en=f"International innovation parks {this_year}",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.INNOVATION_PARK,
        template="base_designation",
    )
    _announce(cast, upcoming)
    _set_phase(upcoming, "upcoming", rng)

    # 7. Next year's joint projects: a draft the office is still writing, for next spring.
    draft = _call(
        cast,
        programmes["gjhz"],
        f"{this_year + 1}-gjhz",
        this_year + 1,
        title_zh=f"{this_year + 1}年度国家国际科技合作专项项目申报指南（征求意见稿）",
        title_en=f"International S&T cooperation projects {this_year + 1} (draft)",
        kind=CallKind.JOINT_PROJECT,
        priority_fields=fields,
        template="joint_project",
    )
    _set_phase(draft, "draft", rng)
    return counts()


def counts() -> dict[str, int]:
    from django.db.models import Count

    from hezuo.portfolio.models import Base, Project

    result = {"calls": Call.objects.count()}
    for status, n in Call.objects.values_list("status").annotate(n=Count("pk")).order_by():
        result[f"calls:{status}"] = n
    for state, n in Application.objects.values_list("state").annotate(n=Count("pk")).order_by():
        result[f"applications:{state}"] = n
    result["projects"] = Project.objects.count()
    result["bases"] = Base.objects.count()
    return result
