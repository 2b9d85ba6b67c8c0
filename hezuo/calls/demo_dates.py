"""Where the demo's calls stand in their year: once a call's dates are set to its phase, each
application's milestones are laid out along them, so that a call closed a year ago shows
applications submitted then, decided weeks later, and projects starting on their own days — not
everything on the day the demo was built.

A demo-only shortcut, written straight to the database (the services stamp the time they run).
The history tables keep the day the demo was loaded: that is when these records entered the
platform.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from hezuo.portfolio.models import Base, Project

from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    Call,
    CallStatus,
    Decision,
    EventAction,
    FormalCheckItem,
    Signature,
)

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
SELECTION_DAYS = 75  # from the recommendations' deadline to the published results


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between two (a little after `start` when they are in the wrong order)."""
    if end <= start:
        return start + timedelta(minutes=rng.randint(5, 90))
    seconds = (end - start).total_seconds()
    return start + timedelta(seconds=rng.uniform(0.05, 0.95) * seconds)


def _add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _office_hours(moment: datetime, rng: random.Random, latest: datetime | None = None):
    """The same day, between nine and six local time (offices work then), not after `latest`."""
    local = timezone.localtime(moment)
    moment = local.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59), second=0)
    if latest is not None and moment > latest:
        moment = latest - timedelta(minutes=rng.randint(10, 120))
    return moment


def settle_dates(rng: random.Random, call: Call, phase: str) -> None:
    now = timezone.now()
    if phase == "draft":
        start = date(timezone.localdate().year + 1, 3, 1)
        opens = timezone.make_aware(datetime(start.year, start.month, start.day, 9))
        Call.objects.filter(pk=call.pk).update(
            opens_at=opens, closes_at=opens + 45 * DAY, recommend_by=opens + 75 * DAY
        )
        return
    announced = _office_hours(call.opens_at - rng.randint(10, 25) * DAY, rng, now - HOUR)
    Call.objects.filter(pk=call.pk).update(announced_at=announced)
    # The selection runs from the recommendations' deadline to the results (or to today).
    end = call.recommend_by + SELECTION_DAYS * DAY if phase == "finished" else now - DAY
    published = _office_hours(end, rng) if phase == "finished" else None
    for app in call.applications.order_by("pk"):
        _settle_application(rng, call, app, announced, end, published, now)
    if published is not None and call.status == CallStatus.FINISHED:
        Call.objects.filter(pk=call.pk).update(finished_at=published)


def _settle_application(rng, call, app, announced, end, published, now) -> None:
    t: dict[str, datetime] = {}
    closes = min(call.closes_at, now - HOUR)
    if app.submitted_at is None:  # a draft
        t["created"] = _between(rng, max(announced, call.opens_at - 10 * DAY), now - HOUR)
    else:
        t["submitted"] = _office_hours(_between(rng, call.opens_at + DAY, closes), rng, closes)
        t["created"] = t["submitted"] - rng.randint(3, 20) * DAY
        t["created"] = max(t["created"], announced + HOUR)
    recommend_by = min(call.recommend_by, now - HOUR)
    if app.returned_at:
        t["returned"] = _between(rng, t["submitted"], min(t["submitted"] + 8 * DAY, recommend_by))
    if app.withdrawn_at:
        t["withdrawn"] = _between(rng, t["submitted"], min(t["submitted"] + 8 * DAY, closes))
    if app.recommended_at:
        t["recommended"] = _office_hours(
            _between(rng, max(t["submitted"], call.closes_at), recommend_by), rng, recommend_by
        )
        t["ranked"] = t["recommended"] - HOUR
    span = end - call.recommend_by
    if app.checked_at:
        t["checked"] = call.recommend_by + span * rng.uniform(0.03, 0.10)
        t["accepted"] = t["checked"] + 2 * HOUR
    if app.events.filter(action=EventAction.REVIEW_STARTED).exists():
        t["review_started"] = call.recommend_by + span * rng.uniform(0.12, 0.16)
    if app.score is not None:
        t["scored"] = call.recommend_by + span * rng.uniform(0.62, 0.70)
    decision = Decision.objects.filter(application=app).first()
    signatures: list[datetime] = []
    if decision is not None:
        t["proposed"] = call.recommend_by + span * rng.uniform(0.74, 0.80)
        moment = t["proposed"]
        for _signature in decision.signatures.all():
            moment = moment + span * rng.uniform(0.02, 0.06)
            signatures.append(moment)
        if decision.final_at:
            t["decided"] = signatures[-1] if signatures else moment
    if app.published_at and published is not None:
        t["published"] = published
    _write(rng, app, t, decision, signatures)


# event action → the milestone it happened at
EVENT_MILESTONE = {
    EventAction.CREATED: "created",
    EventAction.SUBMITTED: "submitted",
    EventAction.WITHDRAWN: "withdrawn",
    EventAction.RANKED: "ranked",
    EventAction.RECOMMENDED: "recommended",
    EventAction.RETURNED: "returned",
    EventAction.CHECK_CONFIRMED: "checked",
    EventAction.ACCEPTED: "accepted",
    EventAction.REJECTED: "accepted",
    EventAction.REVIEW_STARTED: "review_started",
    EventAction.SCORED: "scored",
    EventAction.DECISION_PROPOSED: "proposed",
    EventAction.DECIDED: "decided",
    EventAction.PUBLISHED: "published",
}


def _write(rng, app: Application, t: dict[str, datetime], decision, signatures) -> None:
    signed = iter(signatures)
    for event in app.events.order_by("at", "pk"):
        if event.action == EventAction.SIGNED:
            at = next(signed, None)
        else:
            at = t.get(EVENT_MILESTONE.get(event.action, ""))
        if at is not None:
            ApplicationEvent.objects.filter(pk=event.pk).update(at=at)
    fields = {
        "created": t["created"],
        "updated": max(t.values()),
        "submitted_at": t.get("submitted"),
        "withdrawn_at": t.get("withdrawn"),
        "returned_at": t.get("returned"),
        "recommended_at": t.get("recommended"),
        "checked_at": t.get("checked"),
        "decided_at": t.get("decided"),
        "published_at": t.get("published"),
    }
    Application.objects.filter(pk=app.pk).update(
        **{k: v for k, v in fields.items() if v is not None}
    )
    uploaded = t.get("submitted", t["created"]) - rng.randint(1, 48) * HOUR
    Attachment.objects.filter(application=app).update(uploaded=max(uploaded, t["created"]))
    if "checked" in t:
        FormalCheckItem.objects.filter(application=app, confirmed_at__isnull=False).update(
            confirmed_at=t["checked"]
        )
    if decision is not None:
        Decision.objects.filter(pk=decision.pk).update(
            proposed_at=t["proposed"], final_at=t.get("decided")
        )
        for signature, at in zip(decision.signatures.order_by("pk"), signatures, strict=True):
            Signature.objects.filter(pk=signature.pk).update(signed_at=at)
    if "published" in t:
        _settle_award(rng, app, t["published"])


def _settle_award(rng: random.Random, app: Application, published: datetime) -> None:
    """A project starts when its contract is signed, weeks after the results; a base is
    designated by the notice that publishes them."""
    day = timezone.localtime(published).date()
    for project in Project.objects.filter(application=app):
        start = day + rng.randint(20, 120) * DAY
        months = app.duration_months or 12
        Project.objects.filter(pk=project.pk).update(
            start=start, end=_add_months(start, months) - DAY
        )
    years = app.call.designation_years
    Base.objects.filter(application=app).update(
        valid_from=day, valid_to=_add_months(day, 12 * years)
    )
