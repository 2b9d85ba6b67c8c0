"""Projects and bases for tests: made directly (the directory does not care how a row came to be)
or, where the link to the application matters, by publishing an application through the calls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hezuo.calls.models import ApplicationState, CallKind
from hezuo.calls.tests.factories import advance, complete_application, country, make_call
from hezuo.core.models import Unit
from hezuo.portfolio.models import Base, BaseKind, BaseStatus, Project, ProjectStatus


def make_project(unit: Unit, code: str, countries: tuple[str, ...] = ("DE",), **fields) -> Project:
    project = Project.objects.create(
        code=code,
        title_zh=fields.pop("title_zh", f"项目{code}"),
        title_en=fields.pop("title_en", f"Project {code}"),
        unit=unit,
        field=fields.pop("field", "energy"),
        amount=fields.pop("amount", Decimal("120.50")),
        start=fields.pop("start", dt.date(2026, 1, 1)),
        end=fields.pop("end", dt.date(2028, 12, 31)),
        status=fields.pop("status", ProjectStatus.ACTIVE),
        **fields,
    )
    project.countries.set([country(iso2) for iso2 in countries])
    return project


def make_base(code: str, unit: Unit | None = None, **fields) -> Base:
    return Base.objects.create(
        code=code,
        name_zh=fields.pop("name_zh", f"基地{code}"),
        name_en=fields.pop("name_en", f"Base {code}"),
        kind=fields.pop("kind", BaseKind.JOINT_RESEARCH_CENTRE),
        unit=unit,
        field=fields.pop("field", "health"),
        valid_from=fields.pop("valid_from", dt.date(2025, 1, 1)),
        valid_to=fields.pop("valid_to", dt.date(2029, 12, 31)),
        status=fields.pop("status", BaseStatus.ACTIVE),
        **fields,
    )


def published_project(users: dict, units: dict, call=None) -> Project:
    """A project as the selection makes it: inst-a1's application, approved and published."""
    call = call or make_call(units, "open", code="2026-portfolio")
    app = complete_application(users["applicant"], call, units["inst-a1"], title_zh="中德氢能")
    return advance(app, ApplicationState.PUBLISHED, users).project


def published_base(users: dict, units: dict) -> Base:
    """A base as the selection makes it: inst-b1 designated a joint research centre."""
    call = make_call(
        units,
        "open",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.JOINT_RESEARCH_CENTRE,
        template="key_institution",
        code="2026-portfolio-base",
    )
    app = complete_application(users["applicant_b1"], call, units["inst-b1"])
    return advance(app, ApplicationState.PUBLISHED, users).base
