"""Publication: an approved application becomes a project or a base, with a readable code."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hezuo.core.workflow import (
    TransitionError,
    lock,
    require_office,
    save,
)
from hezuo.portfolio.models import Base, Project, next_code

from ..models import (
    PIPELINE_STATES,
    Application,
    Call,
    CallKind,
    CallStatus,
    DecisionOutcome,
    EventAction,
)
from ..workflow import APPLICATION
from .common import S, _lock_call, _move, _notify_applicants, _now

# --- publication ----------------------------------------------------------------------------------


def _add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _award(user, app: Application) -> Project | Base:
    call = app.call
    series = f"{call.programme.code_prefix}{call.year}"
    today = timezone.localdate()
    if call.kind == CallKind.JOINT_PROJECT:
        months = app.duration_months or 12
        project = Project(
            code=next_code(series),
            title_zh=app.title_zh,
            title_en=app.title_en,
            application=app,
            call=call,
            unit=app.applicant_unit,
            organisation=app.organisation,
            field=app.field,
            amount=app.awarded_amount,
            start=today,
            end=_add_months(today, months) - timedelta(days=1),
        )
        save(project, user, pgettext_lazy("history", "awarded"))
        project.countries.set(app.partner_countries())
        return project
    base = Base(
        code=next_code(series),
        name_zh=app.title_zh,
        name_en=app.title_en,
        kind=call.base_kind,
        application=app,
        call=call,
        unit=app.applicant_unit,
        organisation=app.organisation,
        field=app.field,
        valid_from=today,
        valid_to=_add_months(today, 12 * call.designation_years),
    )
    save(base, user, pgettext_lazy("history", "designated"))
    return base


@transaction.atomic
def publish(user, app: Application) -> Application:
    """Publish a final decision: an approval becomes a Project or a Base. A second request for
    the same application finds it published and is refused; the one-to-one link from project or
    base to application makes a duplicate impossible even so."""
    app = lock(app)
    APPLICATION.require(app, "publish", user)
    award = _award(user, app) if app.outcome == DecisionOutcome.APPROVE else None
    _move(
        user,
        app,
        S.PUBLISHED,
        EventAction.PUBLISHED,
        award.code if award else "",
        published_at=_now(),
    )
    if award is not None:
        body = _("Awarded: %(code)s.") % {"code": award.code}
        if app.awarded_amount:
            body += " " + _("Amount: %(amount)s (10k CNY).") % {"amount": app.awarded_amount}
    else:
        body = str(app.get_outcome_display())
    _notify_applicants(
        app,
        _("Decision on %(number)s: %(outcome)s")
        % {"number": app.number, "outcome": app.get_outcome_display()},
        body,
    )
    return app


@transaction.atomic
def publish_results(user, call: Call) -> list[Application]:
    """Publish every final decision of a call; once nothing is left in the pipeline, the call's
    results are published and it closes."""
    require_office(user)
    call = _lock_call(call)
    if call.status != CallStatus.ANNOUNCED:
        raise TransitionError(_("Only an announced call publishes results."))
    published = [
        publish(user, app)
        for app in Application.objects.filter(call=call, state=S.DECIDED).order_by("pk")
    ]
    pending: tuple[str, ...] = PIPELINE_STATES
    if _now() >= call.recommend_by:
        # What its unit did not recommend in time can no longer move on: it waits for nothing.
        pending = tuple(s for s in PIPELINE_STATES if s not in (S.SUBMITTED, S.RETURNED))
    if not call.applications.filter(state__in=pending).exists() and _now() >= call.closes_at:
        call.status = CallStatus.FINISHED
        call.finished_at = _now()
        save(call, user, pgettext_lazy("history", "results published"))
    return published
