"""The office configures programmes and calls: window, criteria, rubric, quotas, announcement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.models import Unit, UnitKind
from hezuo.core.workflow import (
    TransitionError,
    delete,
    require_office,
    save,
)

from ..access import reach_for
from ..criteria_templates import TEMPLATES
from ..models import (
    Application,
    Call,
    CallStatus,
    EligibilityCriterion,
    Programme,
    Quota,
    RubricCriterion,
)
from .common import _lock_call, _now

# --- programmes and calls -------------------------------------------------------------------------

CALL_FIELDS = {
    "programme",
    "code",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "kind",
    "base_kind",
    "year",
    "opens_at",
    "closes_at",
    "recommend_by",
    "priority_fields",
    "required_attachments",
    "eligible_org_kinds",
    "max_amount",
    "max_duration_months",
    "designation_years",
    "rubric_scale",
}
# What may still change once a call is announced: its texts and its dates.
CALL_FIELDS_AFTER_ANNOUNCEMENT = {
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "closes_at",
    "recommend_by",
}


def _check_offices(offices: Sequence[Unit]) -> None:
    if not 1 <= len(offices) <= 2:
        raise ValidationError(
            {"approving_offices": _("A call is approved by one office or jointly by two.")}
        )
    if any(o.kind != UnitKind.OFFICE for o in offices):
        raise ValidationError({"approving_offices": _("Only programme offices approve calls.")})


@transaction.atomic
def create_programme(user, data: dict[str, Any]) -> Programme:
    require_office(user)
    programme = Programme(**data)
    save(programme, user, pgettext_lazy("history", "created"))
    return programme


@transaction.atomic
def create_call(
    user, data: dict[str, Any], offices: Sequence[Unit], template: str | None = None
) -> Call:
    require_office(user)
    unknown = set(data) - CALL_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    offices = list(offices)
    _check_offices(offices)
    call = Call(**data, status=CallStatus.DRAFT)
    save(call, user, pgettext_lazy("history", "created"))
    call.approving_offices.set(offices)
    if template:
        _apply_template(user, call, template)
    return call


@transaction.atomic
def update_call(
    user, call: Call, data: dict[str, Any], offices: Sequence[Unit] | None = None
) -> Call:
    call = _lock_call(call)
    if not call.can_edit(user):
        if not reach_for(user).is_office:
            raise PermissionDenied(_("Only the programme office may do this."))
        raise TransitionError(_("The results of this call are published; it is closed."))
    allowed = CALL_FIELDS if call.status == CallStatus.DRAFT else CALL_FIELDS_AFTER_ANNOUNCEMENT
    changed = {k for k, v in data.items() if getattr(call, k, None) != v}
    refused = changed - allowed
    if refused:
        raise TransitionError(
            _("Once a call is announced only its texts and deadlines change (not: %(f)s).")
            % {"f": ", ".join(sorted(refused))}
        )
    for name in changed:
        setattr(call, name, data[name])
    save(call, user, pgettext_lazy("history", "updated"))
    if offices is not None:
        offices = list(offices)
        if {o.pk for o in offices} != set(call.approving_offices.values_list("pk", flat=True)):
            if call.status != CallStatus.DRAFT:
                raise TransitionError(
                    _("The approving offices are fixed once a call is announced.")
                )
            _check_offices(offices)
            call.approving_offices.set(offices)
    return call


def _require_configurable(user, call: Call) -> None:
    if not reach_for(user).is_office:
        raise PermissionDenied(_("Only the programme office may do this."))
    if call.status != CallStatus.DRAFT:
        raise TransitionError(
            _("Criteria, rubric and offices are settled once a call is announced.")
        )


def _apply_template(user, call: Call, code: str) -> None:
    template = TEMPLATES.get(code)
    if template is None:
        raise ValidationError(_("There is no template %(code)s.") % {"code": code})
    for criterion in call.criteria.all():
        delete(criterion, user, pgettext_lazy("history", "replaced by a template"))
    for i, spec in enumerate(template.criteria, start=1):
        save(
            EligibilityCriterion(
                call=call,
                order=i,
                code=spec.code,
                text_zh=spec.text_zh,
                text_en=spec.text_en,
                mode=spec.mode,
                rule=spec.rule,
                evidence_required=spec.evidence_required,
            ),
            user,
            pgettext_lazy("history", "from a template"),
        )
    if not call.rubric.exists():
        for i, row in enumerate(template.rubric, start=1):
            save(
                RubricCriterion(
                    call=call,
                    order=i,
                    name_zh=row.name_zh,
                    name_en=row.name_en,
                    weight=row.weight,
                ),
                user,
                pgettext_lazy("history", "from a template"),
            )


@transaction.atomic
def apply_template(user, call: Call, code: str) -> Call:
    """Replace the call's criteria with a shipped template (and fill an empty rubric)."""
    call = _lock_call(call)
    _require_configurable(user, call)
    _apply_template(user, call, code)
    return call


