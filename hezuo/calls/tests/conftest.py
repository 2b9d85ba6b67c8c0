import pytest

from hezuo.calls.models import CallKind
from hezuo.portfolio.models import BaseKind

from .factories import complete_application, make_call


@pytest.fixture
def call(units):
    return make_call(units, "open")


@pytest.fixture
def designation_call(units):
    return make_call(
        units,
        "open",
        kind=CallKind.DESIGNATION,
        base_kind=BaseKind.JOINT_RESEARCH_CENTRE,
        template="key_institution",
        code="2026-base-1",
    )


@pytest.fixture
def draft_app(users, units, call):
    return complete_application(users["applicant"], call, units["inst-a1"])


def calls_api_mounted() -> bool:
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/api/v1/calls/")
    except Resolver404:
        return False
    return match.url_name != "api-fallback"


@pytest.fixture
def calls_api():
    """Skip (saying why) while hezuo/api.py does not mount the calls and portfolio routers."""
    if not calls_api_mounted():
        pytest.skip(
            "hezuo/api.py does not mount hezuo.calls.api.router and hezuo.portfolio.api.router yet"
        )


@pytest.fixture
def records(users, units, call):
    """One of each thing the scope tables point at: an open and a draft call, a draft and a
    submitted application of inst-a1, and a recommended one of inst-b1 (the other province)."""
    from hezuo.calls.models import ApplicationState as S

    from .factories import advance

    draft = complete_application(users["applicant"], call, units["inst-a1"])
    submitted = advance(
        complete_application(users["applicant"], call, units["inst-a1"]), S.SUBMITTED, users
    )
    recommended = advance(
        complete_application(users["applicant_b1"], call, units["inst-b1"]), S.RECOMMENDED, users
    )
    return {
        "call": call,
        "draft_call": make_call(units, "draft", code="2026-draft"),
        "draft": draft,
        "submitted": submitted,
        "recommended": recommended,
        "attachment": submitted.attachments.first(),
    }


@pytest.fixture
def keys(records) -> dict:
    """What the tables' `{placeholders}` stand for."""
    draft, draft_call = records["draft"], records["draft_call"]
    return {
        "call": records["call"].code,
        "programme": records["call"].programme.code,
        "draft_call": draft_call.code,
        "criterion": draft_call.criteria.get(code="ip").pk,
        "draft": draft.pk,
        "submitted": records["submitted"].pk,
        "recommended": records["recommended"].pk,
        "attachment": records["attachment"].pk,
        "draft_attachment": draft.attachments.first().pk,
        "partner": draft.partners.first().pk,
    }
