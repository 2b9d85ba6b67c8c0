"""Generic record actions shared by every app: create, update, delete — each one transaction that
checks permission, validates, saves, and leaves a history record naming who and why."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .workflow import StrOrPromise, delete, lock, save

M = TypeVar("M", bound=models.Model)

# A policy answers: may this user create/change/delete this record? Apps register one per model.
Policy = Callable[[Any, models.Model], bool]
_policies: dict[type[models.Model], Policy] = {}


# A create policy answers: may this user create records of this kind at all? (drives "New" buttons
# and import pages; each new record is still checked against the change policy).
CreatePolicy = Callable[[Any], bool]
_create_policies: dict[type[models.Model], CreatePolicy] = {}


def register_policy(
    model: type[models.Model], policy: Policy, create: CreatePolicy | None = None
) -> None:
    _policies[model] = policy
    if create is not None:
        _create_policies[model] = create


def registered_policy(model: type[models.Model]) -> Policy | None:
    return _policies.get(model)


def services_only(user, instance: models.Model) -> bool:
    """The policy of a record changed only through its own workflow services, never through
    the generic record pages and API: nobody may change it that way."""
    return False


def may_create(user, model: type[models.Model]) -> bool:
    if user is None or not user.is_authenticated:
        return False
    policy = _create_policies.get(model)
    return bool(policy and policy(user))


def can_change(user, instance: models.Model) -> bool:
    if user is None or not user.is_authenticated:
        return False
    policy = _policies.get(type(instance))
    return bool(policy and policy(user, instance))


def _require(user, instance: models.Model) -> None:
    if not can_change(user, instance):
        raise PermissionDenied(_("You may not change this record."))


def _apply(instance: M, data: dict[str, Any]) -> M:
    """Set the fields; an empty value (None) for a field that cannot be null is refused naming
    the field (full_clean skips blank-able fields, so the database would refuse it instead)."""
    errors = {}
    for name, value in data.items():
        if value is None:
            field = instance._meta.get_field(name)
            if isinstance(field, models.Field) and not field.null and not field.many_to_many:
                errors[name] = field.error_messages["null"]
                continue
        setattr(instance, name, value)
    if errors:
        raise ValidationError(errors)
    return instance


def _set_m2m(instance: models.Model, m2m: dict[str, Iterable] | None) -> None:
    for field, values in (m2m or {}).items():
        getattr(instance, field).set(values)


@transaction.atomic
def create_record(
    user,
    model: type[M],
    data: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
    reason: StrOrPromise = "",
) -> M:
    instance = _apply(model(), data)
    _require(user, instance)
    save(instance, user, reason or pgettext_lazy("history", "created"))
    _set_m2m(instance, m2m)
    return instance


@transaction.atomic
def update_record(
    user,
    instance: M,
    data: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
    reason: StrOrPromise = "",
) -> M:
    # Re-read and lock inside the transaction, so the check and the save see one row.
    current = lock(instance)
    _require(user, current)
    _apply(current, data)
    _require(user, current)  # the change itself must not move the record out of the user's reach
    save(current, user, reason or pgettext_lazy("history", "updated"))
    _set_m2m(current, m2m)
    return current


@transaction.atomic
def delete_record(user, instance: models.Model, reason: StrOrPromise = "") -> None:
    current = lock(instance)
    _require(user, current)
    try:
        delete(current, user, reason or pgettext_lazy("history", "deleted"))
    except models.ProtectedError as exc:
        raise ValidationError(
            _("This record is still referred to by %(count)d other records and cannot be deleted.")
            % {"count": len(exc.protected_objects)}
        ) from exc