@transaction.atomic
def add_criterion(user, call: Call, data: dict[str, Any]) -> EligibilityCriterion:
    call = _lock_call(call)
    _require_configurable(user, call)
    data.setdefault("order", call.criteria.count() + 1)
    criterion = EligibilityCriterion(call=call, **data)
    save(criterion, user, pgettext_lazy("history", "created"))
    return criterion


@transaction.atomic
def remove_criterion(user, criterion: EligibilityCriterion) -> None:
    call = _lock_call(criterion.call)
    _require_configurable(user, call)
    delete(criterion, user, pgettext_lazy("history", "deleted"))


@transaction.atomic
def set_rubric(user, call: Call, rows: Sequence[dict[str, Any]]) -> list[RubricCriterion]:
    """Replace the rubric. Weights are percentages and add up to 100."""
    call = _lock_call(call)
    _require_configurable(user, call)
    total = sum(int(r.get("weight") or 0) for r in rows)
    if rows and total != 100:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": total}
        )
    for old in call.rubric.all():
        delete(old, user, pgettext_lazy("history", "rubric replaced"))
    created = []
    for i, row in enumerate(rows, start=1):
        criterion = RubricCriterion(call=call, order=i, **row)
        save(criterion, user, pgettext_lazy("history", "rubric replaced"))
        created.append(criterion)
    return created


@transaction.atomic
def set_quota(user, call: Call, unit: Unit, limit: int) -> Quota:
    """Set a recommending unit's quota. It can grow, or shrink down to what the unit has already
    recommended, until the recommending deadline."""
    require_office(user)
    call = _lock_call(call)
    if call.status == CallStatus.FINISHED or (
        call.status == CallStatus.ANNOUNCED and _now() >= call.recommend_by
    ):
        raise TransitionError(_("Quotas are fixed once recommendations are due."))
    if unit.kind != UnitKind.RECOMMENDER:
        raise ValidationError({"unit": _("Quotas are given to recommending units.")})
    if limit < 0:
        raise ValidationError({"limit": _("A quota cannot be negative.")})
    quota = Quota.objects.select_for_update().filter(call=call, unit=unit).first()
    used = recommended_count(call, unit)
    if limit < used:
        raise ValidationError(
            {
                "limit": _("%(unit)s has already recommended %(used)s applications.")
                % {"unit": unit, "used": used}
            }
        )
    if quota is None:
        quota = Quota(call=call, unit=unit, limit=limit)
    quota.limit = limit
    save(quota, user, pgettext_lazy("history", "quota set"))
    return quota


def recommended_count(call: Call, unit: Unit | int) -> int:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return Application.objects.filter(
        call=call, recommending_unit_id=unit_id, recommended_at__isnull=False
    ).count()


def announcement_problems(call: Call) -> list[str]:
    problems = []
    offices = call.approving_offices.count()
    if not 1 <= offices <= 2:
        problems.append(_("A call is approved by one office or jointly by two."))
    if call.closes_at <= _now():
        problems.append(_("The call's closing date has passed."))
    weights = [r.weight for r in call.rubric.all()]
    if not weights:
        problems.append(_("The call has no review rubric."))
    elif sum(weights) != 100:
        problems.append(
            _("The rubric's weights add up to %(total)s, not 100.") % {"total": sum(weights)}
        )
    return problems


@transaction.atomic
def announce_call(user, call: Call) -> Call:
    call = _lock_call(call)
    if not reach_for(user).is_office:
        raise PermissionDenied(_("Only the programme office may do this."))
    if call.status != CallStatus.DRAFT:
        raise TransitionError(_("This call has already been announced."))
    problems = announcement_problems(call)
    if problems:
        raise TransitionError(problems)
    call.status = CallStatus.ANNOUNCED
    call.announced_at = _now()
    save(call, user, pgettext_lazy("history", "announced"))
    return call
