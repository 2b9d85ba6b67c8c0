"""One operation per step of the application workflow, made from the workflow's table
(`hezuo.calls.workflow.APPLICATION`): `POST /calls/applications/{id}/recommend/` and so on, each
with its own request schema, so the OpenAPI shows every step and what it needs.

Who may take the step is checked right after authentication, before the body is read: a caller
who may not recommend gets 403 (404 outside their reach), never a 422 about the body."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from ninja import Field, Router, Schema
from pydantic import create_model

from hezuo.core.api_auth import guarded
from hezuo.core.workflow import Action, Input

from .. import models as m
from .. import services
from ..workflow import APPLICATION
from .common import ACTION_ERRORS, ApplicationDetailOut, _detail, _run

router = Router(tags=["application workflow"])


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


def _schema_field(spec: Input) -> tuple[Any, Any]:
    kind: Any = spec.choices if spec.choices is not None else spec.type
    bounds = {}
    if spec.min_value is not None:
        bounds["ge"] = Decimal(spec.min_value)
    if spec.max_value is not None:
        bounds["le"] = Decimal(spec.max_value)
    description = _english(spec.description or spec.label)
    if spec.required:
        return kind, Field(..., description=description, **bounds)
    default = "" if kind is str else None
    return (kind if kind is str else kind | None), Field(default, description=description, **bounds)


def _schema(action: Action) -> type[Schema]:
    name = "".join(part.title() for part in action.name.split("-")) + "In"
    fields = {spec.name: _schema_field(spec) for spec in action.inputs}
    return create_model(name, __base__=Schema, **fields)


def _may_take(action: Action):
    def check(request, user) -> None:
        app_id = request.resolver_match.kwargs.get("id")
        app = m.Application.objects.visible_to(user).filter(pk=app_id).first()
        if app is None:
            raise Http404
        if not APPLICATION.may_act(app, action.name, user):
            raise PermissionDenied(str(APPLICATION.forbidden_message))

    return check


def _operation(action: Action):
    if action.inputs:
        body = _schema(action)

        def with_body(request, id: int, payload: body):  # type: ignore[valid-type]
            return _finish(request, id, action, payload.model_dump())

        return with_body

    def without_body(request, id: int):
        return _finish(request, id, action, {})

    return without_body


def _finish(request, id: int, action: Action, data: dict):
    app = m.Application.objects.visible_to(request.auth_user).get(pk=id)
    result = _run(services.perform, request.auth_user, app, action.name, data)
    if getattr(result, "status_code", None) is not None:  # a refusal (409)
        return result
    return _detail(request, app)


for _action in APPLICATION:
    if not _action.offered:
        continue
    router.post(
        f"/applications/{{int:id}}/{_action.name}/",
        response={200: ApplicationDetailOut, **ACTION_ERRORS},
        operation_id=f"{_action.name.replace('-', '_')}_application",
        summary=_action.summary,
        auth=guarded(_may_take(_action)),
    )(_operation(_action))
