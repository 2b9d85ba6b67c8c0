"""Institutions apply: drafts, partners, budget, attachments, eligibility answers, submission."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.models import Role, Unit, UnitKind
from hezuo.core.uploads import KIND_DOCX, KIND_PDF, KIND_XLSX, check_upload, safe_storage_name
from hezuo.core.workflow import (
    TransitionError,
    delete,
    lock,
    members,
    notify,
    save,
)
from hezuo.portfolio.models import next_code

from ..access import ancestors, reach_for
from ..models import (
    Application,
    Attachment,
    AttachmentKind,
    BudgetItem,
    BudgetLine,
    BudgetSource,
    Call,
    CriterionMode,
    EligibilityAnswer,
    EligibilityCriterion,
    EventAction,
    Partner,
)
from ..rules import attachments_present, budget_balanced, evaluate_criterion
from ..workflow import APPLICATION
from .common import S, _decimal, _event, _move, _now

ATTACHMENT_TYPES = {KIND_PDF, KIND_DOCX, KIND_XLSX}

# --- applications: the applicant's side -----------------------------------------------------------

APPLICATION_FIELDS = {
    "title_zh",
    "title_en",
    "abstract_zh",
    "abstract_en",
    "keywords",
    "disciplines",
    "field",
    "duration_months",
    "requested_amount",
}


def recommending_unit_for(unit: Unit) -> Unit | None:
    return next((u for u in ancestors(unit) if u.kind == UnitKind.RECOMMENDER), None)


@transaction.atomic
def create_application(
    user, call: Call, data: dict[str, Any] | None = None, unit: Unit | None = None
) -> Application:
    reach = reach_for(user)
    if not reach.applicant_units:
        raise PermissionDenied(_("You do not apply for this institution."))
    if unit is None:
        units = list(Unit.objects.filter(pk__in=reach.applicant_units, kind=UnitKind.INSTITUTION))
        if len(units) != 1:
            raise ValidationError({"applicant_unit": _("Say which institution applies.")})
        unit = units[0]
    if unit.pk not in reach.applicant_units:
        raise PermissionDenied(_("You do not apply for this institution."))
    if unit.kind != UnitKind.INSTITUTION:
        raise ValidationError({"applicant_unit": _("Applications come from institutions.")})
    call = Call.objects.get(pk=call.pk)
    if not call.accepts_drafts():
        raise TransitionError(_("This call is not accepting applications."))
    recommending = recommending_unit_for(unit)
    if recommending is None:
        raise TransitionError(_("Your institution is not attached to a recommending unit."))
    data = dict(data or {})
    unknown = set(data) - APPLICATION_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    app = Application(
        call=call,
        applicant_unit=unit,
        recommending_unit=recommending,
        organisation=unit.organisation,
        created_by=user,
        **data,
    )
    save(app, user, pgettext_lazy("history", "created"))
    _event(app, user, EventAction.CREATED, "")
    return app


@transaction.atomic
def update_application(user, app: Application, data: dict[str, Any]) -> Application:
    app = lock(app)
    APPLICATION.require(app, "edit", user)
    unknown = set(data) - APPLICATION_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(app, name, value)
    save(app, user, pgettext_lazy("history", "updated"))
    return app


@transaction.atomic
def delete_draft(user, app: Application) -> None:
    app = lock(app)
    APPLICATION.require(app, "delete", user)
    for attachment in app.attachments.all():
        attachment.file.delete(save=False)
    delete(app, user, pgettext_lazy("history", "draft deleted"))


PARTNER_FIELDS = {
    "organisation",
    "name",
    "country",
    "role",
    "agreement",
    "agreement_signed_on",
    "ip_arrangement",
    "commits_technology",
    "commits_people",
    "commits_equipment",
    "commits_money",
}


def _partner_data(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - PARTNER_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = dict(data)
    org = data.get("organisation")
    if org is not None and data.get("country") is None and org.country_id:
        data["country"] = org.country
    return data


@transaction.atomic
def add_partner(user, app: Application, data: dict[str, Any]) -> Partner:
    app = lock(app)
    APPLICATION.require(app, "edit", user)
    partner = Partner(application=app, **_partner_data(data))
    save(partner, user, pgettext_lazy("history", "created"))
    return partner


@transaction.atomic
def update_partner(user, partner: Partner, data: dict[str, Any]) -> Partner:
    app = lock(partner.application)
    APPLICATION.require(app, "edit", user)
    partner = Partner.objects.get(pk=partner.pk, application=app)
    for name, value in _partner_data(data).items():
        setattr(partner, name, value)
    save(partner, user, pgettext_lazy("history", "updated"))
    return partner


@transaction.atomic
def remove_partner(user, partner: Partner) -> None:
    app = lock(partner.application)
    APPLICATION.require(app, "edit", user)
    delete(partner, user, pgettext_lazy("history", "deleted"))


@transaction.atomic
def set_budget(user, app: Application, lines: Sequence[dict[str, Any]]) -> list[BudgetLine]:
    """Replace the budget: lines of source, item (a `BudgetItem`, or empty: not itemised), note
    and amount."""
    app = lock(app)
    APPLICATION.require(app, "edit", user)
    built = []
    for i, row in enumerate(lines, start=1):
        source = row.get("source")
        if source not in BudgetSource.values:
            raise ValidationError(_("Line %(n)s: unknown source of funds.") % {"n": i})
        item = row.get("item") or ""
        if item not in BudgetItem.values and item != "":
            raise ValidationError(_("Line %(n)s: unknown budget item.") % {"n": i})
        amount = _decimal(row.get("amount"), "amount")
        if amount is None or amount < 0:
            raise ValidationError(_("Line %(n)s: the amount must be zero or more.") % {"n": i})
        note = str(row.get("note") or "")[:200]
        built.append(
            BudgetLine(application=app, source=source, item=item, note=note, amount=amount)
        )
    for old in app.budget_lines.all():
        delete(old, user, pgettext_lazy("history", "budget replaced"))
    for line in built:
        save(line, user, pgettext_lazy("history", "budget replaced"))
    return built


@transaction.atomic
def add_attachment(
    user, app: Application, uploaded: UploadedFile, kind: str, title: str = ""
) -> Attachment:
    """Store an upload after checking its size and sniffing its type from the content."""
    app = lock(app)
    APPLICATION.require(app, "edit", user)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Unknown kind of attachment.")})
    file_type = check_upload(uploaded, ATTACHMENT_TYPES)
    original = safe_storage_name(uploaded.name or "upload").split("_", 1)[1]
    attachment = Attachment(
        application=app,
        kind=kind,
        title=title[:200],
        original_name=original[:200],
        file_type=file_type,
        size=uploaded.size or 0,
        uploaded_by=user,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    try:
        save(attachment, user, pgettext_lazy("history", "uploaded"))
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(user, attachment: Attachment) -> None:
    app = lock(attachment.application)
    APPLICATION.require(app, "edit", user)
    storage, name = attachment.file.storage, attachment.file.name
    delete(attachment, user, pgettext_lazy("history", "deleted"))
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_answer(
    user,
    app: Application,
    criterion: EligibilityCriterion,
    declared: bool,
    statement: str = "",
    evidence: Attachment | None = None,
) -> EligibilityAnswer:
    app = lock(app)
    APPLICATION.require(app, "edit", user)
    if criterion.call_id != app.call_id or criterion.mode != CriterionMode.SELF_DECLARED:
        raise ValidationError(_("This condition is not one the applicant declares."))
    if evidence is not None and evidence.application_id != app.pk:
        raise ValidationError({"evidence": _("The evidence must be attached to this application.")})
    answer = EligibilityAnswer.objects.filter(application=app, criterion=criterion).first()
    answer = answer or EligibilityAnswer(application=app, criterion=criterion)
    answer.declared = bool(declared)
    answer.statement = statement
    answer.evidence = evidence
    save(answer, user, pgettext_lazy("history", "declared"))
    return answer


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def submission_problems(app: Application) -> list[Problem]:
    """Everything an application still lacks before it can be submitted."""
    p: list[Problem] = []
    labels = {
        "title_zh": _("Give the title in Chinese."),
        "title_en": _("Give the title in English."),
        "abstract_zh": _("Give the abstract in Chinese."),
        "abstract_en": _("Give the abstract in English."),
    }
    for name, message in labels.items():
        if not getattr(app, name).strip():
            p.append(Problem(name, message))
    if not app.keywords:
        p.append(Problem("keywords", _("Give at least one keyword.")))
    if not app.field:
        p.append(Problem("field", _("Choose the field.")))
    if not app.duration_months:
        p.append(Problem("duration_months", _("Give the duration.")))
    elif app.call.max_duration_months and app.duration_months > app.call.max_duration_months:
        p.append(
            Problem(
                "duration_months",
                _("The call funds at most %(n)s months.") % {"n": app.call.max_duration_months},
            )
        )
    if app.requested_amount is None:
        p.append(Problem("requested_amount", _("Give the central funding requested.")))
    if not app.partners.exists():
        p.append(Problem("partners", _("List at least one foreign partner.")))
    finding = budget_balanced(app)
    if not finding.passed:
        p.append(Problem("budget", finding.detail))
    finding = attachments_present(app)
    if not finding.passed:
        p.append(Problem("attachments", finding.detail))
    answers = {a.criterion_id: a for a in app.answers.all()}
    for criterion in app.call.criteria.filter(mode=CriterionMode.SELF_DECLARED):
        finding = evaluate_criterion(app, criterion, answers)
        if not finding.passed:
            p.append(Problem(f"criterion:{criterion.code}", f"{criterion.text}: {finding.detail}"))
    return p


@transaction.atomic
def submit(user, app: Application) -> Application:
    app = lock(app)
    APPLICATION.require(app, "submit", user)
    problems = submission_problems(app)
    if problems:
        raise TransitionError([str(p) for p in problems], code="incomplete")
    was = app.state
    now = _now()
    fields: dict[str, Any] = {"submitted_at": now, "return_reason": "", "returned_at": None}
    if not app.number:
        fields["number"] = next_code(app.call.code.upper())
    _move(user, app, S.SUBMITTED, EventAction.SUBMITTED, **fields)
    notify(
        members([app.recommending_unit_id], [Role.RECOMMENDER]),
        _("%(number)s was %(what)s and awaits your recommendation")
        % {
            "number": app.number,
            "what": _("resubmitted") if was == S.RETURNED else _("submitted"),
        },
        app.title,
        app.get_absolute_url(),
        email=False,
    )
    return app


@transaction.atomic
def withdraw(user, app: Application, note: str = "") -> Application:
    app = lock(app)
    APPLICATION.require(app, "withdraw", user)
    _move(user, app, S.WITHDRAWN, EventAction.WITHDRAWN, note, withdrawn_at=_now())
    return app
