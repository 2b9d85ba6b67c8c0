"""One API operation per action of a workflow table (`hezuo.core.workflow.Workflow`): each with
its own path (`.../{id}/recommend/`) and its own request schema made from the action's inputs,
so the OpenAPI shows every step and what it needs.

Who may take the step is checked right after authentication, before the body is read: a caller
who may not take it gets 403 (404 outside their reach), never a 422 about a body they may not
send."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from ninja import Field, Router, Schema
from pydantic import create_model

from .api import ObjectIn, RecordId
from .api_auth import guarded
from .workflow import Action, Input, Workflow


def _english(text) -> str:
    # The OpenAPI document is in English, whoever asks for it.
    with translation.override("en"):
        return str(text)


def _schema_field(spec: Input) -> tuple[Any, Any]:
    kind: Any = spec.choices if spec.choices is not None else spec.type
    bounds: dict[str, Any] = {}
    if spec.min_value is not None:
        bounds["ge"] = Decimal(spec.min_value)
    if spec.max_value is not None:
        bounds["le"] = Decimal(spec.max_value)
    if spec.max_length is not None:
        bounds["max_length"] = spec.max_length
    description = _english(spec.description or spec.label)
    if spec.required:
        return kind, Field(..., description=description, **bounds)
    if kind is str:
        return str, Field("", description=description, **bounds)
    return kind | None, Field(None, description=description, **bounds)


def action_schema(workflow: Workflow, action: Action) -> type[Schema]:
    """The request body of one action, made from its inputs."""
    words = [workflow.name, *action.name.split("-")]
    name = "".join(word.title() for word in words) + "In"
    fields = {spec.name: _schema_field(spec) for spec in action.inputs}
    return create_model(name, __base__=ObjectIn, **fields)


def add_workflow_operations(
    router: Router,
    workflow: Workflow,
    *,
    path: str,
    find: Callable[[Any, int], Any],
    perform: Callable[[Any, Any, str, dict], Any],
    answer: Callable[[Any, Any, Any], Any],
    response: dict,
    operation_suffix: str,
) -> None:
    """`POST {path}/{id}/{action}/` for each offered action of `workflow`. `find(user, id)` is
    the record the caller may see (or None), `perform(user, record, name, data)` takes the
    action (through the app's services) and `answer(request, record, result)` is the reply —
    unless `perform` returned a response already (a refusal)."""

    def check_for(action: Action):
        def check(request, user) -> None:
            record = find(user, request.resolver_match.kwargs.get("id"))
            if record is None:
                raise Http404
            if not workflow.may_act(record, action.name, user):
                raise PermissionDenied(str(workflow.forbidden_message))

        return check

    def finish(request, id: int, action: Action, data: dict):
        record = find(request.auth_user, id)
        if record is None:
            raise Http404
        result = perform(request.auth_user, record, action.name, data)
        if getattr(result, "status_code", None) is not None:
            return result
        return answer(request, record, result)

    def operation(action: Action):
        if action.inputs:
            body = action_schema(workflow, action)

            def with_body(request, id: RecordId, payload: body):  # type: ignore[valid-type]
                return finish(request, id, action, payload.model_dump())

            return with_body

        def without_body(request, id: RecordId):
            return finish(request, id, action, {})

        return without_body

    for action in workflow:
        if not action.offered:
            continue
        router.post(
            f"{path}/{{int:id}}/{action.name}/",
            response=response,
            operation_id=f"{action.name.replace('-', '_')}_{operation_suffix}",
            summary=action.summary or _english(action.label),
            auth=guarded(check_for(action)),
        )(operation(action))
