"""The workflow toolkit every app's services use: one way to save with history, lock a row and
check again, refuse with a reason, and notify.

A state change is one service function in one transaction: lock the record (`lock`), ask the
workflow's table of actions whether this user may do this now (`Workflow.require`), change it
(`save`, which validates and writes history naming who and why), and `notify` (in-app now,
e-mail once the transaction commits). Each workflow has ONE `Workflow` table — who may act, from
which states, with which inputs, through which service — read by the services, the pages (which
buttons, which form) and the API (one typed operation per action).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import OFFICE_ROLES, Notification, User
from .scoping import scope_for
from .text import source_text

M = TypeVar("M", bound=models.Model)
StrOrPromise = str | Promise


class TransitionError(ValidationError):
    """The action is not possible from this state, at this time, or with this data."""


@dataclass(frozen=True)
class Refusal:
    """Why an action is not possible: `forbidden` (not yours to do), `state` (not from this
    state), or `deadline` (not at this time)."""

    kind: str
    message: str

    def raise_(self) -> None:
        if self.kind == "forbidden":
            raise PermissionDenied(self.message)
        raise TransitionError(self.message, code=self.kind)


def require(refusal: Refusal | None) -> None:
    """Raise the refusal, if there is one."""
    if refusal is not None:
        refusal.raise_()


def require_office(user) -> None:
    if not scope_for(user).is_office:
        raise PermissionDenied(_("Only the programme office may do this."))


def stored_reason(reason: StrOrPromise) -> str:
    """A history reason as it is stored: the untranslated source text, so each reader sees it in
    their own language (`history.reason_label`), not in the writer's."""
    return source_text(reason)


def save(
    obj: models.Model, user, reason: StrOrPromise, exclude: Iterable[str] | None = None
) -> None:
    """Validate and save `obj`, its history entry naming `user` and `reason`: a lazy, untranslated
    text (`pgettext_lazy("history", ...)` or a choice label)."""
    obj.full_clean(exclude=list(exclude or []))
    obj._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    obj._change_reason = stored_reason(reason)  # type: ignore[attr-defined]
    obj.save()


def delete(obj: models.Model, user, reason: StrOrPromise) -> None:
    obj._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    obj._change_reason = stored_reason(reason)  # type: ignore[attr-defined]
    obj.delete()


def lock(obj: M, *related: str) -> M:
    """Re-read `obj` under a row lock, so the check and the change see one row."""
    qs = type(obj)._default_manager.select_for_update()
    if related:
        qs = qs.select_related(*related)
    return qs.get(pk=obj.pk)


def members(unit_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    """The active users acting for any of the units in any of the roles."""
    return list(
        User.objects.filter(
            memberships__unit_id__in=list(unit_ids),
            memberships__role__in=list(roles),
            is_active=True,
        ).distinct()
    )


def office_members(unit_ids: Iterable[int]) -> list[User]:
    return members(unit_ids, OFFICE_ROLES)


def notify(
    recipients: Iterable[User | None],
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """In-app notifications now, in this transaction; e-mail once it commits (a rolled-back
    change sends nothing)."""
    people = [user for user in recipients if user is not None]
    notes = Notification.objects.bulk_create(
        Notification(recipient=user, title=title[:300], body=body, url=url) for user in people
    )
    addresses = sorted({user.email for user in people if user.email})
    if email and addresses:
        message = body + (f"\n\n{url}" if url else "")

        def send() -> None:
            for address in addresses:
                send_mail(title, message, None, [address], fail_silently=True)

        transaction.on_commit(send)
    return notes


# --- tables of actions ---------------------------------------------------------------------------

O = TypeVar("O", bound=models.Model)  # noqa: E741 - the workflow's object


@dataclass(frozen=True)
class Input:
    """One thing an action asks for: its name, its type (for the API schema), whether it is
    required, and what it means (for the form label and the API description)."""

    name: str
    type: Any
    label: str | Promise
    required: bool = False
    choices: Any = None  # a TextChoices class, when the value is one of them
    description: str | Promise = ""
    min_value: Any = None
    max_value: Any = None
    multiline: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class Action(Generic[O]):
    """One step of a workflow: its name (also its API path), who may take it (`actor`, a
    predicate on (object, user)), from which states, what it asks for, which service does it,
    and how the page shows it."""

    name: str
    label: str | Promise
    actor: Callable[[Any, Any], bool]
    from_states: Sequence[str]
    service: str
    inputs: tuple[Input, ...] = ()
    done: str | Promise = ""
    style: str = "outline-primary"
    past: str | Promise = ""  # "recommended", for "it cannot be recommended"
    summary: str = ""  # the API operation's one line (English: OpenAPI is not translated)
    offered: bool = True  # a button on the page and an operation in the API (else a check only)
    forbidden: str | Promise = ""  # why not, to one who may not (else the workflow's message)


@dataclass
class Workflow(Generic[O]):
    """The one table of a workflow's actions. `extra_rules` are checks beyond who and from which
    state (deadlines, signatures), in the lower layer's own code; `guards` are checks a higher
    layer registers (e.g. expert review makes the manual score give way)."""

    name: str
    state_field: str
    actions: dict[str, Action[O]]
    extra_rules: Callable[[O, Action[O], Any], Refusal | None] | None = None
    guards: list[Callable[[O, str, Any], Refusal | None]] = field(default_factory=list)
    forbidden_message: str | Promise = gettext_lazy("You may not do this to this record.")
    state_message: str | Promise = gettext_lazy(
        "This record is %(state)s: it cannot be %(action)s."
    )

    def __getitem__(self, name: str) -> Action[O]:
        return self.actions[name]

    def __iter__(self):
        return iter(self.actions.values())

    def refusal(self, obj: O, name: str, user) -> Refusal | None:
        """None if `user` may take action `name` on `obj` now; otherwise why not."""
        action = self.actions[name]
        if not action.actor(obj, user):
            return Refusal("forbidden", str(action.forbidden or self.forbidden_message))
        state = getattr(obj, self.state_field)
        if state not in action.from_states:
            display = getattr(obj, f"get_{self.state_field}_display")()
            return Refusal(
                "state",
                str(self.state_message)
                % {"state": str(display).lower(), "action": action.past or action.name},
            )
        if self.extra_rules is not None:
            found = self.extra_rules(obj, action, user)
            if found is not None:
                return found
        for guard in self.guards:
            found = guard(obj, name, user)
            if found is not None:
                return found
        return None

    def may_act(self, obj: O, name: str, user) -> bool:
        """Whether `user` is among those who may take this action (whatever the state)."""
        return self.actions[name].actor(obj, user)

    def can(self, obj: O, name: str, user) -> bool:
        return self.refusal(obj, name, user) is None

    def require(self, obj: O, name: str, user) -> None:
        require(self.refusal(obj, name, user))

    def available(self, obj: O, user) -> list[Action[O]]:
        return [a for a in self.actions.values() if self.refusal(obj, a.name, user) is None]


def perform(
    workflow: Workflow,
    services: Mapping[str, Callable[..., Any]],
    user,
    obj,
    name: str,
    data: Mapping[str, Any] | None = None,
) -> Any:
    """Take the offered action `name` with its inputs from `data` (what a page's form or an API
    body carried), through the service the table names: the one way pages and API act."""
    action = workflow[name]
    if not action.offered:
        raise KeyError(name)
    data = data or {}
    inputs = {}
    for spec in action.inputs:
        value = data.get(spec.name)
        inputs[spec.name] = ("" if spec.type is str else None) if value is None else value
    return services[action.service](user, obj, **inputs)
