"""Small factories for calls tests: a call in a given phase, a complete application, and a helper
that drives an application through the real services to a given state."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hezuo.calls import services
from hezuo.calls.criteria_templates import TEMPLATES
from hezuo.calls.models import (
    Application,
    ApplicationState,
    AttachmentKind,
    Call,
    CallKind,
    CallStatus,
    CriterionMode,
    DecisionOutcome,
    EligibilityCriterion,
    Programme,
    Quota,
    RubricCriterion,
)
from hezuo.core.models import Membership, Role, Unit, UnitKind
from hezuo.core.tests.factories import make_unit, make_user
from hezuo.registry.models import Country, Organisation, OrganisationFlag, OrganisationKind

DAY = timedelta(days=1)

# (opens, closes, recommend_by) relative to now, in days.
PHASES = {
    "draft": (1, 10, 20),
    "upcoming": (1, 10, 20),
    "open": (-1, 10, 20),
    "recommending": (-10, -1, 10),
    "selecting": (-20, -10, -1),
}

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "agreement.pdf", size: int | None = None) -> SimpleUploadedFile:
    content = MINIMAL_PDF
    if size is not None:
        content = MINIMAL_PDF + b"0" * max(0, size - len(MINIMAL_PDF))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(text: str = "合作协议") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def country(iso2: str) -> Country:
    existing = Country.objects.filter(iso2=iso2).first()
    if existing:
        return existing
    names = {"CN": ("中国", "China", "CHN"), "DE": ("德国", "Germany", "DEU")}
    zh, en, iso3 = names.get(iso2, (iso2, iso2, iso2 + "X"))
    return Country.objects.create(iso2=iso2, iso3=iso3, name_zh=zh, name_en=en)


def make_programme(office: Unit, **extra) -> Programme:
    code = extra.pop("code", f"prog-{Programme.objects.count() + 1}")
    return Programme.objects.create(
        code=code,
        name_zh=extra.pop("name_zh", "国际科技合作专项"),
        name_en=extra.pop("name_en", "International S&T cooperation programme"),
        office=office,
        **extra,
    )


def make_call(
    units: dict[str, Unit],
    phase: str = "open",
    kind: str = CallKind.JOINT_PROJECT,
    base_kind: str = "",
    template: str | None = None,
    offices: list[Unit] | None = None,
    quotas: dict[str, int] | None = None,
    **extra,
) -> Call:
    now = timezone.now()
    opens, closes, recommend = PHASES[phase]
    programme = extra.pop("programme", None) or make_programme(units["office"])
    template = template or (
        "joint_project" if kind == CallKind.JOINT_PROJECT else "base_designation"
    )
    call = Call.objects.create(
        programme=programme,
        code=extra.pop("code", f"2026-call-{Call.objects.count() + 1}"),
        title_zh=extra.pop("title_zh", "2026年度国际合作项目指南"),
        title_en=extra.pop("title_en", "Joint projects 2026"),
        kind=kind,
        base_kind=base_kind,
        year=extra.pop("year", 2026),
        status=CallStatus.DRAFT if phase == "draft" else CallStatus.ANNOUNCED,
        announced_at=None if phase == "draft" else now - 30 * DAY,
        opens_at=now + opens * DAY,
        closes_at=now + closes * DAY,
        recommend_by=now + recommend * DAY,
        priority_fields=extra.pop("priority_fields", ["energy", "health"]),
        required_attachments=extra.pop("required_attachments", [AttachmentKind.AGREEMENT]),
        **extra,
    )
    call.approving_offices.set(offices or [units["office"]])
    spec = TEMPLATES[template]
    for i, c in enumerate(spec.criteria, start=1):
        EligibilityCriterion.objects.create(
            call=call,
            order=i,
            code=c.code,
            text_zh=c.text_zh,
            text_en=c.text_en,
            mode=c.mode,
            rule=c.rule,
            evidence_required=c.evidence_required,
        )
    for i, r in enumerate(spec.rubric, start=1):
        RubricCriterion.objects.create(
            call=call, order=i, name_zh=r.name_zh, name_en=r.name_en, weight=r.weight
        )
    for code, limit in (quotas if quotas is not None else {"prov-a": 2, "prov-b": 2}).items():
        Quota.objects.create(call=call, unit=units[code], limit=limit)
    return call


def applicant_org(unit: Unit) -> Organisation:
    if unit.organisation_id:
        return unit.organisation
    org = Organisation.objects.create(
        name_zh=unit.name_zh,
        name_en=unit.name_en or unit.code,
        kind=OrganisationKind.UNIVERSITY,
        country=country("CN"),
        flags=[OrganisationFlag.INTERGOV_PROJECT_EXECUTOR],
    )
    unit.organisation = org
    unit.save(update_fields=["organisation"])
    return org


def foreign_org(name: str = "Fraunhofer-Gesellschaft", iso2: str = "DE") -> Organisation:
    org = Organisation.objects.filter(name_en=name).first()
    return org or Organisation.objects.create(
        name_en=name, kind=OrganisationKind.INSTITUTE, country=country(iso2)
    )


def complete_application(user, call: Call, unit: Unit, **data) -> Application:
    """A draft with everything a submission needs, built through the services."""
    applicant_org(unit)
    fields = {
        "title_zh": "中德清洁能源联合研究",
        "title_en": "Sino-German joint research on clean energy",
        "abstract_zh": "面向氢能储运的联合研究。",
        "abstract_en": "Joint research on hydrogen storage and transport.",
        "keywords": ["氢能", "hydrogen"],
        "disciplines": ["能源科学"],
        "field": "energy",
        "duration_months": 36,
        "requested_amount": Decimal("300"),
    }
    fields.update(data)
    app = services.create_application(user, call, fields, unit=unit)
    services.add_partner(
        user,
        app,
        {
            "organisation": foreign_org(),
            "role": "lead",
            "agreement_signed_on": timezone.localdate() - 100 * DAY,
            "ip_arrangement": "双方共有，按贡献分享",
            "commits_people": "3 researchers",
            "commits_money": Decimal("120"),
        },
    )
    services.set_budget(
        user,
        app,
        [
            {"source": "central", "item": "equipment", "amount": "200"},
            {"source": "central", "item": "meetings_travel", "note": "差旅", "amount": "100"},
            {"source": "self_raised", "item": "labour", "amount": "150"},
            {"source": "foreign", "item": "", "amount": "120"},
        ],
    )
    for kind in call.required_attachments:
        services.add_attachment(user, app, pdf_upload(f"{kind}.pdf"), kind)
    evidence = None
    for criterion in call.criteria.filter(mode=CriterionMode.SELF_DECLARED):
        if criterion.evidence_required and evidence is None:
            evidence = services.add_attachment(
                user, app, pdf_upload("evidence.pdf"), AttachmentKind.EVIDENCE
            )
        services.save_answer(user, app, criterion, True, "符合", evidence)
    return Application.objects.get(pk=app.pk)


ORDER = [
    ApplicationState.SUBMITTED,
    ApplicationState.RECOMMENDED,
    ApplicationState.ACCEPTED,
    ApplicationState.IN_REVIEW,
    ApplicationState.REVIEWED,
    ApplicationState.DECIDED,
    ApplicationState.PUBLISHED,
]


def advance(app: Application, state: str, users: dict, outcome: str = DecisionOutcome.APPROVE):
    """Drive an application through the services until it reaches `state` (along the happy path;
    `returned`, `withdrawn` and `rejected` branch off the step before them)."""
    office = users["office_staff"]
    branch = {
        ApplicationState.RETURNED: ApplicationState.SUBMITTED,
        ApplicationState.WITHDRAWN: ApplicationState.SUBMITTED,
        ApplicationState.REJECTED: ApplicationState.RECOMMENDED,
    }
    target = branch.get(state, state)
    recommender = _recommender_for(app, users)
    applicant = _applicant_for(app, users)
    steps = {
        ApplicationState.SUBMITTED: lambda a: services.submit(applicant, a),
        ApplicationState.RECOMMENDED: lambda a: services.recommend(recommender, a, "推荐"),
        ApplicationState.ACCEPTED: lambda a: _accept(office, a),
        ApplicationState.IN_REVIEW: lambda a: services.start_review(office, a),
        ApplicationState.REVIEWED: lambda a: services.record_score(office, a, "86.5"),
        ApplicationState.DECIDED: lambda a: _decide(users, a, outcome),
        ApplicationState.PUBLISHED: lambda a: services.publish(office, a),
    }
    for step in ORDER[: ORDER.index(target) + 1]:
        app.refresh_from_db()
        if ORDER.index(step) <= _position(app):
            continue
        steps[step](app)
    app.refresh_from_db()
    if state == ApplicationState.RETURNED:
        services.return_for_revision(recommender, app, "请补充外方承诺函")
    elif state == ApplicationState.WITHDRAWN:
        services.withdraw(applicant, app)
    elif state == ApplicationState.REJECTED:
        services.reject(office, app, "预算不符合要求")
    app.refresh_from_db()
    return app


def _position(app: Application) -> int:
    return ORDER.index(app.state) if app.state in ORDER else -1


def _recommender_for(app: Application, users: dict):
    return users["recommender" if app.recommending_unit.code == "prov-a" else "recommender_b"]


def _applicant_for(app: Application, users: dict):
    code = app.applicant_unit.code
    return users.get({"inst-a1": "applicant", "inst-a2": "applicant_a2"}.get(code, "applicant_b1"))


def _accept(office, app: Application) -> None:
    items = app.check_items.all()
    services.confirm_check(office, app, {i.code: (True, "") for i in items})
    services.accept(office, app)


def _decide(users: dict, app: Application, outcome: str) -> None:
    office = users["office_staff"]
    amount = "250" if outcome == DecisionOutcome.APPROVE else None
    services.propose_decision(office, app, outcome, amount)
    for office_unit in app.call.approving_offices.all():
        signer = second_office_signer(office_unit, users)
        services.sign_decision(signer, app)


def second_office_signer(office_unit: Unit, users: dict):
    if office_unit.code == "office":
        return users["office_admin"]
    member = Membership.objects.filter(unit=office_unit, role=Role.OFFICE_ADMIN).first()
    return member.user


def make_second_office(users: dict) -> Unit:
    """A second approving office (the foreign-experts authority) with one admin."""
    safea = make_unit(
        "safea", UnitKind.OFFICE, name_zh="国家外国专家局", name_en="Foreign experts authority"
    )
    users["safea_admin"] = make_user("safea_admin", safea, Role.OFFICE_ADMIN)
    return safea
